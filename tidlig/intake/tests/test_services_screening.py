"""A screening for a børnefaglig undersøgelse starts its 4 months at once (BL § 20, stk. 3)."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta

from tidlig.cases.models import Investigation
from tidlig.intake.models import ScreeningDecision
from tidlig.intake.services import notification_assign
from tidlig.rules.calendar import local_date
from tidlig.timeline.models import Obligation

from .test_services import NOW, notify
from .test_services_handling import assess, screen

pytestmark = pytest.mark.django_db


def test_an_undersoegelse_decided_at_screening_owes_its_conclusion_4_months_after_receipt(rita, tom, child):
    n = notify(rita, child)
    assess(n, rita)

    screen(n, tom, decision=ScreeningDecision.UNDERSOEGELSE)

    inv = Investigation.objects.get(child=child)
    assert inv.aware_on == local_date(n.received_at) and inv.notification_id == n.pk
    ob = Obligation.objects.get(source="investigation", source_id=inv.pk, code="investigation")
    assert ob.due_date == local_date(n.received_at) + relativedelta(months=4)
    # No caseworker yet: the team that has the notification owns the deadline meanwhile.
    assert (ob.team, ob.assignee) == (n.team, None)


def test_assigning_a_caseworker_hands_them_the_cases_deadlines(rita, tom, alice, child):
    n = notify(rita, child)
    assess(n, rita)
    screen(n, tom, decision=ScreeningDecision.UNDERSOEGELSE)

    notification_assign(notification=n, actor=tom, caseworker=alice, now=NOW)

    ob = Obligation.objects.get(source="investigation", code="investigation")
    assert (ob.team, ob.assignee) == (alice.team, alice)


def test_an_afdaekning_at_screening_starts_no_undersoegelse(rita, tom, child):
    n = notify(rita, child)
    assess(n, rita)

    screen(n, tom, decision=ScreeningDecision.AFDAEKNING)

    assert not Investigation.objects.exists()
