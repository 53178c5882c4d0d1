import datetime as dt

import pytest

from conftest import make_staff
from tidlig.organisation.models import Role
from tidlig.people.models import Child
from tidlig.rules.calendar import end_of_day
from tidlig.timeline.models import Obligation

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture
def karen(municipality):
    return make_staff("karen", Role.QUALITY, municipality, name="Karen Kvalitet")


@pytest.fixture
def quentin(other_municipality):
    return make_staff("quentin", Role.QUALITY, other_municipality, name="Quentin Andenkommune")


def _child(municipality, org, n: int, caseworker=None) -> Child:
    return Child.objects.create(
        municipality=municipality,
        cpr=f"0101{10 + n:02d}4{n:03d}",
        first_name=f"Barn{n}",
        last_name="Prøvesen",
        birth_date=dt.date(2014, 1, 1),
        sex="F",
        district=org["nord"],
        caseworker=caseworker,
    )


def _obligation(child, code, due: dt.date, met: dt.date | None, *, team, n: int, na=False):
    return Obligation.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        code=code,
        source="test",
        source_id=n,
        due_at=end_of_day(due),
        due_date=due,
        met_at=end_of_day(met) - dt.timedelta(hours=2) if met else None,
        not_applicable=na,
        is_open=met is None and not na,
        team=team,
    )


@pytest.fixture
def cases(municipality, org, alice, bob):
    """Four hand-made cases, one obligation each, due in the first half of 2026:
    met in time, met late, not met (overdue), and waived (not applicable)."""
    nord, syd = org["team_nord"], org["team_syd"]
    met = _child(municipality, org, 1, alice)
    _obligation(met, "acute_assessment", dt.date(2026, 2, 2), dt.date(2026, 2, 1), team=nord, n=1)
    late = _child(municipality, org, 2, alice)
    _obligation(late, "investigation", dt.date(2026, 3, 2), dt.date(2026, 3, 20), team=nord, n=2)
    missed = _child(municipality, org, 3, bob)
    _obligation(missed, "first_followup", dt.date(2026, 4, 1), None, team=syd, n=3)
    na = _child(municipality, org, 4, bob)
    _obligation(na, "child_plan", dt.date(2026, 5, 4), None, team=syd, n=4, na=True)
    # Outside the period: never drawn.
    _obligation(_child(municipality, org, 5, bob), "child_plan", dt.date(2026, 9, 1), None, team=syd, n=5)
    return {"met": met, "late": late, "missed": missed, "na": na}
