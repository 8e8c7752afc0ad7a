"""The KE's page on one patient's access: blocks at the patient's request (sperring) and the
patient's right of access to the log (innsyn, pjl § 18) as PDF and CSV."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from felles.forms import feil_til_skjema
from felles.pdf import mal_til_pdf
from koordinering import permissions
from koordinering.arbeidsrolle import ansatt_paakrevd
from koordinering.models import Ansatt, Enhet, Innsynshenvendelse, Pasient, Sperring
from koordinering.selectors import innsyn_rader
from koordinering.sperring import sperring_opphev, sperring_opprett
from koordinering.tilgangslogg import logg_pasienter


class SperringForm(forms.Form):
    ansatt = forms.ModelChoiceField(
        label=gettext_lazy("Ansatt som skal sperres"),
        queryset=Ansatt.objects.select_related("bruker", "organisasjon").order_by(
            "organisasjon__navn", "bruker__last_name", "bruker__first_name"
        ),
        required=False,
    )
    enhet = forms.ModelChoiceField(
        label=gettext_lazy("Eller en hel enhet"),
        queryset=Enhet.objects.select_related("organisasjon").order_by(
            "organisasjon__navn", "navn"
        ),
        required=False,
    )
    begrunnelse = forms.CharField(
        label=gettext_lazy("Pasientens ønske"),
        help_text=gettext_lazy(
            "Når og hvordan pasienten ba om sperringen. Ikke helseopplysninger."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("ansatt")) == bool(data.get("enhet")):
            raise ValidationError(_("Velg enten én ansatt eller én enhet som skal sperres."))
        return data


class OpphevForm(forms.Form):
    grunn = forms.CharField(
        label=gettext_lazy("Hvorfor oppheves sperringen?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _pasient_for_ke(request, pk: int) -> Pasient:
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pk).first()
    if pasient is None or not permissions.kan_forvalte_sperringer(
        user=request.user, pasient=pasient
    ):
        raise Http404
    return pasient


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def pasient_tilgang(request, pk: int):
    pasient = _pasient_for_ke(request, pk)
    form = SperringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sperring_opprett(actor=request.user, pasient=pasient, **form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Sperringen er registrert og gjelder fra nå."))
            return redirect("koordinering:pasient-tilgang", pk=pasient.pk)
    logg_pasienter(request, [pasient.pk], _("Pasientens tilganger og sperringer"))
    sperringer = Sperring.objects.filter(pasient=pasient).select_related(
        "ansatt__bruker", "enhet", "opprettet_av__bruker", "opphevet_av__bruker"
    )
    return render(
        request,
        "koordinering/pasient_tilgang.html",
        {
            "pasient": pasient,
            "form": form,
            "sperringer": sperringer,
            # The requests to this KE's organisation: another organisation's KE, who may
            # also manage the patient's blocks, does not read what was asked of this one.
            "henvendelser": Innsynshenvendelse.objects.filter(
                pasient=pasient, organisasjon_id=request.user.ansatt.organisasjon_id
            ).select_related("tilgangslogg", "organisasjon")[:50],
            "opphev_form": OpphevForm(),
        },
        status=400 if form.errors else 200,
    )


@ansatt_paakrevd
@require_POST
def sperring_opphev_view(request, pk: int):
    sperring = get_object_or_404(Sperring.objects.select_related("pasient"), pk=pk)
    pasient = _pasient_for_ke(request, sperring.pasient_id)
    form = OpphevForm(request.POST)
    if form.is_valid():
        try:
            sperring_opphev(actor=request.user, sperring=sperring, grunn=form.cleaned_data["grunn"])
        except ValidationError as feil:
            messages.error(request, " ".join(feil.messages))
        else:
            messages.success(request, _("Sperringen er opphevet."))
    else:
        messages.error(request, _("Skriv hvorfor sperringen oppheves."))
    return redirect("koordinering:pasient-tilgang", pk=pasient.pk)


def _innsyn_tabell(pasient: Pasient) -> list[list[str]]:
    rader = []
    for r in innsyn_rader(pasient):
        rader.append(
            [
                f"{timezone.localtime(r.tidspunkt):%d.%m.%Y %H:%M}",
                r.brukernavn,
                r.hpr_nummer,
                r.rolle,
                str(r.organisasjon or ""),
                r.get_handling_display(),
                r.dokument,
                r.get_grunnlag_display() if r.grunnlag else "",
            ]
        )
    return rader


INNSYN_KOLONNER = [
    gettext_lazy("Tidspunkt"),
    gettext_lazy("Navn"),
    gettext_lazy("HPR-nummer"),
    gettext_lazy("Rolle"),
    gettext_lazy("Organisasjon"),
    gettext_lazy("Handling"),
    gettext_lazy("Hva"),
    gettext_lazy("Hvorfor (grunnlag)"),
]


@ansatt_paakrevd
def innsyn_csv(request, pk: int):
    pasient = _pasient_for_ke(request, pk)
    tabell = _innsyn_tabell(pasient)
    logg_pasienter(request, [pasient.pk], _("Innsyn i tilgangsloggen (CSV)"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innsyn-tilgangslogg-{pasient.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    skriver = csv.writer(response, delimiter=";")
    skriver.writerow([str(k) for k in INNSYN_KOLONNER])
    skriver.writerows(tabell)
    return response


@ansatt_paakrevd
def innsyn_pdf(request, pk: int):
    pasient = _pasient_for_ke(request, pk)
    tabell = _innsyn_tabell(pasient)
    logg_pasienter(request, [pasient.pk], _("Innsyn i tilgangsloggen (PDF)"))
    pdf = mal_til_pdf(
        "koordinering/innsyn_tilgangslogg_pdf.html",
        {
            "pasient": pasient,
            "kolonner": INNSYN_KOLONNER,
            "tabell": tabell,
            "laget": timezone.now(),
        },
        tittel=_("Hvem har sett opplysningene dine"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="innsyn-tilgangslogg-{pasient.pk}.pdf"'
    return response
