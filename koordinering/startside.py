"""The start page, today's work: what is due or overdue for me (each row says what, for whom and
when, and links to where it is done), this week's and next week's meetings, and my patients with
their progress and next deadline named. A page composition module: it may read the selectors of
higher apps (listed in the import contract, ADR 0010); nothing else in koordinering does.

Every part is a fixed number of queries whatever the caseload
(tests/koordinering/test_startside.py counts them)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvarsgruppe.selectors import (
    med_neste_mote,
    mine_moter,
    mine_oppgaver,
    referater_aa_godkjenne,
)
from felles.models import Tilgangsgrunnlag
from individuellplan.selectors import (
    evalueringer_til_forfall,
    innspill_til_behandling,
    med_egen_plan,
)
from koordinering import selectors
from koordinering.arbeidsrolle import arbeidsrolle, uten_enhet
from koordinering.kodeverk import Behov
from koordinering.models import Pasient, Rolle
from koordinering.tilgangslogg import logg_visning
from meldinger.selectors import innbyggertraader_venter_paa_svar, venter_paa_svar

SIDESTORRELSE = 25
_PLASS = 987654321987


class Lenker:
    """Each named pk URL reversed once per page, filled in per row: `reverse` (and `{% url %}`)
    for every row of three tables was the largest cost of rendering the page."""

    def __init__(self):
        self._maler: dict[str, str] = {}

    def __call__(self, navn: str, pk: int) -> str:
        if navn not in self._maler:
            self._maler[navn] = reverse(navn, args=[_PLASS])
        return self._maler[navn].replace(str(_PLASS), str(pk))


# How far ahead a deadline counts as today's work: the same 30 days as «Utløper snart».
HORISONT_DAGER = selectors.SAMTYKKE_VARSEL_DAGER


@dataclass
class Frist:
    """One row of «Dette må du gjøre»: what, for whom, when, and where it is done."""

    type: str  # evaluering, oppgave, samtykke, melding, innbygger, behov, referat, innspill
    hva: str
    detalj: str
    pasient: str
    dato: date
    url: str
    lenketekst: str
    idag: date
    rekkefolge: int = 0
    utfort_url: str = ""

    @property
    def forfalt(self) -> bool:
        return self.dato < self.idag

    @property
    def er_idag(self) -> bool:
        return self.dato == self.idag

    @property
    def dager_igjen(self) -> int:
        return (self.dato - self.idag).days

    @property
    def dager_over(self) -> int:
        return (self.idag - self.dato).days


@dataclass(frozen=True)
class NavngittFrist:
    hva: str
    dato: date


def neste_frist(rad) -> NavngittFrist | None:
    """The nearest deadline for a patient row, with what it is: the kontaktlege deadline of a
    need waiting in my organisation, the plan's next evaluation, the consent running out, the
    next ansvarsgruppe meeting."""
    frister = []
    if rad.ventende_frist is not None:
        frister.append(NavngittFrist(_("Frist for å oppnevne kontaktlege"), rad.ventende_frist))
    if rad.plan_evaluering is not None:
        frister.append(NavngittFrist(_("Evaluering av planen"), rad.plan_evaluering))
    if (
        rad.samtykkestatus in (selectors.Samtykkestatus.GYLDIG, selectors.Samtykkestatus.UTLOPER)
        and rad.samtykke_gyldig_til is not None
    ):
        frister.append(NavngittFrist(_("Samtykket utløper"), rad.samtykke_gyldig_til))
    if rad.neste_mote is not None:
        frister.append(NavngittFrist(_("Ansvarsgruppemøte"), timezone.localdate(rad.neste_mote)))
    return min(frister, key=lambda f: f.dato) if frister else None


def _filtre(request) -> selectors.DashboardFiltre:
    rolle = request.GET.get("rolle", "")
    samtykke = request.GET.get("samtykke", "")
    return selectors.DashboardFiltre(
        rolle=rolle if rolle in Rolle.values else "",
        samtykkestatus=samtykke if samtykke in selectors.Samtykkestatus.values else "",
    )


def _pasientrader(request, idag: date, lenke: Lenker):
    rolle = arbeidsrolle(request)
    filtre = _filtre(request)
    mine = selectors.mine_pasienter(user=request.user, filtre=filtre)
    # The page is cut from the ids of my whole caseload in name order (a few hundred rows at
    # most, one query instead of the count), and only its 25 rows carry the plan, consent and
    # meeting subqueries. With LIMIT on the full query PostgreSQL walked the name index of
    # every patient in the database until it had found 25 of mine.
    side = Paginator(list(mine.values_list("pk", flat=True)), SIDESTORRELSE).get_page(
        request.GET.get("side")
    )
    paa_siden = med_neste_mote(
        med_egen_plan(mine.filter(pk__in=side.object_list), ansatt=rolle.ansatt)
    )
    rader = []
    for o in paa_siden:
        rader.append(
            {
                "oppnevning": o,
                "pasient_url": lenke("koordinering:pasient-detalj", o.pasient_id),
                "plan_url": (
                    lenke("individuellplan:plan-detalj", o.plan_id or o.delt_plan_id)
                    if o.plan_id or o.delt_plan_id
                    else ""
                ),
                "neste_frist": neste_frist(o),
                "evaluering_forfalt": o.plan_evaluering is not None and o.plan_evaluering < idag,
                "ventende_behov": Behov(o.ventende_behov).label if o.ventende_behov else "",
                "dager_siden_behov": (
                    (idag - timezone.localdate(o.ventende_meldt)).days if o.ventende_meldt else None
                ),
            }
        )
    return filtre, side, rader


def _frister(request, idag: date, lenke: Lenker) -> tuple[list[Frist], dict]:
    """Everything due or overdue for me, overdue first, and the patients it names (for the
    access log: those seen through a message are logged with that basis)."""
    user, rolle = request.user, arbeidsrolle(request)
    innen = idag + timedelta(days=HORISONT_DAGER)
    frister: list[Frist] = []
    pasienter: set[int] = set()
    via_melding: set[int] = set()

    for plan in evalueringer_til_forfall(ansatt=rolle.ansatt, innen=innen):
        pasienter.add(plan.pasient_id)
        frister.append(
            Frist(
                type="evaluering",
                hva=_("Evaluering av individuell plan"),
                detalj="",
                pasient=plan.pasient.navn,
                dato=plan.neste_evaluering,
                url=lenke("individuellplan:evaluering-ny", plan.pk),
                lenketekst=_("Registrer evaluering"),
                idag=idag,
                rekkefolge=1,
            )
        )
    for o in mine_oppgaver(user=user, innen=innen):
        mote = o.referat.mote
        pasienter.add(mote.gruppe.pasient_id)
        frister.append(
            Frist(
                type="oppgave",
                hva=_("Oppfølgingspunkt fra ansvarsgruppemøte"),
                detalj=o.beskrivelse,
                pasient=mote.gruppe.pasient.navn,
                dato=o.frist,
                url=lenke("ansvarsgruppe:mote-detalj", mote.pk),
                lenketekst=_("Se møtet"),
                idag=idag,
                rekkefolge=2,
                utfort_url=lenke("ansvarsgruppe:oppgave-utfort", o.pk),
            )
        )
    for o in selectors.samtykker_til_forfall(user=user):
        if o.samtykke_dato is None or o.samtykke_dato > innen:
            continue
        pasienter.add(o.pasient_id)
        utlopt = o.samtykkestatus == selectors.Samtykkestatus.UTLOPT
        frister.append(
            Frist(
                type="samtykke",
                hva=_("Samtykket er utløpt") if utlopt else _("Samtykket utløper"),
                detalj=_("Innhent nytt samtykke."),
                pasient=o.pasient.navn,
                dato=o.samtykke_dato,
                url=lenke("koordinering:pasient-detalj", o.pasient_id),
                lenketekst=_("Gå til pasienten"),
                idag=idag,
                rekkefolge=3,
            )
        )
    for m in venter_paa_svar(user=user):
        via_melding.add(m.pasient_id)
        frister.append(
            Frist(
                type="melding",
                hva=_("Melding som venter på svar"),
                detalj=_("%(emne)s (fra %(enhet)s, %(org)s)")
                % {
                    "emne": m.emne,
                    "enhet": m.avsender_enhet,
                    "org": m.avsender_enhet.organisasjon,
                },
                pasient=m.pasient.navn,
                dato=m.svarfrist,
                url=lenke("meldinger:melding-detalj", m.pk),
                lenketekst=_("Svar på meldingen"),
                idag=idag,
                rekkefolge=4,
            )
        )
    for t in innbyggertraader_venter_paa_svar(user=user):
        via_melding.add(t.pasient_id)
        frister.append(
            Frist(
                type="innbygger",
                hva=_("Melding fra Min plan som venter på svar"),
                detalj=t.emne,
                pasient=t.pasient.navn,
                dato=t.svarfrist,
                url=lenke("meldinger:innbyggertraad-detalj", t.pk),
                lenketekst=_("Svar innbyggeren"),
                idag=idag,
                rekkefolge=4,
            )
        )
    if rolle.er_leder:
        for b in (
            selectors.ventende_behov(user=user)
            .filter(frist__isnull=False, frist__lte=innen)
            .order_by("frist", "pk")[:20]
        ):
            pasienter.add(b.pasient_id)
            frister.append(
                Frist(
                    type="behov",
                    hva=_("Frist for å oppnevne %(rolle)s")
                    % {"rolle": b.get_behov_display().lower()},
                    detalj=_("Meldt til %(enhet)s") % {"enhet": b.enhet},
                    pasient=b.pasient.navn,
                    dato=b.frist,
                    url=lenke("koordinering:behov-detalj", b.pk),
                    lenketekst=_("Behandle behovet"),
                    idag=idag,
                    rekkefolge=5,
                )
            )
    for mote in referater_aa_godkjenne(user=user):
        pasienter.add(mote.gruppe.pasient_id)
        frister.append(
            Frist(
                type="referat",
                hva=_("Referat å godkjenne") if mote.har_referat else _("Referat å skrive"),
                detalj=_("Ansvarsgruppemøte %(dato)s")
                % {"dato": timezone.localtime(mote.start).strftime("%d.%m.%Y")},
                pasient=mote.gruppe.pasient.navn,
                dato=timezone.localdate(mote.start),
                url=lenke("ansvarsgruppe:referat-skjema", mote.pk),
                lenketekst=_("Gå til referatet"),
                idag=idag,
                rekkefolge=6,
            )
        )
    for i in innspill_til_behandling(ansatt=rolle.ansatt):
        pasienter.add(i.plan.pasient_id)
        frister.append(
            Frist(
                type="innspill",
                hva=_("Nytt mål fra pasienten")
                if i.art == "maal"
                else _("Kommentar fra pasienten"),
                detalj=_("Fra Min plan: «%(tekst)s»") % {"tekst": i.tekst[:60]},
                pasient=i.plan.pasient.navn,
                dato=i.svarfrist,
                url=lenke("individuellplan:plan-detalj", i.plan_id) + "#innspill",
                lenketekst=_("Se innspillet"),
                idag=idag,
                rekkefolge=7,
            )
        )
    frister.sort(key=lambda f: (f.dato, f.rekkefolge, f.pasient))
    return frister, {"pasienter": pasienter, "via_melding": via_melding}


def _uker(idag: date) -> tuple[date, date, date]:
    mandag = idag - timedelta(days=idag.weekday())
    return mandag, mandag + timedelta(days=7), mandag + timedelta(days=14)


def _midnatt(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def start(request):
    """Today's work for the signed-in staff member."""
    rolle = arbeidsrolle(request)
    if rolle.ansatt is not None and not rolle.medlemskap:
        return uten_enhet(request)
    context = {"rolle": rolle}
    if rolle.ansatt is not None:
        idag = timezone.localdate()
        lenke = Lenker()
        filtre, side, rader = _pasientrader(request, idag, lenke)
        frister, vist = _frister(request, idag, lenke)
        mandag, neste_mandag, slutt = _uker(idag)
        moter = mine_moter(
            user=request.user,
            fra=_midnatt(mandag),
            til=_midnatt(slutt),
        )
        for m in moter:
            m.url = lenke("ansvarsgruppe:mote-detalj", m.pk)
        denne_uken = [m for m in moter if timezone.localdate(m.start) < neste_mandag]
        neste_uke = [m for m in moter if timezone.localdate(m.start) >= neste_mandag]
        # One access-log insert: each patient with the basis that gives access now, and those
        # seen only through a message waiting for an answer with that basis.
        vist_her = (
            {r["oppnevning"].pasient_id for r in rader}
            | vist["pasienter"]
            | {m.gruppe.pasient_id for m in moter}
        )
        grunnlag = Pasient.objects.tilgangsgrunnlag_for(request.user, vist_her)
        grunnlag += [
            (pid, Tilgangsgrunnlag.MELDING) for pid in sorted(vist["via_melding"] - vist_her)
        ]
        logg_visning(request, grunnlag, _("Startside"))
        context |= {
            "side": side,
            "rader": rader,
            "frister": frister,
            "antall_forfalt": sum(f.forfalt for f in frister),
            "horisont": HORISONT_DAGER,
            "denne_uken": denne_uken,
            "neste_uke": neste_uke,
            "uke": {
                "denne_fra": mandag,
                "denne_til": neste_mandag - timedelta(days=1),
                "neste_fra": neste_mandag,
                "neste_til": slutt - timedelta(days=1),
            },
            "idag": idag,
            "filtre": filtre,
            "roller": Rolle.choices,
            "samtykkestatuser": selectors.Samtykkestatus.choices,
            "antall_ventende": (
                selectors.ventende_behov(user=request.user).count() if rolle.er_leder else None
            ),
        }
    return render(request, "koordinering/start.html", context)
