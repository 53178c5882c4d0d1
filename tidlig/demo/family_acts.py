"""The family's own actions in the demo (issue 14 §§ 2–3): for the demo parent with custody (demo/citizens.py),
the caseworker shows two notes to the family, the parent has sent one message, and a FIT session held today
waits for the parent's answers from home. Runs after the citizens are chosen; writes through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tidlig.cases import family as case_family
from tidlig.cases.models import JournalNote
from tidlig.family.models import DemoCitizen
from tidlig.fit import services as fit
from tidlig.fit.models import Respondent
from tidlig.people.models import Guardianship

from .organisation import Org

ROLE_OF_RELATION = {"mother": Respondent.Role.MOTHER, "father": Respondent.Role.FATHER}


def build(org: Org, *, now: dt.datetime | None = None) -> int:
    """Returns how many families got something to do (0 or 1)."""
    now = now or timezone.now()
    g = (
        Guardianship.objects.filter(
            person__cpr__in=DemoCitizen.objects.values("cpr"),
            has_custody=True,
            child__caseworker=org.raadgiver,
            relation__in=list(ROLE_OF_RELATION),
        )
        .select_related("child", "person")
        .order_by("pk")
        .first()
    )
    if g is None:
        return 0
    child, parent = g.child, g.person
    shown = list(
        JournalNote.objects.filter(child=child, author__isnull=False).order_by("-happened_on", "-pk")[:2]
    )
    JournalNote.objects.filter(pk__in=[n.pk for n in shown]).update(for_family=True)
    case_family.message_from_family(
        person=parent,
        child=child,
        text="Hej. Vi vil gerne tale om, hvordan morgenerne kan blive lettere. Kan vi tage det med på næste møde?",
        now=now - dt.timedelta(hours=3),
    )
    respondent = fit.respondent_add(
        child=child, actor=org.raadgiver, role=ROLE_OF_RELATION[g.relation], first_name=parent.first_name
    )
    # the FIT service refuses a session after the clock's today; a demo built for a later moment keeps to it
    fit.session_open(
        child=child,
        actor=org.raadgiver,
        held_on=min(timezone.localdate(now), timezone.localdate()),
        respondent_ids=[respondent.pk],
    )
    return 1
