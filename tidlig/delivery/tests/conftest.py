"""Hand-made fixtures for the 2025 delivery of Testrup (DST code 999): five children with known events.

- Lukas (fixture `child`, CPR 150418-4235): a notification from his school 10.03.2025 and a § 32 measure
  decided 20.03.2025, started 01.04.2025, running. Nothing wrong.
- Maja (010210-4000, born 01.02.2010, girl): a notification in 2024 (not in 2025's delivery) and a placement
  in an almen plejefamilie with consent, decided 01.05.2025, started 05.05.2025. Nothing wrong.
- Noah (no CPR, sex not recorded): a citizen's notification 01.08.2025 with no notifier category.
  Problems: CPR missing, notifier category missing (errors), sex unknown (warning).
- Ida (300612-4000 but born 01.07.2012 in Tidlig): a placement at a børne- og ungehjem without consent,
  decided 10.09.2024 after it started 01.09.2024, ended 01.02.2025. Problems: birth date against the CPR,
  date order (errors), kind of home unknown (warning).
- Emil (311310-4000: no 13th month): a § 30 measure decided 01.10.2025, never started. Problems: CPR
  invalid, no start date (errors).
Left out: a measure that ended in 2024, a notification of 2026 and a child of another municipality.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tidlig.intake import services as intake
from tidlig.intake.models import Channel, Notification
from tidlig.interventions.models import Decision, Measure, MeasureType
from tidlig.people.models import Child

CPH = ZoneInfo("Europe/Copenhagen")


def notify(actor, child, day: dt.date, *, kind="professional", category="2"):
    data = intake.NotificationData(
        child=child,
        received_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=CPH),
        notifier=intake.NotifierData(
            kind=kind, name="Lærke Lærer", workplace="Skolen", email="l@skole.invalid", category=category
        ),
        text="Bekymring.",
    )
    return intake.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)


def measure(child, mtype, staff, *, decided, started=None, ended=None, consent=None, **placement):
    decision = Decision.objects.create(
        municipality=child.municipality,
        child=child,
        type=mtype,
        planned_on=decided,
        decided_on=decided,
        decided_by=staff,
        drafted_by=staff,
        purpose="Formål.",
        expected_duration="Et år",
        reasoning="Begrundelse.",
        consent=consent,
        without_consent=placement.get("without_consent", False),
        place_type=placement.get("place_type", ""),
    )
    return Measure.objects.create(
        municipality=child.municipality,
        child=child,
        type=mtype,
        decision=decision,
        decided_on=decided,
        started_on=started,
        ended_on=ended,
        decided_by=staff,
        **placement,
    )


@pytest.fixture
def types(municipality):
    def make(code, paragraph, kind, level):
        return MeasureType.objects.create(
            municipality=municipality, code=code, title=code, paragraph=paragraph, kind=kind, level=level
        )

    return {
        "prev": make("t-familiegruppe", "BL § 30", "preventive", 2),
        "supp": make("t-familiebehandling", "BL § 32, stk. 1, nr. 3", "supportive", 3),
        "place": make("t-anbringelse", "BL § 46", "placement", 5),
    }


@pytest.fixture
def year_2025(municipality, other_municipality, child, rita, alice, olga, types):
    def kid(first, cpr, born, sex):
        return Child.objects.create(
            municipality=municipality, first_name=first, last_name="Test", cpr=cpr, birth_date=born, sex=sex
        )

    maja = kid("Maja", "0102104000", dt.date(2010, 2, 1), "F")
    noah = kid("Noah", None, dt.date(2015, 6, 1), "U")
    ida = kid("Ida", "3006124000", dt.date(2012, 7, 1), "F")
    emil = kid("Emil", "3113104000", dt.date(2010, 1, 1), "M")
    notify(rita, child, dt.date(2025, 3, 10))
    notify(rita, maja, dt.date(2024, 11, 1))
    n = notify(rita, noah, dt.date(2025, 8, 1), kind="citizen", category="")
    Notification.objects.filter(pk=n[0].pk).update(notifier_category="")
    notify(rita, child, dt.date(2026, 1, 5))
    measure(child, types["supp"], alice, decided=dt.date(2025, 3, 20), started=dt.date(2025, 4, 1))
    measure(
        child,
        types["prev"],
        alice,
        decided=dt.date(2024, 1, 5),
        started=dt.date(2024, 1, 6),
        ended=dt.date(2024, 12, 31),
    )
    measure(
        maja,
        types["place"],
        alice,
        decided=dt.date(2025, 5, 1),
        started=dt.date(2025, 5, 5),
        consent=True,
        place_type="43_1",
        place_name="Familien Hansen",
    )
    measure(
        ida,
        types["place"],
        alice,
        decided=dt.date(2024, 9, 10),
        started=dt.date(2024, 9, 1),
        ended=dt.date(2025, 2, 1),
        place_type="43_6",
        without_consent=True,
    )
    measure(emil, types["prev"], alice, decided=dt.date(2025, 10, 1))
    stranger = Child.objects.create(municipality=other_municipality, first_name="Fremmed", cpr="0101104000")
    notify(olga, stranger, dt.date(2025, 6, 1))
    return {"lukas": child, "maja": maja, "noah": noah, "ida": ida, "emil": emil}
