"""The patient page: koordinering's records of the patient, with the plan, the ansvarsgruppe
and the messages from the apps above. A page composition module: it may read the selectors of
higher apps (listed in the import contract, ADR 0010); nothing else in koordinering does."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ansvarsgruppe.selectors import ansvarsgrupper_for_pasient
from individuellplan.selectors import plan_paa_pasientside
from koordinering import selectors
from koordinering.arbeidsrolle import ansatt_paakrevd, arbeidsrolle
from koordinering.models import Pasient
from koordinering.tilgangslogg import logg_visning
from meldinger.selectors import meldinger_om_pasient


@ansatt_paakrevd
def pasient_detalj(request, pk: int):
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pk).first()
    if pasient is None:
        raise Http404
    ansatt = arbeidsrolle(request).ansatt
    side = selectors.pasientside(user=request.user, ansatt=ansatt, pasient=pasient)
    grupper = ansvarsgrupper_for_pasient(
        ansatt=ansatt, pasient=pasient, organisasjoner=side.organisasjoner
    )
    logg_visning(request, [(pasient.pk, pasient.tilgangsgrunnlag)], _("Pasientside"))
    return render(
        request,
        "koordinering/pasient_detalj.html",
        {
            "s": side,
            "pasient": pasient,
            "vis_fodselsnummer": request.POST.get("vis") == "1",
            "ansvarsgrupper": grupper,
            "kan_opprette_gruppe": side.kan_redigere
            and not any(g.organisasjon_id == ansatt.organisasjon_id for g in grupper),
            "kan_kalle_inn_kommunen": side.kan_redigere and ansatt.organisasjon.er_sykehus,
            "meldinger": meldinger_om_pasient(user=request.user, pasient=pasient),
            "ip": plan_paa_pasientside(
                user=request.user,
                ansatt=ansatt,
                pasient=pasient,
                kan_redigere_pasient=side.kan_redigere,
            ),
        },
    )
