"""Log filters (settings.LOGGING); importable before the apps are loaded."""

import logging
import re

_ELLEVE_SIFRE = re.compile(r"(?<!\d)\d{6}[ ]?\d{5}(?!\d)")


class MaskerFodselsnummer(logging.Filter):
    """Masks every 11-digit number in a log line (a username typed as a fødselsnummer)."""

    def filter(self, record: logging.LogRecord) -> bool:
        melding = record.getMessage()
        maskert = _ELLEVE_SIFRE.sub("***********", melding)
        if maskert != melding:
            record.msg, record.args = maskert, None
        return True
