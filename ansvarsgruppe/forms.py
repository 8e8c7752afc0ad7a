"""Forms for the ansvarsgruppe: members, meetings and minutes."""

from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Gruppemedlem
from felles.forms import DesignsystemSkjema
from felles.innsending import InnsendingSkjema
from individuellplan.models import Maalvurdering
from koordinering.models import Ansatt, Tilknytning


class GruppemedlemForm(InnsendingSkjema, DesignsystemSkjema, forms.ModelForm):
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


class MedlemAvsluttForm(DesignsystemSkjema, forms.Form):
    til = forms.DateField(label=_("Medlem til"), initial=timezone.localdate)


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


class AvlysForm(DesignsystemSkjema, forms.Form):
    avlysningsgrunn = forms.CharField(
        label=_("Hvorfor avlyses møtet?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Grunnen står i avlysningen medlemmene får på e-post. Ikke skriv pasientens navn "
            "eller helseopplysninger."
        ),
        error_messages={"required": _("Oppgi hvorfor møtet avlyses.")},
    )
