"""Coordinators: active appointments per staff member and role, training, last activity, and
the distribution of load."""

from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from felles.models import Tilgangslogg
from koordinering.models import Ansatt, Enhet, Medlemskap, Rolle
from oversikt.selectors.utvalg import (
    KOORDINATORROLLER,
    OPPLAERING_MAANEDER,
    Nokkeltall,
    Utvalg,
    aktive_oppnevninger,
    ansattnavn,
    id_eller_ingen,
    sortert,
    valg,
)
from oversikt.tabeller import Tabell, antall, dato, navn, tekst

if TYPE_CHECKING:
    from oversikt.selectors import Beregning


NOKKELTALL: dict[str, Nokkeltall] = {
    "koordinator_pasienter": Nokkeltall(
        _l("Pasienter med aktiv oppnevning for den ansatte"),
        lambda u, p: (
            aktive_oppnevninger(u, u.per)
            .filter(ansatt_id=id_eller_ingen(p["ansatt"]))
            .filter(**({"rolle": valg(p["rolle"], Rolle.values)} if "rolle" in p else {}))
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("ansatt", "rolle"),
    ),
}


BELASTNING = [(0, 0), (1, 5), (6, 10), (11, 20), (21, 40), (41, None)]


def koordinatorer(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    """Staff with active appointments made by the selected units, and trained staff of those
    units without any: load per role, training, last activity; and the distribution of load."""
    navn_ = b.ansattnavn if b else ansattnavn(u)
    aktive = aktive_oppnevninger(u, u.per).order_by()
    belastning = {
        r["ansatt_id"]: r
        for r in aktive.values("ansatt_id").annotate(
            totalt=Count("pk"),
            forste_koordinator=Min("startdato", filter=Q(rolle__in=KOORDINATORROLLER)),
            **{rolle: Count("pk", filter=Q(rolle=rolle)) for rolle in Rolle.values},
        )
    }
    i_enhetene = Medlemskap.objects.filter(
        u.i_enhetene("enhet_id"), ansatt_id=OuterRef("pk")
    ).exclude(enhet__type=Enhet.Type.KOORDINERENDE_ENHET)
    ansatte = (
        Ansatt.objects.filter(organisasjon_id=u.org_id)
        .filter(
            Q(pk__in=aktive.values("ansatt_id"))
            | (Q(koordinatoropplaering_fullfort__isnull=False) & Q(Exists(i_enhetene)))
        )
        .annotate(
            siste_oppslag=Subquery(
                Tilgangslogg.objects.filter(bruker_id=OuterRef("bruker_id"))
                .order_by("-tidspunkt")
                .values("tidspunkt")[:1]
            )
        )
        .values(
            "pk",
            "yrke",
            "koordinatoropplaering_fullfort",
            "bruker__last_login",
            "siste_oppslag",
        )
    )
    rollenavn = {
        Rolle.KOORDINATOR: _("Koordinator"),
        Rolle.BARNEKOORDINATOR: _("Barnekoordinator"),
        Rolle.KONTAKTLEGE: _("Kontaktlege"),
        Rolle.KONTAKTPSYKOLOG: _("Kontaktpsykolog"),
    }
    roller = sortert(
        u.roller, [rolle for r in belastning.values() for rolle in Rolle.values if r[rolle]]
    )
    tabell = Tabell(
        "koordinatorer",
        _("Aktive oppnevninger per ansatt per %(dato)s") % {"dato": f"{u.per:%d.%m.%Y}"},
        [
            _("Ansatt"),
            _("Yrke"),
            *(str(rollenavn[r]) for r in roller),
            _("Totalt"),
            _("Koordinatoropplæring"),
            _("Siste aktivitet"),
            _("Merknad"),
        ],
        beskrivelse=_(
            "Ansatte med aktive oppnevninger fra enheten(e), og ansatte med fullført "
            "koordinatoropplæring uten oppnevninger. Siste aktivitet: siste innlogging eller "
            "oppslag på en pasient."
        ),
        sumkolonne=2 + len(roller),
    )
    grense = u.per - relativedelta(months=OPPLAERING_MAANEDER)
    tom = {"totalt": 0, "forste_koordinator": None, **dict.fromkeys(Rolle.values, 0)}
    rader = []
    for a in ansatte:
        b = belastning.get(a["pk"], tom)
        siste = max(
            (t for t in (a["bruker__last_login"], a["siste_oppslag"]) if t is not None),
            default=None,
        )
        merknad = ""
        if b["forste_koordinator"] and a["koordinatoropplaering_fullfort"] is None:
            merknad = (
                _("Mangler opplæring etter 3 mnd.")
                if b["forste_koordinator"] < grense
                else _("Mangler opplæring")
            )
        rader.append(
            (
                -b["totalt"],
                navn_.get(a["pk"], "").casefold(),
                [
                    navn(navn_.get(a["pk"], ""), a["pk"]),
                    tekst(Ansatt.Yrke(a["yrke"]).label),
                    *(
                        antall(b[r], maal="koordinator_pasienter", ansatt=a["pk"], rolle=r)
                        for r in roller
                    ),
                    antall(b["totalt"], maal="koordinator_pasienter", ansatt=a["pk"]),
                    dato(a["koordinatoropplaering_fullfort"])
                    if a["koordinatoropplaering_fullfort"]
                    else tekst(_("Ikke fullført")),
                    dato(siste),
                    tekst(merknad or None),
                ],
            )
        )
    tabell.rader = [rad for *_noekkel, rad in sorted(rader, key=lambda r: r[:2])]

    laster = [-r[0] for r in rader]
    fordeling = Tabell(
        "belastning",
        _("Fordeling av belastning"),
        [_("Aktive oppnevninger per ansatt"), _("Ansatte")],
        beskrivelse=_("Hvor mange ansatte som har hvor mange aktive oppnevninger."),
    )
    for fra_, til_ in BELASTNING:
        if til_ is None:
            tittel, n = _("%(n)s eller flere") % {"n": fra_}, sum(1 for x in laster if x >= fra_)
        elif fra_ == til_:
            tittel, n = str(fra_), sum(1 for x in laster if x == fra_)
        else:
            tittel = f"{fra_}–{til_}"
            n = sum(1 for x in laster if fra_ <= x <= til_)
        fordeling.rader.append([tekst(tittel), antall(n)])
    return [tabell, fordeling]
