"""Decisions (afgørelser): drafted, made with what the law requires, or withdrawn (BL §§ 5, 32, 46, 47, 91)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.cases.actions import Act, Subject, case_action, case_owners, locked
from tidlig.cases.models import ChildConversation
from tidlig.cases.services import case_open_if_needed
from tidlig.rules import casework as rules
from tidlig.rules import decisions as decision_rules
from tidlig.timeline import services as spine

from ..models import CommitteeSubmission, Decision, Measure, MeasureType
from .common import _noon
from .measures import measure_refresh_obligations


def decision_refresh_obligations(decision: Decision) -> None:
    """BL § 5, stk. 3: the child's view before the decision; met by a conversation or a § 5, stk. 4 reason."""
    met = None
    if decision.conversation_id:
        met = _noon(decision.conversation.held_on)
    elif decision.conversation_exception:
        met = _noon(decision.decided_on or timezone.localdate())
    derived = [rules._ob(rules.CHILD_CONVERSATION, decision.decided_on or decision.planned_on, met)]
    spine.obligations_store(
        child=decision.child,
        source="decision",
        source_id=decision.pk,
        derived=derived,
        owners=case_owners(decision.child),
    )


# A made or withdrawn decision acts on the draft, locked.
DECISION = Subject("decision", child_of=lambda d: d.child, lock=locked(Decision, "type", "child"))


def _refresh_decision(act: Act, decision: Decision) -> None:
    decision_refresh_obligations(decision)


@case_action("interventions.decision.drafted", refresh=_refresh_decision)
def decision_draft(
    act: Act,
    *,
    type: MeasureType | None,
    planned_on: dt.date,
    purpose: str,
    expected_duration: str,
    reasoning: str,
    plan_needed: bool = False,
    without_consent: bool = False,
    place_type: str = "",
    place_name: str = "",
) -> Decision:
    child, actor = act.child, act.actor
    if type is None:  # a door found no measure by what it was sent; refused after the owner check
        raise ValidationError({"type": [_("Vælg en indsats fra kommunens katalog.")]})
    errors: dict[str, list[str]] = {}
    if type.municipality_id not in (None, child.municipality_id):
        errors["type"] = [_("Vælg en indsats fra kommunens katalog.")]
    if not purpose.strip():
        errors["purpose"] = [_("Skriv formålet med indsatsen (§ 32, stk. 3 / § 46, stk. 1).")]
    if not expected_duration.strip():
        errors["expected_duration"] = [_("Skriv den forventede varighed.")]
    if not reasoning.strip():
        errors["reasoning"] = [_("Skriv begrundelsen for afgørelsen.")]
    if type.kind == "placement" and not place_type:
        errors["place_type"] = [
            _("En anbringelse kræver et anbringelsessted (§ 43, stk. 1). Vælg anbringelsesstedet.")
        ]
    if without_consent and type.kind != "placement":
        errors["without_consent"] = [
            _(
                "Kun en anbringelse kan ske uden samtykke (§ 47). Fjern markeringen, eller vælg en anbringelse."
            )
        ]
    if errors:
        raise ValidationError(errors)
    case_open_if_needed(child=child, actor=actor)
    decision = Decision.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        type=type,
        planned_on=planned_on,
        drafted_by=actor,
        purpose=purpose.strip(),
        expected_duration=expected_duration.strip(),
        reasoning=reasoning.strip(),
        plan_needed=plan_needed or type.kind == "placement",
        without_consent=without_consent,
        place_type=place_type,
        place_name=place_name.strip(),
    )
    act.event(
        gettext_noop("Udkast til afgørelse: %(type)s"),
        {"type": type.title},
        source="decision",
        source_id=decision.pk,
    )
    return decision


def _refresh_made(act: Act, measure: Measure) -> None:
    decision_refresh_obligations(act.subject)
    measure_refresh_obligations(measure)
    # A decision can meet another measure's obligation (ungestøtte meets the placement's § 111 deadline).
    for other in act.child.measures.filter(started_on__isnull=False, ended_on__isnull=True).exclude(
        pk=measure.pk
    ):
        measure_refresh_obligations(other)


@case_action("interventions.decision.made", subject=DECISION, refresh=_refresh_made)
def decision_make(
    act: Act,
    *,
    decided_on: dt.date | None = None,
    consent: bool | None = None,
    consent_note: str = "",
    hearing_on: dt.date | None = None,
    conversation: ChildConversation | int | None = None,
    conversation_exception: str = "",
    special_circumstances: str = "",
) -> Measure:
    """Make the afgørelse and create its measure. Refuses what the law does not allow, saying why.
    `conversation` is the børnesamtale (§ 5) it rests on, or its id as an integration sends it."""
    child, actor, decision = act.child, act.actor, act.subject
    conversation = act.on_case(conversation, child.conversations, "conversation")
    act.audited = decision  # the audit row is about the decision; the caller gets its measure
    if decision.is_made:
        raise ValidationError(
            _(
                "Afgørelsen er allerede truffet og kan ikke ændres. Træf en ny afgørelse, hvis der er brug for det."
            )
        )
    if decision.withdrawn_on:
        raise ValidationError(
            _("Udkastet er trukket tilbage. Opret et nyt udkast, hvis der er brug for det.")
        )
    decided_on = decided_on or timezone.localdate()
    kind = decision.type.kind
    placement = kind == "placement"
    problems = decision_rules.decision_problems(
        kind=kind,
        today=timezone.localdate(),
        decided_on=decided_on,
        without_consent=decision.without_consent,
        consent=consent,
        conversation_held_on=conversation.held_on if conversation is not None else None,
        conversation_same_child=conversation is not None and conversation.child_id == child.pk,
        conversation_exception=conversation_exception,
        investigation_concluded=placement
        and child.investigations.filter(concluded_on__lte=decided_on).exists(),
        investigation_running=placement
        and child.investigations.filter(aware_on__lte=decided_on, concluded_on__isnull=True).exists(),
        special_circumstances=special_circumstances,
        plan_recorded=decision.without_consent
        and child.plans.filter(kind__in=["child", "youth"], recorded_on__lte=decided_on).exists(),
        hearing_on=hearing_on,
    )
    errors = {field: [_(message)] for field, message in problems.items()}
    if errors:
        raise ValidationError(errors)
    decision.decided_on, decision.decided_by = decided_on, actor
    decision.consent, decision.consent_note, decision.hearing_on = consent, consent_note.strip(), hearing_on
    decision.conversation, decision.conversation_exception = conversation, conversation_exception.strip()
    decision.special_circumstances = special_circumstances.strip()
    decision.save()
    t = decision.type
    monthly = (
        t.unit_price * {"month": 1, "day": Decimal("30.4"), "hour": 0, "once": 0}[t.unit]
        if t.unit_price
        else None
    )
    measure = Measure.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        type=t,
        decision=decision,
        decided_on=decided_on,
        decided_by=actor,
        place_type=decision.place_type,
        place_name=decision.place_name,
        without_consent=decision.without_consent,
        monthly_cost=monthly or None,
    )
    act.event(
        gettext_noop("Afgørelse truffet: %(type)s (%(law)s)"),
        {"type": t.title, "law": t.paragraph},
        source="measure",
        source_id=measure.pk,
    )
    return measure


def _drop_decision_obligations(act: Act, d: Decision) -> None:
    spine.obligations_store(child=act.child, source="decision", source_id=d.pk, derived=[], owners={})


@case_action("interventions.decision.withdrawn", subject=DECISION, refresh=_drop_decision_obligations)
def decision_withdraw(act: Act, *, reason: str) -> Decision:
    """A draft that will not become a decision is withdrawn with a reason; its deadline goes with it."""
    d = act.subject
    if d.is_made:
        raise ValidationError(_("En truffet afgørelse kan ikke trækkes tilbage; afslut indsatsen i stedet."))
    if d.withdrawn_on:
        raise ValidationError(
            _("Udkastet er allerede trukket tilbage. Opret et nyt udkast, hvis der er brug for det.")
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor udkastet trækkes tilbage.")]})
    d.withdrawn_on, d.withdrawn_reason = timezone.localdate(), reason.strip()[:300]
    d.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    act.event(
        gettext_noop("Udkast trukket tilbage: %(type)s – %(reason)s"),
        {"type": d.type.title, "reason": reason.strip()[:120]},
        source="decision",
        source_id=d.pk,
    )
    return d


@case_action("interventions.decision.committee_submission", subject=DECISION)
def committee_submission_record(
    act: Act,
    *,
    submitted_on: dt.date,
    meeting_on: dt.date,
    investigation: bool,
    custody_assessment: bool,
    plan_and_support: bool,
    child_view: bool,
    parent_plan: str,
    siblings: str,
) -> CommitteeSubmission:
    """BL § 51: the indstilling to børne- og ungeudvalget about a placement without consent (§ 47), with what
    it held. Recorded again, it is corrected (one per draft). What it lacked is kept, not refused: the record
    is what the review and the committee read (docs/law.md, "§ 47: the indstilling")."""
    d = act.subject
    if not (d.type.kind == MeasureType.Kind.PLACEMENT and d.without_consent):
        raise ValidationError(
            _(
                "Kun en anbringelse uden samtykke (§ 47) indstilles til børne- og ungeudvalget. Træf afgørelsen i forvaltningen."
            )
        )
    if d.is_made or d.withdrawn_on:
        raise ValidationError(
            _(
                "Indstillingen kan kun registreres på et udkast, der endnu ikke er afgjort. "
                "Åbn det udkast, der skal indstilles."
            )
        )
    errors: dict[str, list[str]] = {}
    if submitted_on > timezone.localdate():
        errors["submitted_on"] = [
            _("Indstillingen kan ikke være sendt i fremtiden. Skriv den dag, den blev sendt.")
        ]
    if meeting_on < submitted_on:
        errors["meeting_on"] = [
            _("Udvalgets møde kan ikke ligge før indstillingen blev sendt. Ret en af de to datoer.")
        ]
    if parent_plan not in CommitteeSubmission.ParentPlan.values:
        errors["parent_plan"] = [_("Vælg hvad der er vedlagt om planen for forældrene.")]
    if siblings not in CommitteeSubmission.Siblings.values:
        errors["siblings"] = [_("Vælg hvad indstillingen siger om søskende under 15 år.")]
    if errors:
        raise ValidationError(errors)
    row, created = CommitteeSubmission.objects.update_or_create(
        decision=d,
        defaults={
            "submitted_on": submitted_on,
            "meeting_on": meeting_on,
            "investigation": investigation,
            "custody_assessment": custody_assessment,
            "plan_and_support": plan_and_support,
            "child_view": child_view,
            "parent_plan": parent_plan,
            "siblings": siblings,
            "recorded_by": act.actor,
        },
    )
    act.event(
        gettext_noop("Indstilling sendt til børne- og ungeudvalget (§ 51); møde %(meeting)s")
        if created
        else gettext_noop("Indstillingen til børne- og ungeudvalget rettet (§ 51); møde %(meeting)s"),
        {"meeting": f"{meeting_on:%d.%m.%Y}"},
        source="decision",
        source_id=d.pk,
        at=min(_noon(submitted_on), timezone.now()) if created else None,
    )
    return row
