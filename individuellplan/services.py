"""Every change to an individual plan: one transaction each, checked against the actor's access
to the plan (`PermissionDenied`), validated, with the acting user in the history, and only the
fields each service names. PDF rendering is queued by task name after the transaction commits
(`felles.jobber`); the tasks call the PDF services at the end of this module."""

import json
import uuid
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import hendelser
from felles.innsending import en_gang
from felles.jobber import etter_commit
from felles.services import lagre, sett_felter
from felles.utskrift import utskrift_lag
from individuellplan import pdf
from individuellplan.innhold import filtrert_innhold, plan_innhold
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Innspill,
    Maal,
    Maalvurdering,
    PlanUtskrift,
    PlanVersjon,
    Samarbeid,
    Tiltak,
)
from individuellplan.permissions import (
    har_gyldig_samtykke_til_plan,
    planeier,
    sjekk_plantilgang,
)
from koordinering.models import Pasient, PlanDel, Tilknytning
from koordinering.permissions import sjekk_kan_redigere_pasient
from koordinering.services import ansatt_for, behov_plan_opprettet

# What each service lets its callers change (the forms in `forms.py`, and `rekkefolge`, which
# seeding and tests set). The plan's patient, owner and status are not among them.
PLANFELTER = ("periode_fra", "periode_til", "neste_evaluering", "revisjon", "ressurser", "behov")
MAALFELTER = ("tekst", "hovedmaal", "status", "maldato", "rekkefolge")
DELTAKERFELTER = ("type", "ansatt", "parorende", "navn", "organisasjon", "rolle", "bidrag")
TILTAKFELTER = (
    "beskrivelse",
    "omfang",
    "ansvarlig",
    "ansvarlig_tjeneste",
    "gjennomforing",
    "fra",
    "til",
    "status",
)  # the goals go through `maal=`, a many-to-many set after the save
SAMARBEIDFELTER = ("etat", "kontakt", "beskrivelse")


@transaction.atomic
def plan_opprett(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    periode_fra: date,
    periode_til: date,
    neste_evaluering: date,
    ressurser: str = "",
    behov: str = "",
    innsending_id: uuid.UUID | None = None,
) -> IndividuellPlan:
    """A draft plan owned by the actor's organisation. A second submit of the same form (same
    `innsending_id`) returns the plan made by the first."""
    sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    felter = {
        "periode_fra": periode_fra,
        "periode_til": periode_til,
        "neste_evaluering": neste_evaluering,
        "ressurser": ressurser,
        "behov": behov,
    }
    return en_gang(innsending_id, actor=actor, lag=lambda: _plan_lag(actor, pasient, **felter))


def _plan_lag(
    actor, pasient, *, periode_fra, periode_til, neste_evaluering, ressurser, behov
) -> IndividuellPlan:
    ansatt = ansatt_for(actor)
    Pasient.objects.select_for_update().get(pk=pasient.pk)  # one creator at a time
    if not har_gyldig_samtykke_til_plan(pasient):
        raise ValidationError(
            _(
                "Planen kan ikke opprettes: pasienten har ikke gitt gyldig samtykke til "
                "oppstart av arbeidet med individuell plan. Registrer samtykket først."
            )
        )
    eier = planeier(pasient)
    if eier is None or eier.pk != ansatt.organisasjon_id:
        raise ValidationError(
            _(
                "Det er %(eier)s som skal lage planen, fordi pasienten får tjenester derfra. "
                "Send en melding til koordinerende enhet der."
            )
            % {"eier": eier or _("enheten som følger pasienten")}
        )
    enhet = (
        ansatt.enheter.filter(
            tilknytninger__in=Tilknytning.objects.aktive().filter(pasient=pasient)
        )
        .order_by("pk")
        .first()
    )
    if enhet is None:
        raise ValidationError(_("Enheten din følger ikke pasienten, og kan ikke eie planen."))
    if not (periode_fra <= neste_evaluering <= periode_til):
        raise ValidationError(
            {"neste_evaluering": _("Første evaluering må ligge innenfor planperioden.")}
        )
    plan = lagre(
        IndividuellPlan(
            pasient=pasient,
            eier=eier,
            eier_enhet=enhet,
            periode_fra=periode_fra,
            periode_til=periode_til,
            neste_evaluering=neste_evaluering,
            ressurser=ressurser,
            behov=behov,
            opprettet_av=ansatt,
        ),
        actor=actor,
    )
    lagre(
        Deltaker(plan=plan, type=Deltaker.Type.PASIENT, bidrag=_("Eier planen og målene.")),
        actor=actor,
    )
    behov_plan_opprettet(actor=actor, pasient=pasient)  # the waiting plan need is answered
    return plan


@transaction.atomic
def plan_oppdater(*, actor: AbstractBaseUser, plan: IndividuellPlan, **felter) -> IndividuellPlan:
    sjekk_plantilgang(user=actor, plan=plan)
    sett_felter(plan, felter=PLANFELTER, data=felter)
    utenfor = [
        m.tekst[:40]
        for m in plan.maal.exclude(maldato=None)
        if not (plan.periode_fra <= m.maldato <= plan.periode_til)
    ]
    if utenfor:
        raise ValidationError(
            _("Disse målene har måldato utenfor den nye perioden: %(maal)s")
            % {"maal": "; ".join(utenfor)}
        )
    tiltak_utenfor = [
        t.beskrivelse
        for t in plan.tiltak.all()
        if not (plan.periode_fra <= t.fra <= plan.periode_til)
        or (t.til is not None and t.til > plan.periode_til)
    ]
    if tiltak_utenfor:
        raise ValidationError(
            _("Disse tiltakene ligger utenfor den nye perioden: %(tiltak)s")
            % {"tiltak": "; ".join(tiltak_utenfor)}
        )
    return lagre(plan, actor=actor)


def _sett_status(actor, plan: IndividuellPlan, status: str, grunn: str = "") -> IndividuellPlan:
    plan.status = status
    plan.avslutningsgrunn = grunn
    return lagre(plan, actor=actor)


@transaction.atomic
def plan_aktiver(*, actor: AbstractBaseUser, plan: IndividuellPlan) -> IndividuellPlan:
    sjekk_plantilgang(user=actor, plan=plan)
    if plan.status != IndividuellPlan.Status.UTKAST:
        raise ValidationError(_("Bare et utkast kan tas i bruk."))
    if not plan.maal.filter(hovedmaal=None).exists():
        raise ValidationError(_("Planen må ha minst ett hovedmål før den tas i bruk."))
    return _sett_status(actor, plan, IndividuellPlan.Status.AKTIV)


@transaction.atomic
def plan_avslutt(*, actor: AbstractBaseUser, plan: IndividuellPlan, grunn: str) -> IndividuellPlan:
    sjekk_plantilgang(user=actor, plan=plan)
    if plan.status == IndividuellPlan.Status.AVSLUTTET:
        raise ValidationError(_("Planen er allerede avsluttet."))
    if not grunn.strip():
        raise ValidationError(_("Oppgi hvorfor planen avsluttes."))
    return _sett_status(actor, plan, IndividuellPlan.Status.AVSLUTTET, grunn.strip())


@transaction.atomic
def plan_gjenaapne(*, actor: AbstractBaseUser, plan: IndividuellPlan) -> IndividuellPlan:
    """Reopen a closed plan; history keeps the closing. Refused if another plan is open."""
    sjekk_plantilgang(user=actor, plan=plan)
    if plan.status != IndividuellPlan.Status.AVSLUTTET:
        raise ValidationError(_("Planen er ikke avsluttet."))
    return _sett_status(actor, plan, IndividuellPlan.Status.AKTIV)


def _sjekk_aapen(plan: IndividuellPlan) -> None:
    if plan.status == IndividuellPlan.Status.AVSLUTTET:
        raise ValidationError(_("Planen er avsluttet. Gjenåpne den for å gjøre endringer."))


@transaction.atomic
def maal_lagre(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    maal: Maal | None = None,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Maal:
    """Add (with a submission token, once) or change a goal."""
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.MAAL)
    _sjekk_aapen(plan)
    if maal is not None:
        return lagre(sett_felter(maal, felter=MAALFELTER, data=felter), actor=actor)
    ny = sett_felter(Maal(plan=plan), felter=MAALFELTER, data=felter)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(ny, actor=actor))


@transaction.atomic
def deltaker_lagre(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    deltaker: Deltaker | None = None,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Deltaker:
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.DELTAKERE)
    _sjekk_aapen(plan)
    ny = deltaker is None
    deltaker = deltaker or Deltaker(plan=plan)
    sett_felter(deltaker, felter=DELTAKERFELTER, data=felter)
    if deltaker.parorende_id and deltaker.parorende.pasient_id != plan.pasient_id:
        raise ValidationError({"parorende": _("Velg en av pasientens pårørende.")})
    if not ny:
        return lagre(deltaker, actor=actor)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(deltaker, actor=actor))


@transaction.atomic
def deltaker_fjern(*, actor: AbstractBaseUser, deltaker: Deltaker) -> None:
    """Remove a participant; history keeps the row as it was. One who is responsible for a
    measure stays until the measure gets another responsible."""
    plan = deltaker.plan
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.DELTAKERE)
    _sjekk_aapen(plan)
    tiltak = list(deltaker.tiltak.values_list("beskrivelse", flat=True))
    if tiltak:
        raise ValidationError(
            _(
                "%(navn)s er ansvarlig for tiltaket «%(tiltak)s». Velg en annen ansvarlig for "
                "tiltaket før deltakeren fjernes."
            )
            % {"navn": deltaker.visningsnavn, "tiltak": "», «".join(tiltak)}
        )
    deltaker._history_user = actor
    deltaker.delete()


@transaction.atomic
def tiltak_lagre(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    tiltak: Tiltak | None = None,
    maal=None,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Tiltak:
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.TILTAK)
    _sjekk_aapen(plan)
    if tiltak is None:
        return en_gang(
            innsending_id,
            actor=actor,
            lag=lambda: _tiltak_lagre(actor, plan, Tiltak(plan=plan), maal, felter),
        )
    return _tiltak_lagre(actor, plan, tiltak, maal, felter)


def _tiltak_lagre(actor, plan: IndividuellPlan, tiltak: Tiltak, maal, felter: dict) -> Tiltak:
    sett_felter(tiltak, felter=TILTAKFELTER, data=felter)
    if tiltak.ansvarlig_id and tiltak.ansvarlig.plan_id != plan.pk:
        raise ValidationError({"ansvarlig": _("Den ansvarlige må være deltaker i planen.")})
    if maal is not None and any(m.plan_id != plan.pk for m in maal):
        raise ValidationError({"maal": _("Målene må høre til planen.")})
    if not (plan.periode_fra <= tiltak.fra <= plan.periode_til) or (
        tiltak.til and tiltak.til > plan.periode_til
    ):
        raise ValidationError({"fra": _("Tiltaket må ligge innenfor planperioden.")})
    tiltak = lagre(tiltak, actor=actor)
    if maal is not None:
        tiltak.maal.set(maal)
    return tiltak


@transaction.atomic
def samarbeid_lagre(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    samarbeid: Samarbeid | None = None,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Samarbeid:
    """Add (with a submission token, once) or change a cooperation with another service."""
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.SAMARBEID)
    _sjekk_aapen(plan)
    if samarbeid is not None:
        return lagre(sett_felter(samarbeid, felter=SAMARBEIDFELTER, data=felter), actor=actor)
    ny = sett_felter(Samarbeid(plan=plan), felter=SAMARBEIDFELTER, data=felter)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(ny, actor=actor))


@transaction.atomic
def evaluering_registrer(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    dato: date,
    samlet_vurdering: str,
    neste_evaluering: date,
    vurderinger: dict[int, tuple[str, str]],
    innsending_id: uuid.UUID | None = None,
) -> Evaluering:
    """Per goal: reached / partly / not reached with a comment; the plan's next evaluation date
    moves to `neste_evaluering`. A second submit of the same form returns the first evaluation."""
    sjekk_plantilgang(user=actor, plan=plan, del_=PlanDel.EVALUERING)
    return en_gang(
        innsending_id,
        actor=actor,
        lag=lambda: _evaluering_lag(
            actor, plan, dato, samlet_vurdering, neste_evaluering, vurderinger
        ),
    )


def _evaluering_lag(
    actor, plan, dato, samlet_vurdering, neste_evaluering, vurderinger
) -> Evaluering:
    _sjekk_aapen(plan)
    if dato > timezone.localdate():
        raise ValidationError({"dato": _("En evaluering kan ikke dateres fram i tid.")})
    maal = {m.pk: m for m in plan.maal.all()}
    if set(vurderinger) - set(maal):
        raise ValidationError(_("Vurderingene må gjelde planens mål."))
    evaluering = lagre(
        Evaluering(
            plan=plan,
            dato=dato,
            utfort_av=ansatt_for(actor),
            samlet_vurdering=samlet_vurdering,
            neste_evaluering=neste_evaluering,
        ),
        actor=actor,
    )
    for maal_id, (vurdering, kommentar) in vurderinger.items():
        lagre(
            Maalvurdering(
                evaluering=evaluering,
                maal=maal[maal_id],
                vurdering=vurdering,
                kommentar=kommentar,
            ),
            actor=actor,
        )
    plan.neste_evaluering = neste_evaluering
    lagre(plan, actor=actor)
    return evaluering


@transaction.atomic
def plan_publiser(
    *, actor: AbstractBaseUser, plan: IndividuellPlan, innsending_id: uuid.UUID | None = None
) -> PlanVersjon:
    """Freeze a numbered snapshot; its PDF is rendered once, after commit. A plan unchanged
    since its last version gets no new one."""
    sjekk_plantilgang(user=actor, plan=plan)
    plan = IndividuellPlan.objects.select_for_update().get(pk=plan.pk)
    _sjekk_aapen(plan)
    return en_gang(innsending_id, actor=actor, lag=lambda: _versjon_lag(actor, plan))


def _versjon_lag(actor, plan: IndividuellPlan) -> PlanVersjon:
    innhold = plan_innhold(plan)
    forrige = plan.versjoner.order_by("-nummer").first()
    # Compared as stored: the frozen content went through JSON (dates are strings there).
    if forrige and forrige.innhold == json.loads(json.dumps(innhold, cls=DjangoJSONEncoder)):
        raise ValidationError(
            _("Planen er ikke endret siden versjon %(n)s.") % {"n": forrige.nummer}
        )
    nummer = (plan.versjoner.aggregate(n=Max("nummer"))["n"] or 0) + 1
    versjon = PlanVersjon.objects.create(
        plan=plan, nummer=nummer, publisert_av=ansatt_for(actor), innhold=innhold
    )
    etter_commit("individuellplan.tasks.pdf_plan_versjon", versjon.pk)
    hendelser.plan_publisert.send(sender=PlanVersjon, instance=versjon, actor=actor)
    return versjon


@transaction.atomic
def utskrift_bestill(
    *,
    actor: AbstractBaseUser,
    plan: IndividuellPlan,
    deler,
    versjon: PlanVersjon | None = None,
    med_fodselsnummer: bool = False,
) -> PlanUtskrift:
    """A print of the plan or a version, limited to `deler`: parts the actor may read."""
    tilgang = sjekk_plantilgang(user=actor, plan=plan, redigere=False)
    if not set(deler) <= tilgang.deler:
        raise PermissionDenied
    if versjon is not None and versjon.plan_id != plan.pk:
        raise ValidationError(_("Versjonen hører ikke til planen."))
    utskrift = PlanUtskrift.objects.create(
        plan=plan,
        versjon=versjon,
        bestilt_av=ansatt_for(actor),
        med_fodselsnummer=med_fodselsnummer,
        plandeler=sorted(deler),
    )
    etter_commit("individuellplan.tasks.pdf_plan_utskrift", utskrift.pk)
    return utskrift


# --- The citizen's contributions (Min plan) ---------------------------------------------------

INNSPILL_MAKS = 2000


@dataclass(frozen=True)
class Forfatter:
    """Who writes in Min plan: their name, their role (Innspill.Rolle) and, for a
    representative, the minplan.Representasjon pk (None: the patient self). `actor` is the
    Django user the history records (Min plan's technical user)."""

    navn: str
    rolle: str
    representasjon_id: int | None
    actor: AbstractBaseUser


def _innspill_tekst(tekst: str) -> str:
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Skriv noe før du sender.")})
    if len(tekst) > INNSPILL_MAKS:
        raise ValidationError(
            {
                "tekst": _("Teksten er for lang. Du kan skrive opptil %(n)s tegn, du har %(har)s.")
                % {"n": INNSPILL_MAKS, "har": len(tekst)}
            }
        )
    return tekst


GJELDER_DEL = {
    Innspill.Gjelder.MAAL: (Maal, "maal"),
    Innspill.Gjelder.TILTAK: (Tiltak, "tiltak"),
    Innspill.Gjelder.EVALUERING: (Evaluering, "evaluering"),
}


def innspill_gjelder(versjon: PlanVersjon, gjelder: str, objekt_id: int) -> dict | None:
    """The goal, measure or evaluation with this id in the published version, or None."""
    if gjelder == Innspill.Gjelder.MAAL:
        rader = (versjon.innhold.get(PlanDel.MAAL) or {}).get("maal") or []
    elif gjelder == Innspill.Gjelder.TILTAK:
        rader = versjon.innhold.get(PlanDel.TILTAK) or []
    elif gjelder == Innspill.Gjelder.EVALUERING:
        rader = versjon.innhold.get(PlanDel.EVALUERING) or []
    else:
        return None
    return next((r for r in rader if r.get("id") == objekt_id), None)


def _gjelder_tekst(gjelder: str, rad: dict) -> str:
    if gjelder == Innspill.Gjelder.EVALUERING:
        return f"{rad.get('dato') or ''}: {rad.get('samlet_vurdering') or ''}"[:300]
    return (rad.get("tekst") or rad.get("beskrivelse") or "")[:300]


@transaction.atomic
def innspill_skriv(
    *,
    forfatter: Forfatter,
    versjon: PlanVersjon,
    art: str,
    tekst: str,
    gjelder: str = "",
    objekt_id: int | None = None,
    innsending_id: uuid.UUID | None = None,
) -> Innspill:
    """A goal in the citizen's own words, or a comment on a goal, measure or evaluation of the
    published version they read. The same submission token again returns the first row. The
    caller (Min plan) has checked that the citizen may write for this patient."""
    plan = versjon.plan
    if innsending_id is not None:
        forrige = Innspill.objects.filter(innsending_id=innsending_id).first()
        if forrige is not None:
            if forrige.plan_id != plan.pk or forrige.representasjon_id != (
                forfatter.representasjon_id
            ):
                raise ValidationError(
                    _("Skjemaet kan ikke sendes igjen. Last siden på nytt og prøv igjen.")
                )
            return forrige
    _sjekk_aapen(plan)
    innspill = Innspill(
        plan=plan,
        versjon=versjon,
        art=art,
        tekst=_innspill_tekst(tekst),
        skrevet_av_navn=forfatter.navn,
        skrevet_av_rolle=forfatter.rolle,
        representasjon_id=forfatter.representasjon_id,
        innsending_id=innsending_id,
    )
    if art == Innspill.Art.KOMMENTAR:
        rad = innspill_gjelder(versjon, gjelder, objekt_id) if objekt_id else None
        if rad is None:
            raise ValidationError(_("Det du vil kommentere, finnes ikke i planen."))
        modell, felt = GJELDER_DEL[gjelder]
        innspill.gjelder = gjelder
        innspill.gjelder_tekst = _gjelder_tekst(gjelder, rad)
        setattr(innspill, felt, modell.objects.filter(pk=objekt_id, plan=plan).first())
    elif art != Innspill.Art.MAAL:
        raise ValidationError(_("Ukjent type innspill."))
    try:
        with transaction.atomic():
            return lagre(innspill, actor=forfatter.actor)
    except ValidationError:
        if innsending_id is not None:
            forrige = Innspill.objects.filter(innsending_id=innsending_id, plan=plan).first()
            if forrige is not None:  # a double submit that raced the first
                return forrige
        raise


def _egen(innspill: Innspill, forfatter: Forfatter) -> Innspill:
    innspill = Innspill.objects.select_for_update().get(pk=innspill.pk)
    if innspill.representasjon_id != forfatter.representasjon_id:
        raise PermissionDenied
    if not innspill.kan_endres:
        raise ValidationError(
            _("Koordinatoren har allerede behandlet dette innspillet. Det kan ikke endres.")
        )
    return innspill


@transaction.atomic
def innspill_endre(*, forfatter: Forfatter, innspill: Innspill, tekst: str) -> Innspill:
    """The citizen changes their own contribution, until the koordinator has dealt with it."""
    innspill = _egen(innspill, forfatter)
    innspill.tekst = _innspill_tekst(tekst)
    innspill.endret = timezone.now()
    return lagre(innspill, actor=forfatter.actor)


@transaction.atomic
def innspill_trekk(*, forfatter: Forfatter, innspill: Innspill) -> Innspill:
    """The citizen withdraws their own contribution; the history keeps it."""
    innspill = _egen(innspill, forfatter)
    innspill.status = Innspill.Status.TRUKKET
    innspill.endret = timezone.now()
    return lagre(innspill, actor=forfatter.actor)


def _til_behandling(actor, innspill: Innspill) -> Innspill | None:
    """The contribution locked, or None if it was dealt with already (a double click)."""
    sjekk_plantilgang(user=actor, plan=innspill.plan)
    innspill = Innspill.objects.select_for_update().select_related("plan").get(pk=innspill.pk)
    if innspill.status == Innspill.Status.TRUKKET:
        raise ValidationError(_("Innspillet er trukket tilbake."))
    if innspill.status != Innspill.Status.NY:
        return None
    _sjekk_aapen(innspill.plan)
    return innspill


@transaction.atomic
def innspill_ta_inn(*, actor: AbstractBaseUser, innspill: Innspill) -> Innspill:
    """Put the citizen's words, unchanged, into the plan (the draft the next version is
    published from): a goal marked as the patient's own words, or the comment on the goal,
    measure or evaluation it is about."""
    behandles = _til_behandling(actor, innspill)
    if behandles is None:
        return Innspill.objects.get(pk=innspill.pk)
    innspill = behandles
    plan = innspill.plan
    if innspill.art == Innspill.Art.MAAL:
        neste = (plan.maal.aggregate(n=Max("rekkefolge"))["n"] or 0) + 1
        innspill.nytt_maal = lagre(
            Maal(plan=plan, tekst=innspill.tekst, egne_ord=True, rekkefolge=neste), actor=actor
        )
    elif not (innspill.maal_id or innspill.tiltak_id or innspill.evaluering_id):
        raise ValidationError(
            _("Det kommentaren gjelder, er fjernet fra planen. Velg «Ikke ta inn» med en grunn.")
        )
    innspill.status = Innspill.Status.TATT_INN
    innspill.behandlet_av = ansatt_for(actor)
    innspill.behandlet = timezone.now()
    return lagre(innspill, actor=actor)


@transaction.atomic
def innspill_avvis(*, actor: AbstractBaseUser, innspill: Innspill, begrunnelse: str) -> Innspill:
    """«Ikke ta inn», with a short reason the citizen sees."""
    begrunnelse = (begrunnelse or "").strip()
    if not begrunnelse:
        raise ValidationError({"begrunnelse": _("Skriv kort hvorfor innspillet ikke tas inn.")})
    if len(begrunnelse) > 500:
        raise ValidationError({"begrunnelse": _("Skriv kortere: høyst 500 tegn.")})
    behandles = _til_behandling(actor, innspill)
    if behandles is None:
        return Innspill.objects.get(pk=innspill.pk)
    innspill = behandles
    innspill.status = Innspill.Status.IKKE_TATT_INN
    innspill.begrunnelse = begrunnelse
    innspill.behandlet_av = ansatt_for(actor)
    innspill.behandlet = timezone.now()
    return lagre(innspill, actor=actor)


# --- PDFs, rendered by the tasks ---------------------------------------------------------------


def plan_versjon_pdf_lag(*, versjon_id: int) -> bool:
    """Render a published version once and store it with the version."""
    versjon = utskrift_lag(
        queryset=PlanVersjon.objects.all(),
        pk=versjon_id,
        filfelt="pdf",
        er_laget=lambda v: bool(v.pdf),
        lag_pdf=lambda v: pdf.render_plan_pdf(innhold=v.innhold, versjon=v.nummer),
        filnavn=lambda v: f"plan-{v.plan_id}-v{v.nummer}.pdf",
    )
    return versjon is not None


def plan_utskrift_pdf_lag(*, utskrift_id: int) -> bool:
    """Render a requested print once: the current plan or a version, limited to the parts
    stored with the order. A render failure marks the print failed."""
    utskrift = utskrift_lag(
        queryset=PlanUtskrift.objects.select_related(
            "plan__pasient", "plan__eier", "plan__eier_enhet", "versjon"
        ),
        pk=utskrift_id,
        filfelt="fil",
        er_laget=lambda u: u.status == PlanUtskrift.Status.FERDIG and bool(u.fil),
        lag_pdf=_utskrift_pdf,
        filnavn=lambda u: f"plan-{u.plan_id}-utskrift-{u.pk}.pdf",
        ferdig=_utskrift_ferdig,
        feilet=_utskrift_feilet,
    )
    return utskrift is not None


def _utskrift_pdf(utskrift: PlanUtskrift) -> bytes:
    plan, versjon = utskrift.plan, utskrift.versjon
    innhold = versjon.innhold if versjon else plan_innhold(plan)
    return pdf.render_plan_pdf(
        innhold=filtrert_innhold(innhold, utskrift.plandeler),
        versjon=versjon.nummer if versjon else None,
        fodselsnummer=plan.pasient.fodselsnummer if utskrift.med_fodselsnummer else None,
    )


def _utskrift_ferdig(utskrift: PlanUtskrift) -> list[str]:
    utskrift.status = PlanUtskrift.Status.FERDIG
    utskrift.ferdig = timezone.now()
    return ["status", "ferdig"]


def _utskrift_feilet(utskrift: PlanUtskrift) -> list[str]:
    utskrift.status = PlanUtskrift.Status.FEILET
    return ["status"]
