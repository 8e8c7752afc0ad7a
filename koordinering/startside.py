"""The start page, «Mine pasienter»: my patients with what is due, my action items and the
messages waiting for my answer. A page composition module: it may read the selectors of higher
apps (listed in the import contract, ADR 0010); nothing else in koordinering does."""

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvarsgruppe.selectors import mine_oppgaver
from felles.models import Tilgangsgrunnlag
from individuellplan.selectors import med_egen_plan
from koordinering import selectors
from koordinering.arbeidsrolle import arbeidsrolle
from koordinering.models import Rolle
from koordinering.tilgangslogg import logg_pasienter, logg_visning
from meldinger.selectors import venter_paa_svar

SIDESTORRELSE = 25


def neste_frist(rad) -> date | None:
    """The nearest deadline for a dashboard row (consent expiry, pending kontaktlege deadline,
    the plan's next evaluation)."""
    frister = [rad.ventende_frist, rad.plan_evaluering]
    if rad.samtykkestatus in (selectors.Samtykkestatus.GYLDIG, selectors.Samtykkestatus.UTLOPER):
        frister.append(rad.samtykke_gyldig_til)
    frister = [f for f in frister if f is not None]
    return min(frister) if frister else None


def _filtre(request) -> selectors.DashboardFiltre:
    rolle = request.GET.get("rolle", "")
    samtykke = request.GET.get("samtykke", "")
    return selectors.DashboardFiltre(
        rolle=rolle if rolle in Rolle.values else "",
        samtykkestatus=samtykke if samtykke in selectors.Samtykkestatus.values else "",
    )


def start(request):
    """The start page: who you are at work, and your patients with what is due."""
    rolle = arbeidsrolle(request)
    context = {"rolle": rolle}
    if rolle.ansatt is not None:
        filtre = _filtre(request)
        rader = med_egen_plan(selectors.mine_pasienter(user=request.user, filtre=filtre))
        side = Paginator(rader, SIDESTORRELSE).get_page(request.GET.get("side"))
        idag = timezone.localdate()
        rader = [
            {
                "oppnevning": o,
                "neste_frist": neste_frist(o),
                "evaluering_forfalt": o.plan_evaluering is not None and o.plan_evaluering < idag,
                "dager_siden_behov": (
                    (idag - timezone.localdate(o.behovsmelding.opprettet)).days
                    if o.behovsmelding
                    else None
                ),
            }
            for o in side
        ]
        oppgaver = mine_oppgaver(user=request.user)
        ubesvarte = venter_paa_svar(user=request.user)
        logg_pasienter(
            request,
            {r["oppnevning"].pasient_id for r in rader}
            | {o.referat.mote.gruppe.pasient_id for o in oppgaver},
            _("Mine pasienter"),
        )
        logg_visning(
            request,
            [(pid, Tilgangsgrunnlag.MELDING) for pid in {m.pasient_id for m in ubesvarte}],
            _("Mine pasienter: meldinger som venter på svar"),
        )
        context |= {
            "side": side,
            "rader": rader,
            "oppgaver": oppgaver,
            "ubesvarte": ubesvarte,
            "idag": idag,
            "filtre": filtre,
            "roller": Rolle.choices,
            "samtykkestatuser": selectors.Samtykkestatus.choices,
            "antall_ventende": (
                selectors.ventende_behov(user=request.user).count() if rolle.er_leder else None
            ),
        }
    return render(request, "koordinering/start.html", context)
