"""Forms for the ansvarsgruppe: members, meetings and minutes."""

import uuid
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Gruppemedlem
from felles.forms import DesignsystemSkjema, tilpass_widgets
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


ANSVARLIG_MAA_VAERE_MEDLEM = _("Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen.")


class ReferatForm(DesignsystemSkjema, forms.Form):
    """Attendance; a note and a decision per agenda item; the assessment of the plan's goals
    with the next evaluation; the next meeting as a date and time. The action items are the
    formset `OppgaveFormSet` beside it."""

    til_stede = forms.ModelMultipleChoiceField(
        label=_("Til stede"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    neste_mote_dato = forms.DateField(label=_("Neste møte: dato"), required=False)
    neste_mote_starter = forms.TimeField(
        label=_("Neste møte: starter kl."),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    neste_mote_slutter = forms.TimeField(
        label=_("Neste møte: slutter kl."),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Uten sluttid varer neste møte like lenge som dette."),
    )
    neste_mote = forms.CharField(
        label=_("Merknad om neste møte"),
        max_length=200,
        required=False,
        help_text=_("For eksempel hva som skal opp. Innkallingen lages når referatet godkjennes."),
    )

    def __init__(self, *args, mote, maal, referat=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mote, self.referat = mote, referat
        self.medlemmer = medlemmer = mote.gruppe.medlemmer.select_related(
            "ansatt__bruker", "ansatt__organisasjon", "parorende", "gruppe__pasient"
        )
        self.fields["til_stede"].queryset = medlemmer
        self.fields["til_stede"].label_from_instance = lambda m: m.visningsnavn
        self.saker = list(mote.sakspunkter.all())
        for sak in self.saker:
            self.fields[f"notat_{sak.pk}"] = forms.CharField(
                label=_("Notat: %(sak)s") % {"sak": sak.tittel},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"beslutning_{sak.pk}"] = forms.CharField(
                label=_("Beslutning: %(sak)s") % {"sak": sak.tittel},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.maal = list(maal)
        for m in self.maal:
            self.fields[f"maal_{m.pk}"] = forms.ChoiceField(
                label=_("Vurdering: %(tekst)s") % {"tekst": m.tekst},
                required=False,
                choices=[("", _("Ikke vurdert"))] + list(Maalvurdering.Vurdering.choices),
            )
            self.fields[f"maal_{m.pk}_kommentar"] = forms.CharField(
                label=_("Kommentar: %(tekst)s") % {"tekst": m.tekst[:60]},
                required=False,
                max_length=2000,
            )
        if self.maal:
            self.fields["neste_evaluering"] = forms.DateField(
                label=_("Neste evaluering av planen"), required=False
            )
        if referat is not None and referat.neste_mote_innkalt_id:
            for navn in ("neste_mote_dato", "neste_mote_starter", "neste_mote_slutter"):
                self.fields[navn].disabled = True
                self.fields[navn].help_text = _("Neste møte er kalt inn. Endre det på møtesiden.")
        tilpass_widgets(self.fields)  # the fields added here

    @property
    def saksblokker(self):
        return [(sak, self[f"notat_{sak.pk}"], self[f"beslutning_{sak.pk}"]) for sak in self.saker]

    @property
    def maalblokker(self):
        return [(m, self[f"maal_{m.pk}"], self[f"maal_{m.pk}_kommentar"]) for m in self.maal]

    def clean(self):
        data = super().clean()
        dato, starter, slutter = (
            data.get("neste_mote_dato"),
            data.get("neste_mote_starter"),
            data.get("neste_mote_slutter"),
        )
        if self.fields["neste_mote_dato"].disabled:
            return data
        if dato and not starter and "neste_mote_starter" not in self.errors:
            self.add_error("neste_mote_starter", _("Oppgi når neste møte starter."))
        if (starter or slutter) and not dato and "neste_mote_dato" not in self.errors:
            self.add_error("neste_mote_dato", _("Oppgi datoen for neste møte."))
        if starter and slutter and slutter <= starter:
            self.add_error("neste_mote_slutter", _("Neste møte må slutte etter at det starter."))
        start = self.neste_mote_tid()[0] if dato and starter else None
        if start is not None:
            lagret = self.referat.neste_mote_start if self.referat else None
            if start <= self.mote.start:
                self.add_error("neste_mote_dato", _("Neste møte må være etter dette møtet."))
            elif start != lagret and start <= timezone.now():
                self.add_error(
                    "neste_mote_dato",
                    _("Neste møte kan ikke legges til et tidspunkt som har vært."),
                )
        return data

    def neste_mote_tid(self) -> tuple | None:
        d = self.cleaned_data
        if not (d.get("neste_mote_dato") and d.get("neste_mote_starter")):
            return None
        sone = timezone.get_current_timezone()
        start = datetime.combine(d["neste_mote_dato"], d["neste_mote_starter"], tzinfo=sone)
        slutt = (
            datetime.combine(d["neste_mote_dato"], d["neste_mote_slutter"], tzinfo=sone)
            if d.get("neste_mote_slutter")
            else None
        )
        return start, slutt

    def til_service(self, oppgaver: list[dict]) -> dict:
        d = self.cleaned_data
        return {
            "til_stede": list(d["til_stede"]),
            "neste_mote": d["neste_mote"],
            "neste_mote_tid": self.neste_mote_tid(),
            "notater": {s.pk: (d[f"notat_{s.pk}"], d[f"beslutning_{s.pk}"]) for s in self.saker},
            "oppgaver": oppgaver,
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


class OppgaveRadForm(DesignsystemSkjema, forms.Form):
    """One action item: what, who (a member of the group), by when. A saved item carries its
    id; a new row carries a submission token, so saving the draft again changes the item the
    first save created instead of adding another."""

    oppgave = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    innsending_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    beskrivelse = forms.CharField(
        max_length=500, error_messages={"required": _("Skriv hva som skal gjøres.")}
    )
    ansvarlig = forms.ModelChoiceField(
        queryset=None, error_messages={"required": ANSVARLIG_MAA_VAERE_MEDLEM}
    )
    frist = forms.DateField(error_messages={"required": _("Oppgi en frist.")})

    def __init__(self, *args, medlemmer, oppgaver, **kwargs):
        super().__init__(*args, **kwargs)
        self.nummer = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        self.fields["oppgave"].queryset = oppgaver
        self.fields["ansvarlig"].queryset = medlemmer
        self.fields["ansvarlig"].label_from_instance = lambda m: m.visningsnavn
        for navn, etikett in (
            ("beskrivelse", _("hva skal gjøres")),
            ("ansvarlig", _("ansvarlig")),
            ("frist", _("frist")),
        ):
            self.fields[navn].label = _("Oppfølgingspunkt %(n)s: %(felt)s") % {
                "n": self.nummer,
                "felt": etikett,
            }
        if not self.is_bound and not self.initial.get("oppgave"):
            self.initial.setdefault("innsending_id", uuid.uuid4())

    def has_changed(self) -> bool:
        """An added row left empty is no action item (its token alone is no change)."""
        return bool(set(self.changed_data) - {"oppgave", "innsending_id", "DELETE"}) or bool(
            self.initial.get("oppgave")
        )

    def til_service(self) -> dict:
        d = self.cleaned_data
        return {
            "oppgave": d.get("oppgave"),
            "innsending_id": d.get("innsending_id"),
            "beskrivelse": d.get("beskrivelse", ""),
            "ansvarlig": d.get("ansvarlig"),
            "frist": d.get("frist"),
            "slett": bool(d.get("DELETE")),
        }


class BaseOppgaveFormSet(forms.BaseFormSet):
    def __init__(self, *args, medlemmer, oppgaver, **kwargs):
        self.medlemmer, self.oppgaver = medlemmer, oppgaver
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"medlemmer": self.medlemmer, "oppgaver": self.oppgaver}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Fjern oppfølgingspunkt %(n)s") % {"n": form.nummer}
        form.fields["DELETE"].widget.attrs.update({"class": "ds-input", "data-fjern-rad": ""})

    def rader(self, *, bare_gyldige: bool = False) -> list[dict]:
        """The rows for `referat_lagre`: every changed row when the formset is valid; for a
        draft saved as you go (`bare_gyldige`), the complete rows only. A row marked for
        removal is always passed on (by its id or token), whatever else it holds."""
        rader = []
        for form in self.forms:
            if not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                rader.append({**_skjulte_felter(form), "slett": True})
            elif form.is_valid():
                rader.append(form.til_service())
            elif not bare_gyldige:
                raise ValueError("rader() på et ugyldig skjema")
        return rader

    def skjul_feil_i_fjernede(self) -> None:
        """A row marked for removal is not checked: its errors are not shown."""
        for form in self.forms:
            if self._should_delete_form(form):
                form._errors = forms.utils.ErrorDict()


def _skjulte_felter(form) -> dict:
    verdier = {}
    for navn in ("oppgave", "innsending_id"):
        try:
            verdier[navn] = form.fields[navn].clean(form[navn].data)
        except ValidationError:
            verdier[navn] = None
    return verdier


OppgaveFormSet = forms.formset_factory(
    OppgaveRadForm, formset=BaseOppgaveFormSet, extra=0, can_delete=True
)


class AvlysForm(DesignsystemSkjema, forms.Form):
    avlysningsgrunn = forms.CharField(
        label=_("Hvorfor avlyses møtet?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Grunnen står på møtesiden, ikke i e-posten om avlysningen. Den gis videre til "
            "medlemmer som ikke logger inn, så ikke skriv pasientens navn eller "
            "helseopplysninger."
        ),
        error_messages={"required": _("Oppgi hvorfor møtet avlyses.")},
    )
