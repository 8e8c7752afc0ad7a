import pytest
from django.core.exceptions import ValidationError

from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon
from tests.factories import AnsattFactory, EnhetFactory, MedlemskapFactory, OrganisasjonFactory

pytestmark = pytest.mark.django_db


def test_organisasjon_med_feil_kontrollsiffer_avvises_og_lagres_ikke():
    org = Organisasjon(
        navn="Feil kommune", type="kommune", organisasjonsnummer="974760674", kommunenummer="0301"
    )
    with pytest.raises(ValidationError) as feil:
        org.full_clean()
    assert "kontrollsifferet stemmer ikke" in str(feil.value.message_dict["organisasjonsnummer"])
    assert not Organisasjon.objects.exists()


def test_kommune_maa_ha_kommunenummer_og_sykehus_ikke():
    kommune = OrganisasjonFactory.build(kommunenummer="")
    with pytest.raises(ValidationError, match="kommunenummer på 4 sifre"):
        kommune.full_clean()
    sykehus = OrganisasjonFactory.build(sykehus=True, kommunenummer="0301")
    with pytest.raises(ValidationError, match="kommunenummer på 4 sifre"):
        sykehus.full_clean()


def test_enhet_med_overordnet_i_annen_organisasjon_avvises():
    overordnet = EnhetFactory()
    enhet = EnhetFactory.build(organisasjon=OrganisasjonFactory(), overordnet=overordnet)
    with pytest.raises(ValidationError) as feil:
        enhet.full_clean()
    assert feil.value.message_dict["overordnet"] == [
        "Den overordnede enheten må høre til samme organisasjon."
    ]


def test_syklus_i_enhetstreet_avvises_og_treet_er_uendret():
    avdeling = EnhetFactory(klinisk=True)
    seksjon = EnhetFactory(organisasjon=avdeling.organisasjon, overordnet=avdeling)
    post = EnhetFactory(organisasjon=avdeling.organisasjon, overordnet=seksjon)

    avdeling.overordnet = post
    with pytest.raises(ValidationError) as feil:
        avdeling.full_clean()
    assert "egne underenheter" in str(feil.value)

    avdeling.overordnet = avdeling
    with pytest.raises(ValidationError, match="egne underenheter"):
        avdeling.full_clean()

    avdeling.refresh_from_db()
    assert avdeling.overordnet is None


def test_samme_person_kan_ikke_vaere_medlem_av_samme_enhet_to_ganger():
    medlemskap = MedlemskapFactory()
    duplikat = Medlemskap(ansatt=medlemskap.ansatt, enhet=medlemskap.enhet, rolle="leder")
    with pytest.raises(ValidationError, match="allerede medlem av denne enheten"):
        duplikat.full_clean()
    assert Medlemskap.objects.count() == 1


def test_medlemskap_i_enhet_i_annen_organisasjon_avvises():
    ansatt = AnsattFactory()
    fremmed_enhet = EnhetFactory()
    with pytest.raises(ValidationError, match="samme organisasjon som den ansatte"):
        Medlemskap(ansatt=ansatt, enhet=fremmed_enhet).full_clean()


def test_lege_maa_vaere_helsepersonell():
    ansatt = AnsattFactory.build(
        organisasjon=OrganisasjonFactory(),
        bruker=AnsattFactory().bruker,
        yrke=Ansatt.Yrke.LEGE,
        helsepersonell=False,
    )
    with pytest.raises(ValidationError, match="Leger og psykologer er helsepersonell"):
        ansatt.full_clean(exclude=["bruker"])


def test_endringer_gir_historikk():
    enhet = EnhetFactory(navn="Gammelt navn")
    enhet.navn = "Nytt navn"
    enhet.save()
    assert [h.navn for h in enhet.history.order_by("history_id")] == ["Gammelt navn", "Nytt navn"]


def test_enhetstyper_og_organisasjonstyper_har_norske_navn():
    assert Enhet.Type.KOORDINERENDE_ENHET.label == "Koordinerende enhet"
    assert Organisasjon.Type.PRIVAT_IDEELT_SYKEHUS.label == "Privat ideelt sykehus"
