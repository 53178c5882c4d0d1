"""What the case page tests share: page text and sections, Danish dates, and the records a case is made of."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.utils import timezone

from tidlig.cases import casework
from tidlig.cases.models import Investigation, JournalNote
from tidlig.intake import services as intake
from tidlig.intake.models import Channel, Notification
from tidlig.interventions.models import Measure, MeasureType

TODAY = timezone.localdate


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def section(response, testid: str) -> str:
    match = re.search(
        rf'data-testid="{testid}".*?</(table|ol|ul|svg|div|section|article|details)>',
        response.content.decode(),
        flags=re.S,
    )
    assert match, f"no {testid} on the page"
    return html.unescape(match.group(0))


def d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def register(rita, child, received_at=None) -> Notification:
    data = intake.NotificationData(
        child=child,
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        notifier=intake.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text="Lukas kommer ofte sulten i skole.",
    )
    return intake.notification_register(actor=rita, data=data, channel=Channel.RECEPTION)[0]


def screened(rita, tom, alice, child, decision: str, received_at=None) -> Notification:
    n = register(rita, child, received_at)
    intake.notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.")
    intake.notification_assign(notification=n, actor=tom, caseworker=alice)
    n.refresh_from_db()
    intake.notification_screen(notification=n, actor=alice, decision=decision, note="Begrundelse.")
    n.refresh_from_db()
    return n


def measure_type(kind: str = "supportive", level: int = 3, code: str = "t32") -> MeasureType:
    titles = {"preventive": "Netværksgruppe", "supportive": "Familiebehandling", "placement": "Plejefamilie"}
    return MeasureType.objects.get_or_create(
        municipality=None,
        code=code,
        defaults={"title": titles[kind], "paragraph": "BL § 32", "kind": kind, "level": level},
    )[0]


def measure(child, alice, *, kind="supportive", level=3, started: dt.date, ended=None, code=None) -> Measure:
    return Measure.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        type=measure_type(kind, level, code or f"t{kind}{level}"),
        decided_on=started,
        started_on=started,
        ended_on=ended,
        decided_by=alice,
    )


def note(child, alice, text="Ringede til mor om fremmøde.") -> JournalNote:
    return casework.journal_note_write(child=child, actor=alice, kind="phone", happened_on=TODAY(), text=text)


def investigation(child, alice, aware_on=None) -> Investigation:
    return casework.investigation_start(child=child, actor=alice, aware_on=aware_on or TODAY())


def base(child) -> str:
    return f"/boern/{child.pk}/"
