"""The overview's filter: which organisation or unit (with its sub-units), and which period.

The same GET parameters (`enhet`, `fra`, `til`) drive the page, the drill-down lists, the
exports and the PDF order, so a link or a download always shows what the screen showed."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import DatoInput, DesignsystemSkjema
from felles.innsending import InnsendingSkjema
from koordinering.models import Ansatt
from oversikt.selectors import Enhetstre, Utvalg
from oversikt.selectors.kontroll import KATEGORIER

MAKS_AAR = 3


def standardperiode(idag: date) -> tuple[date, date]:
    """The last twelve months, today included."""
    return idag - relativedelta(years=1) + relativedelta(days=1), idag


class OversiktFilter(DesignsystemSkjema, forms.Form):
    enhet = forms.ChoiceField(
        label=_("Enhet"),
        required=False,
        error_messages={"invalid_choice": _("Velg en enhet i din organisasjon.")},
    )
    # Not required: an empty field takes its default (the whole organisation, the last year).
    fra = forms.DateField(label=_("Fra og med"), widget=DatoInput, required=False)
    til = forms.DateField(label=_("Til og med"), widget=DatoInput, required=False)

    def __init__(self, data, *, tre: Enhetstre, idag: date):
        self.tre, self.idag = tre, idag
        fra, til = standardperiode(idag)
        standard = {
            "enhet": f"o{tre.organisasjoner[0].pk}",
            "fra": fra.isoformat(),
            "til": til.isoformat(),
        }
        utfylt = {k: (data.get(k) or v) for k, v in standard.items()}
        super().__init__(utfylt)
        self.fields["enhet"].choices = tre.valg()

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra"), data.get("til")
        if fra and til:
            if til < fra:
                self.add_error("til", _("Til-dato kan ikke være før fra-dato."))
            elif til > self.idag:
                self.add_error(
                    "til",
                    _("Til-dato kan ikke være etter i dag (%(dato)s).")
                    % {"dato": f"{self.idag:%d.%m.%Y}"},
                )
            elif fra < til - relativedelta(years=MAKS_AAR):
                self.add_error("fra", _("Perioden kan være høyst tre år."))
        return data

    def utvalg(self) -> Utvalg:
        verdi = self.cleaned_data["enhet"]
        if verdi.startswith("o"):
            organisasjon = next(o for o in self.tre.organisasjoner if str(o.pk) == verdi[1:])
            enhet, enheter = None, None
        else:
            enhet = self.tre.enhet(int(verdi))
            organisasjon = next(o for o in self.tre.organisasjoner if o.pk == enhet.organisasjon_id)
            enheter = self.tre.underenheter(enhet.pk)
        return Utvalg(
            organisasjon=organisasjon,
            fra=self.cleaned_data["fra"],
            til=self.cleaned_data["til"],
            idag=self.idag,
            enhet=enhet,
            enheter=enheter,
            enhetsnavn=self.tre.navn(),
        )

    def parametre(self) -> dict[str, str]:
        """The filter as query parameters, for links and downloads."""
        return {
            "enhet": self.cleaned_data["enhet"],
            "fra": self.cleaned_data["fra"].isoformat(),
            "til": self.cleaned_data["til"].isoformat(),
        }


class KontrollFilter(DesignsystemSkjema, forms.Form):
    """Kontroll av tilganger: the period (default the last 30 days), optionally one category or
    one staff member (by id), and whether findings already reviewed are shown."""

    fra = forms.DateField(label=_("Fra og med"), widget=DatoInput, required=False)
    til = forms.DateField(label=_("Til og med"), widget=DatoInput, required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)
    ansatt = forms.ModelChoiceField(
        label=_("Ansatt"),
        queryset=Ansatt.objects.none(),
        required=False,
        empty_label=_("Alle ansatte"),
        error_messages={"invalid_choice": _("Velg en ansatt i din organisasjon.")},
    )
    vis_gjennomgatte = forms.BooleanField(label=_("Vis også gjennomgåtte funn"), required=False)

    def __init__(self, data, *, organisasjoner, idag: date):
        self.idag = idag
        standard = {"fra": (idag - timedelta(days=29)).isoformat(), "til": idag.isoformat()}
        utfylt = {**{k: data.get(k) for k in ("kategori", "ansatt", "vis_gjennomgatte")}}
        utfylt.update({k: (data.get(k) or v) for k, v in standard.items()})
        super().__init__(utfylt)
        self.fields["kategori"].choices = [("", _("Alle kategorier")), *KATEGORIER.items()]
        self.fields["ansatt"].queryset = (
            Ansatt.objects.filter(organisasjon__in=organisasjoner)
            .select_related("bruker")
            .order_by("bruker__last_name", "bruker__first_name")
        )

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra"), data.get("til")
        if fra and til:
            if til < fra:
                self.add_error("til", _("Til-dato kan ikke være før fra-dato."))
            elif til > self.idag:
                self.add_error(
                    "til",
                    _("Til-dato kan ikke være etter i dag (%(dato)s).")
                    % {"dato": f"{self.idag:%d.%m.%Y}"},
                )
            elif fra < til - relativedelta(years=1):
                self.add_error("fra", _("Perioden kan være høyst ett år."))
        return data

    def parametre(self) -> dict:
        """The filter as GET parameters (dates and ids only)."""
        d = self.cleaned_data
        parametre = {"fra": d["fra"].isoformat(), "til": d["til"].isoformat()}
        if d["kategori"]:
            parametre["kategori"] = d["kategori"]
        if d["ansatt"]:
            parametre["ansatt"] = d["ansatt"].pk
        if d["vis_gjennomgatte"]:
            parametre["vis_gjennomgatte"] = "on"
        return parametre


class GjennomgangForm(InnsendingSkjema, DesignsystemSkjema, forms.Form):
    nokkel = forms.CharField(widget=forms.HiddenInput, max_length=100)
    merknad = forms.CharField(
        label=_("Merknad"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hva gjennomgangen viste.")},
    )
