from django import forms
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Motesvar
from felles.forms import DesignsystemSkjema
from minplan.models import Representasjon


class RepresentasjonForm(DesignsystemSkjema, forms.ModelForm):
    """Staff record who may act for the patient (used by the admin in this first version)."""

    class Meta:
        model = Representasjon
        fields = ["pasient", "fodselsnummer", "navn", "art", "gyldig_fra", "gyldig_til", "omfang"]


class MotesvarForm(DesignsystemSkjema, forms.Form):
    """The citizen's answer to a meeting: coming or not, and a short note if they like."""

    svar = forms.ChoiceField(
        label=_("Kommer du?"),
        choices=[
            (Motesvar.Svar.KOMMER, _("Ja, jeg kommer")),
            (Motesvar.Svar.KOMMER_IKKE, _("Nei, jeg kommer ikke")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om du kommer eller ikke.")},
    )
    merknad = forms.CharField(
        label=_("Vil du si noe til koordinatoren? (valgfritt)"),
        help_text=_("For eksempel om du kommer litt senere. Høyst 500 tegn."),
        required=False,
        max_length=Motesvar.MERKNAD_MAKS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Skriv høyst %(limit_value)d tegn (du skrev %(show_value)d).")
        },
    )
