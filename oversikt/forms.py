"""The overview's filter: which organisation or unit (with its sub-units), and which period.

The same GET parameters (`enhet`, `fra`, `til`) drive the page, the drill-down lists, the
exports and the PDF order, so a link or a download always shows what the screen showed."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import DatoInput, DesignsystemSkjema
from koordinering.models import Enhet, Organisasjon
from oversikt.selectors import Utvalg

MAKS_AAR = 3


@dataclass(frozen=True)
class Enhetstre:
    """The units of the KE's organisations, depth first, read in one query."""

    organisasjoner: list[Organisasjon]
    enheter: list[tuple[Enhet, int]]  # (unit, depth)

    @classmethod
    def les(cls, organisasjoner: list[Organisasjon]) -> "Enhetstre":
        alle = list(Enhet.objects.filter(organisasjon__in=organisasjoner).order_by("navn", "pk"))
        barn: dict[int | None, list[Enhet]] = {}
        ider = {e.pk for e in alle}
        for e in alle:
            forelder = e.overordnet_id if e.overordnet_id in ider else None
            barn.setdefault(forelder, []).append(e)
        rekkefolge: list[tuple[Enhet, int]] = []

        def besok(enhet: Enhet, dybde: int) -> None:
            rekkefolge.append((enhet, dybde))
            for underenhet in barn.get(enhet.pk, []):
                besok(underenhet, dybde + 1)

        for org in organisasjoner:
            for rot in barn.get(None, []):
                if rot.organisasjon_id == org.pk:
                    besok(rot, 0)
        return cls(organisasjoner, rekkefolge)

    def underenheter(self, enhet_id: int) -> tuple[int, ...]:
        """The unit and every unit below it."""
        ider, inne, grense = [], False, 0
        for enhet, dybde in self.enheter:
            if enhet.pk == enhet_id:
                ider, inne, grense = [enhet.pk], True, dybde
            elif inne and dybde > grense:
                ider.append(enhet.pk)
            elif inne:
                break
        return tuple(ider)

    def enhet(self, enhet_id: int) -> Enhet | None:
        return next((e for e, _d in self.enheter if e.pk == enhet_id), None)

    def navn(self) -> dict[int, str]:
        return {e.pk: e.navn for e, _d in self.enheter}

    def valg(self) -> list:
        """Choices: the whole organisation first, then its units as paths («A › B»); grouped
        by organisation when the person is KE in more than one."""
        stier: dict[int, str] = {}
        grupper = []
        for org in self.organisasjoner:
            valg = [(f"o{org.pk}", _("Hele organisasjonen (%(navn)s)") % {"navn": org.navn})]
            for enhet, _dybde in self.enheter:
                if enhet.organisasjon_id != org.pk:
                    continue
                forelder = stier.get(enhet.overordnet_id)
                stier[enhet.pk] = f"{forelder} › {enhet.navn}" if forelder else enhet.navn
                valg.append((str(enhet.pk), stier[enhet.pk]))
            grupper.append((org.navn, valg))
        return grupper[0][1] if len(grupper) == 1 else grupper


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
