"""Plan screens. Sections are edited in place with htmx, and every form also works as a full
page without JavaScript. Every object is reached through `plan_for`, which answers 404 when
the plan, or the part of it, is not shared with the user."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from felles.forms import feil_til_skjema
from felles.innsending import innsending_fra
from individuellplan import selectors, services
from individuellplan.forms import (
    AvsluttPlanForm,
    DeltakerForm,
    EvalueringForm,
    IkkeTaInnForm,
    MaalForm,
    PlanForm,
    PlanOpprettForm,
    SamarbeidForm,
    TiltakForm,
    UtskriftForm,
)
from individuellplan.models import (
    Deltaker,
    Innspill,
    Maal,
    PlanUtskrift,
    PlanVersjon,
    Samarbeid,
    Tiltak,
)
from individuellplan.permissions import har_gyldig_samtykke_til_plan, plan_for, planeier
from koordinering.models import PlanDel
from koordinering.permissions import pasient_for_redigering
from koordinering.views import ansatt_paakrevd, logg_visning


def _logg(request, plan, grunnlag: str, dokument: str) -> None:
    logg_visning(request, [(plan.pasient_id, grunnlag)], dokument)


def _planside_context(request, plan, tilgang) -> dict:
    return {
        "s": selectors.planside(plan=plan, tilgang=tilgang, user=request.user),
        "plan": plan,
        "tilgang": tilgang,
        "deler": PlanDel,
        "utskrift_form": UtskriftForm(),
        "innsending_id": uuid.uuid4(),
    }


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def plan_opprett(request, pasient_id: int):
    pasient = pasient_for_redigering(user=request.user, pasient_id=pasient_id)
    form = PlanOpprettForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_opprett(actor=request.user, pasient=pasient, **form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Planen er opprettet som utkast. Legg inn mål og tiltak."))
            return redirect("individuellplan:plan-detalj", pk=plan.pk)
    logg_visning(request, [(pasient.pk, pasient.tilgangsgrunnlag)], _("Ny plan"))
    return render(
        request,
        "individuellplan/plan_opprett.html",
        {
            "form": form,
            "pasient": pasient,
            "har_samtykke": har_gyldig_samtykke_til_plan(pasient),
            "eier": planeier(pasient),
        },
    )


@ansatt_paakrevd
def plan_detalj(request, pk: int):
    plan, tilgang = plan_for(user=request.user, plan_id=pk)
    _logg(request, plan, tilgang.grunnlag, _("Individuell plan"))
    return render(
        request, "individuellplan/plan_detalj.html", _planside_context(request, plan, tilgang)
    )


def _planskjema(request, plan, tilgang, *, form, lagre, tittel: str, suksess: str, anker=""):
    """A full-page form about the plan that calls one service with the cleaned data."""
    if request.method == "POST" and form.is_valid():
        try:
            lagre(form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, suksess)
            return redirect(reverse("individuellplan:plan-detalj", args=[plan.pk]) + anker)
    _logg(request, plan, tilgang.grunnlag, tittel)
    return render(
        request, "individuellplan/skjema_side.html", {"form": form, "plan": plan, "tittel": tittel}
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def plan_endre(request, pk: int):
    plan, tilgang = plan_for(user=request.user, plan_id=pk, redigere=True)
    return _planskjema(
        request,
        plan,
        tilgang,
        form=PlanForm(request.POST or None, instance=plan),
        lagre=lambda d: services.plan_oppdater(
            actor=request.user, plan=plan, **{f: d[f] for f in PlanForm.Meta.fields}
        ),
        tittel=_("Planperiode, evaluering, ressurser og behov"),
        suksess=_("Planen er oppdatert."),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def plan_avslutt(request, pk: int):
    plan, tilgang = plan_for(user=request.user, plan_id=pk, redigere=True)
    return _planskjema(
        request,
        plan,
        tilgang,
        form=AvsluttPlanForm(request.POST or None),
        lagre=lambda d: services.plan_avslutt(actor=request.user, plan=plan, grunn=d["grunn"]),
        tittel=_("Avslutt planen"),
        suksess=_("Planen er avsluttet."),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def evaluering_ny(request, pk: int):
    plan, tilgang = plan_for(user=request.user, plan_id=pk, del_=PlanDel.EVALUERING, redigere=True)
    form = EvalueringForm(request.POST or None, plan=plan)
    return _planskjema(
        request,
        plan,
        tilgang,
        form=form,
        lagre=lambda d: services.evaluering_registrer(
            actor=request.user,
            plan=plan,
            dato=d["dato"],
            samlet_vurdering=d["samlet_vurdering"],
            neste_evaluering=d["neste_evaluering"],
            vurderinger=form.vurderinger(),
            innsending_id=d["innsending_id"],
        ),
        tittel=_("Evaluer planen"),
        suksess=_("Evalueringen er registrert."),
        anker="#evaluering",
    )


# --- sections edited in place -----------------------------------------------------------------


@dataclass(frozen=True)
class Seksjon:
    del_: str
    modell: Any
    form: Any
    service: Any
    objekt_kw: str
    tittel_ny: str
    tittel_endre: str
    m2m: tuple[str, ...] = ()


SEKSJONER = {
    "maal": Seksjon(
        PlanDel.MAAL, Maal, MaalForm, services.maal_lagre, "maal", _("Nytt mål"), _("Endre mål")
    ),
    "deltakere": Seksjon(
        PlanDel.DELTAKERE,
        Deltaker,
        DeltakerForm,
        services.deltaker_lagre,
        "deltaker",
        _("Ny deltaker"),
        _("Endre deltaker"),
    ),
    "tiltak": Seksjon(
        PlanDel.TILTAK,
        Tiltak,
        TiltakForm,
        services.tiltak_lagre,
        "tiltak",
        _("Nytt tiltak"),
        _("Endre tiltak"),
        m2m=("maal",),
    ),
    "samarbeid": Seksjon(
        PlanDel.SAMARBEID,
        Samarbeid,
        SamarbeidForm,
        services.samarbeid_lagre,
        "samarbeid",
        _("Nytt samarbeid"),
        _("Endre samarbeid"),
    ),
}


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def seksjon_skjema(request, pk: int, seksjon: str, objekt_id: int | None = None):
    """Add or change one item in a section. With htmx the form replaces the section's form
    slot and a successful save returns the updated section; without, full pages."""
    cfg = SEKSJONER.get(seksjon)
    if cfg is None:
        raise Http404
    plan, tilgang = plan_for(user=request.user, plan_id=pk, del_=cfg.del_, redigere=True)
    objekt = get_object_or_404(cfg.modell, pk=objekt_id, plan=plan) if objekt_id else None
    # Each section's form has its own ids: two forms open on the plan page never share one.
    form = cfg.form(request.POST or None, instance=objekt, plan=plan, auto_id=f"id_{seksjon}_%s")
    if "maal" in form.fields and not tilgang.ser(PlanDel.MAAL):
        del form.fields["maal"]  # the goals are not shared with this reader; links are kept
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields if f in form.cleaned_data}
        if objekt is None and "innsending_id" in form.fields:
            data["innsending_id"] = form.cleaned_data["innsending_id"]
        try:
            cfg.service(actor=request.user, plan=plan, **{cfg.objekt_kw: objekt}, **data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            _logg(request, plan, tilgang.grunnlag, _("Individuell plan"))
            if request.htmx:
                return render(
                    request,
                    f"individuellplan/plan_detalj.html#{seksjon}",
                    _planside_context(request, plan, tilgang),
                )
            messages.success(request, _("Lagret."))
            return redirect(reverse("individuellplan:plan-detalj", args=[plan.pk]) + f"#{seksjon}")
    _logg(request, plan, tilgang.grunnlag, _("Individuell plan"))
    context = {
        "form": form,
        "plan": plan,
        "seksjon": seksjon,
        "tittel": cfg.tittel_endre if objekt else cfg.tittel_ny,
        "handling": request.path,
    }
    if request.htmx:
        response = render(request, "individuellplan/_seksjon_skjema.html", context)
        if request.method == "POST":
            response = reswap(retarget(response, f"#{seksjon}-skjema"), "innerHTML")
        return response
    return render(request, "individuellplan/skjema_side.html", context)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def deltaker_fjern(request, pk: int, objekt_id: int):
    """Confirm, then remove a participant (history keeps it)."""
    plan, tilgang = plan_for(user=request.user, plan_id=pk, del_=PlanDel.DELTAKERE, redigere=True)
    deltaker = get_object_or_404(Deltaker, pk=objekt_id, plan=plan)
    tilbake = reverse("individuellplan:plan-detalj", args=[plan.pk]) + "#deltakere"
    feil = None
    if request.method == "POST":
        try:
            services.deltaker_fjern(actor=request.user, deltaker=deltaker)
        except ValidationError as e:
            feil = " ".join(e.messages)
        else:
            messages.success(request, _("Deltakeren er fjernet fra planen."))
            return redirect(tilbake)
    _logg(request, plan, tilgang.grunnlag, _("Individuell plan"))
    return render(
        request,
        "felles/bekreft.html",
        {
            "tittel": _("Fjern deltaker"),
            "tekst": _("Vil du fjerne %(navn)s fra planen? Historikken beholdes.")
            % {"navn": deltaker.visningsnavn},
            "knapp": _("Fjern deltakeren"),
            "feil": feil,
            "tilbake_url": tilbake,
            "tilbake_tekst": _("Individuell plan for %(navn)s") % {"navn": plan.pasient.navn},
        },
        status=400 if feil else 200,
    )


# --- status, evaluation, versions, printing --------------------------------------------------


def _statushandling(request, pk: int, handling, melding: str):
    plan, _tilgang = plan_for(user=request.user, plan_id=pk, redigere=True)
    try:
        handling(actor=request.user, plan=plan)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, melding)
    return redirect("individuellplan:plan-detalj", pk=plan.pk)


@ansatt_paakrevd
@require_POST
def plan_aktiver(request, pk: int):
    return _statushandling(request, pk, services.plan_aktiver, _("Planen er tatt i bruk."))


@ansatt_paakrevd
@require_POST
def plan_gjenaapne(request, pk: int):
    return _statushandling(
        request, pk, services.plan_gjenaapne, _("Planen er gjenåpnet. Historikken er beholdt.")
    )


@ansatt_paakrevd
@require_POST
def plan_publiser(request, pk: int):
    plan, _tilgang = plan_for(user=request.user, plan_id=pk, redigere=True)
    try:
        versjon = services.plan_publiser(
            actor=request.user, plan=plan, innsending_id=innsending_fra(request)
        )
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Versjon %(n)s er publisert. PDF-en er bestilt og lages så snart som mulig.")
            % {"n": versjon.nummer},
        )
    return redirect("individuellplan:plan-detalj", pk=plan.pk)


# --- the citizen's contributions from Min plan -------------------------------------------------


def _innspill_for(request, pk: int, innspill_id: int):
    """The plan (for someone who may edit all of it) and one of its contributions, or 404."""
    plan, tilgang = plan_for(user=request.user, plan_id=pk, redigere=True)
    innspill = get_object_or_404(
        Innspill.objects.exclude(status=Innspill.Status.TRUKKET), pk=innspill_id, plan=plan
    )
    innspill.plan = plan
    return plan, tilgang, innspill


@ansatt_paakrevd
@require_POST
def innspill_ta_inn(request, pk: int, innspill_id: int):
    plan, _tilgang, innspill = _innspill_for(request, pk, innspill_id)
    try:
        innspill = services.innspill_ta_inn(actor=request.user, innspill=innspill)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Innspillet er tatt inn i planen med pasientens egne ord. Publiser en ny versjon "
              "når du er klar, så ser pasienten det i Min plan."),
        )  # fmt: skip
    return redirect(f"{reverse('individuellplan:plan-detalj', args=[plan.pk])}#innspill")


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def innspill_ikke_ta_inn(request, pk: int, innspill_id: int):
    plan, tilgang, innspill = _innspill_for(request, pk, innspill_id)
    form = IkkeTaInnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.innspill_avvis(
                actor=request.user, innspill=innspill, begrunnelse=form.cleaned_data["begrunnelse"]
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Innspillet er ikke tatt inn. Pasienten ser grunnen."))
            return redirect(f"{reverse('individuellplan:plan-detalj', args=[plan.pk])}#innspill")
    _logg(request, plan, tilgang.grunnlag, _("Innspill fra Min plan"))
    return render(
        request,
        "individuellplan/innspill_ikke_ta_inn.html",
        {"plan": plan, "innspill": innspill, "form": form},
        status=400 if form.errors else 200,
    )


@ansatt_paakrevd
def versjon_detalj(request, pk: int, nummer: int):
    """A published version and what has changed in the plan since."""
    plan, tilgang = plan_for(user=request.user, plan_id=pk)
    versjon = get_object_or_404(
        PlanVersjon.objects.select_related("publisert_av__bruker"), plan=plan, nummer=nummer
    )
    _logg(request, plan, tilgang.grunnlag, _("Plan, versjon %(n)s") % {"n": nummer})
    return render(
        request,
        "individuellplan/versjon_detalj.html",
        {
            "plan": plan,
            "versjon": versjon,
            "tilgang": tilgang,
            "deler": PlanDel,
            "endringer": selectors.endringer_siden(versjon=versjon, plan=plan, deler=tilgang.deler),
        },
    )


@ansatt_paakrevd
@require_POST
def utskrift_bestill(request, pk: int):
    """Ask for a PDF; it is rendered by a worker, and the page shows it being made."""
    plan, tilgang = plan_for(user=request.user, plan_id=pk)
    nummer = request.POST.get("versjon")
    versjon = get_object_or_404(PlanVersjon, plan=plan, nummer=nummer) if nummer else None
    form = UtskriftForm(request.POST)
    form.is_valid()
    utskrift = services.utskrift_bestill(
        actor=request.user,
        plan=plan,
        versjon=versjon,
        deler=tilgang.deler,
        med_fodselsnummer=form.cleaned_data.get("med_fodselsnummer", False),
    )
    if request.htmx:
        return render(request, "individuellplan/_utskrift.html", {"u": utskrift, "plan": plan})
    messages.info(
        request,
        _(
            "Utskriften er bestilt og lages så snart som mulig. "
            "Den dukker opp under «Utskrifter» når den er klar."
        ),
    )
    return redirect(reverse("individuellplan:plan-detalj", args=[plan.pk]) + "#utskrifter")


@ansatt_paakrevd
def utskrift_status(request, pk: int, utskrift_id: int):
    plan, _tilgang = plan_for(user=request.user, plan_id=pk)
    utskrift = get_object_or_404(
        PlanUtskrift, pk=utskrift_id, plan=plan, bestilt_av__bruker=request.user
    )
    return render(request, "individuellplan/_utskrift.html", {"u": utskrift, "plan": plan})


@ansatt_paakrevd
def utskrift_last_ned(request, pk: int, utskrift_id: int):
    plan, tilgang = plan_for(user=request.user, plan_id=pk)
    utskrift = get_object_or_404(
        PlanUtskrift,
        pk=utskrift_id,
        plan=plan,
        bestilt_av__bruker=request.user,
        status=PlanUtskrift.Status.FERDIG,
    )
    _logg(request, plan, tilgang.grunnlag, _("Plan som PDF"))
    return FileResponse(
        utskrift.fil.open("rb"),
        as_attachment=True,
        filename=f"individuell-plan-{plan.pk}.pdf",
        content_type="application/pdf",
    )


@ansatt_paakrevd
def versjon_last_ned(request, pk: int, nummer: int):
    """The stored PDF of a published version, for readers who may see the whole plan."""
    plan, tilgang = plan_for(user=request.user, plan_id=pk)
    if set(tilgang.deler) != set(PlanDel.values):
        raise Http404
    versjon = get_object_or_404(PlanVersjon, plan=plan, nummer=nummer)
    if not versjon.pdf:
        raise Http404
    _logg(request, plan, tilgang.grunnlag, _("Plan, versjon %(n)s, som PDF") % {"n": nummer})
    return FileResponse(
        versjon.pdf.open("rb"),
        as_attachment=True,
        filename=f"individuell-plan-{plan.pk}-versjon-{nummer}.pdf",
        content_type="application/pdf",
    )
