"""Calendar invitations (iCalendar, RFC 5545/5546) for ansvarsgruppe meetings.

The UID is stable for a meeting; every change raises SEQUENCE, so calendar programs update the
event they already have; a cancellation is METHOD:CANCEL with the same UID. Times are given in
Europe/Oslo with its VTIMEZONE."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

OSLO = ZoneInfo("Europe/Oslo")


def innkalling_ics(mote, *, mottakere: list[str], avlyst: bool = False) -> bytes:
    kalender = Calendar()
    kalender.add("prodid", "-//Koordinering//Ansvarsgruppe//NB")
    kalender.add("version", "2.0")
    kalender.add("method", "CANCEL" if avlyst else "REQUEST")
    hendelse = Event()
    hendelse.add("uid", f"{mote.uid}@koordinering")
    hendelse.add("sequence", mote.sekvens)
    hendelse.add("dtstamp", timezone.now())
    hendelse.add("dtstart", mote.start.astimezone(OSLO))
    hendelse.add("dtend", mote.slutt.astimezone(OSLO))
    hendelse.add("summary", "Ansvarsgruppemøte")
    hendelse.add("status", "CANCELLED" if avlyst else "CONFIRMED")
    if mote.sted:
        hendelse.add("location", mote.sted)
    beskrivelse = "\n".join(f"{i}. {s.tittel}" for i, s in enumerate(mote.sakspunkter.all(), 1))
    if mote.videolenke:
        beskrivelse += f"\n\nVideomøte: {mote.videolenke}"
        hendelse.add("url", mote.videolenke)
    if avlyst and mote.avlysningsgrunn:
        hendelse.add("comment", mote.avlysningsgrunn)
        beskrivelse = f"Avlyst: {mote.avlysningsgrunn}\n\n{beskrivelse}"
    hendelse.add("description", beskrivelse)
    arrangor = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    arrangor.params["cn"] = vText("Koordinering")
    hendelse["organizer"] = arrangor
    for adresse in mottakere:
        deltaker = vCalAddress(f"mailto:{adresse}")
        deltaker.params["role"] = vText("REQ-PARTICIPANT")
        hendelse.add("attendee", deltaker, encode=0)
    kalender.add_component(hendelse)
    kalender.add_missing_timezones()
    return kalender.to_ical()
