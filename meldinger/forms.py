from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from felles.forms import DesignsystemSkjema, RaskSelect
from felles.innsending import InnsendingSkjema
from koordinering.models import Enhet
from meldinger.models import Melding, Meldingstype
from meldinger.selectors import Boks
from meldinger.services import MAKS_VEDLEGG, MAKS_VEDLEGG_MB, vedlegg_kontroller


class FlereFilerInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VedleggFelt(forms.FileField):
    """Zero or more files; the service checks size and type (by content) for all of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", FlereFilerInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf"})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Vedlegg"))
        kwargs.setdefault(
            "help_text",
            _("PDF eller bilde (PNG, JPEG), høyst %(antall)s filer på inntil %(mb)s MB hver.")
            % {"antall": MAKS_VEDLEGG, "mb": MAKS_VEDLEGG_MB},
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        filer = data if isinstance(data, list | tuple) else ([data] if data else [])
        filer = [super(VedleggFelt, self).clean(fil, initial) for fil in filer]
        # Checked here too, so a refused file is reported together with the form's other errors.
        try:
            vedlegg_kontroller(filer)
        except ValidationError as feil:
            raise forms.ValidationError(feil.message_dict["vedlegg"]) from None
        return filer


def _enhetsvalg(enheter) -> list:
    """Units grouped by organisation, the koordinerende enhet marked."""
    grupper: dict[str, list] = {}
    for enhet in enheter:
        navn = enhet.navn
        if enhet.er_koordinerende_enhet:
            navn = f"{navn} (KE)"
        grupper.setdefault(enhet.organisasjon.navn, []).append((enhet.pk, navn))
    return [("", "---------"), *grupper.items()]


class MeldingForm(DesignsystemSkjema, forms.Form):
    type = forms.ChoiceField(label=_("Type melding"), choices=Meldingstype.choices)
    avsender_enhet = forms.ModelChoiceField(
        label=_("Fra enhet"), queryset=Enhet.objects.none(), empty_label=None
    )
    mottaker_enhet = forms.TypedChoiceField(
        label=_("Til enhet"),
        coerce=int,
        help_text=_(
            "Behov for individuell plan og koordinator og uenighet sendes til koordinerende "
            "enhet (KE) i den andre organisasjonen."
        ),
    )
    prioritet = forms.ChoiceField(
        label=_("Prioritet"),
        choices=Melding.Prioritet.choices,
        initial=Melding.Prioritet.NORMAL,
        widget=forms.RadioSelect,
    )
    emne = forms.CharField(label=_("Emne"), max_length=200)
    tekst = forms.CharField(
        label=_("Tekst"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8})
    )
    svarfrist = forms.DateField(
        label=_("Svarfrist"),
        required=False,
        help_text=_(
            "Tom: standardfristen for typen (behov: 5 virkedager, utskrivningsklar: samme dag, "
            "spørsmål og invitasjon: 3 virkedager, uenighet: 10 virkedager)."
        ),
    )
    vedlegg = VedleggFelt()
    innsending_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, egne_enheter, mottakere, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avsender_enhet"].queryset = egne_enheter
        self.mottakere = {e.pk: e for e in mottakere}
        self.fields["mottaker_enhet"].choices = _enhetsvalg(mottakere)

    def clean_mottaker_enhet(self):
        return self.mottakere[self.cleaned_data["mottaker_enhet"]]


class SvarForm(DesignsystemSkjema, forms.Form):
    tekst = forms.CharField(
        label=_("Svar"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    vedlegg = VedleggFelt()
    innsending_id = forms.UUIDField(widget=forms.HiddenInput)


class VideresendForm(DesignsystemSkjema, forms.Form):
    til_enhet = forms.ModelChoiceField(label=_("Videresend til"), queryset=Enhet.objects.none())
    kommentar = forms.CharField(
        label=_("Kommentar til enheten"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, enheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["til_enhet"].queryset = enheter


class BehandletForm(DesignsystemSkjema, forms.Form):
    merknad = forms.CharField(label=_("Hva ble gjort (valgfritt)"), max_length=500, required=False)


class TaImotForm(DesignsystemSkjema, forms.Form):
    enhet = forms.ModelChoiceField(
        label=_("Enhet som skal følge opp pasienten"), queryset=Enhet.objects.none()
    )

    def __init__(self, *args, enheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter


class MeldingFilterForm(DesignsystemSkjema, forms.Form):
    boks = forms.ChoiceField(
        choices=[
            (Boks.INN, _("Innboks")),
            (Boks.UT, _("Sendt")),
            (Boks.ORGANISASJON, _("Hele organisasjonen")),
        ],
        required=False,
        widget=forms.HiddenInput,
    )
    enhet = forms.TypedChoiceField(label=_("Enhet"), coerce=int, required=False, empty_value=None)
    bare_meg = forms.BooleanField(label=_("Bare til eller fra meg"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Alle typer")), *Meldingstype.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), ("ubesvart", _("Venter på svar")), *Melding.Status.choices],
        required=False,
    )
    # The patient's id, never a name: the filter is a GET and its address is logged.
    pasient = forms.TypedChoiceField(
        label=_("Pasient"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=RaskSelect,
        help_text=_("Pasientene i de nyeste meldingene."),
    )

    def __init__(self, *args, enheter, pasienter: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pasient"].choices = [("", _("Alle pasienter")), *pasienter]
        self.fields["enhet"].choices = [
            ("", _("Alle mine enheter")),
            *[(e.pk, e.navn) for e in enheter],
        ]


class InnbyggersvarForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """Staff answer a citizen in Min plan."""

    tekst = forms.CharField(
        label=_("Svaret ditt"),  # not «Svar»: that is the section's name
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Innbyggeren får et varsel uten innhold og leser svaret i Min plan."),
        error_messages={"required": _("Skriv et svar.")},
    )
