"""SMS through a pluggable backend, chosen by the setting `SMS_BACKEND` the way Django chooses
`EMAIL_BACKEND` (docs/adr/0027-varsler-til-innbyggere.md). No provider is built in: a provider
backend subclasses `SmsBackend` and is named in the setting.

- `felles.sms.KonsollBackend` writes each SMS to standard output (the default);
- `felles.sms.FilBackend` writes each SMS as a file in `SMS_FIL_MAPPE` (`make run`: see README);
- `felles.sms.MinneBackend` keeps them in `felles.sms.utboks` (the tests).

An SMS carries only fixed text (the notifications in Min plan say that something new is there
and link to /min/): never a name, a place or anything about health."""

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Sms:
    til: str  # a number in international form: +4791234567
    tekst: str


class SmsBackend:
    """What a provider backend must implement: `send(meldinger)`, which delivers each SMS or
    raises (the Celery task that called it is then retried or the outbox row waits), and
    returns how many were sent. A backend is created for each send, with no arguments;
    it reads its own settings (an API key from the environment, never from the code).
    It must not log the text (it is fixed and harmless today, but a log is no place for
    messages to citizens) and should log the number only masked."""

    def send(self, meldinger: list[Sms]) -> int:
        raise NotImplementedError


class KonsollBackend(SmsBackend):
    def send(self, meldinger: list[Sms]) -> int:
        for sms in meldinger:
            sys.stdout.write(f"SMS til {sms.til}:\n{sms.tekst}\n{'-' * 40}\n")
        sys.stdout.flush()
        return len(meldinger)


class FilBackend(SmsBackend):
    """One text file per SMS in `settings.SMS_FIL_MAPPE`, named by time and a random id."""

    def send(self, meldinger: list[Sms]) -> int:
        mappe = Path(settings.SMS_FIL_MAPPE)
        mappe.mkdir(parents=True, exist_ok=True)
        for sms in meldinger:
            navn = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
            (mappe / navn).write_text(f"Til: {sms.til}\n\n{sms.tekst}\n", encoding="utf-8")
        return len(meldinger)


utboks: list[Sms] = []


class MinneBackend(SmsBackend):
    def send(self, meldinger: list[Sms]) -> int:
        utboks.extend(meldinger)
        return len(meldinger)


def send_sms(til: str, tekst: str) -> int:
    backend = import_string(settings.SMS_BACKEND)()
    return backend.send([Sms(til=til, tekst=tekst)])
