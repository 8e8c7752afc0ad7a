"""Demo data for Min plan's messages (issue 16 point 3): Astrid Solberg has written to her
koordinator, who has read it and answered, so `/min/meldinger/` (log in as «astrid» at the
local ID-porten) and «Fra innbyggere» for koordinator.kommune show a thread with receipts."""

from demo.oppsett import demo_pasient
from koordinering.models import Ansatt
from meldinger import services
from meldinger.models import Innbyggertraad


def demo_minplan_meldinger() -> int:
    """The thread, once (a second run makes nothing). The number of threads made."""
    astrid = demo_pasient("Astrid")
    koordinator = Ansatt.objects.filter(bruker__username="koordinator.kommune").first()
    if astrid is None or koordinator is None:
        return 0
    if Innbyggertraad.objects.filter(pasient=astrid).exists():
        return 0
    bruker = koordinator.bruker
    traad = services.innbyggertraad_start(
        actor=bruker,
        pasient=astrid,
        ansatt=koordinator,
        innbygger_navn=astrid.navn,
        emne="Hjelp med handling",
        tekst="Hei! Kan hjemmetjenesten hjelpe meg å handle på fredager i stedet for torsdager?",
    )
    services.innbyggertraad_les_ansatt(actor=bruker, traad=traad)
    services.innbyggermelding_svar(
        actor=bruker,
        traad=traad,
        tekst="Hei Astrid. Det ordner vi fra neste uke. Vi tar det opp på møtet også.",
    )
    return 1
