"""The case's own writer shared by case work and interventions: open the child's case when needed."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.timeline.services import event_record

from .models import Case


def case_open_if_needed(*, child: Child, actor: Staff) -> Case:
    """The child's open case, opened (with its event) at the first case-handling action. Call inside the
    caller's transaction; cases.casework and interventions both use it, so it lives here, not in casework."""
    case = child.cases.filter(closed_at__isnull=True).first()
    if case is None:
        case = Case.objects.create(
            municipality_id=child.municipality_id, child=child, opened_at=timezone.now(), opened_by=actor
        )
        event_record(
            child=child,
            kind="cases.case.opened",
            occurred_at=case.opened_at,
            actor=actor,
            summary=gettext_noop("Sag åbnet"),
            source="case",
            source_id=case.pk,
        )
    return case
