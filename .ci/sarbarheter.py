"""Read pip-audit's JSON report: fail on any known vulnerability; say plainly how many packages
could not be checked (when PyPI's per-version advisories or OSV cannot be reached, pip-audit
skips the package). AUDIT_STRENG=1 fails on skipped packages too."""

import json
import os
import sys

with open(sys.argv[1]) as fil:
    rapport = json.load(fil)
pakker = rapport["dependencies"]
saarbare = [p for p in pakker if p.get("vulns")]
hoppet_over = [p for p in pakker if "skip_reason" in p]

for p in saarbare:
    for s in p["vulns"]:
        rettet = ", ".join(s.get("fix_versions") or []) or "ingen rettet versjon"
        print(f"SÅRBARHET: {p['name']} {p['version']}: {s['id']} (rettet i {rettet})")
print(
    f"{len(pakker)} pakker, {len(saarbare)} med kjente sårbarheter, "
    f"{len(hoppet_over)} ikke kontrollert"
)
if hoppet_over:
    print(
        "ADVARSEL: sårbarhetstjenesten (PyPI per versjon / OSV) svarte ikke for "
        f"{len(hoppet_over)} pakker, for eksempel: {hoppet_over[0]['skip_reason']}"
    )
if saarbare or (hoppet_over and os.environ.get("AUDIT_STRENG") == "1"):
    sys.exit(1)
