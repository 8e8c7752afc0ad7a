"""The nynorsk catalogue of Min plan (docs/adr/0025-sprak.md), read in pure Python: which msgids
the citizen's pages use (from their templates and modules, and the choice labels they show),
and the .po and .mo files, so the tests need no GNU gettext."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROT = Path(settings.BASE_DIR)
PO = ROT / "locale" / "nn" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# What the /min/ pages show. A new page's template under templates/minplan/ and a new module in
# minplan/ are covered by the globs; a choice list from a lower app that a /min/ page shows
# goes in VALG (and its module is then scanned by makemessages like every other).
MALER = (
    "templates/minplan/*.html",
    "templates/felles/tilgjengelighetserklaering.html",
    "templates/forms/*.html",  # every form field and error summary on a /min/ page
)
MODULER = ("minplan/*.py",)


def _valg():
    from felles.models import Handling, Tilgangsgrunnlag
    from koordinering.kodeverk import PlanDel, Rolle
    from koordinering.models import Samtykke
    from minplan.models import Omraade, Representasjon

    return (
        Representasjon.Art,
        Omraade,
        PlanDel,
        Rolle,
        Tilgangsgrunnlag,
        Handling,
        Samtykke.Form,
        Samtykke.GittAv,
    )


OPPDATER = (
    "Oppdater katalogen og oversett: `.venv/bin/python manage.py makemessages -l nn "
    "--no-obsolete --ignore=node_modules --ignore=staticfiles --ignore=test-results "
    "--ignore=tests` (trenger GNU gettext), skriv nynorsk i msgstr for hver av disse i "
    "locale/nn/LC_MESSAGES/django.po (fjern «#, fuzzy»), og kompiler med "
    "`.venv/bin/python manage.py compilemessages -l nn` (README «Bokmål og nynorsk»)."
)

KALL = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}
# templatize() turns {% translate %} and {% blocktranslate %} into gettext(u'…') calls.
MALKALL = re.compile(r"\b(gettext|pgettext|ngettext|npgettext)\(((?:\s*,?\s*u'(?:[^'\\]|\\.)*')+)")
STRENG = re.compile(r"u'(?:[^'\\]|\\.)*'")


def _nokkel(funksjon: str, strenger: list[str]) -> str:
    """The key the .mo file uses: 'context\\x04msgid' for pgettext, the singular for plurals."""
    if funksjon.startswith(("pgettext", "npgettext")):
        return f"{strenger[0]}\x04{strenger[1]}"
    return strenger[0]


def _fra_mal(tekst: str) -> set[str]:
    ut = set()
    for treff in MALKALL.finditer(templatize(tekst)):
        strenger = [ast.literal_eval(s) for s in STRENG.findall(treff.group(2))]
        ut.add(_nokkel(treff.group(1), strenger))
    return ut


def _fra_modul(tekst: str) -> set[str]:
    ut = set()
    for node in ast.walk(ast.parse(tekst)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in KALL:
            strenger = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if strenger:
                ut.add(_nokkel(node.func.id, strenger))
    return ut


def min_plan_msgids() -> set[str]:
    ider: set[str] = set()
    for moenster in MALER:
        for sti in ROT.glob(moenster):
            ider |= _fra_mal(sti.read_text(encoding="utf-8"))
    for moenster in MODULER:
        for sti in ROT.glob(moenster):
            ider |= _fra_modul(sti.read_text(encoding="utf-8"))
    with translation.override(None):  # the msgid itself, untranslated
        for valg in _valg():
            ider |= {str(etikett) for etikett in valg.labels}
    ider.discard("")
    return ider


def mo_katalog() -> dict:
    with MO.open("rb") as f:
        return gettext.GNUTranslations(f)._catalog


def _po_streng(linjer: list[str]) -> str:
    return "".join(ast.literal_eval(linje) for linje in linjer)


def po_katalog() -> dict:
    """What msgfmt compiles from the .po: every entry with a translation that is not fuzzy,
    keyed as in the .mo (plurals as (msgid, n), contexts as 'ctx\\x04msgid'), header included."""
    katalog = {}
    for blokk in PO.read_text(encoding="utf-8").split("\n\n"):
        linjer = [linje for linje in blokk.splitlines() if linje.strip()]
        if any(linje.startswith("#,") and "fuzzy" in linje for linje in linjer):
            continue
        felt: dict[str, list[str]] = {}
        gjeldende = None
        for linje in linjer:
            if linje.startswith("#"):
                continue
            if linje.startswith('"'):
                felt[gjeldende].append(linje)
                continue
            gjeldende, _, rest = linje.partition(" ")
            felt[gjeldende] = [rest]
        if "msgid" not in felt:
            continue
        msgid = _po_streng(felt["msgid"])
        if "msgctxt" in felt:
            msgid = f"{_po_streng(felt['msgctxt'])}\x04{msgid}"
        if "msgid_plural" in felt:
            flertall = {k: _po_streng(v) for k, v in felt.items() if k.startswith("msgstr[")}
            if all(flertall.values()):
                for k, v in flertall.items():
                    katalog[(msgid, int(k[7:-1]))] = v
        elif msgstr := _po_streng(felt["msgstr"]):
            katalog[msgid] = msgstr
    # msgfmt leaves the POT-Creation-Date out of the compiled header (makemessages sets it).
    katalog[""] = re.sub(r"^POT-Creation-Date:.*\n", "", katalog.get("", ""), flags=re.M)
    return katalog
