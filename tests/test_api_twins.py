"""Every action on a page is an API call too (issue 9, "one door"): walk the UI's URL map and fail when a
view that accepts POST has neither an API twin nor a reason in the allow-list.

A view "accepts POST" when its source reads the POST body or is one of the shared form handlers
(`submit`, `_action`, `_bound`), or when it is a class-based view with a `post` method. The twins are
checked against the OpenAPI document, so a renamed or removed endpoint fails here too.
"""

from __future__ import annotations

import inspect
import re

from django.urls import URLResolver, get_resolver

from tidlig.api import api

# Page (url name) → its API twin(s), "METHOD /path" under /api/v1. Both call the same service.
TWINS: dict[str, list[str]] = {
    "course:child": ["POST /courses/children/{child_id}"],
    "course:detail": ["PUT /courses/{course_id}"],
    "course:meeting": ["POST /courses/{course_id}/meetings/{which}"],
    "course:end": ["POST /courses/{course_id}/end"],
    "accounts:api_tokens": ["POST /tokens"],
    "comparison:setting": ["PUT /comparison/setting"],
    "review:draw": ["POST /reviews"],
    "review:answer": ["PUT /review-answers/{answer_id}"],
    "review:findings_send": ["POST /review-cases/{case_id}/findings"],
    "accounts:api_token_revoke": ["POST /tokens/{token_id}/revoke"],
    "intake:new": ["POST /notifications", "POST /notifications/multipart"],
    "intake:child_new": ["POST /children", "POST /children/unborn"],
    "intake:acute": ["POST /notifications/{notification_id}/acute-assessment"],
    "intake:receipt": ["POST /notifications/{notification_id}/receipt"],
    "intake:letter_paper": ["POST /notifications/{notification_id}/outbox/{letter_id}/paper"],
    "intake:letter_retry": ["POST /notifications/{notification_id}/outbox/{letter_id}/retry"],
    "intake:route": ["POST /notifications/{notification_id}/route"],
    "intake:assign": ["POST /notifications/{notification_id}/assign"],
    "intake:screen": ["POST /notifications/{notification_id}/screening"],
    "intake:feedback": ["POST /notifications/{notification_id}/feedback"],
    "intake:waive_feedback": ["POST /notifications/{notification_id}/feedback-waiver"],
    "intake:reassess": ["POST /notifications/{notification_id}/reassessment"],
    "interventions:decision_new": ["POST /children/{child_id}/decisions"],
    "interventions:decision_make": ["POST /decisions/{decision_id}/make"],
    "interventions:decision_withdraw": ["POST /decisions/{decision_id}/withdraw"],
    "interventions:committee_submission": ["PUT /decisions/{decision_id}/committee-submission"],
    "interventions:start": ["POST /measures/{measure_id}/start"],
    "interventions:followup": ["POST /measures/{measure_id}/followups"],
    "interventions:visit": ["POST /measures/{measure_id}/supervision-visits"],
    "interventions:support_person": ["POST /measures/{measure_id}/support-person"],
    "interventions:parent_plan_offer": ["POST /measures/{measure_id}/parent-plan-offers"],
    "interventions:end": ["POST /measures/{measure_id}/end"],
    "interventions:letter_sent": ["POST /decisions/{decision_id}/letters-sent"],
    "interventions:digital_post": ["POST /decisions/{decision_id}/digital-post"],
    "interventions:digital_post_retry": ["POST /decisions/digital-post/{letter_id}/retry"],
    "interventions:digital_post_paper": ["POST /decisions/digital-post/{letter_id}/paper"],
    "post:retry": ["POST /outbox/{letter_id}/retry"],
    "post:paper": ["POST /outbox/{letter_id}/paper"],
    "interventions:appeal_new": ["POST /decisions/{decision_id}/appeals"],
    "interventions:appeal_update": ["PUT /appeals/{appeal_id}"],
    "plans:new": ["POST /children/{child_id}/plans"],
    "plans:goal_status": ["PATCH /goals/{goal_id}"],
    "wellbeing:rate": ["PUT /wellbeing/groups/{group_id}/periods/{period_id}/children/{child_id}/rating"],
    "wellbeing:confirm_unchanged": [
        "POST /wellbeing/groups/{group_id}/periods/{period_id}/confirm-unchanged"
    ],
    "wellbeing:joint_rate": [
        "PUT /wellbeing/groups/{group_id}/periods/{period_id}/children/{child_id}/joint"
    ],
    "wellbeing:follow_up": ["PUT /wellbeing/ratings/{rating_id}/follow-up"],
    "wellbeing:health_visitor_rate": ["POST /wellbeing/children/{child_id}/health-visitor-rating"],
    "wellbeing:transition_new": ["POST /children/{child_id}/transitions"],
    "wellbeing:setup_period_new": ["POST /wellbeing/setup/periods"],
    "wellbeing:setup_period": ["PUT /wellbeing/setup/periods/{period_id}"],
    "wellbeing:setup_group_new": ["POST /wellbeing/setup/groups"],
    "wellbeing:setup_group": ["PUT /wellbeing/setup/groups/{group_id}"],
    "wellbeing:setup_group_deactivate": ["POST /wellbeing/setup/groups/{group_id}/deactivate"],
    "wellbeing:joint_agreed": ["POST /wellbeing/groups/{group_id}/periods/{period_id}/joint-agreed"],
    "wellbeing:setup_group_children": [
        "POST /wellbeing/setup/groups/{group_id}/children",
        "DELETE /wellbeing/setup/groups/{group_id}/children/{child_id}",
    ],
    "concerns:new": ["POST /concerns"],
    "concerns:add_entry": ["POST /concerns/{concern_id}/entries"],
    "concerns:close": ["POST /concerns/{concern_id}/close"],
    "concerns:notify": ["POST /concerns/{concern_id}/dialog-notification"],
    "crossteam:team": ["POST /crossteam/institutions/{institution_id}/team/members"],
    "crossteam:member_deactivate": ["POST /crossteam/members/{member_id}/deactivate"],
    "crossteam:meeting_new": ["POST /crossteam/meetings"],
    "crossteam:meeting": ["PUT /crossteam/meetings/{meeting_id}/minutes"],
    "crossteam:item_new": ["POST /crossteam/meetings/{meeting_id}/items"],
    "crossteam:propose": ["POST /crossteam/items"],
    "crossteam:item_post": [  # <what>: minutes, schedule, consent withdrawn
        "PUT /crossteam/items/{item_id}/minutes",
        "POST /crossteam/items/{item_id}/schedule",
        "POST /crossteam/items/{item_id}/consent-withdrawal",
    ],
    "crossteam:course_new": ["POST /crossteam/early-courses"],
    "crossteam:course": ["POST /crossteam/early-courses/{course_id}/end"],
    "cases:assessment_new": ["POST /children/{child_id}/assessments"],
    "cases:assessment_conclude": ["POST /assessments/{assessment_id}/conclusion"],
    "cases:investigation_new": ["POST /children/{child_id}/investigations"],
    "cases:investigation_areas": ["PATCH /investigations/{investigation_id}/areas"],
    "cases:investigation_preliminary": ["POST /investigations/{investigation_id}/preliminary"],
    "cases:investigation_conclude": ["POST /investigations/{investigation_id}/conclusion"],
    "cases:conversation_new": ["POST /children/{child_id}/conversations"],
    "cases:note_new": ["POST /children/{child_id}/notes"],
    "cases:note_share": ["PUT /children/{child_id}/notes/{note_id}/family"],
    "family:consent_withdraw": ["POST /family/children/{child_id}/consents/{kind}/{consent_id}/withdraw"],
    "family:message": ["POST /family/children/{child_id}/messages"],
    "family:fit_answer": ["POST /family/children/{child_id}/fit/{rating_id}/{part}"],
    "cases:case_close": ["POST /children/{child_id}/case/close"],
    "cases:case_reopen": ["POST /children/{child_id}/case/reopen"],
    "cases:access": ["POST /children/{child_id}/access"],
    "genogram:person_new": ["POST /children/{child_id}/network/people"],
    "genogram:person_edit": ["PUT /network/people/{person_id}"],
    "genogram:person_remove": ["DELETE /network/people/{person_id}"],
    "genogram:relation_new": ["POST /children/{child_id}/network/relations"],
    "genogram:relation_remove": ["DELETE /network/relations/{relation_id}"],
    "genogram:from_register": ["POST /children/{child_id}/network/from-register"],
    "network:slot_new": ["POST /network/slots"],
    "network:slot_withdraw": ["POST /network/slots/{slot_id}/withdraw"],
    "network:book": ["POST /network/slots/{slot_id}/booking"],
    "network:feed_new": ["POST /network/calendar-feed"],
    "network:feed_revoke": ["POST /network/calendar-feed/revoke"],
    "network:meeting_new": ["POST /network/children/{child_id}/meetings"],
    "network:meeting": ["PUT /network/meetings/{meeting_id}/minutes"],
    "network:next": ["POST /network/meetings/{meeting_id}/next"],
    "network:agreement_new": ["POST /network/meetings/{meeting_id}/agreements"],
    "network:agreement_status": ["PATCH /network/agreements/{agreement_id}"],
    "network:hold": ["POST /network/meetings/{meeting_id}/held"],
    "network:reschedule": ["POST /network/meetings/{meeting_id}/reschedule"],
    "network:cancel": ["POST /network/meetings/{meeting_id}/cancel"],
    "fit:respondent_new": ["POST /fit/children/{child_id}/respondents"],
    "fit:session_new": ["POST /fit/children/{child_id}/sessions"],
    "fit:fill": ["POST /fit/ratings/{rating_id}/outcome", "POST /fit/ratings/{rating_id}/alliance"],
    "fit:link_new": ["POST /fit/ratings/{rating_id}/links/{part}"],
    "fit:alert_seen": ["POST /fit/alerts/{alert_id}/seen"],
}

# Pages that accept POST but are not actions on the municipality's data, so they have no twin.
NOT_ACTIONS: dict[str, str] = {
    "login": "signing in with a password: the API authenticates with bearer tokens instead",
    "family:demo": "the demo's citizen sign-in (only with DEBUG or CITIZEN_DEMO_LOGIN): a session, not the municipality's data",
    "family:sign_out": "a citizen signing out ends their session; the family API shares the session cookie",
    "logout": "ends the browser session",
    "set_language": "the browser's language choice (a cookie)",
    "accounts:mfa_enrol": "TOTP enrolment of the browser sign-in (ASVS 2.8)",
    "accounts:mfa_verify": "the second factor of the browser sign-in",
    "accounts:keepalive": "keeps the browser session alive; writes nothing",
    "accounts:password_change": "the browser sign-in's password; tokens are managed with POST /tokens",
    # Searches by CPR or name sent as POST to keep the number out of URLs and logs; they write nothing.
    # The API's access-log reads are GET /audit/child-entries and GET /audit/staff-entries.
    "audit:find_child": "a search form (POST keeps the CPR number out of the URL); reads only",
    "audit:find_staff": "a search form; reads only",
    "fit:answer": "the family's one-time link (no account); the professional's twins are "
    "POST /fit/ratings/{rating_id}/outcome and /alliance",
}
# Django's admin (namespace "admin") is the operators' tool for the organisation's master data, not a
# caseworker's action; it is left out as a whole.
NOT_ACTIONS_NAMESPACES = ("admin",)

ACCEPTS_POST = re.compile(r"POST|\b_bound\(|\bsubmit\(|\b_action\(|require_http_methods")


def _pages(resolver=None, namespace: str | None = None):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from _pages(p, p.namespace or namespace)
        else:
            yield (f"{namespace}:{p.name}" if namespace else p.name), namespace, p.callback


def _accepts_post(view) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return bool(ACCEPTS_POST.search(inspect.getsource(inspect.unwrap(view))))


def _post_pages() -> set[str]:
    return {
        name
        for name, namespace, view in _pages()
        if namespace not in ("api", *NOT_ACTIONS_NAMESPACES) and _accepts_post(view)
    }


def test_every_page_that_accepts_post_has_an_api_twin_or_a_reason():
    pages = _post_pages()

    unexplained = sorted(pages - set(TWINS) - set(NOT_ACTIONS))

    assert not unexplained, (
        f"These pages accept POST but have no API twin: {unexplained}. Add the endpoint (calling the same "
        "service) and list it in TWINS, or explain in NOT_ACTIONS why it is not an action."
    )
    stale = sorted((set(TWINS) | set(NOT_ACTIONS)) - pages)
    assert not stale, f"Listed but no longer a page that accepts POST: {stale}"


def test_every_twin_is_in_the_api_document():
    paths = api.get_openapi_schema()["paths"]
    operations = {
        f"{method.upper()} {path.removeprefix('/api/v1')}" for path, ops in paths.items() for method in ops
    }

    missing = sorted(op for ops in TWINS.values() for op in ops if op not in operations)

    assert not missing, f"Twins not in the OpenAPI document: {missing}"


def test_the_walk_sees_a_post_page_and_skips_a_read_only_one():
    """The detector itself: a form page is found, a read-only page is not."""
    pages = _post_pages()
    assert {"intake:new", "cases:note_new", "login"} <= pages
    assert not {"intake:detail", "intake:letter", "cases:child", "home"} & pages
