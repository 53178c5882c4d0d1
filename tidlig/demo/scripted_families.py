"""The showcase households of case handling (showcase.CASE_SCENARIOS), one per scenario.

Each lives in raadgiver's district and most are on her caseload, with dates pinned so that the worklists
show a deadline due this week, one overdue, and so on. `Population` composes `ScriptedFamilies`.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from tidlig.rules import casework as rules_casework
from tidlig.rules.calendar import CPH

from . import names
from .measure_history import ENDED_GOALS_MET
from .specs import ChildSpec, Family, InvestigationSpec, MeasureSpec, office_hours
from .timeline import Override


def _sunday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=6 - day.weekday())


def _round_trip(lo: dt.date, hi: dt.date, back, forth) -> dt.date:
    """The first day in [lo, hi] that `forth(back(day))` maps back to (month arithmetic clamps)."""
    day = min(lo + dt.timedelta(days=2), hi)
    for d in [day] + [lo + dt.timedelta(days=k) for k in range((hi - lo).days + 1)]:
        if forth(back(d)) == d:
            return d
    return forth(back(day))


class ScriptedFamilies:
    """Population's showcase households; uses its rng, org, showcase, today, adult, child, support and placement."""

    # -- the showcase households of case handling (showcase.CASE_SCENARIOS) ----------------------------

    def scripted_families(self) -> list[Family]:
        """One household per case-handling scenario, in raadgiver's district and on her caseload."""
        rng, today = self.rng, self.today
        raadgiver = self.org.raadgiver
        out = []

        def household(age_days: int, *, own: bool = True) -> tuple[Family, ChildSpec]:
            district_id = self.showcase.district_id
            home = names.address(rng, self.org.postcodes[district_id])
            surname = rng.choice(names.SURNAMES)
            birth = today - dt.timedelta(days=age_days)
            mother = self.adult("F", birth, rng.randint(22, 34), surname, home)
            father = self.adult("M", birth, rng.randint(24, 38), surname, home)
            family = Family(
                district_id=district_id,
                postcode=self.org.postcodes[district_id],
                address=home,
                guardians=[(mother, "mother"), (father, "father")],
                children=[],
                scripted=True,
            )
            c = self.child(family, birth, surname, scripted=True)
            family.children.append(c)
            if own:
                family.caseworker = c.caseworker = raadgiver
                c.caseworker_since = self.window_start - dt.timedelta(days=1)
                self.org.take(raadgiver)
            out.append(family)
            return family, c

        # An undersøgelse due in five days, and one overdue with a foreløbig vurdering (§ 20, stk. 3).
        for script, due in (
            ("running", today + dt.timedelta(days=5)),
            ("overdue", today - dt.timedelta(days=9)),
        ):
            family, c = household(rng.randint(7, 12) * 365 + rng.randint(0, 300), own=False)
            aware = due - relativedelta(months=rules_casework.INVESTIGATION_MONTHS)
            at = dt.datetime.combine(aware, dt.time(10, 15), tzinfo=CPH).astimezone(dt.UTC)
            c.received = [at]
            c.script["investigation"] = script
            family.overrides[(id(c), at)] = Override(assign_to=raadgiver, decision="undersoegelse")

        # § 32 support whose first follow-up (§ 95, stk. 2) falls due this week.
        family, c = household(7 * 365 + 100)
        due = _round_trip(
            today,
            _sunday(today),
            lambda d: d - relativedelta(months=3),
            lambda s: s + relativedelta(months=3),
        )
        ms = self.support(c, due - relativedelta(months=3), code="bl32_5")
        ms.pins["no_followup"] = True

        # A placement whose supervision visit (§ 156, stk. 5) is due in four days.
        family, c = household(11 * 365 + 40)
        due = _round_trip(
            today + dt.timedelta(days=4),
            today + dt.timedelta(days=9),
            lambda d: d - relativedelta(months=6),
            lambda s: s + relativedelta(months=6),
        )
        ms = self.placement(
            c,
            "anb_almen",
            f"Plejefamilien {rng.choice(names.SURNAMES)}",
            today - dt.timedelta(days=2 * 365 + 50),
        )
        ms.pins["last_visit"] = due - relativedelta(months=6)

        # Placed, turning 17½ in twelve days: the decision on ungestøtte (§ 111, stk. 1) is due then.
        due = today + dt.timedelta(days=12)
        birth = due + relativedelta(months=6) - relativedelta(years=18)
        family, c = household((today - birth).days)
        ms = self.placement(
            c, "anb_institution", "Opholdsstedet Kastanjegården", today - dt.timedelta(days=3 * 365 + 20)
        )
        ms.pins["no_youth_decision"] = True

        # An undersøgelse concluded last week: a draft decision on § 32 support, børnesamtale not yet held.
        family, c = household(12 * 365 + 200)
        concluded = today - dt.timedelta(days=8)
        c.investigations.append(
            InvestigationSpec(
                aware_on=concluded - dt.timedelta(days=88),
                started_at=office_hours(rng, concluded - dt.timedelta(days=86)),
                concluded_on=concluded,
                outcome="supportive",
            )
        )
        c.measures.append(
            MeasureSpec(
                code="bl32_3",
                decided_on=None,
                planned_on=today + dt.timedelta(days=6),
                after=office_hours(rng, concluded),
                plan_needed=True,
                pins={"no_conversation": True},
            )
        )
        c.busy_until = c.decision_until = today + dt.timedelta(days=6)

        # Down the staircase: home from a placement nine months ago, with family treatment since.
        family, c = household(9 * 365 + 10)
        home = today - dt.timedelta(days=270)
        self.placement(
            c,
            "anb_forstaerket",
            f"Plejefamilien {rng.choice(names.SURNAMES)}",
            home - dt.timedelta(days=2 * 365),
            ended=home - dt.timedelta(days=1),
        )
        self.support(c, home, code="bl32_5", after_placement=True)

        # All the way down: home from a placement, then support that ended with its goals met two months ago;
        # the case is closed. Drawn by chance alone (STEPPED_DOWN_SHARE) a demo of a few thousand children had
        # none at some moments it was built at, so the demo's staircase depended on the time of day.
        family, c = household(13 * 365 + 60)
        ended = today - dt.timedelta(days=60)
        home = ended - dt.timedelta(days=365)
        self.placement(
            c,
            "anb_almen",
            f"Plejefamilien {rng.choice(names.SURNAMES)}",
            home - dt.timedelta(days=3 * 365),
            ended=home - dt.timedelta(days=1),
        )
        self.support(c, home, ended=ended, reason=ENDED_GOALS_MET[0], code="bl32_5", after_placement=True)
        return out
