"""What the family's pages show (issue 14 § 2, read side), read through access.py: every read names the citizen
in the audit log (audit.record_access with the citizen's key).

Shown to a party (a parent with custody, the young person from 15): the caseworker and how to reach them, the
plans in force with their goals, the next network meetings (with an .ics) and the agreements of the held ones,
the decisions made (their letters, HTML and PDF), the letters sent to this citizen about the child, the § 30
course with its weeks, and what the daycare or school recorded (wellbeing's parents' record). A parent without
custody (forældreansvarsloven § 23) sees only the last of these.

Never shown (docs/law.md, "The family's own pages"): who notified, and no notification at all; journal notes,
the investigation and the screening; decisions not made (drafts) or withdrawn; letters to anyone but the
signed-in citizen; meetings of another child.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from tidlig.course.models import Course
from tidlig.interventions import letters as decision_letters
from tidlig.interventions.models import Decision
from tidlig.network.models import Agreement, NetworkMeeting
from tidlig.organisation.models import Staff
from tidlig.plans.models import Goal, Plan
from tidlig.post.models import Letter
from tidlig.rules import course as course_rules
from tidlig.wellbeing.models import GroupMember
from tidlig.wellbeing.parents_selectors import institution_names, parents_record

from . import texts
from .access import YOUNG, ChildAccess, citizen_children, log_children_read, visible_child_for_citizen
from .citizen import Citizen

# How far back held meetings show their agreements.
MEETINGS_BACK_DAYS = 365
SENT = (Letter.Status.SENT, Letter.Status.DELIVERED, Letter.Status.PAPER)


@dataclass
class HomePage:
    citizen: Citizen
    children: list[ChildAccess]


@dataclass
class Caseworker:
    name: str
    job_title: str
    phone: str
    email: str


@dataclass
class PlanView:
    plan: Plan
    goals: list[Goal]

    @property
    def name(self) -> str:
        return str(texts.PLANS[self.plan.kind][0])

    @property
    def explanation(self) -> str:
        return str(texts.PLANS[self.plan.kind][1])

    @property
    def paragraph(self) -> str:
        return str(texts.PLANS[self.plan.kind][2])


@dataclass
class MeetingView:
    meeting: NetworkMeeting
    agreements: list[Agreement]


@dataclass
class DecisionView:
    decision: Decision
    name: str  # the measure's plain name, as the letter names it
    for_child: bool  # the young person reads the letter written for the child


@dataclass
class CourseView:
    course: Course
    week: int  # the week of the course today (0 before it starts)
    ends_on: dt.date


@dataclass
class ChildPage:
    access: ChildAccess
    caseworker: Caseworker | None = None
    plans: list[PlanView] = field(default_factory=list)
    next_meetings: list[MeetingView] = field(default_factory=list)
    held_meetings: list[MeetingView] = field(default_factory=list)
    decisions: list[DecisionView] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    courses: list[CourseView] = field(default_factory=list)
    has_records: bool = False


def home_page(citizen: Citizen) -> HomePage:
    children = citizen_children(citizen)
    log_children_read(citizen, children, what="family.home")
    return HomePage(citizen=citizen, children=children)


def caseworker_of(staff: Staff | None) -> Caseworker | None:
    if staff is None or not staff.is_active:
        return None
    return Caseworker(
        name=staff.get_full_name() or staff.username,
        job_title=staff.job_title,
        phone=staff.phone,
        email=staff.email,
    )


# -- the parts of the child page ---------------------------------------------------------------------------


def plans_in_force(child_id: int) -> list[PlanView]:
    """The newest plan of each kind (a new version is a new row; the newest is in force) with its goals."""
    newest: dict[str, Plan] = {}
    for plan in Plan.objects.filter(child_id=child_id).order_by("-recorded_on", "-pk"):
        newest.setdefault(plan.kind, plan)
    plans = sorted(newest.values(), key=lambda p: (p.recorded_on, p.pk), reverse=True)
    goals: dict[int, list[Goal]] = {p.pk: [] for p in plans}
    for goal in Goal.objects.filter(plan__in=plans).order_by("pk"):
        goals[goal.plan_id].append(goal)
    return [PlanView(plan=p, goals=goals[p.pk]) for p in plans]


def meetings(child_id: int, now: dt.datetime) -> tuple[list[MeetingView], list[MeetingView]]:
    """The planned meetings still to come (soonest first) and the held ones of the last year (newest first)."""
    rows = list(
        NetworkMeeting.objects.filter(child_id=child_id)
        .filter(
            Q(status=NetworkMeeting.Status.PLANNED, ends_at__gte=now)
            | Q(status=NetworkMeeting.Status.HELD, starts_at__gte=now - dt.timedelta(days=MEETINGS_BACK_DAYS))
        )
        .select_related("caseworker")
        .order_by("starts_at", "pk")
    )
    agreements: dict[int, list[Agreement]] = {m.pk: [] for m in rows}
    for a in Agreement.objects.filter(meeting__in=rows).order_by("due_on", "pk"):
        agreements[a.meeting_id].append(a)
    views = [MeetingView(meeting=m, agreements=agreements[m.pk]) for m in rows]
    upcoming = [v for v in views if v.meeting.status == NetworkMeeting.Status.PLANNED]
    held = [v for v in reversed(views) if v.meeting.status == NetworkMeeting.Status.HELD]
    return upcoming, held


def decisions_for(access: ChildAccess) -> list[DecisionView]:
    """Decisions made and not withdrawn, newest first. The young person sees those they are a party to (BL § 3),
    in the letter written for the child; a draft is never shown."""
    rows = (
        Decision.objects.filter(child=access.child, decided_on__isnull=False, withdrawn_on__isnull=True)
        .select_related("type", "municipality", "decided_by", "drafted_by", "child")
        .order_by("-decided_on", "-pk")
    )
    out = []
    for d in rows:
        for_child = access.standing == YOUNG
        if for_child and not decision_letters.decision_letter(d).child_party:
            continue
        out.append(DecisionView(decision=d, name=decision_letters.measure_name(d.type), for_child=for_child))
    return out


def letters_to(citizen: Citizen, child_id: int) -> list[Letter]:
    """The letters about the child sent to this citizen (by Digital Post or on paper), newest first."""
    return list(
        Letter.objects.filter(
            child_id=child_id, recipient_id_type=Letter.IdType.CPR, recipient_id=citizen.cpr, status__in=SENT
        )
        .defer("pdf")
        .order_by("-queued_at", "-pk")
    )


def courses_for(child_id: int, today: dt.date) -> list[CourseView]:
    return [
        CourseView(
            course=c,
            week=min(course_rules.course_week(c.started_on, today), c.weeks),
            ends_on=c.planned_end_on,
        )
        for c in Course.objects.filter(child_id=child_id)
        .select_related("worker")
        .order_by("-started_on", "-pk")
    ]


def record_institutions(access: ChildAccess) -> set[int]:
    """The daycares and schools that may have recorded something about the child: its groups, then and now,
    and its institution."""
    ids = set(GroupMember.objects.filter(child=access.child).values_list("group__institution_id", flat=True))
    if access.child.institution_id:
        ids.add(access.child.institution_id)
    return ids


def child_page(citizen: Citizen, child_id) -> ChildPage:
    access = visible_child_for_citizen(citizen, child_id, what="family.child")
    page = ChildPage(access=access)
    page.has_records = bool(record_institutions(access))
    if not access.sees_case:
        return page  # forældreansvarsloven § 23: the institution's records only
    now = timezone.now()
    today = timezone.localdate()
    child_pk = access.child.pk
    page.caseworker = caseworker_of(access.child.caseworker)
    page.plans = plans_in_force(child_pk)
    page.next_meetings, page.held_meetings = meetings(child_pk, now)
    page.decisions = decisions_for(access)
    page.letters = letters_to(citizen, child_pk)
    page.courses = courses_for(child_pk, today)
    return page


# -- single documents ----------------------------------------------------------------------------------------


def meeting_for(citizen: Citizen, child_id, meeting_id) -> tuple[ChildAccess, NetworkMeeting]:
    """A planned or held meeting of a child whose case the citizen may see (404 otherwise), logged."""
    access = visible_child_for_citizen(citizen, child_id, what="family.meeting", case=True)
    meeting = (
        NetworkMeeting.objects.filter(pk=_id(meeting_id), child=access.child)
        .exclude(status=NetworkMeeting.Status.CANCELLED)
        .select_related("caseworker")
        .first()
    )
    if meeting is None:
        raise Http404
    return access, meeting


def decision_for(citizen: Citizen, child_id, decision_id) -> DecisionView:
    access = visible_child_for_citizen(citizen, child_id, what="family.decision", case=True)
    view = next((d for d in decisions_for(access) if d.decision.pk == _id(decision_id)), None)
    if view is None:
        raise Http404
    return view


def letter_for(citizen: Citizen, child_id, letter_id) -> Letter:
    access = visible_child_for_citizen(citizen, child_id, what="family.letter", case=True)
    letter = Letter.objects.filter(
        pk=_id(letter_id),
        child=access.child,
        recipient_id_type=Letter.IdType.CPR,
        recipient_id=citizen.cpr,
        status__in=SENT,
    ).first()
    if letter is None:
        raise Http404
    return letter


def records_for(citizen: Citizen, child_id) -> tuple[ChildAccess, dict, str]:
    """What the daycare and school recorded (every standing, also forældreansvarsloven § 23), logged."""
    access = visible_child_for_citizen(citizen, child_id, what="family.records")
    institutions = record_institutions(access)
    if not institutions:
        raise Http404
    return access, parents_record(access.child, institutions), institution_names(institutions)


def _id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number
