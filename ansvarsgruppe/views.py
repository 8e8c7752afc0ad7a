"""Views of the ansvarsgruppe: the group, its members, meetings, minutes and action items.
Thin: parse, call one selector or service, log what patient data was shown, render. What the
user may not see answers 404."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ansvarsgruppe import kalender, pdf, selectors, services
from ansvarsgruppe.forms import (
    AvlysForm,
    GruppemedlemForm,
    MedlemAvsluttForm,
    MoteForm,
    OppgaveFormSet,
    ReferatForm,
)
from ansvarsgruppe.models import (
    Gruppemedlem,
    Kalenderabonnement,
    Mote,
    Motesvar,
    Oppgave,
    Referat,
)
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
                request,
                _("Møtet er lagt inn. Innkallingen sendes til medlemmene så snart som mulig."),
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
    referat = Referat.objects.filter(mote=mote).select_related("neste_mote_innkalt").first()
    return render(
        request,
        "ansvarsgruppe/mote_detalj.html",
        {
            "mote": mote,
            "gruppe": gruppe,
            "kan_redigere": kan_redigere,
            "sakspunkter": list(mote.sakspunkter.all()),
            "motesvar": selectors.motesvar_for_mote(mote),
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


def _uten_saksliste(form) -> None:
    """Where the agenda is not the user's to write, the form leaves its fields out rather than
    showing them greyed out (dimmed text that can't be used fails the contrast rule too)."""
    del form.fields["saker"], form.fields["maal"]


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
    _uten_saksliste(form)  # the agenda is kept; only time and place change
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
            messages.success(
                request,
                _("Møtet er endret. En oppdatert innkalling sendes så snart som mulig."),
            )
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


def _referatskjemaer(request, mote, gruppe, referat, data=None):
    """The minutes form and its action-item rows, filled from the saved draft (or from `data`)."""
    initial = {}
    oppgaver = Oppgave.objects.none()
    if referat:
        lokal_start = (
            timezone.localtime(referat.neste_mote_start) if referat.neste_mote_start else None
        )
        initial = {
            "til_stede": list(referat.til_stede.all()),
            "neste_mote": referat.neste_mote,
            "neste_evaluering": referat.neste_evaluering,
            "neste_mote_dato": lokal_start.date() if lokal_start else None,
            "neste_mote_starter": lokal_start.time() if lokal_start else None,
            "neste_mote_slutter": timezone.localtime(referat.neste_mote_slutt).time()
            if referat.neste_mote_slutt
            else None,
        }
        for maal_id, (vurdering, kommentar) in referat.maalvurderinger.items():
            initial[f"maal_{maal_id}"] = vurdering
            initial[f"maal_{maal_id}_kommentar"] = kommentar
        for n in referat.notater.all():
            initial[f"notat_{n.sakspunkt_id}"] = n.notat
            initial[f"beslutning_{n.sakspunkt_id}"] = n.beslutning
        oppgaver = referat.oppgaver.order_by("pk")
    form = ReferatForm(
        data,
        mote=mote,
        referat=referat,
        maal=_planens_maal(request, gruppe.pasient_id, for_evaluering=True),
        initial=initial,
    )
    if data is not None and "oppgaver-TOTAL_FORMS" not in data:
        # Posted without the rows (a client that only sends the other fields): no row changes.
        data = data.copy()
        data.update({"oppgaver-TOTAL_FORMS": "0", "oppgaver-INITIAL_FORMS": "0"})
    rader = OppgaveFormSet(
        data,
        prefix="oppgaver",
        medlemmer=form.medlemmer,
        oppgaver=oppgaver,
        initial=[
            {
                "oppgave": o.pk,
                "beskrivelse": o.beskrivelse,
                "ansvarlig": o.ansvarlig_id,
                "frist": o.frist,
            }
            for o in oppgaver.select_related(None)
        ],
    )
    return form, rader


def _referat_for_skjema(mote):
    return (
        Referat.objects.filter(mote=mote)
        .prefetch_related("til_stede", "notater")
        .select_related("mote")
        .first()
    )


def _lagre_utkast(request, mote, form, rader) -> tuple[bool, int]:
    """Save what can be saved of a draft being written: the form when it is valid, with the
    complete action items; (saved, rows not yet complete)."""
    if not form.is_valid():
        return False, 0
    rader.is_valid()
    gyldige = rader.rader(bare_gyldige=True)
    ufullstendige = sum(
        1
        for r in rader.forms
        if r.has_changed() and not r.is_valid() and not rader._should_delete_form(r)
    )
    try:
        services.referat_lagre(actor=request.user, mote=mote, **form.til_service(gyldige))
    except ValidationError as feil:
        feil_til_skjema(form, feil)
        return False, ufullstendige
    return True, ufullstendige


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def referat_skjema(request, pk: int):
    """The minutes: attendance, a block per agenda item, the goals, the action items as rows
    that are added and removed (htmx, or without JavaScript: «Legg til rad» shows the form
    again with one more row, and each row has a «Fjern» box), and the next meeting. Whatever
    is typed stays in the form on an error; every error is shown in one round."""
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    referat = _referat_for_skjema(mote)
    if referat and referat.er_laast:
        messages.error(request, _("Referatet er godkjent og låst. Lag en ny revisjon for å endre."))
        return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    status = ""
    if request.method == "POST" and request.POST.get("handling") == "legg-til-rad":
        # Without JavaScript: save what can be saved, then show the form with one more row.
        form, rader = _referatskjemaer(request, mote, gruppe, referat, request.POST)
        lagret, _ufullstendige = _lagre_utkast(request, mote, form, rader)
        data = request.POST.copy()
        data["oppgaver-TOTAL_FORMS"] = str(rader.total_form_count() + 1)
        form, rader = _referatskjemaer(request, mote, gruppe, _referat_for_skjema(mote), data)
        form._errors, rader._errors, rader._non_form_errors = ErrorDict(), [], ErrorList()
        for rad in rader.forms:
            rad._errors = ErrorDict()
        status = _("Utkastet er lagret. En ny rad er lagt til.") if lagret else ""
    elif request.method == "POST":
        form, rader = _referatskjemaer(request, mote, gruppe, referat, request.POST)
        gyldig = form.is_valid() & rader.is_valid()
        rader.skjul_feil_i_fjernede()
        if gyldig:
            try:
                services.referat_lagre(
                    actor=request.user, mote=mote, **form.til_service(rader.rader())
                )
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Referatet er lagret som utkast."))
                return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    else:
        form, rader = _referatskjemaer(request, mote, gruppe, referat)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Referat"))
    return render(
        request,
        "ansvarsgruppe/referat_skjema.html",
        {
            "form": form,
            "rader": rader,
            "mote": mote,
            "gruppe": gruppe,
            "status": status,
            "tittel": _("Referat fra %(mote)s") % {"mote": mote},
        },
    )


@ansatt_paakrevd
@require_POST
def referat_autolagre(request, pk: int):
    """The draft saved as you go (htmx on change): a short status, never the errors (they are
    shown when the writer saves)."""
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    referat = _referat_for_skjema(mote)
    if referat and referat.er_laast:
        tekst = _("Referatet er godkjent og låst, og endringene er ikke lagret.")
    else:
        form, rader = _referatskjemaer(request, mote, gruppe, referat, request.POST)
        lagret, ufullstendige = _lagre_utkast(request, mote, form, rader)
        if not lagret:
            tekst = _("Ikke lagret automatisk: noen felt må rettes. Trykk «Lagre utkast».")
        else:
            tekst = _("Utkastet er lagret kl. %(tid)s.") % {"tid": f"{timezone.localtime():%H.%M}"}
            if ufullstendige:
                tekst += " " + _(
                    "%(n)s oppfølgingspunkt er ikke fylt ut helt og er ikke lagret ennå."
                ) % {"n": ufullstendige}
    return HttpResponse(tekst, content_type="text/plain; charset=utf-8")


@ansatt_paakrevd
@require_http_methods(["GET"])
def referat_oppgaverad(request, pk: int):
    """One more empty action-item row (htmx), and the formset's new row count."""
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    try:
        antall = max(0, min(int(request.GET.get("oppgaver-TOTAL_FORMS", "0")), 200))
    except ValueError:
        antall = 0
    form = ReferatForm(mote=mote, maal=[])
    rader = OppgaveFormSet(
        prefix="oppgaver", medlemmer=form.medlemmer, oppgaver=Oppgave.objects.none()
    )
    # The row's choice of responsible person names the group's members, the patient among them.
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Ny rad i referatet"))
    return render(
        request,
        "ansvarsgruppe/_oppgaverad.html",
        {
            "rad": rader._construct_form(antall, **rader.get_form_kwargs(antall)),
            "antall": antall + 1,
            "oob": True,
        },
    )


@ansatt_paakrevd
@require_POST
def neste_mote_innkall(request, pk: int):
    """Call the next meeting the draft names now, without waiting for the approval."""
    mote, _gruppe, _grunnlag, _kan = _mote_for(request, pk, redigere=True)
    referat = get_object_or_404(Referat, mote=mote)
    try:
        neste = services.neste_mote_innkall(actor=request.user, referat=referat)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
        return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    if neste is None:
        messages.error(request, _("Referatet har ingen tid for neste møte."))
        return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    messages.success(
        request,
        _("Neste møte er lagt inn. Innkallingen sendes til medlemmene så snart som mulig."),
    )
    return redirect("ansvarsgruppe:mote-detalj", pk=neste.pk)


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
    _uten_saksliste(form)  # the service sets a standard agenda
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
            messages.success(
                request,
                _(
                    "Kommunen er kalt inn til ansvarsgruppemøte. "
                    "Innkallingen sendes så snart som mulig."
                ),
            )
            return redirect("ansvarsgruppe:mote-detalj", pk=mote.pk)
    logg_pasienter(request, [pasient.pk], _("Kall inn kommunen"))
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": pasient, "tittel": _("Kall inn kommunen til ansvarsgruppemøte")},
    )


def _uke_start(dag: date) -> date:
    return dag - timedelta(days=dag.weekday())


def _periode(visning: str, dag: date) -> tuple[date, date, date, date]:
    """[fra, til) of the week or month around `dag`, and the day the links back and on open."""
    if visning == "maned":
        fra = dag.replace(day=1)
        til = (fra + timedelta(days=32)).replace(day=1)
        forrige = (fra - timedelta(days=1)).replace(day=1)
        return fra, til, forrige, til
    fra = _uke_start(dag)
    return fra, fra + timedelta(days=7), fra - timedelta(days=7), fra + timedelta(days=7)


MANEDER = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip


@ansatt_paakrevd
def mine_moter(request):
    """«Mine møter»: the meetings of the groups I am a member of, a week or a month at a time,
    with the patient, the place or video link and my answer. Works without JavaScript."""
    visning = "maned" if request.GET.get("visning") == "maned" else "uke"
    try:
        dag = date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        dag = timezone.localdate()
    fra, til, forrige, neste = _periode(visning, dag)
    sone = timezone.get_current_timezone()
    moter = list(
        selectors.kalendermoter(
            user=request.user,
            fra=datetime.combine(fra, time(), tzinfo=sone),
            til=datetime.combine(til, time(), tzinfo=sone),
        )
    )
    logg_pasienter(request, {m.gruppe.pasient_id for m in moter}, _("Mine møter"))
    dager: dict[date, list] = {}
    for m in moter:
        dager.setdefault(timezone.localtime(m.start).date(), []).append(m)
    if visning == "maned":
        overskrift = f"{MANEDER[fra.month - 1].capitalize()} {fra.year}"
    else:
        overskrift = _("Uke %(uke)s, %(fra)s–%(til)s") % {
            "uke": fra.isocalendar().week,
            "fra": f"{fra:%d.%m.}",
            "til": f"{til - timedelta(days=1):%d.%m.%Y}",
        }
    ny_lenke = request.session.pop("kalenderlenke", None)
    return render(
        request,
        "ansvarsgruppe/mine_moter.html",
        {
            "visning": visning,
            "dato": dag,
            "overskrift": overskrift,
            "dager": sorted(dager.items()),
            "forrige": forrige,
            "neste": neste,
            "idag": timezone.localdate(),
            "har_abonnement": Kalenderabonnement.objects.filter(
                ansatt=request.user.ansatt
            ).exists(),
            "ny_lenke": ny_lenke,
            "svarvalg": Motesvar.Svar.choices,
        },
    )


@ansatt_paakrevd
@require_POST
def motesvar(request, pk: int):
    mote, _gruppe, _grunnlag, _kan = _mote_for(request, pk)
    try:
        services.motesvar_registrer(actor=request.user, mote=mote, svar=request.POST.get("svar"))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Svaret ditt er registrert."))
    tilbake = request.POST.get("neste", "")
    if not url_has_allowed_host_and_scheme(tilbake, allowed_hosts={request.get_host()}):
        tilbake = reverse("ansvarsgruppe:mine-moter")
    return redirect(tilbake)


@ansatt_paakrevd
def mote_ics(request, pk: int):
    """One meeting for the calendar: time, place and «Ansvarsgruppemøte» only."""
    mote, _gruppe, _grunnlag, _kan = _mote_for(request, pk)
    svar = HttpResponse(kalender.moter_ics([mote]), content_type="text/calendar; charset=utf-8")
    dato = f"{timezone.localtime(mote.start):%Y-%m-%d}"
    svar["Content-Disposition"] = f'attachment; filename="ansvarsgruppemote-{dato}.ics"'
    return svar


@ansatt_paakrevd
@require_POST
def kalenderabonnement(request):
    """Make (or make anew) or revoke my calendar feed's secret URL. A new URL is shown once."""
    if request.POST.get("handling") == "trekk":
        services.kalenderabonnement_trekk(actor=request.user)
        messages.success(request, _("Kalenderlenken er slettet og virker ikke lenger."))
    else:
        token = services.kalenderabonnement_lag(actor=request.user)
        request.session["kalenderlenke"] = request.build_absolute_uri(
            reverse("ansvarsgruppe:kalender-feed", kwargs={"token": token})
        )
        messages.success(
            request,
            _("Ny kalenderlenke er laget. En tidligere lenke virker ikke lenger."),
        )
    return redirect("ansvarsgruppe:mine-moter")


@login_not_required  # a calendar app fetches it with the secret in the URL, without a login
def kalender_feed(request, token: str):
    """The personal calendar feed, read by calendar programs without a login: the secret in
    the URL is the key. Unknown or revoked: 404. Time, place and «Ansvarsgruppemøte» only."""
    abonnement = (
        Kalenderabonnement.objects.select_related("ansatt__bruker")
        .filter(token_hash=services.kalendertoken_hash(token))
        .first()
    )
    if abonnement is None or not abonnement.ansatt.bruker.is_active:
        raise Http404
    naa = timezone.now()
    moter = selectors.kalendermoter(
        user=abonnement.ansatt.bruker, fra=naa - timedelta(days=90), til=naa + timedelta(days=400)
    )
    return HttpResponse(kalender.moter_ics(moter), content_type="text/calendar; charset=utf-8")
