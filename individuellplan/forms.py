from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.forms import DesignsystemSkjema
from felles.innsending import InnsendingSkjema
from individuellplan.models import (
    Deltaker,
    IndividuellPlan,
    Maal,
    Maalvurdering,
    Samarbeid,
    Tiltak,
)
from koordinering.models import Ansatt, Tilknytning


class PlanForm(DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = IndividuellPlan
        fields = [
            "periode_fra",
            "periode_til",
            "neste_evaluering",
            "revisjon",
            "ressurser",
            "behov",
        ]
        widgets = {
            "ressurser": forms.Textarea(attrs={"rows": 4}),
            "behov": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        fra, til = data.get("periode_fra"), data.get("periode_til")
        if fra and til and til < fra:
            self.add_error("periode_til", _("Planperioden kan ikke slutte før den begynner."))
        neste = data.get("neste_evaluering")
        if fra and til and neste and not (fra <= neste <= til):
            self.add_error("neste_evaluering", _("Evalueringen må ligge innenfor planperioden."))
        return data


class PlanOpprettForm(InnsendingSkjema, PlanForm):
    class Meta(PlanForm.Meta):
        fields = ["periode_fra", "periode_til", "neste_evaluering", "ressurser", "behov"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        idag = timezone.localdate()
        self.fields["periode_fra"].initial = idag
        self.fields["periode_til"].initial = idag + timedelta(days=365)
        self.fields["neste_evaluering"].initial = idag + timedelta(days=90)


class MaalForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Maal
        fields = ["tekst", "hovedmaal", "status", "maldato"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        hovedmaal = plan.maal.filter(hovedmaal=None)
        if self.instance.pk:
            hovedmaal = hovedmaal.exclude(pk=self.instance.pk)
        self.fields["hovedmaal"].queryset = hovedmaal
        self.fields["hovedmaal"].empty_label = _("– Dette er et hovedmål –")
        self.fields["hovedmaal"].required = False
        self.instance.plan = plan


class DeltakerForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Deltaker
        fields = ["type", "ansatt", "parorende", "navn", "organisasjon", "rolle", "bidrag"]
        widgets = {"type": forms.RadioSelect, "bidrag": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "navn": _("For eksterne deltakere."),
            "organisasjon": _("For eksterne deltakere, for eksempel «NAV Fjordvik»."),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff who work with the patient: appointed people, and the owner's connected units.
        self.fields["ansatt"].queryset = (
            Ansatt.objects.filter(
                Q(oppnevninger__pasient=plan.pasient, oppnevninger__sluttdato=None)
                | Q(
                    organisasjon=plan.eier,
                    enheter__tilknytninger__in=Tilknytning.objects.aktive().filter(
                        pasient=plan.pasient
                    ),
                )
            )
            .select_related("bruker", "organisasjon")
            .distinct()
        )
        self.fields["ansatt"].label_from_instance = lambda a: f"{a} ({a.organisasjon})"
        self.fields["parorende"].queryset = plan.pasient.parorende.all()
        self.instance.plan = plan


class TiltakForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Tiltak
        fields = [
            "beskrivelse",
            "omfang",
            "ansvarlig",
            "ansvarlig_tjeneste",
            "gjennomforing",
            "fra",
            "til",
            "maal",
            "status",
        ]
        widgets = {
            "gjennomforing": forms.Textarea(attrs={"rows": 3}),
            "maal": forms.CheckboxSelectMultiple,
        }
        help_texts = {"maal": _("Hvilke mål tiltaket skal hjelpe pasienten å nå.")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansvarlig"].queryset = plan.deltakere.select_related(
            "ansatt__bruker", "ansatt__organisasjon", "parorende"
        )
        self.fields["ansvarlig"].label_from_instance = lambda d: d.visningsnavn
        self.fields["maal"].queryset = plan.maal.all()
        self.fields["fra"].initial = timezone.localdate()
        self.instance.plan = plan

    def clean(self):
        data = super().clean()
        if not data.get("ansvarlig") and not data.get("ansvarlig_tjeneste"):
            self.add_error(
                "ansvarlig",
                _("Tiltaket må ha en ansvarlig: velg en deltaker eller skriv inn tjenesten."),
            )
        return data


class SamarbeidForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Samarbeid
        fields = ["etat", "kontakt", "beskrivelse"]
        widgets = {"beskrivelse": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class EvalueringForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """One assessment per goal (reached / partly / not reached, with a comment)."""

    dato = forms.DateField(label=_("Dato for evalueringen"), initial=timezone.localdate)
    samlet_vurdering = forms.CharField(
        label=_("Samlet vurdering"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    neste_evaluering = forms.DateField(label=_("Neste evaluering"))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.maal = list(plan.maal.all())
        for m in self.maal:
            self.fields[f"vurdering_{m.pk}"] = forms.ChoiceField(
                label=_("Mål: %(tekst)s") % {"tekst": m.tekst},
                choices=Maalvurdering.Vurdering.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"kommentar_{m.pk}"] = forms.CharField(
                label=_("Kommentar til målet"), required=False, max_length=2000
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("dato")
            and data.get("neste_evaluering")
            and (data["neste_evaluering"] <= data["dato"])
        ):
            self.add_error("neste_evaluering", _("Neste evaluering må være etter denne."))
        return data

    def vurderinger(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {m.pk: (d[f"vurdering_{m.pk}"], d[f"kommentar_{m.pk}"]) for m in self.maal}


class AvsluttPlanForm(DesignsystemSkjema, forms.Form):
    grunn = forms.CharField(label=_("Hvorfor avsluttes planen?"), max_length=500)


class UtskriftForm(DesignsystemSkjema, forms.Form):
    med_fodselsnummer = forms.BooleanField(
        label=_("Vis hele fødselsnummeret i toppteksten"),
        required=False,
        help_text=_("Ellers vises bare navn og fødselsdato."),
    )


class IkkeTaInnForm(DesignsystemSkjema, forms.Form):
    begrunnelse = forms.CharField(
        label=_("Hvorfor tas innspillet ikke inn?"),
        help_text=_("Pasienten ser det du skriver her. Skriv kort og vennlig."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv kort hvorfor innspillet ikke tas inn.")},
    )
