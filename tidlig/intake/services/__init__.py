"""Writes for intake (BL §§ 132–138, § 18). The HTML views and the API call these, and only these.

Split by use case: registration, handling (reception and team leader), casework (caseworker).
"""

from .attachments import ATTACHMENT_KINDS, attachment_kind, validate_attachment, validate_attachments
from .casework import (
    case_participants,
    notification_reassess,
    notification_screen,
    notification_send_feedback,
    notification_waive_feedback,
)
from .common import SOURCE, _event, da, notification_refresh_obligations, reception_team, route_for
from .handling import (
    notification_assess_acute,
    notification_assign,
    notification_route,
    notification_send_receipt,
)
from .outbox import notification_letter_paper, notification_letter_retry
from .registration import (
    CLOCK_SKEW,
    ChildLookup,
    IdempotencyConflict,
    NewChild,
    NotificationData,
    NotifierData,
    as_the_actor_may,
    fingerprint,
    notification_child,
    notification_problems,
    notification_register,
    self_as_notifier,
    validate_notification,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "CLOCK_SKEW",
    "ChildLookup",
    "NewChild",
    "SOURCE",
    "IdempotencyConflict",
    "NotificationData",
    "NotifierData",
    "_event",
    "attachment_kind",
    "case_participants",
    "da",
    "fingerprint",
    "notification_assess_acute",
    "notification_assign",
    "notification_reassess",
    "notification_child",
    "notification_letter_paper",
    "notification_letter_retry",
    "notification_problems",
    "notification_refresh_obligations",
    "notification_register",
    "notification_route",
    "notification_screen",
    "notification_send_feedback",
    "notification_send_receipt",
    "notification_waive_feedback",
    "reception_team",
    "route_for",
    "as_the_actor_may",
    "self_as_notifier",
    "validate_attachment",
    "validate_attachments",
    "validate_notification",
]
