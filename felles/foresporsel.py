"""One id per request (Normen faktaark 15: a log line must be traceable to the request that
made it). The middleware sets it, returns it in `X-Request-ID`, and the logging filter puts it
on every log record, so the access log and the application log can be matched."""

import logging
import uuid
from contextvars import ContextVar

from felles.fodselsnummer import masker_fodselsnummer

_foresporsel_id: ContextVar[str] = ContextVar("foresporsel_id", default="")


def foresporsel_id() -> str:
    """The current request's id; empty outside a request (a task, a management command)."""
    return _foresporsel_id.get()


class ForesporselIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.foresporsel_id = uuid.uuid4().hex
        token = _foresporsel_id.set(request.foresporsel_id)
        try:
            response = self.get_response(request)
        finally:
            _foresporsel_id.reset(token)
        response["X-Request-ID"] = request.foresporsel_id
        return response


class ForesporselIdFilter(logging.Filter):
    """Adds `foresporsel_id` to every record (for the formatter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.foresporsel_id = foresporsel_id() or "-"
        return True


class MaskerFodselsnummerFilter(logging.Filter):
    """Masks eleven-digit numbers in the formatted message, so no fødselsnummer reaches a log
    line whatever the code that logged it put in its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            melding = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        maskert = masker_fodselsnummer(melding)
        if maskert != melding:
            record.msg, record.args = maskert, None
        return True
