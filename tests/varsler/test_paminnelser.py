"""Every reminder rule with the clock frozen on Wednesday 25 November 2026; scanning twice
creates nothing new; delivering twice notifies and e-mails once; the e-mail choice per kind."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat
from individuellplan.models import IndividuellPlan
from koordinering.models import Behovsmelding, Rolle
from meldinger import services as meldingstjenester
from meldinger.models import Melding
from tests.factories import (
    BehovsmeldingFactory,
    OppnevningFactory,
    PasientFactory,
    SamtykkeFactory,
)
from tests.verden import OSLO, klokken, middag
from varsler import services
from varsler.models import Paminnelse, Paminnelsestype, Skannestatus, Varsel, Varslingsvalg

pytestmark = pytest.mark.django_db
IDAG = date(2026, 11, 25)  # not the shared day: late in the year, so deadlines cross into 2027
T = Paminnelsestype


@pytest.fixture(autouse=True)
def fast_klokke():
    with klokken(middag(IDAG)):
        yield


def dager(n: int) -> date:
    return IDAG + timedelta(days=n)


def skann() -> dict[str, int]:
    return {str(k): n for k, n in services.paminnelser_skann().items() if n}


def paminnelser(type_: str) -> list[tuple[int, date]]:
    return sorted(Paminnelse.objects.filter(type=type_).values_list("objekt_id", "forfallsdato"))


def lever_alt() -> None:
    while services.paminnelser_lever(antall=10):
        pass


def mottakere(type_: str) -> set[str]:
    return set(
        Varsel.objects.filter(paminnelse__type=type_).values_list("mottaker__username", flat=True)
    )


# --- the rules ------------------------------------------------------------------------------------


def _plan(v, *, neste_evaluering: date, status="aktiv") -> IndividuellPlan:
    return IndividuellPlan.objects.create(
        pasient=PasientFactory(),
        eier=v.enhet("sykehus", "Medisinsk avdeling").organisasjon,
        eier_enhet=v.enhet("sykehus", "Medisinsk avdeling"),
        status=status,
        avslutningsgrunn="Ferdig" if status == "avsluttet" else "",
        periode_fra=dager(-300),
        periode_til=dager(300),
        neste_evaluering=neste_evaluering,
        opprettet_av=v.koordinator_sykehus.ansatt,
    )


def test_evaluering_naermer_seg_og_er_forfalt(v):
    snart = _plan(v, neste_evaluering=dager(10))
    forfalt = _plan(v, neste_evaluering=dager(-3))
    _plan(v, neste_evaluering=dager(30))  # not yet
    _plan(v, neste_evaluering=dager(-3), status="avsluttet")  # closed plans are not evaluated
    _plan(v, neste_evaluering=dager(-45))  # beyond the look-back: reminded long ago
    OppnevningFactory(
        pasient=snart.pasient,
        ansatt=v.koordinator_sykehus.ansatt,
        enhet=v.enhet("sykehus", "Medisinsk avdeling"),
    )
    assert skann() == {"evaluering_forfaller": 1, "evaluering_forfalt": 1}
    assert paminnelser(T.EVALUERING_FORFALLER) == [(snart.pk, dager(10))]
    assert paminnelser(T.EVALUERING_FORFALT) == [(forfalt.pk, dager(-3))]
    lever_alt()
    # The plan's koordinator; with no koordinator, the leader of the responsible unit.
    assert mottakere(T.EVALUERING_FORFALLER) == {"koordinator.sykehus"}
    assert mottakere(T.EVALUERING_FORFALT) == {"leder.sykehus"}
    assert Paminnelse.objects.get(objekt_id=snart.pk).lenke == f"/planer/{snart.pk}/"


def test_samtykke_utloper_og_er_utlopt(v):
    utloper = SamtykkeFactory(gyldig_til=dager(20), dokumentert_av=v.koordinator_kommune.ansatt)
    fornyet = SamtykkeFactory(gyldig_til=dager(20))
    SamtykkeFactory(pasient=fornyet.pasient, gyldig_fra=dager(21), gyldig_til=dager(400))
    utlopt = SamtykkeFactory(gyldig_fra=dager(-400), gyldig_til=dager(-2))
    har_nytt = SamtykkeFactory(gyldig_fra=dager(-400), gyldig_til=dager(-2))
    SamtykkeFactory(pasient=har_nytt.pasient, gyldig_fra=dager(-2), gyldig_til=dager(300))
    SamtykkeFactory(gyldig_til=dager(10), trukket=True)  # withdrawn: not a deadline
    OppnevningFactory(
        pasient=utloper.pasient,
        ansatt=v.koordinator_kommune.ansatt,
        enhet=v.enhet("fjordvik", "Hjemmetjenesten"),
        rolle=Rolle.KOORDINATOR,
    )
    assert skann() == {"samtykke_utloper": 1, "samtykke_utlopt": 1}
    assert paminnelser(T.SAMTYKKE_UTLOPER) == [(utloper.pk, dager(20))]
    assert paminnelser(T.SAMTYKKE_UTLOPT) == [(utlopt.pk, dager(-2))]
    lever_alt()
    assert mottakere(T.SAMTYKKE_UTLOPER) == {"koordinator.kommune"}


def _gruppe(v, pasient=None) -> Ansvarsgruppe:
    return Ansvarsgruppe.objects.create(
        pasient=pasient or PasientFactory(),
        organisasjon=v.koordinator_kommune.ansatt.organisasjon,
        leder=v.koordinator_kommune.ansatt,
        opprettet_av=v.leder_kommune.ansatt,
    )


def _mote(v, gruppe, dag: date) -> Mote:
    start = datetime.combine(dag, datetime.min.time().replace(hour=10), tzinfo=OSLO)
    return Mote.objects.create(
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Rådhuset",
        innkalt_av=v.leder_kommune.ansatt,
    )


def test_oppfolgingspunkt_har_frist_snart_og_er_forfalt(v):
    gruppe = _gruppe(v)
    referat = Referat.objects.create(mote=_mote(v, gruppe, dager(-20)), status="godkjent")
    ansatt = Gruppemedlem.objects.create(
        gruppe=gruppe, type="ansatt", ansatt=v.koordinator_sykehus.ansatt
    )
    ekstern = Gruppemedlem.objects.create(
        gruppe=gruppe, type="ekstern", navn="NAV-veileder", epost="nav@example.no"
    )
    snart = Oppgave.objects.create(
        referat=referat, beskrivelse="Søk BPA", ansvarlig=ansatt, frist=dager(1)
    )
    forfalt = Oppgave.objects.create(
        referat=referat, beskrivelse="Avklar arbeid", ansvarlig=ekstern, frist=dager(-1)
    )
    Oppgave.objects.create(
        referat=referat, beskrivelse="Ferdig", ansvarlig=ansatt, frist=dager(-1), status="utfort"
    )
    assert skann() == {"oppgave_forfaller": 1, "oppgave_forfalt": 1}
    assert paminnelser(T.OPPGAVE_FORFALLER) == [(snart.pk, dager(1))]
    assert paminnelser(T.OPPGAVE_FORFALT) == [(forfalt.pk, dager(-1))]
    lever_alt()
    # Staff get their own action items; an external member's go to the group's leader.
    assert mottakere(T.OPPGAVE_FORFALLER) == {"koordinator.sykehus"}
    assert mottakere(T.OPPGAVE_FORFALT) == {"koordinator.kommune"}


def test_referat_ikke_godkjent_sju_dager_etter_motet(v):
    gruppe = _gruppe(v)
    uten_referat = _mote(v, gruppe, dager(-7))
    utkast = _mote(v, gruppe, dager(-9))
    Referat.objects.create(mote=utkast)
    godkjent = _mote(v, gruppe, dager(-8))
    Referat.objects.create(mote=godkjent, status="godkjent")
    revidert = _mote(v, gruppe, dager(-8))  # approved once, now a new revision
    Referat.objects.create(mote=revidert, revisjon=2)
    _mote(v, gruppe, dager(-6))  # six days: not yet
    avlyst = _mote(v, gruppe, dager(-10))
    avlyst.status = Mote.Status.AVLYST
    avlyst.save()
    assert skann() == {"referat_ikke_godkjent": 2}
    assert paminnelser(T.REFERAT_IKKE_GODKJENT) == sorted(
        [(uten_referat.pk, IDAG), (utkast.pk, dager(-2))]
    )
    lever_alt()
    assert mottakere(T.REFERAT_IKKE_GODKJENT) == {"leder.kommune", "koordinator.kommune"}


def test_melding_har_passert_svarfristen(v):
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=OSLO), tick=False):
        ubesvart = v.send_behov()  # deadline: five working days, Friday 27 November
        besvart = v.send_behov(emne="Til besvarelse")
        meldingstjenester.melding_svar(actor=v.ke_kommune, melding=besvart, tekst="Tatt")
        til_person = v.send_behov(
            type="dialog", mottaker_enhet=v.enhet("fjordvik", "Hjemmetjenesten")
        )
    assert ubesvart.svarfrist == date(2026, 11, 27)
    assert skann() == {}
    with time_machine.travel(datetime(2026, 11, 28, 9, 0, tzinfo=OSLO), tick=False):
        assert skann() == {"melding_svarfrist": 2}
        lever_alt()
    assert paminnelser(T.MELDING_SVARFRIST) == sorted(
        [(ubesvart.pk, date(2026, 11, 27)), (til_person.pk, date(2026, 11, 25))]
    )
    # The receiving unit's leaders are reminded (the KE's leader for the need report).
    varsler = Varsel.objects.filter(paminnelse__objekt_id=ubesvart.pk)
    assert {v.mottaker.username for v in varsler} == {"ke.kommune"}
    assert set(
        Varsel.objects.filter(paminnelse__objekt_id=til_person.pk).values_list(
            "mottaker__username", flat=True
        )
    ) == {"leder.kommune"}


def test_behov_uten_beslutning_etter_sju_dager_og_kontaktlegefrist(v):
    enhet = v.enhet("sykehus", "Medisinsk avdeling")

    def behov(meldt: int, **kw) -> Behovsmelding:
        return BehovsmeldingFactory(
            enhet=enhet,
            opprettet=datetime.combine(dager(meldt), datetime.min.time(), tzinfo=OSLO)
            + timedelta(hours=14),
            **kw,
        )

    gammelt = behov(-7)
    behov(-6)  # six days: not yet
    behov(-9, status="avslatt", avslagsgrunn="onsker_ikke")
    kontaktlege = behov(-2, kontaktlege=True, kontaktdato=dager(-3), frist=dager(-2))
    behov(0, kontaktlege=True, pasient=PasientFactory(), kontaktdato=dager(-1), frist=IDAG)
    assert skann() == {"behov_ubehandlet": 1, "kontaktlege_frist": 1}
    assert paminnelser(T.BEHOV_UBEHANDLET) == [(gammelt.pk, IDAG)]
    assert paminnelser(T.KONTAKTLEGE_FRIST) == [(kontaktlege.pk, dager(-2))]
    lever_alt()
    assert mottakere(T.BEHOV_UBEHANDLET) == {"leder.sykehus"}
    assert mottakere(T.KONTAKTLEGE_FRIST) == {"leder.sykehus"}
    assert Paminnelse.objects.get(type=T.KONTAKTLEGE_FRIST).lenke == f"/behov/{kontaktlege.pk}/"


def test_koordinator_uten_opplaering_tre_maaneder_etter_oppnevning(v):
    lege = v.kontaktlege_sykehus.ansatt  # no training registered
    enhet = v.enhet("sykehus", "Medisinsk avdeling")
    uten = OppnevningFactory(
        ansatt=lege, enhet=enhet, startdato=date(2026, 8, 25), oppnevnt_av=v.leder_sykehus.ansatt
    )
    OppnevningFactory(ansatt=lege, enhet=enhet, startdato=date(2026, 8, 26))  # not yet
    OppnevningFactory(  # trained
        ansatt=v.koordinator_sykehus.ansatt, enhet=enhet, startdato=date(2026, 8, 1)
    )
    OppnevningFactory(ansatt=lege, enhet=enhet, startdato=date(2026, 8, 1), rolle="kontaktlege")
    assert skann() == {"koordinator_opplaering": 1}
    assert paminnelser(T.KOORDINATOR_OPPLAERING) == [(uten.pk, IDAG)]
    lever_alt()
    # The KE provides the training; the leader who appointed is told too.
    assert mottakere(T.KOORDINATOR_OPPLAERING) == {"ke.sykehus", "leder.sykehus"}


# --- idempotency and e-mail ----------------------------------------------------------------------


def test_skann_to_ganger_lager_ingenting_nytt(v):
    _plan(v, neste_evaluering=dager(-1))
    SamtykkeFactory(gyldig_til=dager(5))
    assert sum(skann().values()) == 2
    assert skann() == {}
    assert Paminnelse.objects.count() == 2


def test_ny_frist_gir_ny_paminnelse(v):
    plan = _plan(v, neste_evaluering=dager(-1))
    skann()
    plan.neste_evaluering = dager(5)
    plan.save()
    assert skann() == {"evaluering_forfaller": 1}
    assert len(paminnelser(T.EVALUERING_FORFALLER)) == 1
    assert len(paminnelser(T.EVALUERING_FORFALT)) == 1


def test_levering_to_ganger_varsler_og_sender_en_gang(v):
    plan = _plan(v, neste_evaluering=dager(-1))
    skann()
    assert services.paminnelser_lever() == 1
    assert services.paminnelser_lever() == 0
    # Even if delivery were handed the same reminder again, the unique constraint holds.
    paminnelse = Paminnelse.objects.get()
    services._lever_paminnelse(paminnelse)
    assert Varsel.objects.filter(paminnelse=paminnelse).count() == 1
    assert services.varsel_epost_send_neste() is True
    assert services.varsel_epost_send_neste() is False
    assert len(mail.outbox) == 1
    epost = mail.outbox[0]
    assert epost.to == ["leder.sykehus@example.no"]
    assert epost.subject == "Påminnelse: Evaluering av individuell plan er forfalt"
    # E-mail is not a safe channel for health data: no patient, only a link to log in.
    assert plan.pasient.etternavn not in epost.body and plan.pasient.fornavn not in epost.body
    assert "http://127.0.0.1:8000/varsler/" in epost.body


def test_epost_kan_slaas_av_per_type(v):
    Varslingsvalg.objects.create(bruker=v.leder_sykehus, type=T.EVALUERING_FORFALT, epost=False)
    _plan(v, neste_evaluering=dager(-1))
    _plan(v, neste_evaluering=dager(3))
    skann()
    lever_alt()
    valg = dict(Varsel.objects.values_list("paminnelse__type", "epost"))
    assert valg == {
        T.EVALUERING_FORFALT: Varsel.Epost.IKKE_ONSKET,
        T.EVALUERING_FORFALLER: Varsel.Epost.VENTER,
    }
    while services.varsel_epost_send_neste():
        pass
    assert [e.subject for e in mail.outbox] == [
        "Påminnelse: Evaluering av individuell plan nærmer seg"
    ]
    # Both are in the notification centre all the same.
    assert Varsel.objects.filter(mottaker=v.leder_sykehus).count() == 2


def test_uten_epostadresse_bare_i_losningen(v):
    v.leder_sykehus.email = ""
    v.leder_sykehus.save()
    _plan(v, neste_evaluering=dager(-1))
    skann()
    lever_alt()
    assert Varsel.objects.get().epost == Varsel.Epost.IKKE_ONSKET


def test_slettet_objekt_leveres_uten_mottakere(v):
    SamtykkeFactory(gyldig_til=dager(5)).delete()  # gone before delivery: nothing to say
    assert not Paminnelse.objects.exists()
    melding = v.send_behov()
    Paminnelse.objects.create(
        type=T.MELDING_SVARFRIST, objekt_id=melding.pk + 1000, forfallsdato=IDAG, pasient=v.pasient
    )
    lever_alt()
    assert Paminnelse.objects.get().levert is not None
    assert not Varsel.objects.exists()


def test_varsel_les(v):
    _plan(v, neste_evaluering=dager(-1))
    skann()
    lever_alt()
    varsel = Varsel.objects.get()
    assert varsel.lest is None
    services.varsel_les(actor=v.leder_sykehus, varsel=varsel)
    assert Varsel.objects.get().lest == timezone.now()
    assert Melding.objects.count() == 0


def test_kommandoen_skanner_og_leverer(v):
    from io import StringIO

    from django.core.management import call_command

    _plan(v, neste_evaluering=dager(-1))
    ut = StringIO()
    call_command("paminnelser", stdout=ut)
    assert "Nye påminnelser: 1 {'evaluering_forfalt': 1}" in ut.getvalue()
    assert "Levert som varsler: 1." in ut.getvalue()
    assert Varsel.objects.filter(mottaker=v.leder_sykehus).count() == 1


# --- skipping rules whose tables have not changed ------------------------------------------------


def om(minutter: int):
    return time_machine.travel(
        datetime(2026, 11, 25, 12, 0, tzinfo=OSLO) + timedelta(minutes=minutter), tick=False
    )


def test_uendret_skann_leser_ingen_frister(v, django_assert_num_queries):
    _plan(v, neste_evaluering=dager(-1))
    with om(11):
        assert skann() == {"evaluering_forfalt": 1}
    # The scan status, then one index probe per table of each rule (13): no rule query.
    with om(22), django_assert_num_queries(14):
        assert skann() == {}


def kjort_sist() -> dict[str, datetime]:
    return dict(Skannestatus.objects.values_list("regel", "startet"))


def test_endring_kjorer_bare_regler_som_leser_tabellen(v):
    with om(11):
        skann()
        for_ = kjort_sist()
    with om(20):
        plan = _plan(v, neste_evaluering=dager(-1))
    with om(30):
        assert skann() == {"evaluering_forfalt": 1}
    assert paminnelser(T.EVALUERING_FORFALT) == [(plan.pk, dager(-1))]
    kjort = {regel for regel, startet in kjort_sist().items() if startet != for_[regel]}
    assert kjort == {"evaluering_forfaller", "evaluering_forfalt"}


def test_sen_commit_innenfor_marginen_blir_sett(v):
    """A change saved shortly before a scan started, but committed after it, is not missed."""
    with om(11):
        skann()
    with om(6):
        _plan(v, neste_evaluering=dager(-1))
    with om(30):
        assert skann() == {"evaluering_forfalt": 1}


def test_ny_dag_kjorer_alle_regler(v):
    _plan(v, neste_evaluering=dager(1))
    assert skann() == {"evaluering_forfaller": 1}
    with time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=OSLO), tick=False):
        # Nothing changed, but two days later the evaluation is overdue.
        assert skann() == {"evaluering_forfalt": 1}
    assert set(Skannestatus.objects.values_list("dato", flat=True)) == {date(2026, 11, 27)}
