import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Motesvar
from felles.forms import DesignsystemSkjema, tilpass_widgets
from felles.innsending import InnsendingSkjema
from individuellplan.services import INNSPILL_MAKS
from koordinering.models import Ansatt, Innsynshenvendelse, Organisasjon, Parorende, PlanDel
from koordinering.selectors import Samtykkevalg
from minplan.models import Omraade, Representasjon, Varselinnstilling

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


class SamtykkeSkjema(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """The citizen gives a consent (Min plan): to starting the plan, to sharing with the people
    and organisations involved in the care and with named relatives, and which plan parts."""

    gjelder_planprosess = forms.BooleanField(
        label=_("Ja, det kan lages en individuell plan"),
        help_text=_("De som hjelper deg, kan da snakke sammen og dele opplysninger om planen."),
        required=False,
    )
    organisasjoner = forms.ModelMultipleChoiceField(
        label=_("Kommuner og sykehus"),
        queryset=Organisasjon.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    personer = forms.ModelMultipleChoiceField(
        label=_("Personer som hjelper deg"),
        queryset=Ansatt.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parorende = forms.ModelMultipleChoiceField(
        label=_("Pårørende"),
        help_text=_("En pårørende som kan logge inn, ser bare de delene av planen du velger."),
        queryset=Parorende.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plandeler = forms.MultipleChoiceField(
        label=_("Hvilke deler av planen kan de se?"),
        choices=PlanDel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gyldig_til = forms.DateField(
        label=_("Samtykket gjelder til og med"),
        help_text=_("La feltet stå tomt hvis samtykket skal gjelde til du trekker det tilbake."),
        required=False,
    )

    def __init__(self, *args, valg: Samtykkevalg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisasjoner"].queryset = Organisasjon.objects.filter(
            pk__in=[o.pk for o in valg.organisasjoner]
        ).order_by("navn")
        self.fields["personer"].queryset = (
            Ansatt.objects.filter(pk__in=[a.pk for a in valg.personer])
            .select_related("bruker", "organisasjon")
            .order_by("bruker__first_name", "bruker__last_name", "pk")
        )
        self.fields["personer"].label_from_instance = lambda a: f"{a} ({a.organisasjon})"
        self.fields["parorende"].queryset = Parorende.objects.filter(
            pk__in=[r.pk for r in valg.parorende]
        ).order_by("navn", "pk")
        for navn in ("organisasjoner", "personer", "parorende"):
            if not self.fields[navn].queryset.exists():
                del self.fields[navn]
        tilpass_widgets(self.fields)

    def clean_gyldig_til(self):
        til = self.cleaned_data.get("gyldig_til")
        if til is not None and til < timezone.localdate():
            raise ValidationError(_("Datoen kan ikke være før i dag."))
        return til

    def clean(self):
        data = super().clean()
        mottakere = any(data.get(f) for f in ("organisasjoner", "personer", "parorende"))
        if data.get("plandeler") and not mottakere:
            self.add_error("plandeler", _("Velg hvem som kan se delene av planen."))
        elif not data.get("gjelder_planprosess") and not mottakere:
            raise ValidationError(
                _("Kryss av for planen, eller for hvem som kan få opplysninger om deg.")
            )
        if data.get("parorende") and not data.get("plandeler"):
            self.add_error("plandeler", _("Velg hvilke deler av planen de pårørende kan se."))
        return data


class TrekkSamtykkeSkjema(DesignsystemSkjema, forms.Form):
    grunn = forms.CharField(
        label=_("Vil du si hvorfor? (valgfritt)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class InnspillForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """A goal in your own words, or a comment: one text box."""

    tekst = forms.CharField(
        label=_("Skriv med dine egne ord"),
        max_length=INNSPILL_MAKS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Skriv noe før du sender."),
            "max_length": _("Teksten er for lang. Du kan skrive opptil %(limit_value)d tegn."),
        },
    )

    def __init__(self, *args, label=None, hjelp=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["tekst"].label = label
        if hjelp:
            self.fields["tekst"].help_text = hjelp


class NyMeldingForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    """The citizen writes to one of the people who help them."""

    til = forms.TypedChoiceField(
        label=_("Til"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem du vil skrive til.")},
    )
    emne = forms.CharField(
        label=_("Hva gjelder det?"),
        max_length=120,
        help_text=_("Noen få ord, for eksempel «Spørsmål om møtet»."),
        error_messages={"required": _("Skriv hva meldingen gjelder.")},
    )
    tekst = forms.CharField(
        label=_("Melding"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv en melding.")},
    )

    def __init__(self, *args, mottakere: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["til"].choices = mottakere


class SvarMeldingForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    tekst = forms.CharField(
        label=_("Skriv et svar"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv en melding.")},
    )


MOBIL = re.compile(r"^(?:\+47|0047)?([49]\d{7})$")


class VarselinnstillingForm(DesignsystemSkjema, forms.Form):
    kanal = forms.ChoiceField(
        label=_("Hvordan vil du få beskjed?"),
        choices=Varselinnstilling.Kanal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvordan du vil få beskjed.")},
    )
    epost = forms.EmailField(
        label=_("E-postadresse"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.")
        },
    )
    mobil = forms.CharField(
        label=_("Mobilnummer"),
        required=False,
        max_length=20,
        help_text=_("Norsk mobilnummer med 8 siffer. Du kan skrive +47 foran."),
    )

    def clean_mobil(self) -> str:
        nummer = re.sub(r"[\s\-.]", "", self.cleaned_data.get("mobil") or "")
        if not nummer:
            return ""
        treff = MOBIL.match(nummer)
        if treff is None:
            raise forms.ValidationError(
                _("Skriv et norsk mobilnummer med 8 siffer som begynner på 4 eller 9.")
            )
        return f"+47{treff[1]}"

    def clean(self):
        data = super().clean()
        kanal = data.get("kanal")
        if (
            kanal == Varselinnstilling.Kanal.EPOST
            and not data.get("epost")
            and "epost" not in self.errors
        ):
            self.add_error("epost", _("Skriv e-postadressen du vil få beskjed på."))
        if (
            kanal == Varselinnstilling.Kanal.SMS
            and not data.get("mobil")
            and "mobil" not in self.errors
        ):
            self.add_error("mobil", _("Skriv mobilnummeret du vil få SMS på."))
        return data
