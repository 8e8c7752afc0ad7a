from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.fodselsnummer import validate_fodselsnummer
from felles.forms import DesignsystemSkjema
from individuellplan.models import Maalvurdering
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Gruppemedlem,
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


class PasientOpprettForm(PasientForm):
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
            raise ValidationError(Pasient._meta.get_field("fodselsnummer").error_messages["unique"])
        return nummer


class ParorendeForm(DesignsystemSkjema, forms.ModelForm):
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
        ]
        widgets = {"merknad": forms.Textarea(attrs={"rows": 3})}


class TilknytningForm(DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Tilknytning
        fields = ["enhet", "fra", "til", "begrunnelse"]

    def __init__(self, *args, enheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter


class TilknytningAvsluttForm(DesignsystemSkjema, forms.Form):
    til = forms.DateField(label=_("Siste dag enheten følger pasienten"), initial=timezone.localdate)
    grunn = forms.CharField(label=_("Grunn"), max_length=500)


class SamtykkeForm(DesignsystemSkjema, forms.ModelForm):
    plandeler = forms.MultipleChoiceField(
        label=_("Deler av planen som kan deles"),
        choices=PlanDel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Samtykke
        fields = [
            "gjelder_planprosess",
            "organisasjoner",
            "personer",
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
            "gitt_av": forms.RadioSelect,
            "form": forms.RadioSelect,
            "merknad": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisasjoner": _("Organisasjoner som kan få opplysninger og delta i planarbeidet."),
            "personer": _("Navngitte personer som kan få opplysninger."),
        }

    def __init__(self, *args, personer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisasjoner"].queryset = Organisasjon.objects.order_by("navn")
        self.fields["personer"].queryset = personer
        self.fields["personer"].label_from_instance = lambda a: (
            f"{a}, {a.get_yrke_display().lower()} ({a.organisasjon})"
        )
        self.fields["gyldig_fra"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        if not (
            data.get("gjelder_planprosess") or data.get("organisasjoner") or data.get("personer")
        ):
            raise ValidationError(
                _("Kryss av for hva samtykket gjelder: planprosessen eller deling med noen.")
            )
        return data


class SamtykkeTrekkForm(DesignsystemSkjema, forms.Form):
    grunn = forms.CharField(label=_("Hvorfor trekkes samtykket tilbake?"), max_length=500)


class BehovsmeldingForm(DesignsystemSkjema, forms.ModelForm):
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

    def __init__(self, *args, enheter, behov, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = enheter
        self.fields["behov"].choices = [(b.value, b.label) for b in behov]
        self.fields["kontakttype"].choices = Behovsmelding.Kontakttype.choices
        self.fields["kontakttype"].required = False


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

    def __init__(self, *args, kandidater, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansatt"].queryset = kandidater
        self.fields["ansatt"].label_from_instance = kandidat_etikett
        self.fields["startdato"].initial = timezone.localdate


class OppnevningByttForm(DesignsystemSkjema, forms.Form):
    """Reassignment: the current appointment ends and a new one starts the same day."""

    ny_ansatt = forms.ModelChoiceField(
        label=_("Hvem overtar?"), queryset=Ansatt.objects.none(), widget=forms.RadioSelect
    )
    mandat = forms.CharField(label=_("Mandat"), max_length=4000, widget=forms.Textarea({"rows": 4}))
    startdato = forms.DateField(label=_("Overtar fra"), initial=timezone.localdate)
    grunn = forms.CharField(label=_("Hvorfor byttes det?"), max_length=500)
    pasientens_onsker_hort = forms.BooleanField(
        label=_("Pasientens ønsker om hvem som skal oppnevnes er hørt"), required=False
    )

    def __init__(self, *args, kandidater, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ny_ansatt"].queryset = kandidater
        self.fields["ny_ansatt"].label_from_instance = kandidat_etikett


class AvslagForm(DesignsystemSkjema, forms.Form):
    grunn = forms.ChoiceField(
        label=_("Hvorfor oppnevnes ingen?"),
        choices=Behovsmelding.Avslagsgrunn.choices,
        widget=forms.RadioSelect,
    )
    kommentar = forms.CharField(label=_("Kommentar"), max_length=500, required=False)


class OppnevningAvsluttForm(DesignsystemSkjema, forms.Form):
    sluttdato = forms.DateField(label=_("Sluttdato"), initial=timezone.localdate)
    grunn = forms.CharField(label=_("Grunn til avslutning"), max_length=500)


BEHOV_FOR_ORGANISASJON = {
    Organisasjon.Type.KOMMUNE: [Behov.KOORDINATOR, Behov.INDIVIDUELL_PLAN, Behov.BARNEKOORDINATOR],
    Organisasjon.Type.HELSEFORETAK: [
        Behov.KOORDINATOR,
        Behov.INDIVIDUELL_PLAN,
        Behov.KONTAKTLEGE,
        Behov.KONTAKTPSYKOLOG,
    ],
    Organisasjon.Type.PRIVAT_IDEELT_SYKEHUS: [
        Behov.KOORDINATOR,
        Behov.INDIVIDUELL_PLAN,
        Behov.KONTAKTLEGE,
        Behov.KONTAKTPSYKOLOG,
    ],
}


# --- ansvarsgruppe ---------------------------------------------------------------------------


class GruppemedlemForm(DesignsystemSkjema, forms.ModelForm):
    class Meta:
        model = Gruppemedlem
        fields = [
            "type",
            "ansatt",
            "parorende",
            "navn",
            "organisasjon",
            "rolle",
            "epost",
            "fra",
            "til",
        ]
        widgets = {"type": forms.RadioSelect}
        labels = {"rolle": _("Rolle i gruppen"), "organisasjon": _("Virksomhet")}
        help_texts = {
            "navn": _("For eksterne medlemmer."),
            "epost": _("For eksterne medlemmer: hit sendes innkallinger."),
        }

    def __init__(self, *args, gruppe, **kwargs):
        super().__init__(*args, **kwargs)
        pasient = gruppe.pasient
        self.fields["ansatt"].queryset = (
            Ansatt.objects.filter(
                Q(oppnevninger__pasient=pasient, oppnevninger__sluttdato=None)
                | Q(
                    organisasjon_id=gruppe.organisasjon_id,
                    enheter__tilknytninger__in=Tilknytning.objects.aktive().filter(pasient=pasient),
                )
            )
            .select_related("bruker", "organisasjon")
            .distinct()
        )
        self.fields["ansatt"].label_from_instance = lambda a: f"{a} ({a.organisasjon})"
        self.fields["parorende"].queryset = pasient.parorende.all()
        self.instance.gruppe = gruppe


class MoteForm(DesignsystemSkjema, forms.Form):
    dato = forms.DateField(label=_("Dato"))
    starter = forms.TimeField(
        label=_("Starter kl."), widget=forms.TimeInput(attrs={"type": "time"})
    )
    slutter = forms.TimeField(
        label=_("Slutter kl."), widget=forms.TimeInput(attrs={"type": "time"})
    )
    sted = forms.CharField(label=_("Sted"), max_length=200, required=False)
    videolenke = forms.URLField(
        label=_("Lenke til videomøte"), required=False, assume_scheme="https"
    )
    saker = forms.CharField(
        label=_("Saker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én sak per linje."),
    )
    maal = forms.ModelMultipleChoiceField(
        label=_("Mål i planen som skal opp"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, maal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maal"].queryset = maal

    def clean(self):
        data = super().clean()
        if data.get("starter") and data.get("slutter") and data["slutter"] <= data["starter"]:
            self.add_error("slutter", _("Møtet må slutte etter at det starter."))
        if not data.get("sted") and not data.get("videolenke"):
            self.add_error("sted", _("Oppgi sted eller lenke til videomøte."))
        return data

    def tidsrom(self):
        d = self.cleaned_data
        sone = timezone.get_current_timezone()
        return (
            datetime.combine(d["dato"], d["starter"], tzinfo=sone),
            datetime.combine(d["dato"], d["slutter"], tzinfo=sone),
        )

    def sakspunkter(self) -> list[tuple[str, object]]:
        linjer = [linje.strip() for linje in self.cleaned_data["saker"].splitlines()]
        return [(linje, None) for linje in linjer if linje] + [
            (_("Mål: %(tekst)s") % {"tekst": m.tekst[:250]}, m) for m in self.cleaned_data["maal"]
        ]


ANTALL_NYE_OPPGAVER = 3


class ReferatForm(DesignsystemSkjema, forms.Form):
    """Attendance, notes and decisions per agenda item, up to three new action items, the
    assessment of the plan's goals and the next meeting."""

    til_stede = forms.ModelMultipleChoiceField(
        label=_("Til stede"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    neste_mote = forms.CharField(label=_("Neste møte"), max_length=200, required=False)

    def __init__(self, *args, mote, maal, **kwargs):
        super().__init__(*args, **kwargs)
        medlemmer = mote.gruppe.medlemmer.select_related(
            "ansatt__bruker", "ansatt__organisasjon", "parorende", "gruppe__pasient"
        )
        self.fields["til_stede"].queryset = medlemmer
        self.fields["til_stede"].label_from_instance = lambda m: m.visningsnavn
        self.saker = list(mote.sakspunkter.all())
        for sak in self.saker:
            self.fields[f"notat_{sak.pk}"] = forms.CharField(
                label=_("Notat: %(sak)s") % {"sak": sak.tittel},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"beslutning_{sak.pk}"] = forms.CharField(
                label=_("Beslutning: %(sak)s") % {"sak": sak.tittel},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for i in range(1, ANTALL_NYE_OPPGAVER + 1):
            self.fields[f"oppgave_{i}"] = forms.CharField(
                label=_("Oppfølgingspunkt %(n)s: hva skal gjøres") % {"n": i},
                max_length=500,
                required=False,
            )
            self.fields[f"oppgave_{i}_ansvarlig"] = forms.ModelChoiceField(
                label=_("Oppfølgingspunkt %(n)s: ansvarlig") % {"n": i},
                queryset=medlemmer,
                required=False,
            )
            self.fields[f"oppgave_{i}_ansvarlig"].label_from_instance = lambda m: m.visningsnavn
            self.fields[f"oppgave_{i}_frist"] = forms.DateField(
                label=_("Oppfølgingspunkt %(n)s: frist") % {"n": i}, required=False
            )
        self.maal = list(maal)
        for m in self.maal:
            self.fields[f"maal_{m.pk}"] = forms.ChoiceField(
                label=_("Mål: %(tekst)s") % {"tekst": m.tekst},
                required=False,
                choices=[("", _("Ikke vurdert"))] + list(Maalvurdering.Vurdering.choices),
            )
            self.fields[f"maal_{m.pk}_kommentar"] = forms.CharField(
                label=_("Kommentar til målet"), required=False, max_length=2000
            )
        if self.maal:
            self.fields["neste_evaluering"] = forms.DateField(
                label=_("Neste evaluering av planen"), required=False
            )
        for felt in self.fields.values():
            felt.widget.attrs.setdefault("class", "ds-input")

    def clean(self):
        data = super().clean()
        for i in range(1, ANTALL_NYE_OPPGAVER + 1):
            if data.get(f"oppgave_{i}"):
                if not data.get(f"oppgave_{i}_ansvarlig"):
                    self.add_error(
                        f"oppgave_{i}_ansvarlig",
                        _("Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen."),
                    )
                if not data.get(f"oppgave_{i}_frist"):
                    self.add_error(f"oppgave_{i}_frist", _("Oppgi en frist."))
        return data

    def til_service(self) -> dict:
        d = self.cleaned_data
        return {
            "til_stede": list(d["til_stede"]),
            "neste_mote": d["neste_mote"],
            "notater": {s.pk: (d[f"notat_{s.pk}"], d[f"beslutning_{s.pk}"]) for s in self.saker},
            "nye_oppgaver": [
                {
                    "beskrivelse": d[f"oppgave_{i}"],
                    "ansvarlig": d[f"oppgave_{i}_ansvarlig"],
                    "frist": d[f"oppgave_{i}_frist"],
                }
                for i in range(1, ANTALL_NYE_OPPGAVER + 1)
                if d.get(f"oppgave_{i}")
            ],
            # None when the writer may not assess the plan's goals: the saved ones are kept.
            "maalvurderinger": {
                m.pk: (d[f"maal_{m.pk}"], d[f"maal_{m.pk}_kommentar"])
                for m in self.maal
                if d.get(f"maal_{m.pk}")
            }
            if self.maal
            else None,
            "neste_evaluering": d.get("neste_evaluering"),
        }
