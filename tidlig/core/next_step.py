"""What meets an obligation: for every obligation code, the page (and form on it) where its owner does the
next step ("næste skridt", issue 10). One registry for the UI and the API's `action_url`.

It lives in core beside the obligation schema (`core.schemas.obligation_out`), so every list of obligations
the API or a page shows carries its target without importing the apps: the targets are URL names, reversed
at read time. `tidlig/cases/tests/test_next_step.py` fails when an obligation code has no entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    return message


@dataclass(frozen=True)
class NextStep:
    label: str  # the imperative shown on the button, translated when shown
    url_name: str
    # Which of the obligation's ids the URL takes: the source object's ("source") or the child's ("child"),
    # or both as (child, source) for the case pages nested under the child.
    args: str
    anchor: str = ""


_NOTIFICATION = "intake:detail"  # every intake obligation is met by a form on the notification's page
NEXT_STEPS: dict[str, NextStep] = {
    # Intake (rules/obligations.py OBLIGATION_TYPES); source = the notification.
    "acute_assessment": NextStep(
        gettext_noop("Foretag den akutte vurdering"), _NOTIFICATION, "source", "acute"
    ),
    "receipt": NextStep(gettext_noop("Send kvittering"), _NOTIFICATION, "source", "receipt"),
    "screening": NextStep(gettext_noop("Screen underretningen"), _NOTIFICATION, "source", "screen"),
    "notifier_feedback": NextStep(gettext_noop("Giv tilbagemelding"), _NOTIFICATION, "source", "feedback"),
    "reassessment": NextStep(gettext_noop("Genvurdér sagen"), _NOTIFICATION, "source", "reassess"),
    # Case handling (rules/casework.py CASEWORK_TYPES).
    "investigation": NextStep(
        gettext_noop("Afslut undersøgelsen"), "cases:investigation", "child,source", "conclude"
    ),
    "child_conversation": NextStep(gettext_noop("Hold børnesamtalen"), "cases:conversation_new", "child"),
    "first_followup": NextStep(
        gettext_noop("Hold opfølgningen"), "interventions:measure", "source", "followup"
    ),
    # A later follow-up is owed by the follow-up that set its date; its page is the measure's.
    "followup": NextStep(gettext_noop("Hold opfølgningen"), "interventions:followup_due", "source"),
    "child_plan": NextStep(gettext_noop("Skriv barnets plan"), "plans:new", "child"),
    # BL § 108, stk. 2-3: a young person who turns 16 in placement owes an ungeplan (issue 12)
    "youth_plan": NextStep(gettext_noop("Skriv ungeplanen"), "plans:new", "child"),
    "parent_plan_offer": NextStep(gettext_noop("Revidér forældrehandleplanen"), "plans:new", "child"),
    "supervision_visit": NextStep(
        gettext_noop("Registrér tilsynsbesøget"), "interventions:measure", "source", "visit"
    ),
    "support_person_offer": NextStep(
        gettext_noop("Tilbyd støtteperson"), "interventions:measure", "source", "support-person"
    ),
    "youth_support_decision": NextStep(
        gettext_noop("Træf afgørelse om ungestøtte"), "interventions:decision_new", "child"
    ),
    # Involving network meetings (rules/network.py, local practice): the held meeting owes the next one.
    "network_followup": NextStep(gettext_noop("Planlæg næste netværksmøde"), "network:next", "source"),
    # The § 30 course (rules/course.py, practice: 12 weeks, two network meetings); source = the course.
    "course_start_meeting": NextStep(gettext_noop("Hold startmødet"), "course:detail", "source", "meetings"),
    "course_end_meeting": NextStep(gettext_noop("Hold slutmødet"), "course:detail", "source", "meetings"),
    "course_end": NextStep(gettext_noop("Afslut forløbet"), "course:detail", "source", "end"),
}


def next_step(obligation: Any) -> NextStep | None:
    return NEXT_STEPS.get(obligation.code)


def action_url(obligation: Any) -> str | None:
    """The page that meets this obligation, or None once it is met or waived (nothing left to do)."""
    step = next_step(obligation)
    if step is None or not obligation.is_open:
        return None
    ids = {"source": obligation.source_id, "child": obligation.child_id}
    url = reverse(step.url_name, args=[ids[a] for a in step.args.split(",")])
    return f"{url}#{step.anchor}" if step.anchor else url


def action_label(obligation: Any) -> str:
    step = next_step(obligation)
    return gettext(step.label) if step else ""
