"""Whom a citizen logged in with ID-porten may see: themselves as a patient, the patients
they act for by a recorded Representasjon that is in force today, and the patients whose valid
consent names them as a relative (Parorende with their fødselsnummer): those see only the plan
parts the consent gives. Worked out again on every request from the fødselsnummer in the
session, so a mandate that ends, a child who turns 16, or a consent withdrawn or expired takes
effect at once."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from felles.models import Tilgangsgrunnlag
from koordinering.models import Parorende, Pasient, PlanDel, Samtykke
from minplan.models import Omraade, Representasjon

INNBYGGER = "innbygger"  # the session key: {"pid", "navn", "acr", "valgt"}


# The role a representative consents in (Samtykke.GittAv), by their mandate.
GITT_AV = {
    Representasjon.Art.FORELDREANSVAR: Samtykke.GittAv.FORELDER,
    Representasjon.Art.VERGE: Samtykke.GittAv.VERGE,
    Representasjon.Art.FULLMAKT: Samtykke.GittAv.FULLMEKTIG,
}


@dataclass(frozen=True)
class Tilgang:
    """One person the citizen may see: the patient, and the mandate (None: the patient self),
    or the relative a valid consent names (`parorende`) with the plan parts it gives (`deler`)."""

    pasient: Pasient
    representasjon: Representasjon | None = None
    parorende: Parorende | None = None
    deler: frozenset[str] = frozenset(PlanDel.values)

    @property
    def egen(self) -> bool:
        return self.representasjon is None and self.parorende is None

    @property
    def er_parorende(self) -> bool:
        """A relative with consent: reads the given plan parts and nothing else."""
        return self.parorende is not None

    @property
    def grunnlag(self) -> str:
        if self.er_parorende:
            return Tilgangsgrunnlag.PARORENDE
        return Tilgangsgrunnlag.PASIENTEN if self.egen else Tilgangsgrunnlag.REPRESENTANT

    def kan(self, omraade: str) -> bool:
        """Whether the citizen may do `omraade` (minplan.models.Omraade) for this patient."""
        if self.er_parorende:
            return omraade == Omraade.PLAN
        return self.egen or self.representasjon.dekker(omraade)

    @property
    def omraader(self) -> frozenset[str]:
        """What the citizen may do for this patient: for the menu."""
        return frozenset(o for o in Omraade.values if self.kan(o))

    @property
    def samtykke_gitt_av(self) -> str:
        """The role the citizen consents in (Samtykke.GittAv)."""
        if self.egen:
            return Samtykke.GittAv.PASIENTEN
        return GITT_AV[self.representasjon.art]

    @property
    def rolle(self) -> str:
        """The citizen's role for the access log."""
        if self.egen:
            return _("Pasienten selv (Min plan)")
        if self.er_parorende:
            return _("Pårørende med samtykke (Min plan)")
        return _("%(art)s for pasienten (Min plan)") % {
            "art": self.representasjon.get_art_display()
        }


class Avvist(Exception):
    """No one to show: `grunn` is "ukjent", "utlopt" (a mandate that has ended or not begun),
    "fylt16" (parental responsibility for a child who has turned 16) or "samtykke" (a relative
    whose consent is withdrawn, has expired or gives no plan parts)."""

    def __init__(self, grunn: str):
        super().__init__(grunn)
        self.grunn = grunn


def fyller_aar(fodselsdato: date, alder: int) -> date:
    """The day a person born on `fodselsdato` turns `alder` (29 February: 1 March)."""
    try:
        return fodselsdato.replace(year=fodselsdato.year + alder)
    except ValueError:
        return date(fodselsdato.year + alder, 3, 1)


def _i_perioden(rep: Representasjon, idag: date) -> bool:
    return rep.gyldig_fra <= idag and (rep.gyldig_til is None or idag <= rep.gyldig_til)


def _under_grensen(rep: Representasjon, idag: date) -> bool:
    grense = settings.MINPLAN_FORELDREANSVAR_TIL_ALDER
    return idag < fyller_aar(rep.pasient.fodselsdato, grense)


def _gjelder(rep: Representasjon, idag: date) -> bool:
    if not _i_perioden(rep, idag):
        return False
    return rep.art != Representasjon.Art.FORELDREANSVAR or _under_grensen(rep, idag)


def _som_parorende(pid: str, idag: date) -> list[tuple[Parorende, frozenset[str]]]:
    """The relatives recorded with this fødselsnummer, each with the plan parts that valid
    consents naming them give today (empty: none). Two queries."""
    rader = list(
        Parorende.objects.filter(fodselsnummer=pid)
        .select_related("pasient")
        .order_by("pasient__fornavn", "pasient__etternavn", "pk")
    )
    if not rader:
        return []
    deler: dict[int, set[str]] = {}
    for par_id, plandeler in (
        Samtykke.objects.gyldige(idag)
        .filter(parorende__in=rader)
        .values_list("parorende", "plandeler")
    ):
        deler.setdefault(par_id, set()).update(plandeler or [])
    return [(r, frozenset(deler.get(r.pk, ())) & frozenset(PlanDel.values)) for r in rader]


def gjeldende_representasjoner(*, pasient: Pasient, idag: date) -> list[Representasjon]:
    """The mandates for the patient that are in force today (for notifications)."""
    return [
        rep
        for rep in Representasjon.objects.filter(pasient=pasient).select_related("pasient")
        if _gjelder(rep, idag)
    ]


def tilganger(*, pid: str, idag: date) -> list[Tilgang]:
    """Everyone the person with this fødselsnummer may see today: themselves first, then the
    people they act for by name. Avvist with the reason when there is no one."""
    if not pid:
        raise Avvist("ukjent")
    egen = Pasient.objects.filter(fodselsnummer=pid).first()
    representasjoner = list(
        Representasjon.objects.filter(fodselsnummer=pid)
        .select_related("pasient")
        .order_by("pasient__fornavn", "pasient__etternavn", "pk")
    )
    resultat = [Tilgang(egen)] if egen else []
    sett = {egen.pk} if egen else set()
    for rep in representasjoner:
        if _gjelder(rep, idag) and rep.pasient_id not in sett:
            sett.add(rep.pasient_id)
            resultat.append(Tilgang(rep.pasient, rep))
    parorende = _som_parorende(pid, idag)
    for par, deler in parorende:
        if deler and par.pasient_id not in sett:
            sett.add(par.pasient_id)
            resultat.append(Tilgang(par.pasient, parorende=par, deler=deler))
    if resultat:
        return resultat
    if parorende and not representasjoner:
        raise Avvist("samtykke")
    if any(
        r.art == Representasjon.Art.FORELDREANSVAR and _i_perioden(r, idag)
        for r in representasjoner
    ):
        raise Avvist("fylt16")
    raise Avvist("utlopt" if representasjoner else "ukjent")


def valgt_tilgang(session, idag: date) -> tuple[list[Tilgang], Tilgang | None]:
    """The citizen's people and the one chosen in the session (the only one, when there is one)."""
    data = session.get(INNBYGGER) or {}
    alle = tilganger(pid=data.get("pid", ""), idag=idag)
    if len(alle) == 1:
        return alle, alle[0]
    valgt = data.get("valgt")
    return alle, next((t for t in alle if t.pasient.pk == valgt), None)
