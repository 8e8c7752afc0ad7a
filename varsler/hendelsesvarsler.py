"""Who is told about each event from `felles.hendelser`, where the notification points and when
it is done. Connected in `VarslerConfig.ready()`; the receivers run in the sending service's
transaction. The actor is never told of their own action (`services.hendelse_varsle`).

When each notification is done (`Varsel.ferdig`; done ones leave the menu count and the centre):

- you were appointed: when you open it (the appointment page with its mandate) or accept the
  mandate;
- a need landed in your queue: when the need is decided (by anyone);
- a decision answered your need report: when you open it;
- you were given an action item: when the action item is marked done;
- a message arrived for (or was forwarded to) your unit: when the message is read by someone
  in the unit;
- you were invited to a meeting: when you open it, when the meeting is cancelled, or once the
  meeting is over (`utloper`);
- minutes you attended were approved: when you open it;
- a citizen asked your KE about a read or for a block: when you open it.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ansvarsgruppe.models import Gruppemedlem, Mote, Oppgave, Referat
from felles import hendelser
from koordinering.models import Behovsmelding, Medlemskap, Oppnevning
from meldinger.models import Melding, Videresending
from varsler import services
from varsler.models import Hendelsestype as T
from varsler.models import Varsel
from varsler.regler import koordinerende_enhet, ledere


def _mote_lenke(mote_id: int) -> str:
    return reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote_id})


def _behov_lenke(behov: Behovsmelding) -> str:
    return reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk})


def _ansatte_i_gruppen(gruppe_id: int, medlemmer=None) -> set[int]:
    """Users of the group's staff members still in the group (`medlemmer`: only these)."""
    idag = timezone.localdate()
    medlemmer = (medlemmer if medlemmer is not None else Gruppemedlem.objects).filter(
        Q(til__isnull=True) | Q(til__gte=idag),
        gruppe_id=gruppe_id,
        type=Gruppemedlem.Type.ANSATT,
    )
    return set(medlemmer.values_list("ansatt__bruker_id", flat=True))


def oppnevnt(sender, instance: Oppnevning, actor, **kwargs) -> None:
    services.hendelse_varsle(
        type_=T.OPPNEVNT,
        objekt_id=instance.pk,
        pasient_id=instance.pasient_id,
        lenke=reverse("koordinering:oppnevning-detalj", kwargs={"pk": instance.pk}),
        mottakere={instance.ansatt.bruker_id},
        actor=actor,
    )


def mandat_akseptert(sender, instance: Oppnevning, actor, **kwargs) -> None:
    services.hendelsesvarsler_ferdig(type_=T.OPPNEVNT, objekt_id=instance.pk)


def behov_meldt(sender, instance: Behovsmelding, actor, **kwargs) -> None:
    services.hendelse_varsle(
        type_=T.BEHOV_MELDT,
        objekt_id=instance.pk,
        pasient_id=instance.pasient_id,
        lenke=_behov_lenke(instance),
        mottakere=ledere(instance.enhet_id),
        actor=actor,
    )


def behov_besluttet(sender, instance: Behovsmelding, actor, **kwargs) -> None:
    services.hendelsesvarsler_ferdig(type_=T.BEHOV_MELDT, objekt_id=instance.pk)
    services.hendelse_varsle(
        type_=T.BEHOV_BESLUTTET,
        objekt_id=instance.pk,
        pasient_id=instance.pasient_id,
        lenke=_behov_lenke(instance),
        mottakere={instance.meldt_av.bruker_id},
        actor=actor,
    )


def oppgave_tildelt(sender, instance: Oppgave, actor, **kwargs) -> None:
    ansvarlig = instance.ansvarlig
    if ansvarlig.type != Gruppemedlem.Type.ANSATT:
        return  # external members and relatives are not users
    mote = Mote.objects.select_related("gruppe").get(referat__pk=instance.referat_id)
    services.hendelse_varsle(
        type_=T.OPPGAVE_TILDELT,
        objekt_id=instance.pk,
        pasient_id=mote.gruppe.pasient_id,
        lenke=_mote_lenke(mote.pk),
        mottakere={ansvarlig.ansatt.bruker_id},
        actor=actor,
    )


def oppgave_utfort(sender, instance: Oppgave, actor, **kwargs) -> None:
    services.hendelsesvarsler_ferdig(type_=T.OPPGAVE_TILDELT, objekt_id=instance.pk)


def oppgave_fjernet(sender, instance: Oppgave, actor, **kwargs) -> None:
    """An action item removed from the draft: its notification has nothing left to link to."""
    services.hendelsesvarsler_ferdig(type_=T.OPPGAVE_TILDELT, objekt_id=instance.pk)


def melding_mottatt(sender, instance: Melding, actor, **kwargs) -> None:
    ansatte = set(
        Medlemskap.objects.filter(enhet_id=instance.mottaker_enhet_id).values_list(
            "ansatt__bruker_id", flat=True
        )
    )
    if instance.mottaker_ansatt_id:
        ansatte.add(instance.mottaker_ansatt.bruker_id)
    services.hendelse_varsle(
        type_=T.MELDING_MOTTATT,
        objekt_id=instance.pk,
        pasient_id=instance.pasient_id,
        lenke=reverse("meldinger:melding-detalj", kwargs={"pk": instance.pk}),
        mottakere=ansatte - {instance.avsender.bruker_id},
        actor=actor,
    )


def melding_videresendt(sender, instance: Videresending, actor, **kwargs) -> None:
    """A thread forwarded to a unit: its staff are told as if it had come to them."""
    ansatte = set(
        Medlemskap.objects.filter(enhet_id=instance.til_enhet_id).values_list(
            "ansatt__bruker_id", flat=True
        )
    )
    services.hendelse_varsle(
        type_=T.MELDING_MOTTATT,
        objekt_id=instance.traad_id,
        pasient_id=instance.traad.pasient_id,
        lenke=reverse("meldinger:melding-detalj", kwargs={"pk": instance.traad_id}),
        mottakere=ansatte,
        actor=actor,
    )


def melding_lest(sender, instance: Melding, actor, **kwargs) -> None:
    services.hendelsesvarsler_ferdig(type_=T.MELDING_MOTTATT, objekt_id=instance.pk)


def mote_innkalt(sender, instance: Mote, actor, **kwargs) -> None:
    services.hendelse_varsle(
        type_=T.MOTE_INNKALT,
        objekt_id=instance.pk,
        pasient_id=instance.gruppe.pasient_id,
        lenke=_mote_lenke(instance.pk),
        mottakere=_ansatte_i_gruppen(instance.gruppe_id),
        actor=actor,
        utloper=instance.slutt,
    )


def mote_avlyst(sender, instance: Mote, actor, **kwargs) -> None:
    services.hendelsesvarsler_ferdig(type_=T.MOTE_INNKALT, objekt_id=instance.pk)


def referat_godkjent(sender, instance: Referat, actor, **kwargs) -> None:
    mote = instance.mote
    services.hendelse_varsle(
        type_=T.REFERAT_GODKJENT,
        objekt_id=instance.pk,
        pasient_id=mote.gruppe.pasient_id,
        lenke=_mote_lenke(mote.pk),
        mottakere=_ansatte_i_gruppen(mote.gruppe_id, instance.til_stede.all()),
        actor=actor,
    )


def tilgang_forespurt(sender, instance, actor, organisasjon_id: int, **kwargs) -> None:
    """A staff member without access to `instance` (a Pasient) asked their organisation's KE:
    the KE is told, with a link to the fødselsnummer look-ups of that person in «Kontroll av
    tilganger». The notification names the patient only to a KE who may see the patient (the
    centre shows names of visible patients only). A second request while the first is unread
    tells no one again."""
    ansatt_id = actor.ansatt.pk
    if Varsel.objects.filter(
        hendelse__type=T.TILGANG_FORESPURT,
        hendelse__objekt_id=ansatt_id,
        hendelse__pasient_id=instance.pk,
        ferdig__isnull=True,
    ).exists():
        return
    services.hendelse_varsle(
        type_=T.TILGANG_FORESPURT,
        objekt_id=ansatt_id,
        pasient_id=instance.pk,
        lenke=f"{reverse('oversikt:kontroll')}?kategori=fnr&ansatt={ansatt_id}",
        mottakere=koordinerende_enhet(organisasjon_id),
        actor=actor,
    )


def innsyn_henvendt(sender, instance, actor, **kwargs) -> None:
    """A citizen in Min plan asked about a read in the access log, or for a block: the KE of
    the organisation that read is told, with a link to the patient's «Tilganger og sperringer»
    (the request's text is there, never in the notification or its e-mail). Done when a KE
    opens it."""
    services.hendelse_varsle(
        type_=T.INNSYN_HENVENDT,
        objekt_id=instance.pk,
        pasient_id=instance.pasient_id,
        lenke=reverse("koordinering:pasient-tilgang", kwargs={"pk": instance.pasient_id}),
        mottakere=koordinerende_enhet(instance.organisasjon_id),
        actor=actor,
    )


def koble_til() -> None:
    for signal, mottaker in [
        (hendelser.oppnevning_opprettet, oppnevnt),
        (hendelser.mandat_akseptert, mandat_akseptert),
        (hendelser.behov_meldt, behov_meldt),
        (hendelser.behov_besluttet, behov_besluttet),
        (hendelser.oppgave_tildelt, oppgave_tildelt),
        (hendelser.oppgave_utfort, oppgave_utfort),
        (hendelser.oppgave_fjernet, oppgave_fjernet),
        (hendelser.melding_mottatt, melding_mottatt),
        (hendelser.melding_videresendt, melding_videresendt),
        (hendelser.melding_lest, melding_lest),
        (hendelser.mote_innkalt, mote_innkalt),
        (hendelser.mote_avlyst, mote_avlyst),
        (hendelser.referat_godkjent, referat_godkjent),
        (hendelser.tilgang_forespurt, tilgang_forespurt),
        (hendelser.innsyn_henvendt, innsyn_henvendt),
    ]:
        signal.connect(mottaker, dispatch_uid=f"varsler.{mottaker.__name__}")
