"""Message lifecycle, type rules, attachments, replies, forwarding and taking the patient in."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from felles.arbeidsdager import arbeidsdager_etter
from koordinering.models import Pasient, Tilknytning
from meldinger import services
from meldinger.models import Melding, Meldingstype, Vedlegg, Videresending
from tests.factories import TilknytningFactory
from tests.meldinger.conftest import PDF, PNG, ny_id, pdf

pytestmark = pytest.mark.django_db


def media_filer() -> set[Path]:
    rot = Path(settings.MEDIA_ROOT) / "meldinger"
    return {p for p in rot.rglob("*") if p.is_file()} if rot.exists() else set()


# --- sending -------------------------------------------------------------------------------------


def test_behov_sendes_leveres_leses_og_besvares(v, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        melding = v.send_behov()
    melding.refresh_from_db()
    assert melding.status == Melding.Status.LEVERT
    assert melding.levert is not None
    assert melding.avsender_organisasjon == v.koordinator_sykehus.ansatt.organisasjon
    assert melding.mottaker_organisasjon == v.ke_kommune.ansatt.organisasjon
    # The default deadline for a need report: five working days.
    assert melding.svarfrist == arbeidsdager_etter(timezone.localdate(), 5)

    # Opening it in the receiving KE is the read receipt, by whom and when.
    services.melding_les(actor=v.ke_kommune, melding=melding)
    melding.refresh_from_db()
    assert melding.status == Melding.Status.LEST
    assert melding.lest_av == v.ke_kommune.ansatt

    with django_capture_on_commit_callbacks(execute=True):
        svar = services.melding_svar(
            actor=v.ke_kommune, melding=melding, tekst="Vi tar saken. Hjemmetjenesten følger opp."
        )
    melding.refresh_from_db()
    assert melding.status == Melding.Status.BESVART
    assert melding.avsluttet_av == v.ke_kommune.ansatt
    # The answer goes back to the sender's unit and person, in the same thread.
    assert svar.mottaker_enhet == melding.avsender_enhet
    assert svar.mottaker_ansatt == v.koordinator_sykehus.ansatt
    assert svar.traad == melding and svar.svar_paa == melding
    assert svar.emne == "Sv: Behov for individuell plan og koordinator"
    svar.refresh_from_db()
    assert svar.status == Melding.Status.LEVERT


def test_levering_to_ganger_endrer_ingenting(v):
    melding = v.send_behov()
    assert services.melding_lever(melding_id=melding.pk) is True
    forste = Melding.objects.get(pk=melding.pk).levert
    assert services.melding_lever(melding_id=melding.pk) is False
    assert Melding.objects.get(pk=melding.pk).levert == forste


def test_andre_i_kommunen_enn_mottakeren_markerer_ikke_som_lest(v):
    melding = v.send_behov(mottaker_enhet=v.enhet("fjordvik", "Hjemmetjenesten"), type="innlagt")
    # The KE sees all its organisation's traffic, but only the receiving unit reads it.
    services.melding_les(actor=v.ke_kommune, melding=melding)
    assert Melding.objects.get(pk=melding.pk).status == Melding.Status.SENDT
    services.melding_les(actor=v.koordinator_kommune, melding=melding)
    assert Melding.objects.get(pk=melding.pk).lest_av == v.koordinator_kommune.ansatt


def test_avsenderens_egen_lesing_er_ikke_lesekvittering(v):
    melding = v.send_behov()
    services.melding_les(actor=v.koordinator_sykehus, melding=melding)
    assert Melding.objects.get(pk=melding.pk).lest is None


@pytest.mark.parametrize(
    ("type_", "til", "feil"),
    [
        # Types that must cross to another organisation.
        ("behov_ip_koordinator", ("sykehus", "Koordinerende enhet"), "i en annen organisasjon"),
        ("uenighet", ("sykehus", "Koordinerende enhet"), "i en annen organisasjon"),
        ("invitasjon_ansvarsgruppe", ("sykehus", "Nevrologisk avdeling"), "annen organisasjon"),
        # Need reports and disagreements go to the other side's KE.
        ("behov_ip_koordinator", ("fjordvik", "Hjemmetjenesten"), "koordinerende enhet"),
        ("uenighet", ("fjordvik", "Hjemmetjenesten"), "koordinerende enhet"),
    ],
)
def test_typeregler_gir_norsk_feilmelding(v, type_, til, feil):
    with pytest.raises(ValidationError) as e:
        v.send_behov(type=type_, mottaker_enhet=v.enhet(*til))
    assert feil in str(e.value)
    assert not Melding.objects.exists()


def test_innleggelse_sendes_fra_sykehus_til_kommune(v):
    # The kommune follows the patient too, so the type rule is what stops the message.
    TilknytningFactory(
        pasient=v.pasient,
        enhet=v.enhet("fjordvik", "Hjemmetjenesten"),
        fra=date.today() - timedelta(days=5),
    )
    with pytest.raises(ValidationError, match="sendes fra sykehus til kommune"):
        services.melding_send(
            actor=v.koordinator_kommune,
            pasient=v.pasient,
            type=Meldingstype.UTSKRIVNINGSKLAR,
            avsender_enhet=v.enhet("fjordvik", "Hjemmetjenesten"),
            mottaker_enhet=v.enhet("sykehus", "Medisinsk avdeling"),
            emne="x",
            tekst="y",
        )


def test_dialog_og_notat_kan_sendes_internt(v):
    melding = v.send_behov(
        type=Meldingstype.DIALOG, mottaker_enhet=v.enhet("sykehus", "Nevrologisk avdeling")
    )
    assert melding.svarfrist == arbeidsdager_etter(timezone.localdate(), 3)
    notat = v.send_behov(
        type=Meldingstype.FRITT_NOTAT, mottaker_enhet=v.enhet("sykehus", "Nevrologisk avdeling")
    )
    assert notat.svarfrist is None


def test_utskrivningsklar_har_frist_samme_virkedag():
    fredag, lordag, mandag = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)
    assert services.standard_svarfrist("utskrivningsklar", fredag) == fredag
    assert services.standard_svarfrist("utskrivningsklar", lordag) == mandag
    assert services.standard_svarfrist("innlagt", fredag) is None


def test_kan_ikke_sende_fra_en_fremmed_enhet_eller_til_egen_enhet(v):
    with pytest.raises(ValidationError, match="enhet du er med i"):
        v.send_behov(avsender_enhet=v.enhet("sykehus", "Nevrologisk avdeling"))
    with pytest.raises(ValidationError, match="annen enhet enn den du sender fra"):
        v.send_behov(
            type=Meldingstype.DIALOG, mottaker_enhet=v.enhet("sykehus", "Medisinsk avdeling")
        )


def test_svarfrist_i_fortiden_avvises(v):
    with pytest.raises(ValidationError, match="kan ikke være før i dag"):
        v.send_behov(svarfrist=timezone.localdate() - timedelta(days=1))


def test_dobbel_innsending_gir_en_melding(v):
    innsending = ny_id()
    forste = v.send_behov(innsending_id=innsending)
    andre = v.send_behov(innsending_id=innsending)
    assert forste.pk == andre.pk
    assert Melding.objects.count() == 1


# --- attachments ---------------------------------------------------------------------------------


def test_vedlegg_lagres_med_tilfeldig_filnavn(v):
    melding = v.send_behov(
        vedlegg=[pdf("Epikrise Nils Bakke.pdf"), SimpleUploadedFile("rtg.png", PNG)]
    )
    filer = list(melding.vedlegg.order_by("id"))
    assert [f.filnavn for f in filer] == ["Epikrise Nils Bakke.pdf", "rtg.png"]
    assert [f.innholdstype for f in filer] == ["application/pdf", "image/png"]
    # The stored name says nothing about the patient.
    assert "Bakke" not in filer[0].fil.name and filer[0].fil.name.endswith(".pdf")
    assert filer[0].fil.read() == PDF


@pytest.mark.parametrize(
    ("fil", "feil"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10), "bare PDF og bilder"),
        # A renamed file: the name says PDF, the content does not.
        (SimpleUploadedFile("falsk.pdf", b"<html><script>alert(1)</script>"), "bare PDF"),
        (SimpleUploadedFile("tom.pdf", b""), "er tom"),
        (
            SimpleUploadedFile("stor.pdf", PDF + b"0" * (10 * 1024 * 1024)),
            "større enn 10 MB",
        ),
    ],
)
def test_ulovlig_vedlegg_avvises_og_ingenting_lagres(v, fil, feil):
    for_ = media_filer()
    with pytest.raises(ValidationError) as e:
        v.send_behov(vedlegg=[pdf(), fil])
    assert feil in str(e.value)
    assert not Melding.objects.exists()
    assert not Vedlegg.objects.exists()
    assert media_filer() == for_


def test_for_mange_vedlegg_avvises(v):
    with pytest.raises(ValidationError, match="høyst 5 filer"):
        v.send_behov(vedlegg=[pdf(f"{i}.pdf") for i in range(6)])
    assert not Melding.objects.exists()


# --- replies -------------------------------------------------------------------------------------


def test_svar_paa_fremmed_melding_avvises(v):
    melding = v.send_behov()
    with pytest.raises(PermissionDenied):
        services.melding_svar(actor=v.koordinator_kommune2, melding=melding, tekst="Hei")
    # Also a unit in the receiving kommune that the message never reached.
    with pytest.raises(PermissionDenied):
        services.melding_svar(actor=v.koordinator_kommune, melding=melding, tekst="Hei")
    assert Melding.objects.count() == 1


def test_oppfolging_fra_avsendersiden_avslutter_ikke_meldingen(v):
    melding = v.send_behov()
    oppfolging = services.melding_svar(
        actor=v.koordinator_sykehus, melding=melding, tekst="Pasienten skrives ut fredag."
    )
    assert oppfolging.mottaker_enhet == melding.mottaker_enhet
    assert Melding.objects.get(pk=melding.pk).status == Melding.Status.SENDT


def test_behandlet_uten_svar(v):
    melding = v.send_behov()
    with pytest.raises(ValidationError, match="Bare mottakeren"):
        services.melding_behandlet(actor=v.koordinator_sykehus, melding=melding)
    services.melding_behandlet(actor=v.ke_kommune, melding=melding, merknad="Tatt på telefon")
    melding.refresh_from_db()
    assert (melding.status, melding.behandlet_merknad) == ("behandlet", "Tatt på telefon")
    with pytest.raises(ValidationError, match="allerede besvart eller behandlet"):
        services.melding_behandlet(actor=v.ke_kommune, melding=melding)


# --- forwarding and taking the patient in --------------------------------------------------------


def test_ke_videresender_til_egen_enhet_som_kan_svare(v):
    melding = v.send_behov()
    hjemmetjenesten = v.enhet("fjordvik", "Hjemmetjenesten")
    services.melding_videresend(
        actor=v.ke_kommune, melding=melding, til_enhet=hjemmetjenesten, kommentar="Kan dere ta den?"
    )
    assert Melding.objects.visible_to(v.koordinator_kommune).filter(pk=melding.pk).exists()
    services.melding_les(actor=v.koordinator_kommune, melding=melding)
    videresending = Videresending.objects.get()
    assert videresending.lest_av == v.koordinator_kommune.ansatt
    svar = services.melding_svar(actor=v.koordinator_kommune, melding=melding, tekst="Vi tar den.")
    assert svar.avsender_enhet == hjemmetjenesten
    assert svar.mottaker_enhet == melding.avsender_enhet
    assert Melding.objects.get(pk=melding.pk).status == Melding.Status.BESVART


def test_videresending_regler(v):
    melding = v.send_behov()
    with pytest.raises(ValidationError, match="Bare koordinerende enhet hos mottakeren"):
        services.melding_videresend(
            actor=v.ke_sykehus,
            melding=melding,
            til_enhet=v.enhet("sykehus", "Nevrologisk avdeling"),
        )
    with pytest.raises(ValidationError, match="innen din egen organisasjon"):
        services.melding_videresend(
            actor=v.ke_kommune, melding=melding, til_enhet=v.enhet("asdal", "Hjemmetjenesten")
        )
    with pytest.raises(ValidationError, match="har allerede meldingen"):
        services.melding_videresend(
            actor=v.ke_kommune,
            melding=melding,
            til_enhet=v.enhet("fjordvik", "Koordinerende enhet"),
        )
    hjemme = v.enhet("fjordvik", "Hjemmetjenesten")
    services.melding_videresend(actor=v.ke_kommune, melding=melding, til_enhet=hjemme)
    with pytest.raises(ValidationError, match="allerede videresendt"):
        services.melding_videresend(actor=v.ke_kommune, melding=melding, til_enhet=hjemme)


def test_mottakeren_tar_imot_pasienten(v):
    melding = v.send_behov()
    assert not Pasient.objects.visible_to(v.koordinator_kommune).filter(pk=v.pasient.pk).exists()
    with pytest.raises(PermissionDenied):
        services.melding_ta_imot(
            actor=v.koordinator_kommune2, melding=melding, enhet=v.enhet("asdal", "Hjemmetjenesten")
        )
    # The sender sees the message but is not on the receiving side.
    with pytest.raises(ValidationError, match="Bare mottakeren"):
        services.melding_ta_imot(
            actor=v.koordinator_sykehus,
            melding=melding,
            enhet=v.enhet("sykehus", "Nevrologisk avdeling"),
        )
    tilknytning = services.melding_ta_imot(
        actor=v.ke_kommune, melding=melding, enhet=v.enhet("fjordvik", "Hjemmetjenesten")
    )
    assert tilknytning.begrunnelse == (
        "Behov for individuell plan og koordinator (forskrift § 23) fra Medisinsk avdeling, "
        "Helse Vestfjord HF"
    )
    assert Tilknytning.objects.filter(pasient=v.pasient, enhet__navn="Hjemmetjenesten").exists()
    assert Pasient.objects.visible_to(v.koordinator_kommune).filter(pk=v.pasient.pk).exists()


@time_machine.travel("2026-11-27 10:00 +0100", tick=False)
def test_historikk_viser_hvem_som_leste(v):
    melding = v.send_behov()
    services.melding_les(actor=v.ke_kommune, melding=melding)
    siste = melding.history.first()
    assert siste.status == "lest"
    assert siste.history_user == v.ke_kommune


# --- strangers -----------------------------------------------------------------------------------


def _tilstand() -> tuple:
    return (
        list(Melding.objects.order_by("pk").values()),
        list(Melding.history.order_by("pk").values_list("pk", flat=True)),
        list(Videresending.objects.values()),
        list(Tilknytning.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize(
    "kall",
    [
        pytest.param(
            lambda v, m: services.melding_send(
                actor=v.koordinator_kommune2,
                pasient=v.pasient,
                type=Meldingstype.DIALOG,
                avsender_enhet=v.enhet("asdal", "Hjemmetjenesten"),
                mottaker_enhet=v.enhet("sykehus", "Medisinsk avdeling"),
                emne="Hei",
                tekst="Hei",
            ),
            id="send",
        ),
        pytest.param(
            lambda v, m: services.melding_les(actor=v.koordinator_kommune2, melding=m), id="les"
        ),
        pytest.param(
            lambda v, m: services.melding_svar(actor=v.koordinator_kommune2, melding=m, tekst="x"),
            id="svar",
        ),
        pytest.param(
            lambda v, m: services.melding_behandlet(actor=v.koordinator_kommune2, melding=m),
            id="behandlet",
        ),
        pytest.param(
            lambda v, m: services.melding_videresend(
                actor=v.koordinator_kommune2,
                melding=m,
                til_enhet=v.enhet("fjordvik", "Hjemmetjenesten"),
            ),
            id="videresend",
        ),
        pytest.param(
            lambda v, m: services.melding_ta_imot(
                actor=v.koordinator_kommune2,
                melding=m,
                enhet=v.enhet("fjordvik", "Hjemmetjenesten"),
            ),
            id="ta_imot",
        ),
    ],
)
def test_fremmed_organisasjon_faar_permission_denied_og_ingenting_endres(v, kall):
    melding = v.send_behov()
    for_ = _tilstand()
    with pytest.raises(PermissionDenied):
        kall(v, melding)
    assert _tilstand() == for_


def test_fodselsnummer_i_emne_og_vedleggsnavn_lagres_maskert(v):
    """Issue 14 point 8: a number typed into a subject or carried in a file name is listed and
    logged, so it is never stored."""
    nummer = v.pasient.fodselsnummer
    melding = v.send_behov(
        emne=f"Epikrise {nummer[:6]} {nummer[6:]}", vedlegg=[pdf(f"epikrise-{nummer}.pdf")]
    )
    melding.refresh_from_db()
    assert melding.emne == "Epikrise ***********"
    assert melding.vedlegg.get().filnavn == "epikrise-***********.pdf"
    assert nummer not in melding.history.get().emne
    assert nummer not in Vedlegg.history.get().filnavn
