from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import DesignsystemSkjema
from felles.innsending import InnsendingSkjema
from minplan.models import Omraade, Representasjon

FELTER = ["fodselsnummer", "navn", "art", "gyldig_fra", "gyldig_til", "omfang", "merknad"]


class _Omfang(forms.Form):
    omfang = forms.MultipleChoiceField(
        label=_("Hva fullmakten gjelder"),
        choices=Omraade.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Bare for fullmakt: kryss av for det fullmektigen får gjøre i Min plan."),
    )


class RepresentasjonForm(DesignsystemSkjema, forms.ModelForm):
    """Staff record who may act for the patient (the admin)."""

    omfang = _Omfang.base_fields["omfang"]

    class Meta:
        model = Representasjon
        fields = ["pasient", *FELTER]


class RepresentasjonAnsattForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    """The koordinator or KE records a mandate from the patient page (the patient is given)."""

    omfang = _Omfang.base_fields["omfang"]

    class Meta:
        model = Representasjon
        fields = FELTER


class RepresentasjonAvsluttForm(DesignsystemSkjema, forms.Form):
    gyldig_til = forms.DateField(
        label=_("Siste dag mandatet gjelder"),
        help_text=_("I dag eller tidligere for å avslutte straks."),
    )
