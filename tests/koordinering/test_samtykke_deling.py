"""Consent: a digital consent documented by the ID-porten login (no staff member), relatives,
staff and people outside the organisations named in a consent's sharing, and the staff forms'
validation (docs/adr/0024-digitalt-samtykke.md)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koordinering import services
from koordinering.forms import ParorendeForm, SamtykkeForm
from koordinering.models import Ansatt, EksternDeling, Parorende, PlanDel, Samtykke
from tests.factories import PasientFactory, SamtykkeFactory
from tests.individuellplan.verden import bygg_verden
from tests.oidc_leverandor import PID_MOR

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()


@pytest.fixture
def v(db):
    return bygg_verden()


def test_digitalt_samtykke_har_ingen_ansatt_men_et_navn():
    pasient = PasientFactory()
    sa = Samtykke(
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        gitt_av_navn="Kari Nordmann",
        form=Samtykke.Form.DIGITALT,
        gyldig_fra=IDAG,
    )
    sa.full_clean()
    sa.gitt_av_navn = ""
    with pytest.raises(ValidationError, match="gitt digitalt med ID-porten"):
        sa.full_clean()


def test_skriftlig_samtykke_krever_en_ansatt_som_dokumenterte():
    sa = SamtykkeFactory.build(pasient=PasientFactory(), dokumentert_av=None)
    with pytest.raises(ValidationError, match="dokumentert av en ansatt"):
        sa.full_clean()


def test_samtykke_til_deling_med_parorende_ansatt_og_eksterne(v):
    sa = services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        personer=[v.ansatt("sykehuskoordinator")],
        parorende=[v.parorende],
        eksterne=[("Per Hansen", "kontaktlærer, Fjordvik skole"), ("Nina Berg", "")],
        plandeler=[PlanDel.MAAL],
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
    )
    assert list(sa.parorende.all()) == [v.parorende]
    assert [str(e) for e in sa.eksterne.all()] == [
        "Per Hansen (kontaktlærer, Fjordvik skole)",
        "Nina Berg",
    ]
    assert EksternDeling.history.count() == 2


def test_parorende_til_en_annen_pasient_avvises(v):
    fremmed = Parorende.objects.create(pasient=PasientFactory(), navn="Fremmed", relasjon="venn")
    with pytest.raises(ValidationError, match="pasientens egne pårørende"):
        services.samtykke_registrer(
            actor=v.brukere["kollega"],
            pasient=v.pasient,
            parorende=[fremmed],
            gitt_av=Samtykke.GittAv.PASIENTEN,
            form=Samtykke.Form.SKRIFTLIG,
            gyldig_fra=IDAG,
        )
    assert not Samtykke.objects.filter(parorende=fremmed).exists()


def test_ansatte_kan_ikke_registrere_et_id_porten_samtykke(v):
    with pytest.raises(ValidationError, match="Bare innbyggeren selv"):
        services.samtykke_registrer(
            actor=v.brukere["kollega"],
            pasient=v.pasient,
            gjelder_planprosess=True,
            gitt_av=Samtykke.GittAv.PASIENTEN,
            gitt_av_navn="Åse",
            form=Samtykke.Form.DIGITALT,
            gyldig_fra=IDAG,
        )


def _skjema(v, **data):
    grunn = {"gitt_av": "pasienten", "form": "skriftlig", "gyldig_fra": IDAG.isoformat()}
    return SamtykkeForm(
        {**grunn, **data},
        personer=Ansatt.objects.filter(pk=v.ansatt("sykehuskoordinator").pk),
        parorende=v.pasient.parorende.all(),
    )


def test_skjemaet_tar_parorende_og_eksterne(v):
    form = _skjema(
        v,
        parorende=[v.parorende.pk],
        eksterne="Per Hansen, kontaktlærer\n\n  Nina Berg ,  NAV Fjordvik ",
        plandeler=["maal"],
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["eksterne"] == [
        ("Per Hansen", "kontaktlærer"),
        ("Nina Berg", "NAV Fjordvik"),
    ]
    assert "idporten" not in dict(form.fields["form"].choices)


@pytest.mark.parametrize(
    "data, felt, melding",
    [
        (
            {"gjelder_planprosess": "on", "gyldig_til": (IDAG - timedelta(days=1)).isoformat()},
            "__all__",
            "Gyldig til kan ikke være før gyldig fra.",
        ),
        ({"gjelder_planprosess": "on", "plandeler": ["hemmelig"]}, "plandeler", "gyldig valg"),
        ({"eksterne": ", lærer"}, "eksterne", "Hver linje må begynne med et navn."),
        ({}, "gjelder_planprosess", "Kryss av for hva samtykket gjelder"),
    ],
)
def test_skjemaet_avviser_feil_pa_norsk(v, data, felt, melding):
    form = _skjema(v, **data)
    assert not form.is_valid()
    assert melding in " ".join(form.errors.get(felt, [])), form.errors


@pytest.mark.parametrize(
    "nummer, melding",
    [("12345678901", "fødselsnummer"), ("1234", "11 sifre")],
)
def test_parorende_med_ugyldig_fodselsnummer_avvises(nummer, melding):
    form = ParorendeForm({"navn": "Pål", "relasjon": "ektefelle", "fodselsnummer": nummer})
    assert not form.is_valid()
    assert melding in " ".join(form.errors["fodselsnummer"]).lower() or form.errors["fodselsnummer"]


def test_parorende_far_gyldig_fodselsnummer_men_ikke_pasientens(v):
    services.parorende_oppdater(
        actor=v.brukere["kollega"], parorende=v.parorende, fodselsnummer=PID_MOR
    )
    v.parorende.refresh_from_db()
    assert v.parorende.fodselsnummer == PID_MOR
    with pytest.raises(ValidationError, match="pasientens eget fødselsnummer"):
        services.parorende_oppdater(
            actor=v.brukere["kollega"],
            parorende=v.parorende,
            fodselsnummer=v.pasient.fodselsnummer,
        )


def test_pasientsiden_viser_deling_og_digitalt_samtykke(client, v):
    services.samtykke_gi_digitalt(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        gitt_av=Samtykke.GittAv.FORELDER,
        gitt_av_navn="Kari Nordmann",
        parorende=[v.parorende],
        plandeler=[PlanDel.MAAL],
    )
    client.force_login(v.brukere["koordinator"])
    html = client.get(f"/pasienter/{v.pasient.pk}/?del=samtykker").content.decode()
    assert "Gitt digitalt av Kari Nordmann (forelder) med ID-porten" in html
    assert "Pårørende: Pål Ørnebæk" in html
