"""Demo data for Min plan's meetings (issue 16): Astrid's ansvarsgruppe with a meeting to come
and one held with approved minutes, so the citizen «astrid» sees «Møter» and «Hvem hjelper meg»
in `make run`. Made through the services where they allow it; the held meeting is written as a
row, since a notice for a time that has passed is refused (as in real use)."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ansvarsgruppe import services
from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Sakspunkt
from demo.oppsett import demo_pasient
from felles.services import lagre
from koordinering.models import Ansatt


def _klokka(dag, timer: int):
    return timezone.make_aware(datetime.combine(dag, time(timer, 0)))


@transaction.atomic
def demo_minplan_moter() -> int:
    """Returns how many meetings were made (0 when Astrid already has a group)."""
    User = get_user_model()
    koordinator = User.objects.filter(username="koordinator.kommune").first()
    astrid = demo_pasient("Astrid")
    if koordinator is None or astrid is None:
        return 0
    if Ansvarsgruppe.objects.filter(pasient=astrid).exists():
        return 0
    gruppe = services.ansvarsgruppe_opprett(actor=koordinator, pasient=astrid)
    leder = Ansatt.objects.filter(bruker__username="leder.kommune").first()
    if leder is not None:
        services.medlem_legg_til(
            actor=koordinator,
            gruppe=gruppe,
            type=Gruppemedlem.Type.ANSATT,
            ansatt=leder,
            rolle="Leder hjemmetjenesten",
        )
    idag = timezone.localdate()
    services.mote_innkall(
        actor=koordinator,
        gruppe=gruppe,
        start=_klokka(idag + timedelta(days=10), 10),
        slutt=_klokka(idag + timedelta(days=10), 11),
        sted="Fjordvik helsehus, møterom 2",
        sakspunkter=[("Hvordan går morgenstellet?", None), ("Dagsenter fra høsten", None)],
    )
    holdt = lagre(
        Mote(
            gruppe=gruppe,
            start=_klokka(idag - timedelta(days=30), 13),
            slutt=_klokka(idag - timedelta(days=30), 14),
            sted="Fjordvik helsehus, møterom 2",
            innkalt_av=koordinator.ansatt,
            sendt_sekvens=0,
        ),
        actor=koordinator,
    )
    sak = lagre(Sakspunkt(mote=holdt, tittel="Status etter sommeren"), actor=koordinator)
    referat = services.referat_lagre(
        actor=koordinator,
        mote=holdt,
        til_stede=list(gruppe.medlemmer.all()),
        notater={sak.pk: ("Astrid klarer mer selv om morgenen.", "Hjemmetjenesten fortsetter.")},
        neste_mote="Om to måneder",
    )
    services.referat_godkjenn(actor=koordinator, referat=referat)
    return 2
