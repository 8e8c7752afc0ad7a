"""The KE overview: the page, the patient lists behind its numbers, exports and the PDF.

Only members of a koordinerende enhet see it, and only for their own organisation(s): anyone
else gets 404, like a page that does not exist. The overview itself shows no patient; the
lists behind the numbers do, and log one access-log row per patient shown."""

from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from felles.replika import leser_fra_replika
from koordinering.arbeidsrolle import arbeidsrolle
from koordinering.models import Ansatt, Behov, Organisasjon, Rolle
from koordinering.permissions import ke_organisasjoner
from koordinering.tilgangslogg import logg_visning
from meldinger.models import Meldingstype
from oversikt import selectors, services
from oversikt.eksport import om_uttrekket, til_csv, til_xlsx
from oversikt.forms import OversiktFilter
from oversikt.models import OversiktUtskrift
from oversikt.rapport import rapport
from oversikt.selectors import Enhetstre

SIDESTORRELSE = 25
FILTERFELT = ("enhet", "fra", "til")
SVARUTFALL = {
    "innen": _l("besvart innen fristen"),
    "etter": _l("besvart etter fristen"),
    "ubesvart": _l("ubesvart, fristen passert"),
    "ikke_forfalt": _l("ubesvart, ikke forfalt"),
}


def _ke_organisasjoner(request) -> list[Organisasjon]:
    """The organisations whose KE the person works in; 404 for everybody else."""
    if arbeidsrolle(request).ansatt is None:
        raise Http404
    organisasjoner = list(ke_organisasjoner(request.user))
    if not organisasjoner:
        raise Http404
    return organisasjoner


def _filter(request, data) -> OversiktFilter:
    return OversiktFilter(
        data, tre=Enhetstre.les(_ke_organisasjoner(request)), idag=timezone.localdate()
    )


def _til_oversikten(form: OversiktFilter, anker: str = "") -> str:
    parametre = form.parametre() if form.is_valid() else {}
    return f"{reverse('oversikt:oversikt')}?{urlencode(parametre)}{anker}"


@leser_fra_replika
def oversikt(request):
    form = _filter(request, request.GET)
    if not form.is_valid():
        return render(request, "oversikt/oversikt.html", {"form": form}, status=400)
    u = form.utvalg()
    r = rapport(u)
    utskrifter = list(
        OversiktUtskrift.objects.filter(
            bestilt_av__bruker=request.user, organisasjon=u.organisasjon
        )
        .select_related("enhet")
        .order_by("-bestilt")[:5]
    )
    return render(
        request,
        "oversikt/oversikt.html",
        {
            "form": form,
            "u": u,
            "r": r,
            "t": {k.replace("-", "_"): v for k, v in r.tabeller.items()},
            "d": {k.replace("-", "_"): v for k, v in r.diagrammer.items()},
            "filterparametre": form.parametre(),
            "filterquery": urlencode(form.parametre()),
            "tabellvalg": [(k, t.tittel) for k, t in r.tabeller.items()],
            "utskrifter": utskrifter,
        },
    )


def _avgrensning(u, kode: str, parametre: dict) -> list[tuple[str, str]]:
    """What the list is narrowed to, in words."""
    deler = []
    for navn, verdi in parametre.items():
        if navn == "behov":
            deler.append((_("Behov"), Behov(verdi).label))
        elif navn == "rolle":
            deler.append((_("Rolle"), Rolle(verdi).label))
        elif navn == "status":
            deler.append((_("Status"), verdi))
        elif navn == "rad_enhet":
            deler.append(
                (_("Enhet"), u.enhet_navn(None if verdi == selectors.INGEN else int(verdi)))
            )
        elif navn in ("koordinator", "ansatt"):
            ansatt = (
                Ansatt.objects.select_related("bruker")
                .filter(pk=verdi, organisasjon_id=u.org_id)
                .first()
                if verdi.isdigit()
                else None
            )
            tittel = _("Koordinator") if navn == "koordinator" else _("Ansatt")
            deler.append((tittel, str(ansatt) if ansatt else _("Ingen koordinator")))
        elif navn == "retning":
            deler.append((_("Retning"), str(selectors.RETNINGER[verdi])))
        elif navn == "type":
            deler.append((_("Meldingstype"), Meldingstype(verdi).label))
        elif navn == "utfall":
            deler.append((_("Svar"), str(SVARUTFALL[verdi])))
    return deler


def _dager_siden(dato_, idag: date) -> int | None:
    if dato_ is None:
        return None
    if isinstance(dato_, datetime):
        dato_ = timezone.localdate(dato_)
    return (idag - dato_).days


@leser_fra_replika
def pasienter(request):
    """The patients behind a number on the overview, oldest first. Only patients the KE may
    see now are listed (an ended connection ends access), each one access-logged."""
    form = _filter(request, request.GET)
    if not form.is_valid():
        return render(request, "oversikt/pasientliste.html", {"form": form}, status=400)
    u = form.utvalg()
    kode = request.GET.get("maal", "")
    parametre = {
        k: v for k, v in request.GET.items() if k not in (*FILTERFELT, "maal", "side") and v
    }
    try:
        utdyping = selectors.utdyping(user=request.user, u=u, kode=kode, parametre=parametre)
        avgrensning = _avgrensning(u, kode, parametre)
    except (KeyError, ValueError) as feil:
        raise Http404 from feil
    side = Paginator(utdyping.pasienter, SIDESTORRELSE).get_page(request.GET.get("side"))
    rader = [(p, _dager_siden(p.dato, u.idag)) for p in side]
    logg_visning(
        request,
        [(p.pk, p.tilgangsgrunnlag) for p, _dager in rader],
        _("KE-oversikt: %(liste)s") % {"liste": utdyping.nokkeltall.tittel},
    )
    return render(
        request,
        "oversikt/pasientliste.html",
        {
            "form": form,
            "u": u,
            "utdyping": utdyping,
            "nokkeltall": utdyping.nokkeltall,
            "side": side,
            "rader": rader,
            "avgrensning": avgrensning,
            "skjulte": utdyping.antall_i_tallet - side.paginator.count,
            "tilbake": _til_oversikten(form),
        },
    )


@leser_fra_replika
def eksport(request):
    """One table as CSV or XLSX, or every table as one XLSX workbook. «Til bruk utenfor
    organisasjonen» shows counts 1–4 as «<5» and leaves staff names out."""
    form = _filter(request, request.GET)
    tabell = request.GET.get("tabell", "")
    format_ = request.GET.get("format", "")
    utenfor = request.GET.get("utenfor") in ("1", "on", "ja")
    feil = None
    if not form.is_valid():
        feil = _("Perioden eller enheten er ugyldig. Rett filteret og prøv igjen.")
    elif format_ not in ("csv", "xlsx"):
        feil = _("Velg CSV eller XLSX.")
    elif tabell != "alle" and tabell not in selectors.TABELLER:
        feil = _("Velg hvilken tabell som skal lastes ned.")
    elif tabell == "alle" and format_ == "csv":
        feil = _("CSV lastes ned én tabell om gangen. Velg en tabell, eller velg XLSX.")
    if feil:
        messages.error(request, feil)
        return redirect(_til_oversikten(form, "#eksport"))
    u = form.utvalg()
    r = rapport(
        u, utenfor=utenfor, seksjoner=None if tabell == "alle" else [selectors.TABELLER[tabell]]
    )
    if tabell != "alle" and tabell not in r.tabeller:
        messages.error(request, _("Tabellen finnes bare for sykehus."))
        return redirect(_til_oversikten(form, "#eksport"))
    tabeller = list(r.tabeller.values()) if tabell == "alle" else [r.tabeller[tabell]]
    navn = f"ke-oversikt-{tabell}-{u.fra:%Y%m%d}-{u.til:%Y%m%d}"
    if utenfor:
        navn += "-til-utlevering"
    if format_ == "csv":
        innhold, type_ = til_csv(tabeller[0]), "text/csv; charset=utf-8"
    else:
        innhold = til_xlsx(
            tabeller,
            om_uttrekket(
                organisasjon=u.organisasjon, enhet=u.enhet, fra=u.fra, til=u.til, utenfor=utenfor
            ),
        )
        type_ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    svar = HttpResponse(innhold, content_type=type_)
    svar["Content-Disposition"] = f'attachment; filename="{navn}.{format_}"'
    return svar


@require_POST
def utskrift_bestill(request):
    form = _filter(request, request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Perioden eller enheten er ugyldig. Rett filteret og prøv igjen.")
        )
        return redirect(_til_oversikten(form, "#eksport"))
    utskrift = services.utskrift_bestill(
        actor=request.user,
        utvalg=form.utvalg(),
        utenfor_organisasjonen=request.POST.get("utenfor") in ("1", "on", "ja"),
    )
    if request.htmx:
        return render(request, "oversikt/_utskrift.html", {"u": utskrift})
    messages.info(
        request,
        _(
            "PDF-en er bestilt og lages så snart som mulig. "
            "Den dukker opp under «Utskrifter» når den er klar."
        ),
    )
    return redirect(_til_oversikten(form, "#eksport"))


def _egen_utskrift(request, pk: int, **filtre) -> OversiktUtskrift:
    return get_object_or_404(
        OversiktUtskrift.objects.select_related("enhet"),
        pk=pk,
        bestilt_av__bruker=request.user,
        organisasjon__in=_ke_organisasjoner(request),
        **filtre,
    )


def utskrift_status(request, pk: int):
    return render(request, "oversikt/_utskrift.html", {"u": _egen_utskrift(request, pk)})


def utskrift_last_ned(request, pk: int):
    utskrift = _egen_utskrift(request, pk, status=OversiktUtskrift.Status.FERDIG)
    return FileResponse(
        utskrift.fil.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"ke-oversikt-{utskrift.fra:%Y%m%d}-{utskrift.til:%Y%m%d}.pdf",
    )
