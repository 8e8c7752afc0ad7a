"""The permission matrix of Min plan with the citizen roles (issue 16 point 2): every URL pattern
of the `minplan` namespace, taken from the resolver, for every kind of citizen: the patient, a
parent of a child under 16, a parent whose child has turned 16, a guardian, a guardian whose
mandate has ended, a power of attorney for some areas only, a relative named in a consent, and
someone unknown. What each role may reach is written out here once (`OMRAADE`), so a new /min/
page fails this test until someone has decided who may see it.

A page the role may use answers 200; an area the mandate does not cover is 404 (the page does not
exist for them); a mandate that is not in force is refused with its own Norwegian sentence (403)
on every page; another patient's object id is 404 for everyone who may use the page."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from ansvarsgruppe.models import Gruppemedlem
from felles import okt
from felles.models import Tilgangslogg
from individuellplan.innhold import plan_innhold
from individuellplan.models import Innspill, PlanVersjon
from koordinering.models import Parorende, PlanDel, Samtykke
from meldinger.services import innbyggertraad_start
from minplan.models import Omraade, Representasjon
from minplan.tilgang import INNBYGGER
from tests.factories import OppnevningFactory, PasientFactory, SamtykkeFactory
from tests.factories.ansvarsgruppe import AnsvarsgruppeFactory, MoteFactory, ReferatFactory
from tests.factories.individuellplan import MaalFactory, PlanFactory
from tests.verden import fodselsnummer

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()

# Pages anyone may open (the door itself).
OFFENTLIGE = {"logg-inn", "oidc-start", "oidc-tilbake", "logg-ut", "sprak"}

# The area (minplan.models.Omraade) each page needs; None: every citizen with someone to see.
OMRAADE = {
    "start": None,
    "velg": None,
    "plan": Omraade.PLAN,
    "plan-pdf": Omraade.PLAN,
    "versjoner": Omraade.PLAN,
    "versjon": Omraade.PLAN,
    "versjon-pdf": Omraade.PLAN,
    "innspill": Omraade.INNSPILL,
    "innspill-kommentar": Omraade.INNSPILL,
    "innspill-endre": Omraade.INNSPILL,
    "innspill-trekk": Omraade.INNSPILL,
    "meldinger": Omraade.MELDINGER,
    "melding-ny": Omraade.MELDINGER,
    "melding-traad": Omraade.MELDINGER,
    "varsler": None,  # how to be told of news: for everyone but a relative (IKKE_PARORENDE)
    "innsyn": Omraade.INNSYN,
    "innsyn-henvendelse": Omraade.INNSYN,
    "kontakter": Omraade.MOTER,
    "moter": Omraade.MOTER,
    "mote": Omraade.MOTER,
    "mote-ics": Omraade.MOTER,
    "referat": Omraade.MOTER,
    "referat-pdf": Omraade.MOTER,
    "samtykke": Omraade.SAMTYKKE,
    "samtykke-ny": Omraade.SAMTYKKE,
    "samtykke-trekk": Omraade.SAMTYKKE,
}
ALLE = frozenset(Omraade.values)
# Pages a relative, who reads plan parts by consent and is never notified, does not have.
IKKE_PARORENDE = {"varsler"}
# Pages that only take a POST (GET is 405 for those who may use them).
BARE_POST = {"innspill-trekk"}


def minplan_navn() -> set[str]:
    ressurs = get_resolver().namespace_dict["minplan"][1]
    return {p.name for p in ressurs.url_patterns if isinstance(p, URLPattern)}


def test_matrisen_dekker_hver_side_i_min_plan():
    """A new /min/ page must be placed in the matrix before it can land."""
    assert minplan_navn() == OFFENTLIGE | set(OMRAADE)


@dataclass
class Person:
    """One patient with something behind every object URL."""

    pasient: object
    objekter: dict = field(default_factory=dict)


def _person(fornavn: str, fodt: date, individ: int) -> Person:
    pasient = PasientFactory(fornavn=fornavn, fodselsnummer=fodselsnummer(fodt, individ))
    plan = PlanFactory(pasient=pasient, aktiv=True)
    MaalFactory(plan=plan, tekst=f"Målet til {fornavn}")
    PlanVersjon.objects.create(
        plan=plan, nummer=1, publisert_av=plan.opprettet_av, innhold=plan_innhold(plan)
    )
    OppnevningFactory(pasient=pasient, ansatt=plan.opprettet_av, enhet=plan.eier_enhet)
    maal = plan.maal.get()
    traad = innbyggertraad_start(
        actor=plan.opprettet_av.bruker,
        pasient=pasient,
        ansatt=plan.opprettet_av,
        innbygger_navn=fornavn,
        emne="Spørsmål om møtet",
        tekst="Kan møtet flyttes?",
    )
    gruppe = AnsvarsgruppeFactory(pasient=pasient)
    Gruppemedlem.objects.create(gruppe=gruppe, type=Gruppemedlem.Type.PASIENT)
    mote = MoteFactory(gruppe=gruppe)
    holdt = ReferatFactory(mote__gruppe=gruppe, mote__holdt=True, er_godkjent=True).mote
    samtykke = SamtykkeFactory(pasient=pasient)
    lesing = Tilgangslogg.objects.create(
        tidspunkt=timezone.now() - timedelta(days=1),
        bruker=plan.opprettet_av.bruker,
        brukernavn="Lise Leser",
        rolle="Sykepleier",
        organisasjon=plan.eier_enhet.organisasjon,
        pasient=pasient,
        dokument="Pasientside: Oversikt",
        grunnlag="enhet",
    )
    return Person(
        pasient,
        {
            "mote": mote.pk,
            "referat": holdt.pk,
            "samtykke": samtykke.pk,
            "rad": lesing.pk,
            "maal": maal.pk,
            "traad": traad.pk,
        },
    )


def _mitt_innspill(person: Person, pid: str) -> None:
    """A goal in the citizen's own words, written by this citizen (the patient's own, or under
    this citizen's mandate): «Mine innspill» shows each citizen only what they wrote."""
    rep = Representasjon.objects.filter(pasient=person.pasient, fodselsnummer=pid).first()
    innspill = Innspill.objects.create(
        plan=person.pasient.planer.get(),
        art=Innspill.Art.MAAL,
        tekst="Jeg vil svømme igjen",
        skrevet_av_navn="Innbygger",
        skrevet_av_rolle=Innspill.Rolle.PASIENTEN if rep is None else Innspill.Rolle.VERGE,
        representasjon_id=rep.pk if rep else None,
    )
    person.objekter["innspill"] = innspill.pk


@pytest.fixture
def verden():
    """Kari (adult), Emma (9) and Stor (17), with a stranger, Ola, whose ids are tried by all."""
    fodt_barn = date(IDAG.year - 9, 1, 1)
    fodt_stor = date(IDAG.year - 17, 1, 1)
    return {
        "kari": _person("Kari", date(1985, 3, 12), 100),
        "emma": _person("Emma", fodt_barn, 500),
        "stor": _person("Stor", fodt_stor, 510),
        "ola": _person("Ola", date(1970, 6, 1), 120),
    }


def _rep(person: Person, pid: str, art: str, **felter) -> None:
    Representasjon.objects.create(
        pasient=person.pasient, fodselsnummer=pid, navn="Mona Representant", art=art, **felter
    )


def _parorende_med_samtykke(person: Person, pid: str) -> None:
    par = Parorende.objects.create(
        pasient=person.pasient, navn="Pål Pårørende", relasjon="sosken", fodselsnummer=pid
    )
    samtykke = SamtykkeFactory(
        pasient=person.pasient, gjelder_planprosess=False, plandeler=[PlanDel.MAAL]
    )
    samtykke.parorende.add(par)


# role: (how the world gives the role a mandate, whom they see, the areas, or the refusal)
ROLLER = {
    "pasienten": (lambda v, pid: None, "kari", ALLE),
    "forelder": (
        lambda v, pid: _rep(v["emma"], pid, Representasjon.Art.FORELDREANSVAR),
        "emma",
        ALLE,
    ),
    "forelder_barnet_fylt_16": (
        lambda v, pid: _rep(v["stor"], pid, Representasjon.Art.FORELDREANSVAR),
        "stor",
        "har fylt 16 år",
    ),
    "verge": (lambda v, pid: _rep(v["kari"], pid, Representasjon.Art.VERGE), "kari", ALLE),
    "verge_mandat_endt": (
        lambda v, pid: _rep(
            v["kari"],
            pid,
            Representasjon.Art.VERGE,
            gyldig_fra=IDAG - timedelta(days=400),
            gyldig_til=IDAG - timedelta(days=1),
        ),
        "kari",
        "Vergemålet eller fullmakten din gjelder ikke i dag",
    ),
    "fullmektig_plan_og_moter": (
        lambda v, pid: _rep(
            v["kari"],
            pid,
            Representasjon.Art.FULLMAKT,
            omfang=[Omraade.PLAN, Omraade.MOTER],
        ),
        "kari",
        frozenset({Omraade.PLAN, Omraade.MOTER}),
    ),
    "parorende_med_samtykke": (
        lambda v, pid: _parorende_med_samtykke(v["kari"], pid),
        "kari",
        frozenset({Omraade.PLAN}),
    ),
    "ukjent": (lambda v, pid: None, "kari", "Vi fant ingen plan for deg"),
}


def _pid(rolle: str, verden) -> str:
    if rolle == "pasienten":
        return verden["kari"].pasient.fodselsnummer
    return fodselsnummer(date(1980, 1, 1), 200 + list(ROLLER).index(rolle))


def _som_innbygger(client, pid: str):
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # a refusal flushed the last one
    session = client.session
    session[INNBYGGER] = {"pid": pid, "navn": "Innbygger", "acr": "idporten-loa-high"}
    okt.start(session)
    session.save()


def _adresse(navn: str, person: Person) -> str:
    o = person.objekter
    return {
        "mote": f"/min/moter/{o['mote']}/",
        "mote-ics": f"/min/moter/{o['mote']}/kalender.ics",
        "referat": f"/min/moter/{o['referat']}/referat/",
        "referat-pdf": f"/min/moter/{o['referat']}/referat/pdf/",
        "samtykke-trekk": f"/min/samtykke/{o['samtykke']}/trekk/",
        "innsyn-henvendelse": f"/min/innsyn/{o['rad']}/henvendelse/?art=sporsmal",
        "versjon": "/min/plan/versjoner/1/",
        "versjon-pdf": "/min/plan/versjoner/1/pdf/",
        "innspill-kommentar": f"/min/innspill/kommentar/maal/{o['maal']}/",
        "innspill-endre": f"/min/innspill/{o.get('innspill', 0)}/endre/",
        "innspill-trekk": f"/min/innspill/{o.get('innspill', 0)}/trekk/",
        "melding-traad": f"/min/meldinger/{o['traad']}/",
    }.get(navn) or {
        "start": "/min/",
        "velg": "/min/velg/",
        "plan": "/min/plan/",
        "plan-pdf": "/min/plan/pdf/",
        "innsyn": "/min/innsyn/",
        "kontakter": "/min/kontakter/",
        "moter": "/min/moter/",
        "samtykke": "/min/samtykke/",
        "samtykke-ny": "/min/samtykke/ny/",
        "versjoner": "/min/plan/versjoner/",
        "innspill": "/min/innspill/",
        "meldinger": "/min/meldinger/",
        "melding-ny": "/min/meldinger/ny/",
        "varsler": "/min/varsler/",
    }[navn]


OBJEKTSIDER = (
    "mote",
    "mote-ics",
    "referat",
    "referat-pdf",
    "samtykke-trekk",
    "innsyn-henvendelse",
    "innspill-kommentar",
    "innspill-endre",
    "melding-traad",
)


def _har_siden(navn: str, rolle: str, omraade, omraader) -> bool:
    if navn in IKKE_PARORENDE and rolle == "parorende_med_samtykke":
        return False
    return omraade is None or omraade in omraader


@pytest.mark.parametrize("rolle", ROLLER)
def test_hver_rolle_naar_akkurat_sine_sider(client, verden, rolle):
    gi_rolle, hvem, omraader = ROLLER[rolle]
    pid = _pid(rolle, verden)
    gi_rolle(verden, pid)
    person = verden[hvem]
    _mitt_innspill(person, pid)
    _som_innbygger(client, pid)
    feil = []
    for navn, omraade in OMRAADE.items():
        adresse = _adresse(navn, person)
        svar = client.get(adresse)
        if isinstance(omraader, str):  # refused on every page, with the reason in words
            if svar.status_code != 403 or omraader not in svar.content.decode():
                feil.append(f"{adresse}: {svar.status_code}, ventet 403 «{omraader}»")
            _som_innbygger(client, pid)  # a refusal ends the session
            continue
        if navn == "velg":
            ventet = {200}  # one person: the list with the one, or a choice among several
        elif navn == "start" and omraader == {Omraade.PLAN}:
            ventet = {302}  # a relative who may read only the plan goes straight to it
        elif not _har_siden(navn, rolle, omraade, omraader):
            ventet = {404}
        else:
            ventet = {405} if navn in BARE_POST else {200}
        if svar.status_code not in ventet:
            feil.append(f"{adresse}: {svar.status_code}, ventet {sorted(ventet)}")
    assert feil == [], (rolle, feil)


@pytest.mark.parametrize("rolle", [r for r, (_, _, o) in ROLLER.items() if not isinstance(o, str)])
def test_en_annen_pasients_objekter_er_404_for_alle_roller(client, verden, rolle):
    gi_rolle, _, omraader = ROLLER[rolle]
    pid = _pid(rolle, verden)
    gi_rolle(verden, pid)
    _som_innbygger(client, pid)
    _mitt_innspill(verden["ola"], verden["ola"].pasient.fodselsnummer)  # Ola's own
    for navn in (*OBJEKTSIDER, "innspill-trekk"):
        if OMRAADE[navn] in omraader:
            adresse = _adresse(navn, verden["ola"])
            hent = client.post if navn in BARE_POST else client.get
            assert hent(adresse).status_code == 404, (rolle, adresse)


def test_anonym_paa_hver_side_gaar_til_innbyggerinnloggingen(client, verden):
    for navn in OMRAADE:
        adresse = _adresse(navn, verden["kari"])
        svar = client.get(adresse)
        assert svar.status_code == 302, adresse
        assert svar["Location"].startswith("/min/logg-inn/?next=/min/"), adresse


@pytest.mark.parametrize("rolle", [r for r, (_, _, o) in ROLLER.items() if not isinstance(o, str)])
def test_ingen_innbyggerrolle_naar_en_ansattside(client, verden, rolle):
    """Every staff URL pattern without parameters, and the patient's own staff pages: 404."""
    gi_rolle, hvem, _ = ROLLER[rolle]
    pid = _pid(rolle, verden)
    gi_rolle(verden, pid)
    _som_innbygger(client, pid)
    pk = verden[hvem].pasient.pk
    adresser = [f"/pasienter/{pk}/", f"/pasienter/{pk}/plan/", "/", "/meldinger/", "/oversikt/"]
    adresser += [
        "/" + str(p.pattern)
        for p in get_resolver().url_patterns
        if isinstance(p, URLPattern) and "<" not in str(p.pattern) and str(p.pattern)
    ]
    for adresse in adresser:
        if adresse.startswith(("/min/", "/tilgjengelighet/", "/helse", "/static/")):
            continue
        assert client.get(adresse).status_code == 404, (rolle, adresse)


def test_en_samtykke_uten_plandeler_for_parorende_gir_ingen_sider(client, verden):
    """The relative's consent gives no plan part: nothing to see, refused as such."""
    pid = _pid("parorende_med_samtykke", verden)
    par = Parorende.objects.create(
        pasient=verden["kari"].pasient, navn="Pål", relasjon="sosken", fodselsnummer=pid
    )
    SamtykkeFactory(
        pasient=verden["kari"].pasient, gjelder_planprosess=False, plandeler=[]
    ).parorende.add(par)
    _som_innbygger(client, pid)
    svar = client.get("/min/plan/")
    assert svar.status_code == 403
    assert Samtykke.objects.filter(parorende=par).count() == 1
