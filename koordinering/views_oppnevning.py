"""The appointment page: the written mandate the appointee accepts, and the letter that tells
the patient the name, role and how to reach the person (spesialisthelsetjenesteloven § 2-5 c
for kontaktlege; the same letter for koordinator and barnekoordinator). Seen by whoever sees
the appointment on the patient page; 404 to anyone else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.pdf import mal_til_pdf
from koordinering import selectors, services
from koordinering.arbeidsrolle import ansatt_paakrevd, arbeidsrolle
from koordinering.models import Oppnevning, Pasient, Rolle
from koordinering.tilgangslogg import logg_visning

# What each role does, in plain words for the patient, and the law that gives the right.
ROLLE_I_BREVET = {
    Rolle.KOORDINATOR: (
        "Koordinatoren skal sørge for at du får oppfølging, at tjenestene du får henger sammen, "
        "og at arbeidet med individuell plan kommer i gang hvis du ønsker det."
    ),
    Rolle.BARNEKOORDINATOR: (
        "Barnekoordinatoren skal hjelpe familien med informasjon og veiledning, sørge for at "
        "tjenestene henger sammen, og at arbeidet med individuell plan kommer i gang hvis dere "
        "ønsker det."
    ),
    Rolle.KONTAKTLEGE: (
        "Kontaktlegen er legen som har hovedansvaret for deg mens du får behandling hos oss. "
        "Du kan spørre kontaktlegen om sykdommen din, behandlingen og hva som skal skje videre."
    ),
    Rolle.KONTAKTPSYKOLOG: (
        "Kontaktpsykologen er psykologen som har hovedansvaret for deg mens du får behandling "
        "hos oss. Du kan spørre kontaktpsykologen om behandlingen og hva som skal skje videre."
    ),
}


def _lovhjemmel(oppnevning: Oppnevning) -> str:
    if oppnevning.rolle in (Rolle.KONTAKTLEGE, Rolle.KONTAKTPSYKOLOG):
        return "spesialisthelsetjenesteloven § 2-5 c"
    if oppnevning.rolle == Rolle.BARNEKOORDINATOR:
        return "helse- og omsorgstjenesteloven § 7-2 a"
    if oppnevning.organisasjon.er_sykehus:
        return "spesialisthelsetjenesteloven § 2-5 a"
    return "helse- og omsorgstjenesteloven § 7-2"


def _oppnevning_for(request, pk: int) -> tuple[Oppnevning, Pasient]:
    """The appointment if the user sees it on the patient page (the patient is visible and the
    appointing organisation's records are shared with the user); 404 otherwise."""
    oppnevning = (
        Oppnevning.objects.select_related(
            "ansatt__bruker",
            "enhet",
            "organisasjon",
            "oppnevnt_av__bruker",
            "mandat_akseptert_av__bruker",
        )
        .filter(pk=pk)
        .first()
    )
    if oppnevning is None:
        raise Http404
    pasient = Pasient.objects.visible_to(request.user).filter(pk=oppnevning.pasient_id).first()
    ansatt = arbeidsrolle(request).ansatt
    if pasient is None or oppnevning.organisasjon_id not in selectors.delte_organisasjoner(
        ansatt=ansatt, pasient=pasient
    ):
        raise Http404
    return oppnevning, pasient


@ansatt_paakrevd
def oppnevning_detalj(request, pk: int):
    oppnevning, pasient = _oppnevning_for(request, pk)
    logg_visning(request, [(pasient.pk, pasient.tilgangsgrunnlag)], _("Oppnevning"))
    er_oppnevnt = oppnevning.ansatt.bruker_id == request.user.pk
    return render(
        request,
        "koordinering/oppnevning_detalj.html",
        {
            "oppnevning": oppnevning,
            "pasient": pasient,
            "kan_akseptere": er_oppnevnt
            and oppnevning.er_aktiv
            and oppnevning.mandat_akseptert_tid is None,
        },
    )


@ansatt_paakrevd
@require_POST
def oppnevning_mandat_aksepter(request, pk: int):
    oppnevning, _pasient = _oppnevning_for(request, pk)
    if oppnevning.ansatt.bruker_id != request.user.pk:
        raise Http404
    try:
        services.oppnevning_mandat_aksepter(actor=request.user, oppnevning=oppnevning)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Du har akseptert mandatet."))
    return redirect("koordinering:oppnevning-detalj", pk=oppnevning.pk)


@ansatt_paakrevd
def oppnevning_brev(request, pk: int):
    """The letter to the patient as a PDF, rendered on request (it holds nothing stored)."""
    oppnevning, pasient = _oppnevning_for(request, pk)
    rolle = oppnevning.get_rolle_display()
    pdf = mal_til_pdf(
        "koordinering/oppnevning_brev.html",
        {
            "oppnevning": oppnevning,
            "pasient": pasient,
            "rolle": rolle,
            "rolle_liten": rolle.lower(),
            "forklaring": ROLLE_I_BREVET.get(oppnevning.rolle, ""),
            "lovhjemmel": _lovhjemmel(oppnevning),
            "dato": timezone.localdate(),
        },
        tittel=f"Din {rolle.lower()}",
    )
    logg_visning(
        request, [(pasient.pk, pasient.tilgangsgrunnlag)], _("Brev til pasienten om oppnevning")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brev-{oppnevning.rolle}.pdf"'
    return response
