"""The notification centre: my reminders and event notifications (the open ones, or also the
done ones), read or unread, and my e-mail choices. Thin views:
parse, call one selector or service, log which patients were shown, render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from felles.models import Tilgangsgrunnlag
from felles.paginering import AvgrensetPaginator
from koordinering.arbeidsrolle import ansatt_paakrevd
from koordinering.tilgangslogg import logg_visning
from varsler import selectors, services
from varsler.forms import VarslingsvalgForm
from varsler.models import EPOST_UTEN_VALG, VARSLINGSTYPER, Varsel, Varslingsvalg

SIDESTORRELSE = 25


@ansatt_paakrevd
def varsel_liste(request):
    vis_ferdige = request.GET.get("ferdige") == "1"
    side = AvgrensetPaginator(
        selectors.varsler(user=request.user, vis_ferdige=vis_ferdige), SIDESTORRELSE
    ).get_page(request.GET.get("side"))
    rader = selectors.med_pasient_synlig(user=request.user, varsler=side.object_list)
    logg_visning(
        request,
        [
            (pid, Tilgangsgrunnlag.VARSEL)
            for pid in {v.kilde.pasient_id for v in rader if v.pasient_synlig}
        ],
        _("Varsler"),
    )
    return render(
        request,
        "varsler/varsel_liste.html",
        {"side": side, "rader": rader, "vis_ferdige": vis_ferdige},
    )


@ansatt_paakrevd
def varsel_aapne(request, pk: int):
    varsel = get_object_or_404(
        Varsel.objects.select_related("paminnelse", "hendelse"), pk=pk, mottaker=request.user
    )
    services.varsel_les(actor=request.user, varsel=varsel)
    return redirect(varsel.kilde.lenke or "varsler:varsel-liste")


@ansatt_paakrevd
@require_POST
def varsler_les_alle(request):
    antall = services.varsler_les_alle(actor=request.user)
    messages.success(request, _("%(antall)s varsler er merket som lest.") % {"antall": antall})
    return redirect("varsler:varsel-liste")


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def varslingsvalg(request):
    valgt = dict(Varslingsvalg.objects.filter(bruker=request.user).values_list("type", "epost"))
    form = VarslingsvalgForm(
        request.POST or None,
        initial={
            "epost_for": [t for t, _navn in VARSLINGSTYPER if valgt.get(t, t in EPOST_UTEN_VALG)]
        },
    )
    if request.method == "POST" and form.is_valid():
        services.varslingsvalg_lagre(
            actor=request.user, epost_for=set(form.cleaned_data["epost_for"])
        )
        messages.success(request, _("Valgene for e-post er lagret."))
        return redirect("varsler:varslingsvalg")
    return render(
        request,
        "varsler/varslingsvalg.html",
        {"form": form, "har_epost": bool(request.user.email), "epost": request.user.email},
    )
