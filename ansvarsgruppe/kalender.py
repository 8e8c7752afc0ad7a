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
    # Time, place and «Ansvarsgruppemøte» only: no agenda, no reason for a cancellation, no
    # patient (a calendar entry is synced to phones and shared calendars).
    if mote.sted or mote.videolenke:
        hendelse.add("location", mote.sted or mote.videolenke)
    if mote.videolenke:
        hendelse.add("url", mote.videolenke)
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


KALENDERNAVN = "Ansvarsgruppemøter"


def moter_ics(moter, *, navn: str = KALENDERNAVN) -> bytes:
    """Meetings for a calendar program (one meeting's download, or a person's feed): only the
    time, the place (or the video link) and the summary «Ansvarsgruppemøte». No patient, no
    agenda, no members: a calendar is shown on phones and shared with assistants, and must
    carry no health information. The UID and SEQUENCE are the invitation's, so the event the
    invitation made is updated, not doubled."""
    kalender = Calendar()
    kalender.add("prodid", "-//Koordinering//Ansvarsgruppe//NB")
    kalender.add("version", "2.0")
    kalender.add("method", "PUBLISH")
    kalender.add("x-wr-calname", navn)
    for mote in moter:
        hendelse = Event()
        hendelse.add("uid", f"{mote.uid}@koordinering")
        hendelse.add("sequence", mote.sekvens)
        hendelse.add("dtstamp", timezone.now())
        hendelse.add("dtstart", mote.start.astimezone(OSLO))
        hendelse.add("dtend", mote.slutt.astimezone(OSLO))
        hendelse.add("summary", "Ansvarsgruppemøte")
        avlyst = mote.status == mote.Status.AVLYST
        hendelse.add("status", "CANCELLED" if avlyst else "CONFIRMED")
        if mote.sted or mote.videolenke:
            hendelse.add("location", mote.sted or mote.videolenke)
        if mote.videolenke:
            hendelse.add("url", mote.videolenke)
        kalender.add_component(hendelse)
    if kalender.subcomponents:
        kalender.add_missing_timezones()
    return kalender.to_ical()
