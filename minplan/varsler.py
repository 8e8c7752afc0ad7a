"""Notifications to citizens without content (issue 16 point 4, docs/adr/0027-varsler-til-
innbyggere.md): «Du har en ny melding / et nytt møte / en ny versjon av planen i Min plan» and
the link to /min/, by e-mail or SMS as the citizen chose on /min/varsler/, never anything else
(no name, no meeting place, nothing about health).

The receivers of the domain events (`felles.hendelser`, connected in `MinplanConfig.ready`) run
in the sending service's transaction: they record one `Innbyggervarsel` per citizen who wants
notifications and queue its sending in the outbox (`felles.jobber.etter_commit`), so nothing is
lost when the broker is down. Who is told: the patient and everyone with a mandate in force
today that covers what the notification is about."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from felles import hendelser
from felles.jobber import etter_commit
from felles.sms import send_sms
from koordinering.models import Pasient
from minplan.models import Innbyggervarsel, Omraade, Varselinnstilling
from minplan.tilgang import gjeldende_representasjoner

OMRAADE = {
    Innbyggervarsel.Hva.MELDING: Omraade.MELDINGER,
    Innbyggervarsel.Hva.MOTE: Omraade.MOTER,
    Innbyggervarsel.Hva.PLAN: Omraade.PLAN,
}


def lenke() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("minplan:start")


def tekst(hva: str) -> str:
    """The whole text of the notification: fixed words and the link, nothing else."""
    hva_tekst = {
        Innbyggervarsel.Hva.MELDING: _("Du har en ny melding i Min plan."),
        Innbyggervarsel.Hva.MOTE: _("Du har et nytt møte i Min plan."),
        Innbyggervarsel.Hva.PLAN: _("Du har en ny versjon av planen i Min plan."),
    }[hva]
    return _("%(hva)s Logg inn for å se den: %(lenke)s") % {"hva": hva_tekst, "lenke": lenke()}


def emne() -> str:
    return _("Nytt i Min plan")


def mottakere(*, pasient: Pasient, hva: str) -> list[Varselinnstilling]:
    """The notification settings of the patient and of everyone acting for them today whose
    mandate covers `hva`, with notifications on."""
    omraade = OMRAADE[hva]
    fodselsnumre = {pasient.fodselsnummer}
    fodselsnumre |= {
        rep.fodselsnummer
        for rep in gjeldende_representasjoner(pasient=pasient, idag=timezone.localdate())
        if rep.dekker(omraade)
    }
    return list(
        Varselinnstilling.objects.filter(fodselsnummer__in=fodselsnumre).exclude(
            kanal=Varselinnstilling.Kanal.AV
        )
    )


def varsle(*, pasient: Pasient, hva: str) -> list[Innbyggervarsel]:
    """Record and queue a notification to each citizen who wants one (in this transaction)."""
    varsler = []
    for innstilling in mottakere(pasient=pasient, hva=hva):
        varsel = Innbyggervarsel.objects.create(innstilling=innstilling, hva=hva)
        etter_commit("minplan.tasks.innbyggervarsel_send", varsel.pk)
        varsler.append(varsel)
    return varsler


@transaction.atomic
def innbyggervarsel_send(*, varsel_id: int) -> bool:
    """Send one recorded notification by the channel the citizen has chosen now (a citizen who
    turned notifications off since gets nothing). Idempotent: a sent one is not sent again."""
    varsel = (
        Innbyggervarsel.objects.select_for_update()
        .select_related("innstilling")
        .filter(pk=varsel_id)
        .first()
    )
    if varsel is None or varsel.sendt is not None or varsel.kanal:
        return False
    innstilling = varsel.innstilling
    # The worker has no request: the fixed text in the language the citizen chose it in.
    with translation.override(innstilling.sprak or settings.LANGUAGE_CODE):
        tittel, innhold = emne(), tekst(varsel.hva)
    if innstilling.kanal == Varselinnstilling.Kanal.EPOST:
        send_mail(tittel, innhold, None, [innstilling.epost])
    elif innstilling.kanal == Varselinnstilling.Kanal.SMS:
        send_sms(innstilling.mobil, innhold)
    else:
        varsel.kanal = Varselinnstilling.Kanal.AV
        varsel.save(update_fields=["kanal"])
        return False
    varsel.sendt, varsel.kanal = timezone.now(), innstilling.kanal
    varsel.save(update_fields=["sendt", "kanal"])
    return True


# --- receivers of the domain events ------------------------------------------------------------


def melding_til_innbyggeren(sender, instance, actor, **kwargs) -> None:
    varsle(pasient=instance.traad.pasient, hva=Innbyggervarsel.Hva.MELDING)


def mote_innkalt(sender, instance, actor, **kwargs) -> None:
    varsle(pasient=instance.gruppe.pasient, hva=Innbyggervarsel.Hva.MOTE)


def plan_publisert(sender, instance, actor, **kwargs) -> None:
    varsle(pasient=instance.plan.pasient, hva=Innbyggervarsel.Hva.PLAN)


def koble_til() -> None:
    for signal, mottaker in [
        (hendelser.innbyggermelding_sendt, melding_til_innbyggeren),
        (hendelser.mote_innkalt, mote_innkalt),
        (hendelser.plan_publisert, plan_publisert),
    ]:
        signal.connect(mottaker, dispatch_uid=f"minplan.{mottaker.__name__}")
