"""Decisions (afgørelser) and measures on the staircase: draft → decided → started → followed up → ended.

Split by use case: decisions, measures; common holds what both use.
"""

from .common import _noon
from .decisions import (
    committee_submission_record,
    decision_draft,
    decision_make,
    decision_refresh_obligations,
    decision_withdraw,
)
from .measures import (
    _facts,
    followup_record,
    measure_end,
    measure_refresh_obligations,
    measure_start,
    parent_plan_offer_record,
    placement_running,
    supervision_visit_record,
    support_person_offer,
)

__all__ = [
    "_facts",
    "_noon",
    "committee_submission_record",
    "decision_draft",
    "decision_make",
    "decision_refresh_obligations",
    "decision_withdraw",
    "followup_record",
    "measure_end",
    "measure_refresh_obligations",
    "measure_start",
    "parent_plan_offer_record",
    "placement_running",
    "supervision_visit_record",
    "support_person_offer",
]

from .appeals import appeal_record, appeal_update, letter_sent_record  # noqa: E402

__all__ += ["appeal_record", "appeal_update", "letter_sent_record"]

from . import outbox  # noqa: E402  (the decision letter by Digital Post, issue 14 §4)

__all__ += ["outbox"]
