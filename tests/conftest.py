import copy
import logging
from contextvars import ContextVar
from pathlib import Path

import pytest
from django.core.mail.backends import locmem
from django.db.models import QuerySet
from django.db.models.deletion import Collector

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett
from felles import sms
from tests.personvernskanner import funn_i_epost, funn_i_tekst
from tests.verden import klokken


class HistorikkOmgaatt(AssertionError):
    """A bulk write to a model with history: simple-history records only `save()`/`delete()`."""


def har_historikk(modell) -> bool:
    return hasattr(modell, "history") or modell.__name__.startswith("Historical")


_update, _bulk_update, _collector_delete = QuerySet.update, QuerySet.bulk_update, Collector.delete
_i_sletting = ContextVar("i_sletting", default=False)


def _vokt_update(self, **kwargs):
    if har_historikk(self.model) and not _i_sletting.get():
        raise HistorikkOmgaatt(f"QuerySet.update() på {self.model.__name__} omgår historikken")
    return _update(self, **kwargs)


def _vokt_bulk_update(self, objs, fields, batch_size=None):
    if har_historikk(self.model):
        raise HistorikkOmgaatt(f"bulk_update() på {self.model.__name__} omgår historikken")
    return _bulk_update(self, objs, fields, batch_size=batch_size)


def _sletting(self):
    """Django's own `on_delete=SET_NULL` is an update inside a delete, not a bulk write."""
    token = _i_sletting.set(True)
    try:
        return _collector_delete(self)
    finally:
        _i_sletting.reset(token)


@pytest.fixture(autouse=True, scope="session")
def ingen_masseendring_av_historikk():
    """Through the whole suite, `QuerySet.update()` and `bulk_update()` on a historied model
    fail the test that reaches them (CONVENTIONS: use the `*_with_history` helpers or save())."""
    QuerySet.update, QuerySet.bulk_update = _vokt_update, _vokt_bulk_update
    Collector.delete = _sletting
    yield
    QuerySet.update, QuerySet.bulk_update = _update, _bulk_update
    Collector.delete = _collector_delete


_send_messages = locmem.EmailBackend.send_messages


def _konfigurerte_handlere() -> list[logging.Handler]:
    rot = logging.getLogger()
    return [h for h in rot.handlers if not type(h).__module__.startswith("_pytest")]


@pytest.fixture(scope="session")
def _sesjonslogg_handler(tmp_path_factory):
    fil = tmp_path_factory.mktemp("logg") / "logg.txt"
    handler = logging.FileHandler(fil, encoding="utf-8")
    yield handler
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.fixture(autouse=True)
def _sesjonslogg_paa(_sesjonslogg_handler):
    """Before each test: the session's log handler is on the root logger, with the filters and
    the format of the configured handlers (something may have configured logging again and
    taken it off)."""
    rot = logging.getLogger()
    if _sesjonslogg_handler not in rot.handlers:
        konfigurerte = [h for h in _konfigurerte_handlere() if h is not _sesjonslogg_handler]
        _sesjonslogg_handler.filters = [f for h in konfigurerte for f in h.filters]
        _sesjonslogg_handler.setFormatter(konfigurerte[0].formatter if konfigurerte else None)
        rot.addHandler(_sesjonslogg_handler)


@pytest.fixture(scope="session")
def sesjonslogg(_sesjonslogg_handler):
    """The file every log line of this test session (this xdist worker's) is written to, as
    the configured handlers write it: with their filters (the request id, the masking of
    fødselsnummer) and their format."""
    return Path(_sesjonslogg_handler.baseFilename)


@pytest.fixture(autouse=True, scope="session")
def ingen_helseopplysninger_i_logg_eller_epost(sesjonslogg):
    """Issue 14 point 8, for the whole run (each xdist worker checks its own tests): no log
    line and no e-mail may hold a valid fødselsnummer or a demo patient's name, and e-mails
    carry no attachment but the calendar invitation. `mail.outbox` is emptied per test, so
    every e-mail sent is also collected here. A finding fails the teardown of the last test."""
    sendte = []

    def send_og_samle(self, messages):
        messages = list(messages)
        sendte.extend(copy.deepcopy(m) for m in messages)
        return _send_messages(self, messages)

    locmem.EmailBackend.send_messages = send_og_samle
    sendte_sms = []
    _sms_send = sms.MinneBackend.send

    def sms_send_og_samle(self, meldinger):
        sendte_sms.extend(meldinger)
        return _sms_send(self, meldinger)

    sms.MinneBackend.send = sms_send_og_samle
    yield
    locmem.EmailBackend.send_messages = _send_messages
    sms.MinneBackend.send = _sms_send
    funn = [
        f"logg linje {nr}: {f}"
        for nr, linje in enumerate(sesjonslogg.read_text(encoding="utf-8").splitlines(), 1)
        for f in funn_i_tekst(linje)
    ]
    funn += [f"e-post «{e.subject}» til {e.to}: {f}" for e in sendte for f in funn_i_epost(e)]
    funn += [f"SMS til {m.til}: {f}" for m in sendte_sms for f in funn_i_tekst(m.tekst)]
    if funn:
        pytest.fail("Helseopplysninger i logg eller e-post:\n" + "\n".join(funn[:50]))


@pytest.fixture(autouse=True)
def _tom_sms_utboks():
    """`felles.sms.utboks` (the test SMS backend) starts empty in every test, like mail.outbox."""
    sms.utboks.clear()


@pytest.fixture
def demo(db):
    """The demo organisations, units and users (password «demo»), as `make run` loads them."""
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    return organisasjoner


@pytest.fixture
def fast_dag():
    """The clock stands still on Wednesday 11 March 2026 at noon in Oslo (tests/verden.py).
    A module or directory that lives on that day says so with an autouse fixture or
    `pytestmark = pytest.mark.usefixtures("fast_dag")`."""
    with klokken():
        yield


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (PDFs, attachments) go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def helseid(settings, monkeypatch):
    """A real OIDC provider (oidc-provider-mock) on 127.0.0.1, configured as HelseID and (for
    Min plan) as ID-porten.

    Its users are in `HELSEID_BRUKERE` and `IDPORTEN_BRUKERE` (tests/oidc_leverandor.py); the
    provider's own form accepts any other `sub` as a user with no claims."""
    from felles import oidc
    from tests.oidc_leverandor import (
        HELSEID_BRUKERE,
        IDPORTEN_BRUKERE,
        idporten_oppsett,
        lokal_leverandor,
    )

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # http on 127.0.0.1 only
    with lokal_leverandor(HELSEID_BRUKERE + IDPORTEN_BRUKERE) as leverandor:
        settings.OIDC_LEVERANDORER = {
            "helseid": leverandor.oppsett(),
            "idporten": idporten_oppsett(leverandor),
        }
        oidc._klienter.clear()
        yield leverandor
        oidc._klienter.clear()
