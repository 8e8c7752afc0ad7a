from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.fodselsnummer import validate_fodselsnummer
from felles.forms import DesignsystemSkjema
from felles.innsending import InnsendingSkjema
from koordinering import regler
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Organisasjon,
    Parorende,
    Pasient,
    PlanDel,
    Samtykke,
    Tilknytning,
)


class PasientSokForm(DesignsystemSkjema, forms.Form):
    """Sent by POST, so a fødselsnummer never ends up in a URL or an access log line."""

    sok = forms.CharField(
        label=_("Navn eller fødselsnummer"),
        max_length=100,
        help_text=_("Skriv hele fødselsnummeret (11 sifre) eller deler av navnet."),
    )

    def clean_sok(self):
        sok = " ".join(self.cleaned_data["sok"].split())
        if len(sok.replace(" ", "")) < 2:
            raise ValidationError(_("Skriv minst to tegn."))
        return sok


class PasientForm(DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Pasient
        fields = [
            "fornavn",
            "mellomnavn",
            "etternavn",
            "adresse",
            "postnummer",
            "poststed",
            "hjemkommune",
            "telefon",
            "epost",
            "foretrukket_spraak",
            "tolkebehov",
            "kulturelle_hensyn",
        ]
        widgets = {"kulturelle_hensyn": forms.Textarea(attrs={"rows": 3})}

    def clean_postnummer(self):
        postnummer = self.cleaned_data["postnummer"]
        if postnummer and not (len(postnummer) == 4 and postnummer.isdigit()):
            raise ValidationError(_("Postnummeret må bestå av 4 sifre."))
        return postnummer


class PasientOpprettForm(InnsendingSkjema, PasientForm):
    fodselsnummer = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        max_length=13,
        help_text=_("11 sifre."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    enhet = forms.ModelChoiceField(
        label=_("Enheten som følger pasienten"), queryset=Enhet.objects.none()
    )
    tilknytning_fra = forms.DateField(label=_("Følges fra"), initial=timezone.localdate)
    begrunnelse = forms.CharField(
        label=_("Hvorfor følger enheten pasienten?"),
        max_length=500,
        help_text=_("For eksempel «Innlagt medisinsk avdeling» eller «Vedtak om hjemmesykepleie»."),
    )

    class Meta(PasientForm.Meta):
        fields = ["fodselsnummer", *PasientForm.Meta.fields]

    field_order = ["fodselsnummer", "fornavn", "mellomnavn", "etternavn"]

    def __init__(self, *args, enheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter
        if enheter.count() == 1:
            self.fields["enhet"].initial = enheter.first()

    def clean_fodselsnummer(self):
        nummer = self.cleaned_data["fodselsnummer"].replace(" ", "")
        validate_fodselsnummer(nummer)
        if Pasient.objects.filter(fodselsnummer=nummer).exists():
            # The view decides what the person may be told (`pasient_opprett`).
            raise ValidationError(
                Pasient._meta.get_field("fodselsnummer").error_messages["unique"], code="finnes"
            )
        return nummer


class ParorendeForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Parorende
        fields = [
            "navn",
            "relasjon",
            "telefon",
            "epost",
            "adresse",
            "er_barn",
            "er_verge",
            "kan_motta_informasjon",
            "merknad",
            "fodselsnummer",
        ]
        widgets = {
            "merknad": forms.Textarea(attrs={"rows": 3}),
            "fodselsnummer": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }


class TilknytningForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Tilknytning
        fields = ["enhet", "fra", "til", "begrunnelse"]

    def __init__(self, *args, enheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter


class TilknytningAvsluttForm(DesignsystemSkjema, forms.Form):
    til = forms.DateField(label=_("Siste dag enheten følger pasienten"), initial=timezone.localdate)
    grunn = forms.CharField(label=_("Grunn"), max_length=500)


MAKS_EKSTERNE = 20


def tolk_eksterne(tekst: str) -> list[tuple[str, str]]:
    """One person a line: «navn, rolle eller virksomhet» (the part after the first comma is
    the role). Empty lines are skipped."""
    personer = []
    for linje in tekst.splitlines():
        linje = " ".join(linje.split())
        if not linje:
            continue
        navn, _komma, rolle = linje.partition(",")
        navn, rolle = navn.strip(), rolle.strip()
        if not navn:
            raise ValidationError(_("Hver linje må begynne med et navn."))
        if len(navn) > 200 or len(rolle) > 200:
            raise ValidationError(_("Navn og rolle kan ha høyst 200 tegn hver."))
        personer.append((navn, rolle))
    if len(personer) > MAKS_EKSTERNE:
        raise ValidationError(
            _("Skriv høyst %(n)s personer i ett samtykke.") % {"n": MAKS_EKSTERNE}
        )
    return personer


class SamtykkeForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    plandeler = forms.MultipleChoiceField(
        label=_("Deler av planen som kan deles"),
        choices=PlanDel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eksterne = forms.CharField(
        label=_("Andre navngitte personer utenfor kommunen og sykehuset"),
        help_text=_(
            "Én person per linje: navn, rolle eller virksomhet. For eksempel «Per Hansen, "
            "kontaktlærer på Fjordvik skole» eller «Nina Berg, NAV Fjordvik»."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Samtykke
        fields = [
            "gjelder_planprosess",
            "organisasjoner",
            "personer",
            "parorende",
            "plandeler",
            "gitt_av",
            "gitt_av_navn",
            "form",
            "gyldig_fra",
            "gyldig_til",
            "merknad",
        ]
        widgets = {
            "organisasjoner": forms.CheckboxSelectMultiple,
            "personer": forms.CheckboxSelectMultiple,
            "parorende": forms.CheckboxSelectMultiple,
            "gitt_av": forms.RadioSelect,
            "form": forms.RadioSelect,
            "merknad": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisasjoner": _("Organisasjoner som kan få opplysninger og delta i planarbeidet."),
            "personer": _("Navngitte personer som kan få opplysninger."),
            "parorende": _(
                "Pårørende med fødselsnummer kan logge inn i Min plan og se de valgte delene av "
                "planen."
            ),
        }

    def __init__(self, *args, personer, parorende=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parorende"].queryset = (
            parorende if parorende is not None else Parorende.objects.none()
        )
        self.fields["parorende"].label_from_instance = lambda r: (
            f"{r} – {_('kan logge inn i Min plan')}" if r.fodselsnummer else str(r)
        )
        # ID-porten is the citizen's own way to consent, never a staff choice.
        self.fields["form"].choices = [
            (v, t) for v, t in self.fields["form"].choices if v != Samtykke.Form.DIGITALT
        ]
        self.fields["organisasjoner"].queryset = Organisasjon.objects.order_by("navn")
        self.fields["personer"].queryset = personer
        self.fields["personer"].label_from_instance = lambda a: (
            f"{a}, {a.get_yrke_display().lower()} ({a.organisasjon})"
        )
        self.fields["gyldig_fra"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        if not (
            data.get("gjelder_planprosess")
            or data.get("organisasjoner")
            or data.get("personer")
            or data.get("parorende")
            or data.get("eksterne")
        ):
            self.add_error(
                "gjelder_planprosess",
                _("Kryss av for hva samtykket gjelder: planprosessen eller deling med noen."),
            )
        return data

    def clean_eksterne(self):
        return tolk_eksterne(self.cleaned_data.get("eksterne", ""))


class SamtykkeTrekkForm(DesignsystemSkjema, forms.Form):
    grunn = forms.CharField(label=_("Hvorfor trekkes samtykket tilbake?"), max_length=500)


class BehovsmeldingForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Behovsmelding
        fields = [
            "behov",
            "enhet",
            "komplekse_behov",
            "langvarige_behov",
            "koordinerte_tjenester",
            "alvorlig_sykdom",
            "behandling_av_varighet",
            "kontakttype",
            "kontaktdato",
            "begrunnelse",
        ]
        widgets = {
            "behov": forms.RadioSelect,
            "kontakttype": forms.RadioSelect,
            "begrunnelse": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"enhet": _("Meldes til leder for")}
        help_texts = {
            "kontaktdato": _(
                "For kontaktlege og kontaktpsykolog: fristen er første virkedag etter."
            ),
            "begrunnelse": _("Kort: hvorfor trenger pasienten dette?"),
        }

    def __init__(self, *args, enheter, organisasjon, pasient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter
        # Only what this organisation gives this patient (a barnekoordinator: a child, kommune).
        self.fields["behov"].choices = [
            (b.value, b.label) for b in regler.behov_for_organisasjon(organisasjon, pasient)
        ]
        if organisasjon.er_sykehus:
            self.fields["kontakttype"].choices = Behovsmelding.Kontakttype.choices
            self.fields["kontakttype"].required = False
        else:
            for felt in regler.SYKEHUSFELTER:
                del self.fields[felt]


def kandidat_etikett(a: Ansatt) -> str:
    """A candidate with load and training, from `selectors.kandidater`."""
    opplaering = (
        _("opplæring fullført %(dato)s") % {"dato": f"{a.koordinatoropplaering_fullfort:%d.%m.%Y}"}
        if a.koordinatoropplaering_fullfort
        else _("opplæring ikke fullført")
    )
    return _("%(navn)s – %(yrke)s, %(antall)s aktive oppnevninger, %(opplaering)s") % {
        "navn": a,
        "yrke": a.get_yrke_display().lower(),
        "antall": a.aktive_oppnevninger,
        "opplaering": opplaering,
    }


def kandidat_etikett_uten_opplaering(a: Ansatt) -> str:
    """A kontaktlege or kontaktpsykolog: the koordinator training does not apply."""
    return _("%(navn)s – %(yrke)s, %(antall)s aktive oppnevninger") % {
        "navn": a,
        "yrke": a.get_yrke_display().lower(),
        "antall": a.aktive_oppnevninger,
    }


def _tilpass_rolle(form: forms.Form, rolle: str | None, kandidatfelt: str) -> None:
    """A koordinator gets a written mandate and shows the training; a kontaktlege or
    kontaktpsykolog neither. `rolle` None (unknown) keeps the koordinator's form."""
    form.er_koordinatorrolle = rolle is None or rolle in regler.KOORDINATORROLLER
    if form.er_koordinatorrolle:
        form.fields["mandat"].required = True
        form.fields[kandidatfelt].label_from_instance = kandidat_etikett
    else:
        del form.fields["mandat"]
        form.fields[kandidatfelt].label_from_instance = kandidat_etikett_uten_opplaering


class OppnevningForm(DesignsystemSkjema, forms.ModelForm):
    ansatt = forms.ModelChoiceField(
        label=_("Hvem oppnevnes?"), queryset=Ansatt.objects.none(), widget=forms.RadioSelect
    )

    class Meta:
        model = Oppnevning
        fields = [
            "ansatt",
            "mandat",
            "startdato",
            "pasientens_onsker_hort",
            "pasient_informert_dato",
        ]
        widgets = {"mandat": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, kandidater, behovsmelding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.behovsmelding = behovsmelding
        self.fields["ansatt"].queryset = kandidater
        self.fields["startdato"].initial = timezone.localdate
        self.fields["startdato"].help_text = regler.startdato_hjelp()
        self.fields["pasient_informert_dato"].help_text = regler.informert_hjelp()
        rolle = regler.ROLLE_FOR_BEHOV[behovsmelding.behov] if behovsmelding else None
        _tilpass_rolle(self, rolle, "ansatt")

    def clean(self):
        data = super().clean()
        feil = regler.oppnevningsdatofeil(
            startdato=data.get("startdato"),
            pasient_informert_dato=data.get("pasient_informert_dato"),
            behovsmelding=self.behovsmelding,
        )
        for felt, liste in feil.items():
            self.add_error(felt, liste)
        return data


class OppnevningByttForm(DesignsystemSkjema, forms.Form):
    """Reassignment: the current appointment ends and a new one starts the same day."""

    ny_ansatt = forms.ModelChoiceField(
        label=_("Hvem overtar?"), queryset=Ansatt.objects.none(), widget=forms.RadioSelect
    )
    mandat = forms.CharField(label=_("Mandat"), max_length=4000, widget=forms.Textarea({"rows": 4}))
    startdato = forms.DateField(
        label=_("Overtar fra"),
        initial=timezone.localdate,
        help_text=_("Tidligst den dagen den nåværende oppnevningen startet, og ikke fram i tid."),
    )
    grunn = forms.CharField(label=_("Hvorfor byttes det?"), max_length=500)
    pasientens_onsker_hort = forms.BooleanField(
        label=_("Pasientens ønsker om hvem som skal oppnevnes er hørt"), required=False
    )

    def __init__(self, *args, kandidater, oppnevning=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oppnevning = oppnevning
        self.fields["ny_ansatt"].queryset = kandidater
        _tilpass_rolle(self, oppnevning.rolle if oppnevning else None, "ny_ansatt")

    def clean(self):
        data = super().clean()
        if self.oppnevning is not None and data.get("startdato"):
            for felt, liste in regler.byttedatofeil(
                startdato=data["startdato"], gammel=self.oppnevning
            ).items():
                self.add_error(felt, liste)
        return data


class AvslagForm(DesignsystemSkjema, forms.Form):
    grunn = forms.ChoiceField(
        label=_("Hvorfor oppnevnes ingen?"),
        choices=Behovsmelding.Avslagsgrunn.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Oppgi hvorfor det ikke oppnevnes.")},
    )
    kommentar = forms.CharField(label=_("Kommentar"), max_length=500, required=False)

    def __init__(self, *args, grunner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grunner is not None:
            self.fields["grunn"].choices = [
                (verdi, navn) for verdi, navn in self.fields["grunn"].choices if verdi in grunner
            ]


class OppnevningAvsluttForm(DesignsystemSkjema, forms.Form):
    sluttdato = forms.DateField(label=_("Sluttdato"), initial=timezone.localdate)
    grunn = forms.CharField(label=_("Grunn til avslutning"), max_length=500)


class BeslutningForm(forms.Form):
    """A decision without an appointment or a reason: the button says which."""

    utfall = forms.ChoiceField(
        choices=[
            (s.value, s.label)
            for s in (
                Behovsmelding.Status.DEKKET,
                Behovsmelding.Status.PLAN_OPPRETTES,
                Behovsmelding.Status.INFORMERT,
            )
        ],
        error_messages={
            "required": _("Velg en beslutning."),
            "invalid_choice": _("Velg en beslutning."),
        },
    )
