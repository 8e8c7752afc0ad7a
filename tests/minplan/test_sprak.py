"""Bokmål and nynorsk in Min plan (docs/adr/0025-sprak.md): every string a /min/ page shows has
a nynorsk translation in the committed catalogue, the committed .mo is the .po compiled, the
citizen's choice is remembered and followed by <html lang>, and staff pages stay bokmål."""

import pytest
from django.conf import settings

from felles.models import Tilgangslogg
from tests.minplan.katalog import OPPDATER, min_plan_msgids, mo_katalog, po_katalog
from tests.minplan.test_minplan import kari, logg_inn  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

KAKE = settings.LANGUAGE_COOKIE_NAME


def test_hver_tekst_i_min_plan_har_nynorsk():
    katalog = mo_katalog()
    mangler = sorted(m for m in min_plan_msgids() if not katalog.get(m))
    assert not mangler, (
        f"{len(mangler)} tekster i Min plan mangler nynorsk:\n"
        + "\n".join(f"  {m!r}" for m in mangler)
        + f"\n\n{OPPDATER}"
    )


def test_mo_filen_er_po_filen_kompilert():
    po, mo = po_katalog(), mo_katalog()
    ulike = sorted(str(k) for k in po.keys() ^ mo.keys())
    ulike += sorted(str(k) for k in po.keys() & mo.keys() if po[k] != mo[k])
    assert not ulike, (
        "locale/nn/LC_MESSAGES/django.mo er ikke django.po kompilert. Kjør "
        "`.venv/bin/python manage.py compilemessages -l nn --ignore=.venv "
        f"--ignore=node_modules` og legg .mo-filen inn i git. Ulike: {ulike[:20]}"
    )


def test_uttrekket_finner_maler_moduler_og_valg():
    ider = min_plan_msgids()
    assert "Du ser planen til %(navn)s (deg selv)." in ider  # blocktranslate in base.html
    assert "Innloggingen ble avbrutt." in ider  # gettext_lazy in minplan/views.py
    assert "Verge" in ider and "Kontaktlege" in ider  # Representasjon.Art, Rolle
    assert "Tilgjengelighetserklæring for Koordinering" in ider


def _velg(client, sprak: str, neste: str = "/min/"):
    return client.post("/min/sprak/", {"language": sprak, "next": neste})


def test_innloggingssiden_har_spraakvalg_og_husker_valget(client):
    side = client.get("/min/logg-inn/").content.decode()
    assert '<html lang="nb"' in side and 'name="language" value="nn"' in side
    svar = _velg(client, "nn", "/min/logg-inn/?next=/min/plan/")
    assert svar.status_code == 302 and svar["Location"] == "/min/logg-inn/?next=/min/plan/"
    assert svar.cookies[KAKE].value == "nn" and svar.cookies[KAKE]["max-age"] == 365 * 24 * 3600
    side = client.get("/min/logg-inn/").content.decode()
    assert '<html lang="nn"' in side
    assert "I Min plan ser du den individuelle planen din" in side
    assert 'name="language" value="nb"' in side
    _velg(client, "nb")
    assert '<html lang="nb"' in client.get("/min/logg-inn/").content.decode()


def test_pasienten_leser_paa_nynorsk_og_loggen_er_paa_bokmaal(client, helseid, kari):  # noqa: F811
    _velg(client, "nn")
    logg_inn(client, "kari")
    side = client.get("/min/").content.decode()
    assert '<html lang="nn"' in side
    assert "Du ser planen til Kari Nordmann (deg sjølv)." in side
    assert "Kven du kan kontakte" in side and "koordinator" in side.lower()
    plan = client.get("/min/plan/").content.decode()
    assert "Kva som skal gjerast" in plan
    innsyn = client.get("/min/innsyn/").content.decode()
    assert "Kven har sett opplysningane" in innsyn
    assert "Pasienten sjølv, innlogga i Min plan" in innsyn  # a choice label, translated
    # The access log is read by staff too: written in bokmål whatever the citizen reads in.
    rader = Tilgangslogg.objects.filter(pasient=kari)
    assert set(rader.values_list("rolle", flat=True)) == {"Pasienten selv (Min plan)"}
    assert "Min plan: hvem har sett opplysningene" in rader.values_list("dokument", flat=True)
    pdf = client.get("/min/plan/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The session survives the switch, and the switch goes back to the page it was pressed on.
    assert _velg(client, "nb", "/min/plan/")["Location"] == "/min/plan/"
    assert "Hva som skal gjøres" in client.get("/min/plan/").content.decode()


@pytest.mark.parametrize(
    ("neste", "dit"),
    [
        ("https://eksempel.no/min/", "/min/"),
        ("//eksempel.no/min/", "/min/"),
        ("/pasienter/", "/min/"),
        ("", "/min/"),
        ("/min/logg-inn/idporten/tilbake/?code=x&state=y", "/min/logg-inn/"),
        ("/tilgjengelighet/", "/tilgjengelighet/"),
    ],
)
def test_spraakvalget_sender_bare_tilbake_til_min_plan(client, neste, dit):
    assert _velg(client, "nn", neste)["Location"] == dit


def test_ukjent_spraak_endrer_ingenting(client):
    svar = _velg(client, "en")
    assert svar.status_code == 302 and KAKE not in svar.cookies
    assert client.get("/min/sprak/").status_code == 405


def test_ansattsidene_er_alltid_bokmaal(client, admin_client):
    client.cookies[KAKE] = "nn"
    assert '<html lang="nb"' in client.get("/logg-inn/").content.decode()
    assert client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="nn").headers["Content-Language"] == "nb"
    # The accessibility statement follows the citizen's choice, but not for a logged-in staff.
    erklaering = client.get("/tilgjengelighet/").content.decode()
    assert '<html lang="nn"' in erklaering and "Tilgjengelegheitserklæring" in erklaering
    admin_client.cookies[KAKE] = "nn"
    erklaering = admin_client.get("/tilgjengelighet/").content.decode()
    assert '<html lang="nb"' in erklaering and "Tilgjengelighetserklæring for" in erklaering


def test_nettleserens_nynorsk_gjelder_til_innbyggeren_velger(client):
    side = client.get("/min/logg-inn/", HTTP_ACCEPT_LANGUAGE="nn-NO,nn;q=0.9")
    assert '<html lang="nn"' in side.content.decode()
    client.cookies[KAKE] = "nb"
    side = client.get("/min/logg-inn/", HTTP_ACCEPT_LANGUAGE="nn-NO,nn;q=0.9")
    assert '<html lang="nb"' in side.content.decode()
