"""`python -m tests.integrasjon.start_arbeider -A config worker …` is `celery -A config worker …`,
with a slow first PDF when PDF_PAUSE is set: the first render anywhere touches PDF_MERKE and
waits PDF_PAUSE seconds, so the test can SIGKILL the worker in the middle of it. The pool's
children are forked from this process, so they render through the patched method."""

import os
import sys
import time
from pathlib import Path

import weasyprint
from celery.__main__ import main

PAUSE = float(os.environ.get("PDF_PAUSE", "0"))

if PAUSE:
    _write_pdf = weasyprint.HTML.write_pdf

    def treg_write_pdf(self, *args, **kwargs):
        merke = Path(os.environ["PDF_MERKE"])
        if not merke.exists():
            merke.touch()
            time.sleep(PAUSE)
        return _write_pdf(self, *args, **kwargs)

    weasyprint.HTML.write_pdf = treg_write_pdf

if __name__ == "__main__":
    sys.argv[0] = "celery"
    sys.exit(main())
