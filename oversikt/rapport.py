"""The overview put together for a screen, an export or a print: tables (suppressed for use
outside the organisation), charts drawn from them, and the key figures."""

from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from felles.pdf import mal_til_pdf
from individuellplan.models import IndividuellPlan
from koordinering.models import Rolle
from oversikt.selectors import Enhetstre, Utvalg, oversikt_tabeller
from oversikt.svg import Diagram, diagrammer
from oversikt.tabeller import Celle, Tabell, skjul_smaa_tall, vis


@dataclass
class Nokkeltallkort:
    navn: str
    celle: Celle
    forklaring: str


@dataclass
class Rapport:
    utvalg: Utvalg
    tabeller: dict[str, Tabell]
    diagrammer: dict[str, Diagram]
    nokkeltall: list[Nokkeltallkort]
    utenfor: bool


def maanedsnavn(u: Utvalg) -> list[str]:
    """Short month names for chart axes: «nov. 25»."""
    return [f"{dateformat.format(m, 'b')}. {m:%y}" for m in u.maaneder]


def _rad(tabell: Tabell, **lenke) -> list[Celle]:
    """The row whose count (second column) opens the drill-down with these parameters."""
    onsket = {(k, str(v)) for k, v in lenke.items()}
    return next(r for r in tabell.rader if r[1].lenke is not None and set(r[1].lenke) == onsket)


def _nokkeltall(tabeller: dict[str, Tabell]) -> list[Nokkeltallkort]:
    status, behov = tabeller["dekning-status"], tabeller["dekning-behov"].rader[-1]
    forfalt = tabeller["forfalt-enhet"].rader[-1]
    koordinator = _rad(status, maal="oppnevning", rolle=Rolle.KOORDINATOR)
    plan = _rad(status, maal="plan", status=IndividuellPlan.Status.AKTIV)
    andel = _("Andel av pasientene som følges: %(andel)s")
    return [
        Nokkeltallkort(
            _("Pasienter som følges"),
            status.rader[0][1],
            _("Aktiv tilknytning ved periodens slutt"),
        ),
        Nokkeltallkort(
            _("Har koordinator"), koordinator[1], andel % {"andel": vis(koordinator[2])}
        ),
        Nokkeltallkort(_("Har aktiv individuell plan"), plan[1], andel % {"andel": vis(plan[2])}),
        Nokkeltallkort(
            _("Meldt behov uten oppnevning"),
            behov[3],
            _("Pasienter med behov meldt i perioden som venter eller har mistet oppnevningen"),
        ),
        Nokkeltallkort(
            _("Forfalte evalueringer"),
            forfalt[1],
            _("Individuelle planer med evaluering på overtid"),
        ),
        Nokkeltallkort(
            _("Ubesvarte meldinger"),
            forfalt[3],
            _("Meldinger til oss som har passert svarfristen"),
        ),
    ]


def _skjul_nokkeltall(tall: list[Nokkeltallkort]) -> list[Nokkeltallkort]:
    skjult = skjul_smaa_tall(Tabell("", "", [], [[n.celle] for n in tall]))
    return [
        Nokkeltallkort(n.navn, rad[0], n.forklaring if rad[0] == n.celle else "")
        for n, rad in zip(tall, skjult.rader, strict=True)
    ]


def rapport(u: Utvalg, *, utenfor: bool = False, seksjoner=None) -> Rapport:
    tabeller = oversikt_tabeller(u, seksjoner)
    nokkeltall = _nokkeltall(tabeller) if seksjoner is None else []
    if utenfor:
        tabeller = {k: skjul_smaa_tall(t) for k, t in tabeller.items()}
        nokkeltall = _skjul_nokkeltall(nokkeltall)
    return Rapport(
        utvalg=u,
        tabeller=tabeller,
        diagrammer=diagrammer(tabeller, maanedsnavn(u)),
        nokkeltall=nokkeltall,
        utenfor=utenfor,
    )


def utvalg_for_utskrift(utskrift) -> Utvalg:
    """The selection a stored print order asked for (the unit tree as it is now)."""
    tre = Enhetstre.les([utskrift.organisasjon])
    return Utvalg(
        organisasjon=utskrift.organisasjon,
        fra=utskrift.fra,
        til=utskrift.til,
        idag=timezone.localdate(),
        enhet=utskrift.enhet,
        enheter=tre.underenheter(utskrift.enhet_id) if utskrift.enhet_id else None,
        enhetsnavn=tre.navn(),
    )


def oversikt_pdf(u: Utvalg, *, utenfor: bool) -> bytes:
    r = rapport(u, utenfor=utenfor)
    return mal_til_pdf(
        "oversikt/oversikt_pdf.html",
        {"r": r, "u": u, "laget": timezone.localtime()},
        tittel=_("Oversikt for koordinerende enhet"),
    )
