"""iCalendar (RFC 5545) for network meetings: invitations, changes and cancellations by e-mail, and a
caseworker's personal feed. Built with the `icalendar` library.

Privacy: nothing here names the child. An invitation says "Netværksmøde", when, where and the online link,
and points to the meeting in Tidlig (behind sign-in); the feed says only free/busy and "Netværksmøde".
RFC 5545 § 3.8.4.7: the UID stays the meeting's for its life; § 3.8.7.4: SEQUENCE counts the revisions
sent; RFC 5546 § 3.2.5: a cancellation is METHOD:CANCEL with STATUS:CANCELLED and the same UID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import NetworkMeeting, Slot

PRODID = "-//Tidlig//Netvaerksmoeder//DA"
SUMMARY = "Netværksmøde"  # the same in every language: it is the word the calendar shows
FREE_SUMMARY = "Ledig tid til netværksmøde"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _uid(meeting: NetworkMeeting) -> str:
    return f"{meeting.uid}@tidlig"


def _calendar(method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _address(email: str, name: str, *, role: str | None = None) -> vCalAddress:
    a = vCalAddress(f"mailto:{email}")
    a.params["cn"] = vText(name)
    if role:
        a.params["role"] = vText(role)
    return a


def invitation(
    meeting: NetworkMeeting, *, method: str, attendees: Iterable[tuple[str, str]], url: str
) -> bytes:
    """One VEVENT for the meeting: a REQUEST (new or changed) or a CANCEL, with its stable UID and SEQUENCE."""
    cal = _calendar(method)
    ev = Event()
    ev.add("uid", _uid(meeting))
    ev.add("dtstamp", timezone.now().astimezone(dt.UTC))
    ev.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    ev.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    ev.add("sequence", meeting.sequence)
    ev.add("summary", SUMMARY)
    if meeting.place:
        ev.add("location", meeting.place)
    if meeting.online_link:
        ev.add("url", meeting.online_link)
    description = [_("Inddragende netværksmøde. Se mødet i Tidlig: %(url)s") % {"url": url}]
    if meeting.online_link:
        description.append(_("Onlinemøde: %(link)s") % {"link": meeting.online_link})
    ev.add("description", "\n".join(description))
    ev.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    cw = meeting.caseworker
    ev.add("organizer", _address(cw.email or settings.DEFAULT_FROM_EMAIL, str(cw)))
    for email, name in attendees:
        ev.add("attendee", _address(email, name, role="REQ-PARTICIPANT"))
    cal.add_component(ev)
    return cal.to_ical()


def feed(meetings: Iterable[NetworkMeeting], slots: Iterable[Slot]) -> bytes:
    """A caseworker's personal feed: busy meetings as "Netværksmøde", free slots as free time; no names."""
    cal = _calendar()
    cal.add("x-wr-calname", "Tidlig – netværksmøder")
    now = timezone.now().astimezone(dt.UTC)
    for m in meetings:
        ev = Event()
        ev.add("uid", _uid(m))
        ev.add("dtstamp", now)
        ev.add("dtstart", m.starts_at.astimezone(dt.UTC))
        ev.add("dtend", m.ends_at.astimezone(dt.UTC))
        ev.add("sequence", m.sequence)
        ev.add("summary", SUMMARY)
        ev.add("transp", "OPAQUE")
        ev.add("class", "PRIVATE")
        cal.add_component(ev)
    for s in slots:
        ev = Event()
        ev.add("uid", f"slot-{s.pk}@tidlig")
        ev.add("dtstamp", now)
        ev.add("dtstart", s.starts_at.astimezone(dt.UTC))
        ev.add("dtend", s.ends_at.astimezone(dt.UTC))
        ev.add("summary", FREE_SUMMARY)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()
