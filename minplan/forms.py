from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import DesignsystemSkjema, tilpass_widgets
from felles.innsending import InnsendingSkjema
from koordinering.models import Innsynshenvendelse
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


class HenvendelseForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """The citizen's question about a read, or wish for a block, to the KE."""

    tekst = forms.CharField(
        label=_("Hva lurer du på?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        required=False,
        help_text=_("Høyst 1000 tegn. Du trenger ikke skrive om helsen din."),
    )

    def __init__(self, *args, art: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.art = art
        if art == Innsynshenvendelse.Art.SPERRING:
            self.fields["sperre"] = forms.ChoiceField(
                label=_("Hvem vil du sperre?"),
                choices=Innsynshenvendelse.Sperre.choices,
                widget=forms.RadioSelect,
            )
            self.fields["tekst"].label = _("Vil du si hvorfor? (frivillig)")
            self.order_fields(["sperre", "tekst"])
            tilpass_widgets(self.fields)
        else:
            self.fields["tekst"].required = True
            self.fields["tekst"].error_messages["required"] = _("Skriv spørsmålet ditt.")
