"""Synthetic patients in bulk, for screens and benchmarks at scale (`seed_demo --patients N`).

Patient number i (0, 1, 2, ...) always gets the same synthetic fødselsnummer (month + 80) and the
same story, drawn from `random.Random` seeded with (seed, i). A run looks up the numbers of each
batch in ONE query and skips those that exist, so `--patients 10000` followed by
`--patients 100000` creates exactly the missing 90,000, and running it again creates nothing.

The spread: every patient is followed by one unit (kommune patients mostly by Hjemmetjenesten,
hospital patients by a clinical department) and about 30 % by a second unit at the other level;
~70 % have a consent (some expiring within 30 days, some expired, some withdrawn); ~60 % have a
need report, almost all decided: appointed (some appointments since ended) or declined. The
appointees are the demo users and a pool of 50 synthetic staff per organisation (`bulk.<yrke>.<n>`,
unusable passwords; `demo.personale`), so the load spreads as in real use. `koordinator.kommune`
holds ~0.5 % of the patients, and ~2 % of the need reports to the demo leaders' units are still
pending, which gives `leder.kommune` a few hundred at 100,000 patients. Plans, evaluations,
ansvarsgrupper, meetings, minutes, action items and messages follow in `demo.hendelser`.

Everything goes in with `bulk_create` in batches of 5,000 patients, so `save()` and `full_clean()`
do not run: the fields they derive (`Pasient.fodselsdato`, the denormalised `organisasjon` of
Tilknytning, Behovsmelding and Oppnevning, the kontaktlege `frist`) are set here, and the choices
respect the model rules (one active appointment per patient, organisation and role; kontaktlege
only in the hospital and only doctors; barnekoordinator only in the kommune for children). Every
active appointment gets its guardian grant, as `permissions.oppnevningstilgang_gi` would give.

History: simple-history's `bulk_create_with_history`. On PostgreSQL `bulk_create` returns the
primary keys, so it costs one bulk insert for the rows and one for their history rows. Measured
on the 2-core machine, 100,000 patients from scratch: 104 s in all, of which 38 s build and insert
history rows, 36 s insert the rows themselves and 19 s plan the patients in Python. Building the
history rows by hand through `Model.history.model` would instantiate the same objects and run the
same bulk insert, so it could save only the small per-object overhead of simple-history's loop;
not worth duplicating its code. Each object gets one "+" history row holding its final state,
dated when the object was created and attributed to the person who made it (a decided need
report has no separate "~" row for the decision). The consent's sharing (a many-to-many field
with history) is inserted together with its history rows.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import reset_queries, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.hendelser import Personale, hendelser_lagre
from demo.personale import (
    ASDAL,
    BARNE,
    FJORDVIK,
    HJEMME,
    MEDISINSK,
    NEVRO,
    SYKEHUS,
    TILDELING,
    Oppsett,
    ekstra_ansatte_opprett,
    oppsett_les,
)
from demo.syntetisk import (
    ETTERNAVN,
    GATER,
    KVINNER,
    MENN,
    SPRAAK,
    fodselsnumre,
    rng,
)
from felles.arbeidsdager import neste_arbeidsdag
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Pasient,
    PasientUserObjectPermission,
    PlanDel,
    Samtykke,
    Tilknytning,
)
from koordinering.regler import ROLLE_FOR_BEHOV, tjenesteenhet_velg

BATCH = 5000
ANDEL_KOORDINATOR_KOMMUNE = 0.005  # of all patients: appointments of koordinator.kommune
ANDEL_VENTENDE = 0.02  # of the need reports to the demo leaders' units

RESULTAT = ["ansatte", "fantes", "pasienter", "tilknytninger", "samtykker", "behovsmeldinger"]
RESULTAT += ["oppnevninger", "tilganger"]
DEMO_LEDERE = {"leder.kommune", "leder.kommune2", "leder.sykehus"}

POSTSTED = {FJORDVIK: ("9990", "Fjordvik"), ASDAL: ("9991", "Åsdal")}
BEGRUNNELSE = {
    HJEMME: "Vedtak om hjemmesykepleie og praktisk bistand",
    TILDELING: "Søknad om helse- og omsorgstjenester under behandling",
    MEDISINSK: "Innlagt medisinsk avdeling, sammensatte kroniske lidelser",
    NEVRO: "Utredning og behandling av nevrologisk sykdom",
    BARNE: "Oppfølging ved barne- og ungdomsklinikken",
}
MELDING = "Trenger samordning av flere tjenester over tid."
MANDAT = "Samordne tjenestene, holde kontakt med pasient og pårørende og følge opp planen."


def _alder(fodt: date, paa: date) -> int:
    return paa.year - fodt.year - ((paa.month, paa.day) < (fodt.month, fodt.day))


def _dag(r: random.Random, fra: date, til: date) -> date:
    """A random day in [fra, til] (fra if the interval is empty)."""
    return fra + timedelta(days=r.randint(0, max(0, (til - fra).days)))


def _tid(r: random.Random, dag: date) -> datetime:
    """A time during working hours on `dag` (never later than now), timezone-aware."""
    tid = datetime.combine(dag, time(8)) + timedelta(minutes=r.randint(0, 480))
    return min(timezone.now(), timezone.make_aware(tid))


def _av(obj, ansatt: Ansatt, tid: datetime):
    """Who made the object and when: read by simple-history's bulk_history_create."""
    obj._history_user = ansatt.bruker
    obj._history_date = tid
    return obj


# --- one patient ---------------------------------------------------------------------------


@dataclass
class _Plan:
    pasient: Pasient
    tilknytninger: list[Tilknytning] = field(default_factory=list)
    samtykker: list[tuple[Samtykke, list[int]]] = field(default_factory=list)
    behovsmeldinger: list[Behovsmelding] = field(default_factory=list)
    oppnevninger: list[Oppnevning] = field(default_factory=list)


def _pasient(r: random.Random, nummer: str, fodt: date, o: Oppsett) -> _Plan:
    idag = o.idag
    barn = _alder(fodt, idag) < 18
    mine = r.random() < ANDEL_KOORDINATOR_KOMMUNE  # one of koordinator.kommune's patients
    x = r.random()
    hovedorg = FJORDVIK if mine or x < 0.40 else ASDAL if x < 0.65 else SYKEHUS
    hjemkommune = hovedorg if hovedorg != SYKEHUS else (FJORDVIK if r.random() < 0.6 else ASDAL)

    def sykehusenhet():
        return BARNE if barn else (MEDISINSK if r.random() < 0.65 else NEVRO)

    if hovedorg == SYKEHUS:
        hoved = (SYKEHUS, sykehusenhet())
        annen = (hjemkommune, HJEMME)
    else:
        hoved = (hovedorg, HJEMME if mine or r.random() < 0.85 else TILDELING)
        annen = (SYKEHUS, sykehusenhet())

    fornavn = r.choice(MENN if int(nummer[8]) % 2 else KVINNER)  # odd 9th digit: male
    etternavn = r.choice(ETTERNAVN)
    postnummer, poststed = POSTSTED[hjemkommune]
    spraak = "norsk" if r.random() < 0.93 else r.choice(SPRAAK)
    fra = _dag(r, max(fodt, idag - timedelta(days=4 * 365)), idag - timedelta(days=30))
    registrert_av = r.choice(o.meldere[hoved[0]])
    opprettet = _tid(r, fra)
    plan = _Plan(
        _av(
            Pasient(
                fodselsnummer=nummer,
                fodselsdato=fodt,
                fornavn=fornavn,
                mellomnavn=r.choice(ETTERNAVN) if r.random() < 0.1 else "",
                etternavn=etternavn,
                adresse=f"{r.choice(GATER)} {r.randint(1, 120)}",
                postnummer=postnummer,
                poststed=poststed,
                hjemkommune=o.org[hjemkommune],
                telefon=f"9{r.randint(1000000, 9999999)}",
                foretrukket_spraak=spraak,
                tolkebehov=spraak not in ("norsk", "samisk") and r.random() < 0.6,
                opprettet=opprettet,
            ),
            registrert_av,
            opprettet,
        )
    )

    # Care episodes: the main unit, and for ~30 % a unit at the other level (some ended).
    episoder = [(hoved, fra, None, registrert_av)]
    if r.random() < 0.30:
        fra2 = _dag(r, fra, idag - timedelta(days=7))
        til2 = _dag(r, fra2, idag - timedelta(days=1)) if r.random() < 0.2 else None
        episoder.append((annen, fra2, til2, r.choice(o.meldere[annen[0]])))
    for (orgnr, navn), fra_, til, av in episoder:
        plan.tilknytninger.append(
            _av(
                Tilknytning(
                    pasient=plan.pasient,
                    enhet=o.enhet[orgnr, navn],
                    organisasjon=o.org[orgnr],
                    fra=fra_,
                    til=til,
                    begrunnelse=BEGRUNNELSE[navn],
                    opprettet_av=av,
                    avslutningsgrunn="Ikke lenger behov for tjenesten" if til else "",
                ),
                av,
                _tid(r, fra_),
            )
        )

    if r.random() < 0.70:
        plan.samtykker.append(_samtykke(r, plan.pasient, episoder, o))

    # Need reports: ~60 % to the main unit, ~25 % of the active second episodes to theirs.
    for i, ((orgnr, navn), fra_, til, _) in enumerate(episoder):
        if til is None and (mine and i == 0 or r.random() < (0.6 if i == 0 else 0.25)):
            _behov(r, plan, o.enhet[orgnr, navn], fra_, barn, mine and i == 0, o)
    return plan


def _samtykke(r: random.Random, pasient: Pasient, episoder, o: Oppsett):
    idag, fodt = o.idag, pasient.fodselsdato
    av = r.choice(o.meldere[episoder[0][0][0]])
    fra = _dag(r, max(fodt, idag - timedelta(days=3 * 365)), idag)
    til, trukket = None, None
    x = r.random()
    if x < 0.62:  # valid for more than 30 days, or until further notice
        til = idag + timedelta(days=r.randint(31, 730)) if r.random() < 0.6 else None
    elif x < 0.75:  # expiring within 30 days
        til = idag + timedelta(days=r.randint(0, 30))
    elif x < 0.90:  # expired
        til = idag - timedelta(days=r.randint(1, 365))
        fra = max(fodt, til - timedelta(days=r.randint(30, 700)))
        til = max(til, fra)
    else:  # withdrawn
        trukket = _tid(r, _dag(r, fra, idag))
    representant = _alder(fodt, fra) < 16 or r.random() < 0.08
    samtykke = Samtykke(
        pasient=pasient,
        gjelder_planprosess=True,
        plandeler=list(PlanDel.values)
        if r.random() < 0.7
        else [d for d in PlanDel.values if r.random() < 0.6],
        gitt_av=(
            Samtykke.GittAv.FORELDRE_FELLES
            if _alder(fodt, fra) < 16
            else Samtykke.GittAv.VERGE
            if representant
            else Samtykke.GittAv.PASIENTEN
        ),
        gitt_av_navn=f"{r.choice(KVINNER)} {pasient.etternavn}" if representant else "",
        form=Samtykke.Form.SKRIFTLIG if r.random() < 0.8 else Samtykke.Form.MUNTLIG,
        dokumentert_av=av,
        dokumentert_tid=_tid(r, fra),
        gyldig_fra=fra,
        gyldig_til=til,
        trukket_tid=trukket,
        trukket_grunn="Pasienten ønsker ikke lenger å dele" if trukket else "",
        trukket_registrert_av=av if trukket else None,
    )
    deling = sorted({o.org[episode[0][0]].pk for episode in episoder})
    return _av(samtykke, av, samtykke.dokumentert_tid), deling


def _behov(r, plan: _Plan, enhet: Enhet, fra: date, barn: bool, mine: bool, o: Oppsett):
    idag, org = o.idag, enhet.organisasjon
    if org.er_kommune:
        behov = (
            (Behov.BARNEKOORDINATOR if r.random() < 0.6 else Behov.KOORDINATOR)
            if barn
            else (Behov.KOORDINATOR if r.random() < 0.7 else Behov.INDIVIDUELL_PLAN)
        )
    else:
        x = r.random()
        behov = (
            Behov.KOORDINATOR
            if x < 0.45
            else Behov.INDIVIDUELL_PLAN
            if x < 0.65
            else Behov.KONTAKTLEGE
        )
    kontaktlege = behov == Behov.KONTAKTLEGE
    dag = _dag(r, max(fra, idag - timedelta(days=548)), idag)  # spread over 18 months
    kriterier = [r.random() < 0.7 for _ in range(3)]
    if not any(kriterier):
        kriterier[0] = True
    meldt_av = (
        o.demo["koordinator.kommune"] if mine else r.choice(o.meldere[org.organisasjonsnummer])
    )
    melding = Behovsmelding(
        pasient=plan.pasient,
        enhet=enhet,
        organisasjon=org,
        behov=behov,
        komplekse_behov=kriterier[0],
        langvarige_behov=kriterier[1],
        koordinerte_tjenester=kriterier[2],
        alvorlig_sykdom=kontaktlege,
        behandling_av_varighet=kontaktlege,
        kontakttype=r.choice(Behovsmelding.Kontakttype.values) if kontaktlege else "",
        kontaktdato=dag if kontaktlege else None,
        frist=neste_arbeidsdag(dag) if kontaktlege else None,
        begrunnelse=MELDING,
        meldt_av=meldt_av,
        opprettet=_tid(r, dag),
    )
    plan.behovsmeldinger.append(_av(melding, meldt_av, melding.opprettet))
    leder = o.leder[enhet.pk]
    if not mine and leder.bruker.username in DEMO_LEDERE and r.random() < ANDEL_VENTENDE:
        return  # still pending, on a demo leader's screen

    startdato = min(
        idag, dag + timedelta(days=r.randint(0, 3) if kontaktlege else r.randint(1, 21))
    )
    melding.besluttet_av = leder
    melding.besluttet_tid = min(timezone.now(), _tid(r, startdato))
    if not mine and r.random() < 0.10:
        melding.status = Behovsmelding.Status.AVSLATT
        melding.avslagsgrunn = r.choice(Behovsmelding.Avslagsgrunn.values)
        return
    melding.status = Behovsmelding.Status.OPPNEVNT
    if mine:
        ansatt = o.demo["koordinator.kommune"]
    elif kontaktlege:
        ansatt = r.choice(o.leger)
    else:
        ansatt = r.choice(o.koordinatorer[org.organisasjonsnummer])
    avsluttet = not mine and r.random() < 0.08
    sluttdato = _dag(r, startdato, idag) if avsluttet else None
    oppnevning = Oppnevning(
        pasient=plan.pasient,
        ansatt=ansatt,
        organisasjon=org,
        enhet=enhet,
        tjenesteenhet_id=tjenesteenhet_velg(
            egne=o.enheter_for.get(ansatt.pk, []),
            enhet_id=enhet.pk,
            ledet={e for e, a in o.leder.items() if a.pk == leder.pk},
        ),
        rolle=ROLLE_FOR_BEHOV[behov],
        behovsmelding=melding,
        mandat=MANDAT,
        startdato=startdato,
        pasientens_onsker_hort=r.random() < 0.9,
        pasient_informert_dato=min(idag, startdato + timedelta(days=r.randint(0, 7))),
        frist=melding.frist,
        oppnevnt_av=leder,
        opprettet=melding.besluttet_tid,
        sluttdato=sluttdato,
        sluttgrunn="Behovet for koordinering er avsluttet" if avsluttet else "",
    )
    plan.oppnevninger.append(_av(oppnevning, leder, oppnevning.opprettet))


# --- batches -------------------------------------------------------------------------------


def _lagre_batch(planer: list[_Plan], o: Oppsett, resultat: Counter) -> None:
    def lagre(modell, objekter, navn):
        bulk_create_with_history(objekter, modell, batch_size=BATCH)
        resultat[navn] += len(objekter)

    lagre(Pasient, [p.pasient for p in planer], "pasienter")
    lagre(Tilknytning, [t for p in planer for t in p.tilknytninger], "tilknytninger")
    samtykker = [s for p in planer for s in p.samtykker]
    lagre(Samtykke, [s for s, _ in samtykker], "samtykker")
    _samtykke_deling(samtykker)
    lagre(Behovsmelding, [b for p in planer for b in p.behovsmeldinger], "behovsmeldinger")
    oppnevninger = [n for p in planer for n in p.oppnevninger]
    lagre(Oppnevning, oppnevninger, "oppnevninger")
    # The guardian grant of every active appointment (one per person and patient).
    tilganger = {
        (n.ansatt.bruker_id, n.pasient_id): PasientUserObjectPermission(
            user_id=n.ansatt.bruker_id, permission=o.se_pasient, content_object_id=n.pasient_id
        )
        for n in oppnevninger
        if n.sluttdato is None
    }
    PasientUserObjectPermission.objects.bulk_create(tilganger.values(), batch_size=BATCH)
    resultat["tilganger"] += len(tilganger)


def _samtykke_deling(samtykker: list[tuple[Samtykke, list[int]]]) -> None:
    """The consent's `organisasjoner` rows, with the history rows simple-history keeps for them
    (each attached to the consent's "+" history row)."""
    Deling = Samtykke.organisasjoner.through
    rader = Deling.objects.bulk_create(
        [Deling(samtykke=s, organisasjon_id=org_id) for s, orgs in samtykker for org_id in orgs],
        batch_size=BATCH,
    )
    historikk = {h.id: h for h in Samtykke.history.filter(id__in=[s.pk for s, _ in samtykker])}
    HistoriskDeling = apps.get_model("koordinering", "HistoricalSamtykke_organisasjoner")
    HistoriskDeling.objects.bulk_create(
        [
            HistoriskDeling(
                id=rad.pk,
                samtykke_id=rad.samtykke_id,
                organisasjon_id=rad.organisasjon_id,
                history=historikk[rad.samtykke_id],
            )
            for rad in rader
        ],
        batch_size=BATCH,
    )


def demo_pasienter_bulk(antall: int, *, seed: int = 1) -> dict:
    """Make sure synthetic patients 0 .. antall-1 exist (see the module docstring); returns
    how many of each kind were created, and how many patients existed already."""
    resultat = Counter(dict.fromkeys(RESULTAT, 0))
    resultat["ansatte"] = ekstra_ansatte_opprett()
    oppsett = oppsett_les()
    folk = Personale.les([org.pk for org in oppsett.org.values()])
    numre = fodselsnumre(antall)
    for start in range(0, antall, BATCH):
        kandidater = numre[start : start + BATCH]
        with transaction.atomic():
            finnes = set(
                Pasient.objects.filter(fodselsnummer__in=[n for n, _ in kandidater]).values_list(
                    "fodselsnummer", flat=True
                )
            )
            planer = [
                _pasient(rng(seed, i), nummer, fodt, oppsett)
                for i, (nummer, fodt) in enumerate(kandidater, start)
                if nummer not in finnes
            ]
            resultat["fantes"] += len(finnes)
            if planer:
                _lagre_batch(planer, oppsett, resultat)
                # Plans, groups, meetings, action items and messages for the KE overview.
                hendelser_lagre(planer, folk=folk, seed=seed, resultat=resultat)
        reset_queries()  # with DEBUG on, the logged bulk inserts would fill the memory
    return dict(resultat)
