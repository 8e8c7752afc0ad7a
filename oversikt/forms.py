"""The overview's filter: which organisation or unit (with its sub-units), and which period.

The same GET parameters (`enhet`, `fra`, `til`) drive the page, the drill-down lists, the
exports and the PDF order, so a link or a download always shows what the screen showed."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import DatoInput, DesignsystemSkjema
from oversikt.selectors import Enhetstre, Utvalg

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
