"""An e-mail backend for the worker test: waits before «sending» (so a SIGKILL lands in the
middle of delivery), then writes the message to a file named after the notification."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

PAUSE_SEKUNDER = float(os.environ.get("EPOST_PAUSE", "1.5"))


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        katalog = Path(os.environ["EPOST_KATALOG"])
        for melding in email_messages:
            time.sleep(PAUSE_SEKUNDER)
            varsel = melding.extra_headers.get("X-Koordinering-Varsel", "ukjent")
            (katalog / f"{varsel}-{uuid.uuid4().hex}.eml").write_bytes(melding.message().as_bytes())
        return len(email_messages)
