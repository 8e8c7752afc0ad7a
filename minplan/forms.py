from django import forms

from felles.forms import DesignsystemSkjema
from minplan.models import Representasjon


class RepresentasjonForm(DesignsystemSkjema, forms.ModelForm):
    """Staff record who may act for the patient (used by the admin in this first version)."""

    class Meta:
        model = Representasjon
        fields = ["pasient", "fodselsnummer", "navn", "art", "gyldig_fra", "gyldig_til", "omfang"]
