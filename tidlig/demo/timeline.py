"""What happened to each demo notification: the same events, projection and obligations the services write.

Each step (acute assessment, assignment, receipt, screening, feedback, reassessment) gets a planned
time from a realistic delay, mostly within the deadline and a few late; a step planned after `now`
has not happened yet, which is what fills the worklists with open and overdue items. Constraints the
services enforce hold by construction: screening comes after the acute assessment and after
assignment, feedback after screening, reassessment only with an ongoing § 32 measure or placement.
Obligations come from the pure rule `rules.obligations.notification_obligations`, with the owners
`intake.services.notification_refresh_obligations` gives them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from tidlig.intake.models import Letter, NotifierKindChoices, ScreeningDecision
from tidlig.organisation.models import Staff
from tidlig.rules import obligations as rules
from tidlig.rules.calendar import CPH, WorkCalendar, local_date

from . import calibration as cal
from . import story, texts
from .caseflow import CaseFlow
from .correspondence import Correspondence
from .organisation import Org
from .specs import ChildSpec, Family

ASSIGNED = "intake.notification.assigned"
MINUTE = dt.timedelta(minutes=1)
UNBORN_CATEGORIES = {"4": 0.6, "5": 0.25, "1": 0.1, "13": 0.05}


@dataclass
class Act:
    """One event as intake.services._event records it: a Danish msgid with its arguments, and data."""

    kind: str
    at: dt.datetime
    actor: Staff | None
    msgid: str
    args: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (self.msgid % self.args if self.args else self.msgid)[:300]

    @property
    def stored_data(self) -> dict:
        """timeline.services.event_record keeps the untranslated summary so each reader gets their language."""
        return {**self.data, "_summary": {"msgid": self.msgid, "args": self.args}}


@dataclass
class Planned:
    """One notification: its row values, its events, letters and obligations, before it has a pk."""

    child: ChildSpec
    fields: dict
    acts: list[Act]
    letters: list[dict]
    obligations: list[dict]
    obj: object = None  # the Notification, once written


@dataclass
class Override:
    """A showcase scenario's say over one notification (see showcase.py)."""

    open_steps: frozenset[str] = frozenset()
    assign_to: Staff | None = None
    category: str | None = None
    decision: str | None = None  # the screening decision (§ 18)


class Planner:
    def __init__(
        self,
        org: Org,
        rng: random.Random,
        *,
        now: dt.datetime,
        calendar: WorkCalendar,
        local: rules.LocalDeadlines,
    ):
        self.org, self.rng, self.now, self.calendar, self.local = org, rng, now, calendar, local
        self.categories = list(cal.NOTIFIER_SHARES)
        self.category_weights = list(cal.NOTIFIER_SHARES.values())
        self.decisions = list(cal.SCREENING_DECISIONS)
        self.decision_weights = list(cal.SCREENING_DECISIONS.values())
        self.kind_labels = {k: str(label) for k, label in NotifierKindChoices.choices}
        self.decision_labels = {k: str(label) for k, label in ScreeningDecision.choices}
        self.medium_labels = {k: str(label) for k, label in Letter.Medium.choices}
        self.mail = Correspondence(org, rng, today=local_date(now))
        self.flow = CaseFlow(org, rng, now=now)

    # -- one household --------------------------------------------------------------------------------

    def family(self, family: Family, overrides: dict[tuple[int, dt.datetime], Override]) -> list[Planned]:
        """Every notification of the household, in the order they arrived (routing depends on it)."""
        planned: list[Planned] = self.earlier(family)
        items = sorted(
            ((t, i, c) for i, c in enumerate(family.children) for t in c.received), key=lambda x: x[:2]
        )
        # What a screening leads to (an afdækning, an undersøgelse and their outcome) is planned in the
        # order of the screenings, which is not always the order of receipt; each before the next
        # notification that arrives after it, whose § 137 reassessment depends on the measures.
        screenings: list[tuple[dt.datetime, int, ChildSpec, Planned]] = []
        for t, _i, c in items:
            while screenings and screenings[0][0] < t:
                _at, _n, child, done = heapq.heappop(screenings)
                self.flow.screened(child, done)
            p = self.notification(family, c, t, overrides.get((id(c), t)))
            if p.fields.get("screened_at") is not None:
                heapq.heappush(screenings, (p.fields["screened_at"], len(planned), c, p))
            planned.append(p)
        while screenings:
            _at, _n, child, done = heapq.heappop(screenings)
            self.flow.screened(child, done)
        return planned

    def earlier(self, family: Family) -> list[Planned]:
        """The notifications of the story's years before the window (ChildSpec.earlier), screened as
        drawn: an undersøgelse of `measure_history` starts with its notification's screening; the rest
        led to nothing more. The case work the window's notifications get (`caseflow`) is not planned
        for them, and who is the child's caseworker now is as it was (those cases were closed)."""
        items = sorted(
            (
                (t, i, c, decision, inv)
                for i, c in enumerate(family.children)
                for t, decision, inv in c.earlier
            ),
            key=lambda x: x[:2],
        )
        if not items:
            return []
        kept = family.caseworker, [(c.caseworker, c.caseworker_since) for c in family.children]
        planned = []
        for t, _i, c, decision, inv in items:
            p = self.notification(family, c, t, Override(decision=decision))
            planned.append(p)
            if inv is not None:
                inv.notification, inv.reasons = p, list(p.fields["reasons"])
                screened = p.fields.get("screened_at")
                if (
                    screened
                    and inv.concluded_on
                    and local_date(screened) <= inv.concluded_on - dt.timedelta(days=7)
                ):
                    inv.started_at = max(inv.started_at, screened + 30 * MINUTE)
        family.caseworker = kept[0]
        for c, (cw, since) in zip(family.children, kept[1], strict=True):
            c.caseworker, c.caseworker_since = cw, since
        return planned

    def route(self, family: Family, child: ChildSpec, at: dt.datetime):
        """intake.services.route_for as it would have answered at `at`."""
        known = [child] + [s for s in family.children if s is not child and family.guardians]
        for c in known:
            if c.caseworker is not None and c.caseworker_since <= at:
                return c.caseworker.team, c.caseworker
        return self.org.team_by_district[child.district_id], None

    # -- one notification -----------------------------------------------------------------------------

    def notification(
        self, family: Family, c: ChildSpec, r: dt.datetime, override: Override | None
    ) -> Planned:
        rng, now = self.rng, self.now
        override = override or Override()
        opened = override.open_steps
        team, assignee = self.route(family, c, r)
        if override.category:
            category = override.category
        elif c.is_unborn:
            category = rng.choices(list(UNBORN_CATEGORIES), list(UNBORN_CATEGORIES.values()))[0]
        else:
            category = rng.choices(self.categories, self.category_weights)[0]
        fields, registered_by = self.mail.notifier(c, category, family)
        kind = fields["notifier_kind"]
        reasons = ["unborn"] if c.is_unborn else texts.reasons_for(rng, category)
        had_measure = not c.is_unborn and c.had_measure_on(local_date(r))
        if category in story.DIALOG_SOURCES and kind == rules.NotifierKind.PROFESSIONAL and not c.is_unborn:
            # The story: where the district shifted, daycare, school and health service talk with the
            # parents before they notify (a dialog-based notification), more of them as it goes on.
            if rng.random() < story.dialog_share(self.flow.story.shift(local_date(r), c.district_id)):
                fields.update(
                    dialog_based=True,
                    dialog_participants=rng.choice(texts.DIALOG_PARTICIPANTS[category]),
                    dialog_parents_view=rng.choice(texts.DIALOG_PARENTS_VIEWS),
                )
        fields.update(
            received_at=r,
            registered_by=registered_by,
            text=texts.notification_text(rng, reasons, c.first, c.sex),
            reasons=reasons,
            child_had_ongoing_measure=had_measure,
        )
        acts = [
            Act(
                rules.RECEIVED,
                r,
                registered_by,
                gettext_noop("Underretning modtaget fra %(kind)s"),
                {"kind": self.kind_labels[kind]},
                {
                    "channel": fields["channel"],
                    "routed_to_team": team.pk if team else None,
                    "routed_to": assignee.pk if assignee else None,
                },
            )
        ]
        letters: list[dict] = []

        acute_at = None if "acute" in opened else r + dt.timedelta(hours=self.acute_hours())
        assign_at = r
        if assignee is None:
            # The team leader distributes at least every other day; the screening deadline waits for nobody.
            k = 1 if override.assign_to else rng.choices((0, 1, 2, 3, 4), (0.1, 0.3, 0.3, 0.2, 0.1))[0]
            assign_at = None if "assign" in opened else self.on_working_day(r, k, after=r + 30 * MINUTE)
            if assign_at is not None and assign_at <= now:
                cw = override.assign_to or family.caseworker or self.org.pick_caseworker(rng, team.pk)
                leader = rng.choice(self.org.team_leaders[team.pk])
                acts.append(
                    Act(
                        ASSIGNED,
                        assign_at,
                        leader,
                        gettext_noop("Fordelt til %(name)s"),
                        {"name": str(cw)},
                        {"caseworker": cw.pk},
                    )
                )
                team, assignee = cw.team, cw
                self.give_caseworker(family, c, cw, assign_at)
        if acute_at is not None and acute_at <= now:
            danger = rng.random() < 0.04
            note = rng.choice(texts.ACUTE_NOTES_DANGER if danger else texts.ACUTE_NOTES)
            summary = (
                gettext_noop("Akut vurdering: barnet er i fare, akut indsats")
                if danger
                else gettext_noop("Akut vurdering: ikke akut")
            )
            acts.append(
                Act(
                    rules.ACUTE_ASSESSED,
                    acute_at,
                    rng.choice(self.org.reception_staff),
                    summary,
                    {},
                    {"danger": danger},
                )
            )
            fields.update(acute_assessed_at=acute_at, acute_danger=danger, acute_note=note)

        if rules.receipt_required(rules.NotifierKind(kind)) and "receipt" not in opened:
            late = rng.random() < 0.05
            k = (
                rng.randint(7, 12)
                if late
                else rng.choices(range(7), (0.12, 0.3, 0.22, 0.14, 0.1, 0.07, 0.05))[0]
            )
            at = self.on_working_day(r, k, after=r + 15 * MINUTE)
            if at <= now:
                actor = rng.choice(self.org.reception_staff)
                letter = self.mail.letter(Letter.Kind.RECEIPT, fields, at, actor)
                letters.append(letter)
                acts.append(
                    Act(
                        rules.RECEIPT_SENT,
                        at,
                        actor,
                        gettext_noop("Kvittering sendt til underretter (%(medium)s)"),
                        {"medium": self.medium_labels[letter["medium"]]},
                    )
                )
                fields["receipt_sent_at"] = at

        screened_at = None
        if acute_at is not None and assign_at is not None and assignee is not None and "screen" not in opened:
            late = rng.random() < 0.1
            k = (
                rng.randint(7, 14)
                if late
                else rng.choices(range(1, 7), (0.05, 0.15, 0.25, 0.25, 0.18, 0.12))[0]
            )
            at = self.on_working_day(r, k, after=max(acute_at, assign_at) + 30 * MINUTE)
            if at <= now:
                decision = override.decision or rng.choices(self.decisions, self.decision_weights)[0]
                note = rng.choice(texts.SCREENING_NOTES[decision])
                acts.append(
                    Act(
                        rules.SCREENED,
                        at,
                        assignee,
                        gettext_noop("Screening: %(decision)s"),
                        {"decision": self.decision_labels[decision]},
                        {"decision": decision, "note": note},
                    )
                )
                fields.update(screened_at=at, screening_decision=decision)
                screened_at = at
                if decision != "none" and c.caseworker is None and not c.is_unborn:
                    # Routed to a sibling's caseworker, the child is not yet theirs (route_for does not
                    # make it so): the team leader assigns it, so the case work can go on (require_case_owner).
                    self.take_over(family, c, acts, assignee, at)

        if kind == rules.NotifierKind.PROFESSIONAL and screened_at is not None and "feedback" not in opened:
            self.feedback(fields, acts, letters, r, screened_at, assignee)

        if had_measure and assignee is not None and assign_at is not None and "reassess" not in opened:
            late = rng.random() < 0.1
            k = rng.randint(11, 20) if late else rng.randint(2, 10)
            at = self.on_working_day(r, k, after=max(assign_at, acute_at or r) + 60 * MINUTE)
            if at <= now:
                colleague = rng.choice([s for s in self.org.caseworkers[assignee.team_id] if s != assignee])
                acts.append(
                    Act(
                        rules.REASSESSED,
                        at,
                        assignee,
                        gettext_noop("Sagen genvurderet (§ 137) med %(names)s"),
                        {"names": str(colleague)},
                        {
                            "participants": sorted([assignee.pk, colleague.pk]),
                            "new_to_case": [colleague.pk],
                            "conclusion": rng.choice(texts.REASSESS_CONCLUSIONS),
                        },
                    )
                )
                fields["reassessed_at"] = at

        fields.update(team=team, assignee=assignee)
        obligations = self.obligations(fields, acts)
        return Planned(child=c, fields=fields, acts=acts, letters=letters, obligations=obligations)

    def feedback(self, fields, acts, letters, r, screened_at, assignee) -> None:
        rng = self.rng
        if rng.random() < 0.02:
            at = self.on_working_day(screened_at, rng.randint(0, 5), after=screened_at + 30 * MINUTE)
            if at <= self.now:
                acts.append(
                    Act(
                        rules.FEEDBACK_WAIVED,
                        at,
                        assignee,
                        gettext_noop("Ingen tilbagemelding: særlige forhold (§ 138, stk. 2)"),
                        {},
                        {"reason": rng.choice(texts.WAIVE_REASONS)},
                    )
                )
            return
        due = rules.feedback_due(r, self.local)
        if rng.random() < 0.05:
            day = due + dt.timedelta(days=rng.randint(1, 30))
        else:
            # A few days' margin: the day is moved on past weekends and holidays below.
            day = min(
                local_date(screened_at) + dt.timedelta(days=rng.randint(1, 45)), due - dt.timedelta(days=5)
            )
        at = self.on_working_day_from(day, after=screened_at + 30 * MINUTE)
        if at <= self.now:
            letters.append(self.mail.letter(Letter.Kind.FEEDBACK, fields, at, assignee))
            acts.append(
                Act(rules.FEEDBACK_SENT, at, assignee, gettext_noop("Tilbagemelding sendt til underretter"))
            )
            fields["feedback_sent_at"] = at

    def take_over(
        self, family: Family, c: ChildSpec, acts: list[Act], cw: Staff, screened_at: dt.datetime
    ) -> None:
        at = self.on_working_day(screened_at, self.rng.choice((0, 0, 1, 2)), after=screened_at + 10 * MINUTE)
        if at > self.now:
            return
        leader = self.rng.choice(self.org.team_leaders[cw.team_id])
        acts.append(
            Act(
                ASSIGNED,
                at,
                leader,
                gettext_noop("Fordelt til %(name)s"),
                {"name": str(cw)},
                {"caseworker": cw.pk},
            )
        )
        self.give_caseworker(family, c, cw, at)

    def give_caseworker(self, family: Family, c: ChildSpec, cw: Staff, at: dt.datetime) -> None:
        """notification_assign makes the caseworker the child's own; one caseworker per family."""
        family.caseworker = cw
        if c.caseworker is None:
            self.org.take(cw)
        if c.caseworker is None or c.caseworker_since > at:
            c.caseworker_since = at
        c.caseworker = cw

    # -- obligations ----------------------------------------------------------------------------------

    def obligations(self, fields: dict, acts: list[Act]) -> list[dict]:
        derived = rules.notification_obligations(
            rules.NotificationFacts(
                received_at=fields["received_at"],
                notifier_kind=rules.NotifierKind(fields["notifier_kind"]),
                child_had_ongoing_measure=fields["child_had_ongoing_measure"],
            ),
            [rules.Event(kind=a.kind, at=a.at) for a in acts],
            calendar=self.calendar,
            local=self.local,
        )
        reception = (self.org.reception, None)
        case_owner = (fields["team"], fields["assignee"])
        owners = {rules.ACUTE_ASSESSMENT.code: reception, rules.RECEIPT.code: reception}
        rows = []
        for d in derived:
            team, assignee = owners.get(d.code, case_owner)
            rows.append(
                dict(
                    code=d.code,
                    due_at=d.due_at,
                    due_date=d.due_date,
                    due_is_time=d.due_is_time,
                    met_at=d.met_at,
                    not_applicable=d.not_applicable,
                    is_open=d.met_at is None and not d.not_applicable,
                    team=team,
                    assignee=assignee,
                )
            )
        return rows

    # -- time -----------------------------------------------------------------------------------------

    def acute_hours(self) -> float:
        u = self.rng.random()
        if u < 0.80:
            return self.rng.uniform(0.25, 6)
        if u < 0.97:
            return self.rng.uniform(6, 23.5)
        return self.rng.uniform(24.2, 40)  # late: BL § 136, stk. 2 says 24 hours

    def on_working_day(self, start: dt.datetime, k: int, *, after: dt.datetime) -> dt.datetime:
        """Office hours on the k-th working day after `start`'s day (0: the same day, if a working day)."""
        day = local_date(start)
        if k or not self.calendar.is_working_day(day):
            day = self.calendar.add_working_days(day, max(k, 1))
        return self.at_office_hours(day, after=after)

    def on_working_day_from(self, day: dt.date, *, after: dt.datetime) -> dt.datetime:
        while not self.calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return self.at_office_hours(day, after=after)

    def at_office_hours(self, day: dt.date, *, after: dt.datetime) -> dt.datetime:
        local = dt.datetime.combine(
            day, dt.time(self.rng.randint(8, 15), self.rng.randint(0, 59)), tzinfo=CPH
        )
        moment = local.astimezone(dt.UTC)
        return moment if moment > after else after + dt.timedelta(minutes=self.rng.randint(5, 90))
