"""The showcase FIT trajectories (issue 13 § 4): one family improves, one stalls, one deteriorates, and
the alerts follow from the scoring rules, not from the script."""

from __future__ import annotations

import datetime as dt
import random

from tidlig.demo import fit
from tidlig.fit import scoring
from tidlig.fit.models import FitAlert, Rating
from tidlig.people.models import Child


def test_three_families_improve_stall_and_deteriorate(child, sibling, municipality, org, alice):
    third = Child.objects.create(
        municipality=municipality, first_name="Emma", last_name="Test", birth_date=dt.date(2012, 5, 1),
        district=org["nord"],
    )  # fmt: skip
    for c in (child, sibling, third):
        c.caseworker = alice
        c.save()

    built = fit.build([child, sibling, third], random.Random(1), today=dt.date(2026, 11, 18))

    assert built == 3
    alerts = {(a.child_id, a.kind) for a in FitAlert.objects.all()}
    assert not {k for c, k in alerts if c == child.pk} & {"deterioration", "no_change"}
    assert {(sibling.pk, "no_change"), (sibling.pk, "alliance"), (third.pk, "deterioration")} <= alerts
    for r in Rating.objects.all():
        assert scoring.total(r.items("outcome")) == r.outcome_total and 0 <= r.outcome_total <= 40
