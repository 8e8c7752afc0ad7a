"""Synthetic case events for the bulk patients of `seed_demo --patients N`, so that the KE
overview has something to show at scale: individual plans with evaluations, ansvarsgrupper with
members, meetings, minutes and action items, and messages between units with receipts,
answers and response deadlines — over the past 18 months, so the trends have 13+ months.

Called by `demo.bulk` for each batch of newly created patients, after their
connections, consents, need reports and appointments are saved. Each patient's events are
drawn from a generator seeded with the patient's number, so they do not depend on the run or
the batch, and a second run (which creates no patients) creates no events.

The spread, per 100 patients (measured at 100,000): ~21 plans (kommune-owned when the kommune
serves the patient, hol § 7-1), ~17 evaluations (every four months, some skipped, so some are
overdue), ~18 groups with ~45 members, ~70 meetings (some cancelled, some ahead), ~53 minutes
and ~80 action items (most done, some overdue), ~450 messages including replies (hospital ↔
kommune about patients served by both, and between units of one organisation; most of those
with a deadline answered, some late, some never). With the connections, consents, need reports
and appointments, about 10.3 events per patient: 100,000 patients give about 1,030,000.

As in `demo_bulk`, rows go in with `bulk_create_with_history`, so `save()` and `full_clean()`
do not run: denormalised organisations and model rules are respected here (one open plan per
patient, one active group per patient and organisation, a reply has a thread, a message never
goes to its own unit, message types follow `meldinger.models.TYPEREGLER`).
"""

import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat
from felles.arbeidsdager import arbeidsdager_etter
from individuellplan.models import Evaluering, IndividuellPlan
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Rolle,
)
from meldinger.models import TYPEREGLER, Melding, Meldingstype

BATCH = 5000
TILBAKE = 540  # days of history (18 months)
EVALUERING_MAANEDER = 4  # the plan is evaluated three times a year
KOORDINATORROLLER = (Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR)
RESULTAT = [
    "planer",
    "evalueringer",
    "ansvarsgrupper",
    "gruppemedlemmer",
    "moter",
    "referater",
    "oppfolgingspunkter",
    "meldinger",
]

VURDERINGER = [
    "Målene følges opp som planlagt. Tiltakene fungerer, og pasienten er fornøyd.",
    "Delvis nådd. Hjemmetjenesten øker besøkene, og fysioterapien fortsetter.",
    "Pasienten ønsker å prioritere å komme seg ut av huset. Planen justeres.",
    "Ny situasjon etter innleggelse. Tiltakene vurderes på nytt i ansvarsgruppen.",
]
OPPGAVER = [
    "Søke om trygghetsalarm",
    "Bestille hjelpemidler fra NAV",
    "Kontakte fastlegen om medisinliste",
    "Avtale hjemmebesøk med ergoterapeut",
    "Sende oppdatert plan til deltakerne",
    "Undersøke avlastningstilbud",
    "Melde behov for støttekontakt",
]
EMNER = {
    Meldingstype.BEHOV_IP_KOORDINATOR: "Behov for individuell plan og koordinator",
    Meldingstype.INNLAGT: "Pasienten er innlagt",
    Meldingstype.UTSKRIVNINGSKLAR: "Pasienten er utskrivningsklar",
    Meldingstype.POLIKLINISK: "Poliklinisk oppfølging med langvarige behov",
    Meldingstype.DIALOG: "Spørsmål om oppfølging",
    Meldingstype.INVITASJON_ANSVARSGRUPPE: "Invitasjon til ansvarsgruppemøte",
    Meldingstype.UENIGHET: "Uenighet om videre behov",
    Meldingstype.FRITT_NOTAT: "Notat om pasienten",
}
TEKST = "Se vedlagte opplysninger. Ta kontakt ved spørsmål."
SVAR = "Takk for meldingen. Vi følger opp og gir beskjed."


def _dag(r: random.Random, fra: date, til: date) -> date:
    return fra + timedelta(days=r.randint(0, max(0, (til - fra).days)))


def _tid(r: random.Random, dag: date, naa: datetime) -> datetime:
    """Working hours on `dag`, never later than now."""
    tid = datetime.combine(dag, time(8)) + timedelta(minutes=r.randint(0, 480))
    return min(naa, timezone.make_aware(tid))


def _av(obj, ansatt: Ansatt, tid: datetime):
    obj._history_user = ansatt.bruker
    obj._history_date = tid
    return obj


@dataclass
class Personale:
    """Who works where, for senders, readers and group members: read once per run."""

    idag: date
    naa: datetime
    per_enhet: dict[int, list[Ansatt]]
    ke: dict[int, Enhet]  # organisation id -> its koordinerende enhet
    enheter: dict[int, list[Enhet]]  # organisation id -> its other units

    @classmethod
    def les(cls, organisasjon_ider) -> "Personale":
        per_enhet = defaultdict(list)
        for m in (
            Medlemskap.objects.filter(enhet__organisasjon_id__in=organisasjon_ider)
            .select_related("ansatt__bruker")
            .order_by("enhet_id", "ansatt__bruker__username")
        ):
            per_enhet[m.enhet_id].append(m.ansatt)
        ke, enheter = {}, defaultdict(list)
        for e in Enhet.objects.filter(organisasjon_id__in=organisasjon_ider).order_by("navn"):
            if e.type == Enhet.Type.KOORDINERENDE_ENHET:
                ke[e.organisasjon_id] = e
            elif per_enhet.get(e.pk):
                enheter[e.organisasjon_id].append(e)
        return cls(timezone.localdate(), timezone.now(), per_enhet, ke, enheter)

    def en_i(self, r: random.Random, enhet: Enhet) -> Ansatt:
        return r.choice(self.per_enhet[enhet.pk])


@dataclass
class _Hendelser:
    planer: list = field(default_factory=list)
    evalueringer: list = field(default_factory=list)  # (evaluation, its plan)
    grupper: list = field(default_factory=list)
    medlemmer: list = field(default_factory=list)  # (member, its group)
    moter: list = field(default_factory=list)  # (meeting, its group)
    referater: list = field(default_factory=list)  # (minutes, its meeting)
    oppgaver: list = field(default_factory=list)  # (action item, its minutes, its member)
    meldinger: list = field(default_factory=list)
    svar: list = field(default_factory=list)  # (reply, the message it answers)


# --- one patient -------------------------------------------------------------------------------


def _plan(r, p, h: _Hendelser, folk: Personale) -> None:
    """At most one plan: most patients with a plan need that was met, some with a koordinator.
    The kommune owns it when it serves the patient, otherwise the appointing organisation."""
    idag = folk.idag
    koordinatorer = [o for o in p.oppnevninger if o.rolle in KOORDINATORROLLER]
    if not koordinatorer:
        return
    planbehov = any(
        b.behov == Behov.INDIVIDUELL_PLAN and b.status == Behovsmelding.Status.OPPNEVNT
        for b in p.behovsmeldinger
    )
    if r.random() >= (0.85 if planbehov else 0.35):
        return
    oppnevning = koordinatorer[0]
    kommune = next(
        (t for t in p.tilknytninger if t.til is None and t.organisasjon.er_kommune), None
    )
    eier, eier_enhet = (
        (kommune.organisasjon, kommune.enhet)
        if kommune
        else (oppnevning.organisasjon, oppnevning.enhet)
    )
    ansvarlig = oppnevning.ansatt if oppnevning.organisasjon_id == eier.pk else None
    ansvarlig = ansvarlig or folk.en_i(r, eier_enhet)
    fra = oppnevning.startdato + timedelta(days=r.randint(0, 45))
    if fra > idag:
        return  # the plan is not made yet
    x = r.random()
    status = (
        IndividuellPlan.Status.AVSLUTTET
        if oppnevning.sluttdato and x < 0.6 or x < 0.08
        else IndividuellPlan.Status.UTKAST
        if x < 0.3
        else IndividuellPlan.Status.AKTIV
    )
    plan = IndividuellPlan(
        pasient=p.pasient,
        eier=eier,
        eier_enhet=eier_enhet,
        status=status,
        avslutningsgrunn="Pasienten har ikke lenger behov for planen"
        if status == IndividuellPlan.Status.AVSLUTTET
        else "",
        periode_fra=fra,
        periode_til=fra + timedelta(days=r.randint(365, 730)),
        neste_evaluering=fra + relativedelta(months=EVALUERING_MAANEDER),
        ressurser="Gode naboer og en datter som bor i nærheten.",
        behov="Hjelp til å få hverdagen til å gå opp.",
        opprettet=_tid(r, fra, folk.naa),
        opprettet_av=ansvarlig,
    )
    h.planer.append(_av(plan, ansvarlig, plan.opprettet))
    # Every four months an evaluation, unless it is skipped: then it stays overdue.
    frist = plan.neste_evaluering
    while status != IndividuellPlan.Status.UTKAST and frist <= idag and r.random() < 0.88:
        dag = max(fra + timedelta(days=1), min(idag, frist + timedelta(days=r.randint(-10, 20))))
        neste = dag + relativedelta(months=EVALUERING_MAANEDER)
        evaluering = Evaluering(
            dato=dag,
            utfort_av=ansvarlig,
            samlet_vurdering=r.choice(VURDERINGER),
            neste_evaluering=neste,
            registrert=_tid(r, dag, folk.naa),
        )
        h.evalueringer.append((_av(evaluering, ansvarlig, evaluering.registrert), plan))
        frist = neste
    plan.neste_evaluering = frist


def _gruppe(r, p, h: _Hendelser, folk: Personale) -> None:
    """Groups for some active koordinator appointments (one per organisation), meeting every
    one and a half to three and a half months, with minutes and action items after the
    meetings held."""
    idag, naa = folk.idag, folk.naa
    organisasjoner = set()
    for oppnevning in p.oppnevninger:
        if (
            oppnevning.rolle not in KOORDINATORROLLER
            or oppnevning.sluttdato is not None
            or oppnevning.organisasjon_id in organisasjoner
            or r.random() >= 0.45
        ):
            continue
        start = oppnevning.startdato + timedelta(days=r.randint(7, 60))
        if start > idag:
            continue  # not yet
        organisasjoner.add(oppnevning.organisasjon_id)
        leder = oppnevning.ansatt
        gruppe = _av(
            Ansvarsgruppe(
                pasient=p.pasient,
                organisasjon=oppnevning.organisasjon,
                leder=leder,
                opprettet=_tid(r, start, naa),
                opprettet_av=leder,
            ),
            leder,
            _tid(r, start, naa),
        )
        h.grupper.append(gruppe)
        medlemmer = [
            Gruppemedlem(type=Gruppemedlem.Type.ANSATT, ansatt=leder, rolle="Koordinator"),
            Gruppemedlem(type=Gruppemedlem.Type.PASIENT),
        ]
        kolleger = [a for a in folk.per_enhet[oppnevning.enhet_id] if a.pk != leder.pk]
        if kolleger and r.random() < 0.5:
            medlemmer.append(Gruppemedlem(type=Gruppemedlem.Type.ANSATT, ansatt=r.choice(kolleger)))
        for m in medlemmer:
            m.fra = start
            h.medlemmer.append((_av(m, leder, gruppe.opprettet), gruppe))
        dag = start + timedelta(days=r.randint(7, 30))
        while dag <= idag + timedelta(days=60):
            begynner = timezone.make_aware(datetime.combine(dag, time(r.choice([9, 10, 12, 13]))))
            mote = Mote(
                start=begynner,
                slutt=begynner + timedelta(minutes=r.choice([60, 90])),
                sted="Møterom 2, helsehuset",
                status=Mote.Status.AVLYST if r.random() < 0.05 else Mote.Status.PLANLAGT,
                uid=uuid.UUID(int=r.getrandbits(128)),
                sendt_sekvens=0,
                innkalt_av=leder,
            )
            innkalt = min(naa, begynner - timedelta(days=r.randint(7, 21)))
            h.moter.append((_av(mote, leder, innkalt), gruppe))
            if mote.status == Mote.Status.PLANLAGT and begynner < naa - timedelta(days=1):
                _referat(r, mote, medlemmer, leder, h, folk)
            dag += timedelta(days=r.randint(45, 105))


def _referat(r, mote: Mote, medlemmer, leder: Ansatt, h: _Hendelser, folk: Personale) -> None:
    idag, naa = folk.idag, folk.naa
    godkjent = min(naa, mote.slutt + timedelta(days=r.randint(1, 6)))
    er_godkjent = r.random() < 0.9 and godkjent < naa
    referat = Referat(
        status=Referat.Status.GODKJENT if er_godkjent else Referat.Status.UTKAST,
        neste_mote="Om tre måneder",
        godkjent=godkjent if er_godkjent else None,
        godkjent_av=leder if er_godkjent else None,
    )
    h.referater.append((_av(referat, leder, godkjent), mote))
    moteddag = timezone.localdate(mote.start)
    for _ in range(r.choice([0, 1, 1, 2, 2, 3])):
        frist = moteddag + timedelta(days=r.randint(7, 60))
        utfort = r.random() < (0.85 if frist < idag else 0.3)
        oppgave = Oppgave(
            beskrivelse=r.choice(OPPGAVER),
            frist=frist,
            status=Oppgave.Status.UTFORT if utfort else Oppgave.Status.AAPEN,
        )
        ansvarlig = r.choice([m for m in medlemmer if m.type == Gruppemedlem.Type.ANSATT])
        h.oppgaver.append((_av(oppgave, leder, godkjent), referat, ansvarlig))


def _melding(r, p, h, folk: Personale, type_, fra: Enhet, til: Enhet, dag: date) -> None:
    """A message with its receipts; if it asks for an answer by a deadline, most get a reply
    (some after the deadline) or are marked handled, and a few are left unanswered."""
    idag, naa = folk.idag, folk.naa
    avsender, mottaker = folk.en_i(r, fra), folk.en_i(r, til)
    sendt = _tid(r, dag, naa)
    dager = TYPEREGLER[type_].svarfrist_arbeidsdager
    svarfrist = None if dager is None else arbeidsdager_etter(dag, dager)
    melding = Melding(
        type=type_,
        pasient=p.pasient,
        avsender=avsender,
        avsender_enhet=fra,
        avsender_organisasjon_id=fra.organisasjon_id,
        mottaker_enhet=til,
        mottaker_organisasjon_id=til.organisasjon_id,
        emne=EMNER[type_],
        tekst=TEKST,
        prioritet=Melding.Prioritet.HASTER if r.random() < 0.1 else Melding.Prioritet.NORMAL,
        svarfrist=svarfrist,
        sendt=sendt,
        levert=min(naa, sendt + timedelta(minutes=1)),
        status=Melding.Status.LEVERT,
    )
    h.meldinger.append(_av(melding, avsender, sendt))
    if r.random() < 0.05 and (naa - sendt).days < 3:
        return  # delivered, not yet opened
    melding.lest = min(naa, sendt + timedelta(hours=r.randint(1, 30)))
    melding.lest_av, melding.status = mottaker, Melding.Status.LEST
    if svarfrist is None:
        if r.random() < 0.3:
            melding.status, melding.avsluttet = Melding.Status.BEHANDLET, melding.lest
            melding.avsluttet_av = mottaker
        return
    gammel = (idag - dag).days > 60
    if svarfrist >= idag and r.random() < 0.6:
        return  # not yet due, not yet answered
    if r.random() < (0.03 if gammel else 0.15):
        return  # never answered: overdue
    frist_slutt = timezone.make_aware(datetime.combine(svarfrist, time(16)))
    if r.random() < 0.78:
        avsluttet = sendt + (frist_slutt - sendt) * r.random()
    else:
        avsluttet = frist_slutt + timedelta(days=r.randint(1, 10), hours=r.randint(-6, 6))
    avsluttet = max(melding.lest, min(naa, avsluttet))
    melding.avsluttet, melding.avsluttet_av = avsluttet, mottaker
    if r.random() < 0.2:
        melding.status = Melding.Status.BEHANDLET
        melding.behandlet_merknad = "Avklart på telefon"
        return
    melding.status = Melding.Status.BESVART
    svar = Melding(
        type=type_,
        pasient=p.pasient,
        avsender=mottaker,
        avsender_enhet=til,
        avsender_organisasjon_id=til.organisasjon_id,
        mottaker_enhet=fra,
        mottaker_organisasjon_id=fra.organisasjon_id,
        mottaker_ansatt=avsender,
        emne=f"Sv: {melding.emne}",
        tekst=SVAR,
        prioritet=melding.prioritet,
        sendt=avsluttet,
        levert=min(naa, avsluttet + timedelta(minutes=1)),
        lest=min(naa, avsluttet + timedelta(hours=2)),
        lest_av=avsender,
        status=Melding.Status.LEST,
    )
    h.svar.append((_av(svar, mottaker, avsluttet), melding))


def _meldinger(r, p, h: _Hendelser, folk: Personale) -> None:
    idag = folk.idag
    tidligst = idag - timedelta(days=TILBAKE)
    aktive = [t for t in p.tilknytninger if t.til is None or t.til >= tidligst]
    if not aktive:
        return
    # Between units of one organisation: questions and notes.
    hoved = aktive[0]
    andre = [e for e in folk.enheter[hoved.organisasjon_id] if e.pk != hoved.enhet_id]
    start = max(hoved.fra, tidligst)
    for type_, antall in (
        (Meldingstype.DIALOG, r.choice([0, 1, 1, 2])),
        (Meldingstype.FRITT_NOTAT, r.choice([0, 1, 1])),
    ):
        for _ in range(antall):
            if andre:
                til = r.choice(andre)
                fra, til = (hoved.enhet, til) if r.random() < 0.5 else (til, hoved.enhet)
                _melding(r, p, h, folk, type_, fra, til, _dag(r, start, idag))
    # Hospital and kommune about a patient both serve.
    sykehus = next((t for t in aktive if t.organisasjon.er_sykehus), None)
    kommune = next((t for t in aktive if t.organisasjon.er_kommune), None)
    if not (sykehus and kommune):
        return
    start = max(sykehus.fra, kommune.fra, tidligst)
    slutt = min(idag, sykehus.til or idag)
    ke = folk.ke[kommune.organisasjon_id]
    kommunens = [kommune.enhet, ke]

    def send(type_, fra, til, sannsynlighet=1.0, antall=1):
        for _ in range(antall):
            if r.random() < sannsynlighet:
                _melding(r, p, h, folk, type_, fra, til, _dag(r, start, slutt))

    send(Meldingstype.INNLAGT, sykehus.enhet, r.choice(kommunens), 0.7)
    send(Meldingstype.UTSKRIVNINGSKLAR, sykehus.enhet, kommune.enhet, 0.5)
    send(Meldingstype.POLIKLINISK, sykehus.enhet, r.choice(kommunens), 0.2)
    send(Meldingstype.BEHOV_IP_KOORDINATOR, sykehus.enhet, ke, 0.3)
    send(Meldingstype.INVITASJON_ANSVARSGRUPPE, sykehus.enhet, kommune.enhet, 0.2)
    send(Meldingstype.UENIGHET, sykehus.enhet, ke, 0.02)
    send(Meldingstype.DIALOG, sykehus.enhet, kommune.enhet, antall=r.choice([0, 1, 2, 2]))
    send(Meldingstype.DIALOG, kommune.enhet, sykehus.enhet, antall=r.choice([0, 1, 2, 2]))


# --- a batch ---------------------------------------------------------------------------------


def hendelser_lagre(planer, *, folk: Personale, seed: int, resultat: Counter) -> None:
    """Events for a batch of newly saved bulk patients (`demo_bulk._Plan`s)."""
    h = _Hendelser()
    for p in planer:
        r = random.Random(f"hendelser-{seed}-{p.pasient.fodselsnummer}")  # noqa: S311
        _plan(r, p, h, folk)
        _gruppe(r, p, h, folk)
        _meldinger(r, p, h, folk)

    def lagre(modell, objekter, navn):
        bulk_create_with_history(objekter, modell, batch_size=BATCH)
        resultat[navn] += len(objekter)

    lagre(IndividuellPlan, h.planer, "planer")
    for evaluering, plan in h.evalueringer:
        evaluering.plan = plan
    lagre(Evaluering, [e for e, _ in h.evalueringer], "evalueringer")
    lagre(Ansvarsgruppe, h.grupper, "ansvarsgrupper")
    for medlem, gruppe in h.medlemmer:
        medlem.gruppe = gruppe
    lagre(Gruppemedlem, [m for m, _ in h.medlemmer], "gruppemedlemmer")
    for mote, gruppe in h.moter:
        mote.gruppe = gruppe
    lagre(Mote, [m for m, _ in h.moter], "moter")
    for referat, mote in h.referater:
        referat.mote = mote
    lagre(Referat, [r for r, _ in h.referater], "referater")
    for oppgave, referat, ansvarlig in h.oppgaver:
        oppgave.referat, oppgave.ansvarlig = referat, ansvarlig
    lagre(Oppgave, [o for o, _, _ in h.oppgaver], "oppfolgingspunkter")
    lagre(Melding, h.meldinger, "meldinger")
    for svar, melding in h.svar:
        svar.svar_paa = svar.traad = melding
    lagre(Melding, [s for s, _ in h.svar], "meldinger")
    # Events in all: these, and the batch's connections, consents, need reports, appointments.
    resultat["hendelser"] += sum(
        len(p.tilknytninger) + len(p.samtykker) + len(p.behovsmeldinger) + len(p.oppnevninger)
        for p in planer
    ) + sum(len(liste) for liste in vars(h).values())
