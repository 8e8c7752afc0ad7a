"""Views of the ansvarsgruppe: the group, its members, meetings, minutes and action items.
Thin: parse, call one selector or service, log what patient data was shown, render. What the
user may not see answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ansvarsgruppe import pdf, selectors, services
from ansvarsgruppe.forms import (
    AvlysForm,
    GruppemedlemForm,
    MedlemAvsluttForm,
    MoteForm,
    ReferatForm,
)
from ansvarsgruppe.models import Gruppemedlem, Mote, Oppgave, Referat
from ansvarsgruppe.permissions import ansvarsgruppe_for
from felles.forms import feil_til_skjema
from individuellplan.models import IndividuellPlan, Maal
from individuellplan.permissions import plantilgang
from koordinering.arbeidsrolle import ansatt_paakrevd
from koordinering.models import PlanDel
from koordinering.permissions import pasient_for_redigering
from koordinering.tilgangslogg import logg_pasienter, logg_visning


def _mote_for(request, pk: int, *, redigere: bool = False):
    mote = get_object_or_404(Mote.objects.select_related("gruppe"), pk=pk)
    gruppe, grunnlag, kan_redigere = ansvarsgruppe_for(
        user=request.user, gruppe_id=mote.gruppe_id, redigere=redigere
    )
    return mote, gruppe, grunnlag, kan_redigere


def _planens_maal(request, pasient_id: int, *, for_evaluering: bool = False):
    """The open plan's goals, if the plan shares them with the user (and, to assess them in
    the minutes, lets the user record evaluations)."""
    plan = (
        IndividuellPlan.objects.filter(pasient_id=pasient_id)
        .exclude(status=IndividuellPlan.Status.AVSLUTTET)
        .first()
    )
    tilgang = plantilgang(user=request.user, plan=plan) if plan else None
    if (
        tilgang is None
        or not tilgang.ser(PlanDel.MAAL)
        or (for_evaluering and not tilgang.redigerer(PlanDel.EVALUERING))
    ):
        return Maal.objects.none()
    return plan.maal.order_by("hovedmaal_id", "rekkefolge", "pk")


@ansatt_paakrevd
@require_POST
def ansvarsgruppe_opprett(request, pk: int):
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    try:
        gruppe = services.ansvarsgruppe_opprett(actor=request.user, pasient=pasient)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
        return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    messages.success(request, _("Ansvarsgruppen er opprettet. Legg til medlemmer og kall inn."))
    return redirect("ansvarsgruppe:ansvarsgruppe-detalj", pk=gruppe.pk)


@ansatt_paakrevd
def ansvarsgruppe_detalj(request, pk: int):
    gruppe, grunnlag, kan_redigere = ansvarsgruppe_for(user=request.user, gruppe_id=pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Ansvarsgruppe"))
    return render(
        request,
        "ansvarsgruppe/ansvarsgruppe_detalj.html",
        {"gruppe": gruppe, "kan_redigere": kan_redigere, **selectors.gruppeside(gruppe=gruppe)},
    )


def _medlemskjema(request, gruppe, grunnlag: str, medlem: Gruppemedlem | None):
    """Add a member (`medlem` None) or change one, such as ending the membership."""
    form = GruppemedlemForm(request.POST or None, instance=medlem, gruppe=gruppe)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in GruppemedlemForm.Meta.fields}
        try:
            if medlem is None:
                services.medlem_legg_til(
                    actor=request.user,
                    gruppe=gruppe,
                    innsending_id=form.cleaned_data["innsending_id"],
                    **data,
                )
            else:
                services.medlem_endre(actor=request.user, medlem=medlem, **data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request,
                _("Medlemmet er lagt til.") if medlem is None else _("Medlemmet er oppdatert."),
            )
            return redirect("ansvarsgruppe:ansvarsgruppe-detalj", pk=gruppe.pk)
    tittel = _("Legg til medlem") if medlem is None else _("Endre medlem")
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], tittel)
    return render(
        request,
        "ansvarsgruppe/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": tittel},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def gruppemedlem_opprett(request, pk: int):
    gruppe, grunnlag, _kan = ansvarsgruppe_for(user=request.user, gruppe_id=pk, redigere=True)
    return _medlemskjema(request, gruppe, grunnlag, None)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def gruppemedlem_endre(request, pk: int):
    medlem = get_object_or_404(Gruppemedlem, pk=pk)
    gruppe, grunnlag, _kan = ansvarsgruppe_for(
        user=request.user, gruppe_id=medlem.gruppe_id, redigere=True
    )
    return _medlemskjema(request, gruppe, grunnlag, medlem)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def gruppemedlem_avslutt(request, pk: int):
    """End a membership with a date (confirm form); the member stays listed with the dates."""
    medlem = get_object_or_404(Gruppemedlem, pk=pk)
    gruppe, grunnlag, _kan = ansvarsgruppe_for(
        user=request.user, gruppe_id=medlem.gruppe_id, redigere=True
    )
    form = MedlemAvsluttForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.medlem_avslutt(actor=request.user, medlem=medlem, til=form.cleaned_data["til"])
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Medlemskapet er avsluttet. Historikken er beholdt."))
            return redirect("ansvarsgruppe:ansvarsgruppe-detalj", pk=gruppe.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Avslutt medlemskap"))
    return render(
        request,
        "felles/bekreft.html",
        {
            "form": form,
            "tittel": _("Avslutt medlemskap"),
            "tekst": _("%(navn)s går ut av ansvarsgruppen fra datoen du velger.")
            % {"navn": medlem.visningsnavn},
            "knapp": _("Avslutt medlemskapet"),
            "tilbake_url": reverse("ansvarsgruppe:ansvarsgruppe-detalj", args=[gruppe.pk]),
            "tilbake_tekst": _("Ansvarsgruppe"),
        },
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_opprett(request, pk: int):
    gruppe, grunnlag, _kan = ansvarsgruppe_for(user=request.user, gruppe_id=pk, redigere=True)
    form = MoteForm(request.POST or None, maal=_planens_maal(request, gruppe.pasient_id))
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            mote = services.mote_innkall(
                actor=request.user,
                gruppe=gruppe,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
                sakspunkter=form.sakspunkter(),
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request, _("Møtet er lagt inn, og innkallingen sendes til medlemmene.")
            )
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Nytt ansvarsgruppemøte"))
    return render(
        request,
        "ansvarsgruppe/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Kall inn til møte")},
    )


@ansatt_paakrevd
def mote_detalj(request, pk: int):
    mote, gruppe, grunnlag, kan_redigere = _mote_for(request, pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Ansvarsgruppemøte"))
    referat = Referat.objects.filter(mote=mote).first()
    return render(
        request,
        "ansvarsgruppe/mote_detalj.html",
        {
            "mote": mote,
            "gruppe": gruppe,
            "kan_redigere": kan_redigere,
            "sakspunkter": list(mote.sakspunkter.all()),
            "referat": referat,
            "mangler": selectors.referat_mangler(referat)
            if referat and not referat.er_laast
            else [],
            "uten_epost": selectors.uten_epost(gruppe)
            if mote.status == Mote.Status.PLANLAGT
            else [],
            "referat_som_brev": selectors.uten_innlogging(gruppe)
            if referat and referat.status == Referat.Status.GODKJENT
            else [],
        },
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_endre(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    if Referat.objects.filter(mote=mote, status=Referat.Status.GODKJENT).exists():
        messages.error(request, services.REFERAT_GODKJENT_MOTET_LAAST)
        return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    lokal = timezone.localtime(mote.start)
    form = MoteForm(
        request.POST or None,
        maal=_planens_maal(request, gruppe.pasient_id),
        initial={
            "dato": lokal.date(),
            "starter": lokal.time(),
            "slutter": timezone.localtime(mote.slutt).time(),
            "sted": mote.sted,
            "videolenke": mote.videolenke,
        },
    )
    form.fields["saker"].disabled = form.fields["maal"].disabled = True
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            services.mote_endre(
                actor=request.user,
                mote=mote,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Møtet er endret, og en oppdatert innkalling sendes."))
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Endre ansvarsgruppemøte"))
    return render(
        request,
        "ansvarsgruppe/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Endre møtet")},
    )


def _referathandling(request, pk: int, handling, melding: str):
    """Approve or reopen the minutes; what stands in the way is shown, one message each."""
    mote, _gruppe, _grunnlag, _kan = _mote_for(request, pk, redigere=True)
    try:
        handling(actor=request.user, referat=get_object_or_404(Referat, mote=mote))
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, melding)
    return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_avlys(request, pk: int):
    """Cancelling asks for confirmation and the reason the cancellation carries."""
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    form = AvlysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mote_avlys(
                actor=request.user, mote=mote, grunn=form.cleaned_data["avlysningsgrunn"]
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Møtet er avlyst, og medlemmene får beskjed."))
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Avlys ansvarsgruppemøte"))
    start = timezone.localtime(mote.start)
    return render(
        request,
        "ansvarsgruppe/gruppe_skjema.html",
        {
            "form": form,
            "gruppe": gruppe,
            "tittel": _("Avlys møtet %(tid)s") % {"tid": f"{start:%d.%m.%Y kl. %H.%M}"},
            "intro": _("Medlemmene får avlysningen på e-post med grunnen du oppgir."),
            "knapp": _("Avlys møtet"),
            "avbryt": reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}),
        },
    )


@ansatt_paakrevd
@require_POST
def referat_godkjenn(request, pk: int):
    return _referathandling(
        request,
        pk,
        services.referat_godkjenn,
        _("Referatet er godkjent og låst. PDF lages og sendes til medlemmene."),
    )


@ansatt_paakrevd
@require_POST
def referat_ny_revisjon(request, pk: int):
    return _referathandling(
        request,
        pk,
        services.referat_ny_revisjon,
        _("Referatet er åpnet som en ny revisjon. Den godkjente versjonen ligger i historikken."),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def referat_skjema(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    referat = Referat.objects.filter(mote=mote).prefetch_related("til_stede", "notater").first()
    if referat and referat.er_laast:
        messages.error(request, _("Referatet er godkjent og låst. Lag en ny revisjon for å endre."))
        return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    initial = {}
    if referat:
        initial = {
            "til_stede": list(referat.til_stede.all()),
            "neste_mote": referat.neste_mote,
            "neste_evaluering": referat.neste_evaluering,
        }
        for maal_id, (vurdering, kommentar) in referat.maalvurderinger.items():
            initial[f"maal_{maal_id}"] = vurdering
            initial[f"maal_{maal_id}_kommentar"] = kommentar
        for n in referat.notater.all():
            initial[f"notat_{n.sakspunkt_id}"] = n.notat
            initial[f"beslutning_{n.sakspunkt_id}"] = n.beslutning
    form = ReferatForm(
        request.POST or None,
        mote=mote,
        maal=_planens_maal(request, gruppe.pasient_id, for_evaluering=True),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referat_lagre(actor=request.user, mote=mote, **form.til_service())
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Referatet er lagret som utkast."))
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Referat"))
    return render(
        request,
        "ansvarsgruppe/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Referat fra %(mote)s") % {"mote": mote}},
    )


@ansatt_paakrevd
def referat_pdf(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk)
    referat = get_object_or_404(Referat, mote=mote, status=Referat.Status.GODKJENT)
    if not referat.pdf:
        raise Http404
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Referat som PDF"))
    return FileResponse(
        referat.pdf.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"referat-ansvarsgruppe-{timezone.localtime(mote.start):%Y-%m-%d}.pdf",
    )


@ansatt_paakrevd
def innkallingsbrev_pdf(request, pk: int):
    """The printable notice for the members without e-mail (one letter each), or for one of
    them (`?medlem=`)."""
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk)
    if mote.status != Mote.Status.PLANLAGT:
        raise Http404
    medlemmer = selectors.uten_epost(gruppe)
    if request.GET.get("medlem"):
        medlemmer = [m for m in medlemmer if str(m.pk) == request.GET["medlem"]]
    if not medlemmer:
        raise Http404
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Innkallingsbrev som PDF"))
    svar = HttpResponse(pdf.render_innkallingsbrev(mote, medlemmer), content_type="application/pdf")
    dato = f"{timezone.localtime(mote.start):%Y-%m-%d}"
    svar["Content-Disposition"] = f'attachment; filename="innkalling-ansvarsgruppe-{dato}.pdf"'
    return svar


@ansatt_paakrevd
@require_POST
def oppgave_utfort(request, pk: int):
    oppgave = get_object_or_404(selectors.mine_aapne_oppgaver(user=request.user), pk=pk)
    services.oppgave_utfort(actor=request.user, oppgave=oppgave)
    messages.success(request, _("Oppfølgingspunktet er markert som utført."))
    return redirect("koordinering:start")


@ansatt_paakrevd
@require_POST
def oppgave_gjenaapne(request, pk: int):
    oppgave = get_object_or_404(Oppgave.objects.select_related("referat__mote"), pk=pk)
    gruppe, _grunnlag, _kan = ansvarsgruppe_for(
        user=request.user, gruppe_id=oppgave.referat.mote.gruppe_id
    )
    try:
        services.oppgave_gjenaapne(actor=request.user, oppgave=oppgave)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Oppfølgingspunktet er åpnet igjen."))
    return redirect("ansvarsgruppe:ansvarsgruppe-detalj", pk=gruppe.pk)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_med_kommunen(request, pk: int):
    """The hospital koordinator calls the kommune to an ansvarsgruppe meeting in one step."""
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    form = MoteForm(request.POST or None, maal=_planens_maal(request, pasient.pk).none())
    form.fields["saker"].disabled = form.fields["maal"].disabled = True
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            mote = services.ansvarsgruppemote_med_kommunen(
                actor=request.user,
                pasient=pasient,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Kommunen er kalt inn til ansvarsgruppemøte."))
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_pasienter(request, [pasient.pk], _("Kall inn kommunen"))
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": pasient, "tittel": _("Kall inn kommunen til ansvarsgruppemøte")},
    )
