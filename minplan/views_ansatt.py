"""Staff screens for Min plan's mandates (Representasjon): who may act for the patient as a
parent, a guardian (verge) or by power of attorney (fullmakt). Staff login, outside /min/
(the citizen middleware answers 404 to a citizen there); the patient page's «Samtykker og
pårørende» links here. The patient as in the patient page: one who cannot see the patient
gets 404, and only one who may change the patient records or ends a mandate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from felles.forms import feil_til_skjema
from koordinering import permissions
from koordinering.arbeidsrolle import ansatt_paakrevd
from koordinering.models import Pasient
from koordinering.tilgangslogg import logg_visning
from minplan import services
from minplan.forms import RepresentasjonAnsattForm, RepresentasjonAvsluttForm
from minplan.models import Representasjon


def _synlig_pasient(request, pk: int) -> Pasient:
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pk).first()
    if pasient is None:
        raise Http404
    return pasient


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def representasjon_liste(request, pk: int):
    pasient = _synlig_pasient(request, pk)
    kan_redigere = permissions.kan_redigere_pasient(user=request.user, pasient=pasient)
    form = RepresentasjonAnsattForm(
        request.POST if request.method == "POST" else None,
        instance=Representasjon(pasient=pasient),
    )
    if request.method == "POST":
        if not kan_redigere:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.representasjon_opprett(actor=request.user, pasient=pasient, **data)
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Representasjonen er registrert."))
                return redirect("representasjon:liste", pk=pasient.pk)
    representasjoner = list(
        Representasjon.objects.filter(pasient=pasient)
        .select_related("registrert_av__bruker")
        .order_by("-gyldig_fra", "-pk")
    )
    logg_visning(
        request,
        [(pasient.pk, pasient.tilgangsgrunnlag)],
        _("Representasjoner i Min plan"),
    )
    return render(
        request,
        "minplan/representasjon_liste.html",
        {
            "pasient": pasient,
            "representasjoner": representasjoner,
            "form": form if kan_redigere else None,
            "kan_redigere": kan_redigere,
            "idag": timezone.localdate(),
        },
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def representasjon_avslutt(request, pk: int):
    rep = Representasjon.objects.select_related("pasient").filter(pk=pk).first()
    if rep is None:
        raise Http404
    pasient = _synlig_pasient(request, rep.pasient_id)
    if not permissions.kan_redigere_pasient(user=request.user, pasient=pasient):
        raise Http404
    form = RepresentasjonAvsluttForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representasjon_avslutt(
                actor=request.user, representasjon=rep, gyldig_til=form.cleaned_data["gyldig_til"]
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Mandatet er avsluttet."))
            return redirect("representasjon:liste", pk=pasient.pk)
    logg_visning(
        request,
        [(pasient.pk, pasient.tilgangsgrunnlag)],
        _("Avslutt representasjon i Min plan"),
        objekt=rep,
    )
    return render(
        request,
        "minplan/representasjon_avslutt.html",
        {"pasient": pasient, "rep": rep, "form": form},
    )
