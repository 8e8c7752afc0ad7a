"""A small, hand-built world with known answers for the KE overview.

Today is Wednesday 11 March 2026 (frozen). Three organisations:

* Testvik kommune (A) — the KE under test. Units: Koordinerende enhet, Hjemmetjenesten (H) with
  the sub-unit Sone nord (HN), Tildelingskontoret (T).
* Testsykehus HF (S) — a hospital, for kontaktlege deadlines and plans shared by consent.
* Annenby kommune (B) — another kommune whose records must never show up in A's overview.

Testvik's patients (Tilknytning to the unit named, from 2025-01-01 unless said otherwise):

| patient | unit | need reported (period 12.03.2025–11.03.2026) | appointment              |
|---------|------|-----------------------------------------------|--------------------------|
| P1      | H    | koordinator 02.06.2025                        | koord1 from 12.06.2025   |
| P2      | HN   | koordinator 01.10.2025                        | koord2 from 21.10.2025   |
| P3      | H    | koordinator 01.02.2026, waiting               | –                        |
| P4      | T    | koordinator 01.04.2025; plan 01.05, declined  | koord3 05.04.–31.12.2025 |
| P5 (child) | H | barnekoordinator 01.08.2025                   | koord1 from 08.08.2025   |
| P6      | H    | plan 01.11.2025 (koordinator, no plan yet)    | koord1 from 30.11.2025   |
| P7      | H    | koordinator 01.12.2024 (before the period)    | koord1 from 11.12.2024   |
| P8      | H until 31.12.2025 | koordinator 01.07.2025, waiting | –                        |
| Q5      | H and S/M | –                                        | –                        |

Plans owned by Testvik: P1 active (evaluation due 15.01.2026: overdue), P5 draft (next
evaluation 01.09.2026), Q5 active (01.06.2026), shared with the hospital by consent. P1 has an
active ansvarsgruppe with three action items (one overdue and open, one done, one not yet due);
P2's group was closed 01.12.2025. P2's consent expired 31.01.2026, P4's was withdrawn, P1's is
valid. Messages: see `bygg_verden`.

Annenby (B) has a patient R1 with a need, an appointment, a plan, a group, an overdue message
and an expired consent, and it also reported a need for P1 (who is connected to B as well).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ansvarsgruppe.models import Oppgave
from individuellplan.models import IndividuellPlan
from koordinering.models import (
    Behov,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Organisasjon,
    PlanDel,
    Rolle,
)
from meldinger.models import Melding, Meldingstype
from tests.factories import (
    AnsattFactory,
    AnsvarsgruppeFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    GruppemedlemFactory,
    MedlemskapFactory,
    MeldingFactory,
    MoteFactory,
    OppgaveFactory,
    OppnevningFactory,
    OrganisasjonFactory,
    PasientFactory,
    PlanFactory,
    ReferatFactory,
    SamtykkeFactory,
    TilknytningFactory,
)
from tests.verden import IDAG, middag  # noqa: F401 -- the shared day, re-exported

FRA, TIL = date(2025, 3, 12), IDAG  # the default period: the last twelve months


def tid(dag: date, time_: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(time_)))


@dataclass
class Verden:
    a: Organisasjon
    s: Organisasjon
    b: Organisasjon
    enheter: dict[str, Enhet]
    ansatte: dict = field(default_factory=dict)
    pasienter: dict = field(default_factory=dict)


def _ansatt(org, enhet, brukernavn, fornavn, etternavn, *, rolle="medarbeider", **kwargs):
    ansatt = AnsattFactory(
        organisasjon=org,
        bruker__username=brukernavn,
        bruker__first_name=fornavn,
        bruker__last_name=etternavn,
        **kwargs,
    )
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, rolle=rolle)
    return ansatt


def _behov(pasient, enhet, meldt_av, behov, dag, **kwargs):
    return BehovsmeldingFactory(
        pasient=pasient, enhet=enhet, meldt_av=meldt_av, behov=behov, opprettet=tid(dag), **kwargs
    )


def _oppnevn(pasient, enhet, ansatt, rolle, start, behovsmelding=None, slutt=None):
    if behovsmelding is not None:
        behovsmelding.status = Behovsmelding.Status.OPPNEVNT
        behovsmelding.besluttet_tid = tid(start)
        behovsmelding.save()
    return OppnevningFactory(
        pasient=pasient,
        enhet=enhet,
        ansatt=ansatt,
        rolle=rolle,
        startdato=start,
        behovsmelding=behovsmelding,
        sluttdato=slutt,
        sluttgrunn="Avsluttet" if slutt else "",
        frist=behovsmelding.frist if behovsmelding else None,
        opprettet=tid(start),  # registered on the day it starts (none is back-dated)
    )


def _melding(type_, pasient, fra, til, avsender, sendt, **kwargs):
    kwargs.setdefault("status", Melding.Status.SENDT)
    kwargs.setdefault("levert", None)
    kwargs.setdefault("svarfrist", None)
    return MeldingFactory(
        type=type_,
        pasient=pasient,
        avsender=avsender,
        avsender_enhet=fra,
        mottaker_enhet=til,
        emne=str(Meldingstype(type_).label)[:200],
        tekst="Tekst",
        sendt=sendt,
        **kwargs,
    )


def bygg_verden() -> Verden:
    a = OrganisasjonFactory(navn="Testvik kommune")
    s = OrganisasjonFactory(sykehus=True, navn="Testsykehus HF")
    b = OrganisasjonFactory(navn="Annenby kommune")
    e = {
        "KE": EnhetFactory(organisasjon=a, navn="Koordinerende enhet", ke=True),
        "H": EnhetFactory(organisasjon=a, navn="Hjemmetjenesten"),
        "T": EnhetFactory(organisasjon=a, navn="Tildelingskontoret"),
        "KE_S": EnhetFactory(organisasjon=s, navn="Koordinerende enhet", ke=True),
        "M": EnhetFactory(organisasjon=s, navn="Medisinsk avdeling", klinisk=True),
        "KE_B": EnhetFactory(organisasjon=b, navn="Koordinerende enhet", ke=True),
        "HB": EnhetFactory(organisasjon=b, navn="Hjemmetjenesten"),
    }
    e["HN"] = EnhetFactory(organisasjon=a, navn="Sone nord", overordnet=e["H"])
    v = Verden(a=a, s=s, b=b, enheter=e)
    ans = v.ansatte
    ans["ke_a"] = _ansatt(a, e["KE"], "ke.a", "Kari", "Kesen", rolle=Medlemskap.Rolle.LEDER)
    ans["koord1"] = _ansatt(
        a, e["H"], "koord1", "Kåre", "Førstesen", koordinatoropplaering_fullfort=date(2024, 5, 2)
    )
    ans["koord2"] = _ansatt(a, e["HN"], "koord2", "Åse", "Andresen")
    ans["koord3"] = _ansatt(
        a, e["T"], "koord3", "Tore", "Tredjesen", koordinatoropplaering_fullfort=date(2023, 1, 9)
    )
    ans["leder_h"] = _ansatt(a, e["H"], "leder.h", "Lise", "Ledersen", rolle="leder")
    ans["ke_s"] = _ansatt(s, e["KE_S"], "ke.s", "Sindre", "Sykehusen", rolle="leder")
    ans["lege"] = _ansatt(s, e["M"], "lege", "Lena", "Legesen", yrke="lege")
    ans["ke_b"] = _ansatt(b, e["KE_B"], "ke.b", "Bente", "Bysen", rolle="leder")
    ans["koord_b"] = _ansatt(b, e["HB"], "koord.b", "Bjørn", "Bysen")
    k1, k2, k3 = ans["koord1"], ans["koord2"], ans["koord3"]
    H, HN, T = e["H"], e["HN"], e["T"]

    p = v.pasienter
    start = date(2025, 1, 1)
    for navn, enhet in (("P1", H), ("P2", HN), ("P3", H), ("P4", T), ("P6", H), ("P7", H)):
        p[navn] = PasientFactory(fornavn=navn, etternavn="Testvik")
        TilknytningFactory(pasient=p[navn], enhet=enhet, fra=start)
    p["P5"] = PasientFactory(barn=True, fornavn="P5", etternavn="Testvik")
    TilknytningFactory(pasient=p["P5"], enhet=H, fra=start)
    p["P8"] = PasientFactory(fornavn="P8", etternavn="Testvik")
    TilknytningFactory(pasient=p["P8"], enhet=H, fra=start, til=date(2025, 12, 31))
    p["Q5"] = PasientFactory(fornavn="Q5", etternavn="Begge")
    TilknytningFactory(pasient=p["Q5"], enhet=H, fra=start)
    TilknytningFactory(pasient=p["Q5"], enhet=e["M"], fra=date(2025, 6, 1))

    # Need reports and appointments.
    K, IP, BK = Behov.KOORDINATOR, Behov.INDIVIDUELL_PLAN, Behov.BARNEKOORDINATOR
    b1 = _behov(p["P1"], H, k1, K, date(2025, 6, 2))
    _oppnevn(p["P1"], H, k1, Rolle.KOORDINATOR, date(2025, 6, 12), b1)
    b2 = _behov(p["P2"], HN, k2, K, date(2025, 10, 1))
    _oppnevn(p["P2"], HN, k2, Rolle.KOORDINATOR, date(2025, 10, 21), b2)
    _behov(p["P3"], H, k1, K, date(2026, 2, 1))
    b4 = _behov(p["P4"], T, k3, K, date(2025, 4, 1))
    _oppnevn(p["P4"], T, k3, Rolle.KOORDINATOR, date(2025, 4, 5), b4, slutt=date(2025, 12, 31))
    _behov(
        p["P4"],
        T,
        k3,
        IP,
        date(2025, 5, 1),
        status=Behovsmelding.Status.AVSLATT,
        avslagsgrunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
    )
    b5 = _behov(p["P5"], H, k1, BK, date(2025, 8, 1))
    _oppnevn(p["P5"], H, k1, Rolle.BARNEKOORDINATOR, date(2025, 8, 8), b5)
    b6 = _behov(p["P6"], H, k1, IP, date(2025, 11, 1))
    _oppnevn(p["P6"], H, k1, Rolle.KOORDINATOR, date(2025, 11, 30), b6)
    b7 = _behov(p["P7"], H, k1, K, date(2024, 12, 1))
    _oppnevn(p["P7"], H, k1, Rolle.KOORDINATOR, date(2024, 12, 11), b7)
    _behov(p["P8"], H, k1, K, date(2025, 7, 1))

    # Plans.
    def plan(pasient, status, opprettet, neste):
        return PlanFactory(
            pasient=pasient,
            eier_enhet=H,
            status=status,
            periode_fra=opprettet,
            periode_til=opprettet + timedelta(days=700),
            neste_evaluering=neste,
            opprettet=tid(opprettet),
            opprettet_av=k1,
        )

    plan(p["P1"], IndividuellPlan.Status.AKTIV, date(2025, 7, 1), date(2026, 1, 15))
    plan(p["P5"], IndividuellPlan.Status.UTKAST, date(2025, 9, 1), date(2026, 9, 1))
    plan(p["Q5"], IndividuellPlan.Status.AKTIV, date(2025, 7, 15), date(2026, 6, 1))

    # Consents.
    SamtykkeFactory(
        pasient=p["P1"], dokumentert_av=k1, gyldig_fra=date(2025, 6, 1), gyldig_til=None
    )
    SamtykkeFactory(
        pasient=p["P2"],
        dokumentert_av=k2,
        gyldig_fra=date(2025, 2, 1),
        gyldig_til=date(2026, 1, 31),
    )
    SamtykkeFactory(
        pasient=p["P4"],
        dokumentert_av=k3,
        trukket=True,
        gyldig_fra=date(2025, 4, 1),
        gyldig_til=None,
    )
    SamtykkeFactory(
        pasient=p["Q5"],
        dokumentert_av=k1,
        gyldig_fra=date(2025, 6, 1),
        gyldig_til=None,
        organisasjoner=[a, s],
        plandeler=[PlanDel.MAAL, PlanDel.TILTAK],
    )

    # P1's ansvarsgruppe with a meeting and three action items; P2's group is closed.
    gruppe = AnsvarsgruppeFactory(
        pasient=p["P1"], organisasjon=a, opprettet_av=k1, opprettet=tid(date(2025, 7, 1))
    )
    medlem = GruppemedlemFactory(gruppe=gruppe, ansatt=k1)
    mote = MoteFactory(
        gruppe=gruppe,
        start=tid(date(2026, 1, 10)),
        slutt=tid(date(2026, 1, 10), 11),
        sted="Helsehuset",
        innkalt_av=k1,
    )
    referat = ReferatFactory(mote=mote)
    for frist, status in (
        (date(2026, 2, 1), Oppgave.Status.AAPEN),
        (date(2026, 2, 15), Oppgave.Status.UTFORT),
        (date(2026, 4, 1), Oppgave.Status.AAPEN),
    ):
        OppgaveFactory(
            referat=referat, beskrivelse="Gjør noe", ansvarlig=medlem, frist=frist, status=status
        )
    AnsvarsgruppeFactory(
        pasient=p["P2"],
        organisasjon=a,
        opprettet_av=k2,
        opprettet=tid(date(2025, 10, 25)),
        avsluttet=date(2025, 12, 1),
    )
    # A meeting before the period's trend window and a cancelled one: neither is counted.
    MoteFactory(
        gruppe=gruppe,
        start=tid(date(2026, 2, 10)),
        slutt=tid(date(2026, 2, 10), 11),
        sted="Helsehuset",
        innkalt_av=k1,
        avlyst=True,
    )

    # Messages.
    M, KE = e["M"], e["KE"]
    lege = ans["lege"]
    m1 = _melding(
        Meldingstype.BEHOV_IP_KOORDINATOR,
        p["Q5"],
        M,
        KE,
        lege,
        tid(date(2026, 1, 5), 9),
        svarfrist=date(2026, 1, 12),
        status=Melding.Status.BESVART,
        avsluttet=tid(date(2026, 1, 8), 9),
    )
    _melding(
        Meldingstype.BEHOV_IP_KOORDINATOR,
        p["Q5"],
        KE,
        M,
        ans["ke_a"],
        tid(date(2026, 1, 8), 9),
        svar_paa=m1,
        traad=m1,
        status=Melding.Status.LEST,
    )
    _melding(
        Meldingstype.UTSKRIVNINGSKLAR,
        p["Q5"],
        M,
        H,
        lege,
        tid(date(2026, 2, 2)),
        svarfrist=date(2026, 2, 2),
        status=Melding.Status.BEHANDLET,
        avsluttet=tid(date(2026, 2, 4)),
    )
    _melding(
        Meldingstype.DIALOG,
        p["P2"],
        M,
        H,
        lege,
        tid(date(2026, 2, 20)),
        svarfrist=date(2026, 2, 25),
        status=Melding.Status.LEST,
    )
    _melding(
        Meldingstype.DIALOG,
        p["Q5"],
        H,
        M,
        k1,
        tid(date(2026, 3, 9)),
        svarfrist=date(2026, 3, 12),
    )
    _melding(Meldingstype.FRITT_NOTAT, p["P1"], H, T, k1, tid(date(2025, 12, 1)))
    _melding(
        Meldingstype.DIALOG, p["P1"], H, M, k1, tid(date(2024, 12, 1)), svarfrist=date(2024, 12, 4)
    )

    # The hospital: kontaktlege deadlines (the first working day after).
    def kontaktlege(navn, kontaktdato, frist, oppnevnt=None):
        p[navn] = PasientFactory(fornavn=navn, etternavn="Sykehus")
        TilknytningFactory(pasient=p[navn], enhet=M, fra=date(2026, 1, 1))
        behov = BehovsmeldingFactory(
            kontaktlege=True,
            pasient=p[navn],
            enhet=M,
            meldt_av=lege,
            kontaktdato=kontaktdato,
            frist=frist,
            opprettet=tid(kontaktdato),
        )
        if oppnevnt:
            _oppnevn(p[navn], M, lege, Rolle.KONTAKTLEGE, oppnevnt, behov)

    kontaktlege("Q1", date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 3))  # in time
    kontaktlege("Q2", date(2026, 2, 6), date(2026, 2, 9), date(2026, 2, 10))  # a day late
    kontaktlege("Q3", date(2026, 3, 10), date(2026, 3, 11))  # waiting, due today
    kontaktlege("Q4", date(2026, 3, 5), date(2026, 3, 6))  # waiting, past the deadline
    _behov(p["Q5"], M, lege, Behov.INDIVIDUELL_PLAN, date(2025, 9, 1))

    # Annenby: its own patient, and its own records about P1.
    HB, kb = e["HB"], ans["koord_b"]
    p["R1"] = PasientFactory(fornavn="R1", etternavn="Annenby")
    TilknytningFactory(pasient=p["R1"], enhet=HB, fra=start)
    TilknytningFactory(pasient=p["P1"], enhet=HB, fra=start)
    rb = _behov(p["R1"], HB, kb, K, date(2025, 9, 1))
    _oppnevn(p["R1"], HB, kb, Rolle.KOORDINATOR, date(2025, 9, 3), rb)
    _behov(p["P1"], HB, kb, K, date(2025, 9, 2))
    PlanFactory(
        pasient=p["R1"],
        eier_enhet=HB,
        aktiv=True,
        periode_fra=date(2025, 9, 5),
        periode_til=date(2026, 9, 5),
        neste_evaluering=date(2025, 12, 1),
        opprettet=tid(date(2025, 9, 5)),
        opprettet_av=kb,
    )
    AnsvarsgruppeFactory(
        pasient=p["R1"], organisasjon=b, opprettet_av=kb, opprettet=tid(date(2025, 9, 10))
    )
    SamtykkeFactory(
        pasient=p["R1"],
        dokumentert_av=kb,
        gyldig_fra=date(2025, 1, 1),
        gyldig_til=date(2025, 12, 1),
    )
    _melding(
        Meldingstype.DIALOG,
        p["R1"],
        M,
        HB,
        lege,
        tid(date(2026, 2, 20)),
        svarfrist=date(2026, 2, 23),
        status=Melding.Status.LEST,
    )
    _melding(
        Meldingstype.DIALOG, p["R1"], HB, M, kb, tid(date(2026, 2, 21)), svarfrist=date(2026, 2, 24)
    )
    return v
