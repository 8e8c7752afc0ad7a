"""Kontroll av tilganger: the KE's snooping review of its organisation's access log, and marking
a finding reviewed (by POST, so no note or key lands in a URL). Only members of a koordinerende
enhet see it, for their own organisation(s); anyone else gets 404."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from felles.models import Tilgangsgrunnlag
from koordinering.arbeidsrolle import ansatt_paakrevd
from koordinering.tilgangslogg import logg_visning
from oversikt import services
from oversikt.forms import GjennomgangForm, KontrollFilter
from oversikt.selectors.kontroll import KATEGORIER, kontroll_funn
from oversikt.views import _ke_organisasjoner


def _filter(request, data, organisasjoner) -> KontrollFilter:
    return KontrollFilter(data, organisasjoner=organisasjoner, idag=timezone.localdate())


@ansatt_paakrevd
@require_GET
def kontroll(request):
    organisasjoner = _ke_organisasjoner(request)
    form = _filter(request, request.GET, organisasjoner)
    if not form.is_valid():
        return render(request, "oversikt/kontroll.html", {"form": form}, status=400)
    d = form.cleaned_data
    funn, skjult = kontroll_funn(
        organisasjoner=[o.pk for o in organisasjoner],
        fra=d["fra"],
        til=d["til"],
        kategori=d["kategori"],
        bruker_id=d["ansatt"].bruker_id if d["ansatt"] else None,
        vis_gjennomgatte=d["vis_gjennomgatte"],
    )
    # The findings name patients: the KE's follow-up is itself logged.
    logg_visning(
        request,
        [(pid, Tilgangsgrunnlag.TILSYN) for pid in sorted({f.pasient_id for f in funn} - {None})],
        _("Kontroll av tilganger"),
    )
    # Each finding's form has its own submission token, so a double submit makes one row.
    seksjoner = [
        (kode, navn, [(f, uuid.uuid4()) for f in funn if f.kategori == kode])
        for kode, navn in KATEGORIER.items()
        if not d["kategori"] or kode == d["kategori"]
    ]
    return render(
        request,
        "oversikt/kontroll.html",
        {
            "form": form,
            "seksjoner": seksjoner,
            "antall": len(funn),
            "skjult": skjult,
            "parametre": form.parametre(),
        },
    )


@ansatt_paakrevd
@require_POST
def kontroll_gjennomga(request):
    organisasjoner = _ke_organisasjoner(request)
    tilbake = _filter(request, request.POST, organisasjoner)
    url = reverse("oversikt:kontroll")
    if tilbake.is_valid():
        url = f"{url}?{urlencode(tilbake.parametre())}"
    form = GjennomgangForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for f in form.errors.values() for e in f))
        return redirect(url)
    try:
        services.funn_gjennomga(
            actor=request.user,
            nokkel=form.cleaned_data["nokkel"],
            merknad=form.cleaned_data["merknad"],
            innsending_id=form.cleaned_data["innsending_id"],
        )
    except PermissionDenied:
        raise Http404 from None  # another organisation's finding: as if it did not exist
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
    else:
        messages.success(request, _("Funnet er merket som gjennomgått."))
    return redirect(url)
