"""Reading a PDF back as text or metadata with poppler-utils (`pdftotext`, `pdfinfo`).

poppler is a system package: on a machine with only Python (`make test` as README promises) a
test that reads a PDF back is skipped with the reason; in CI (`REQUIRE_SERVICES=1`, which installs
poppler-utils) a missing poppler fails instead."""

import os
import shutil
import subprocess
import tempfile

import pytest


def _poppler(program: str) -> str:
    sti = shutil.which(program)
    if sti is None:
        melding = f"{program} (poppler-utils) er ikke installert"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(melding)
        pytest.skip(melding)
    return sti


def pdftotext(sti, *valg: str) -> str:
    return subprocess.run(
        [_poppler("pdftotext"), *valg, "-enc", "UTF-8", str(sti), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def tekst_av(sti, *valg: str) -> str:
    """The text with runs of whitespace (line breaks in table cells) as one space."""
    return " ".join(pdftotext(sti, *valg).split())


def pdfinfo(sti) -> dict[str, str]:
    ut = subprocess.run(
        [_poppler("pdfinfo"), str(sti)], capture_output=True, text=True, check=True
    ).stdout
    return {
        nokkel.strip(): verdi.strip()
        for nokkel, _, verdi in (linje.partition(":") for linje in ut.splitlines())
    }


def tekst_av_pdf(innhold: bytes) -> str:
    """`tekst_av` for a PDF held in memory (a response body)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fil:
        fil.write(innhold)
        fil.flush()
        return tekst_av(fil.name)
