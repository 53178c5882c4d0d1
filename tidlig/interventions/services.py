"""Decisions (afgørelser) and measures on the staircase: draft → decided → started → followed up → ended."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.cases import services as spine
from tidlig.cases.access import require_case_owner
from tidlig.cases.casework import case_open_if_needed
from tidlig.cases.models import ChildConversation
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import casework as rules

from .models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit


def _da(label) -> str:
    with translation.override("da"):
        return str(label)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _owners(child: Child) -> dict:
    owner = (child.caseworker.team if child.caseworker else None, child.caseworker)
    return {code: owner for code in rules.CASEWORK_TYPES}


def _event(child: Child, kind: str, actor, summary: str, source: str, source_id: int, args=None, at=None):
    spine.event_record(
        child=child,
        kind=kind,
        occurred_at=at or timezone.now(),
        actor=actor,
        summary=summary,
        summary_args=args,
        source=source,
        source_id=source_id,
    )


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
        owners=_owners(decision.child),
    )


@transaction.atomic
def decision_draft(
    *,
    child: Child,
    actor: Staff,
    type: MeasureType,
    planned_on: dt.date,
    purpose: str,
    expected_duration: str,
    reasoning: str,
    plan_needed: bool = False,
    without_consent: bool = False,
    place_type: str = "",
    place_name: str = "",
) -> Decision:
    require_case_owner(actor, child)
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
        errors["place_type"] = [_("En anbringelse kræver et anbringelsessted (§ 43, stk. 1).")]
    if without_consent and type.kind != "placement":
        errors["without_consent"] = [_("Kun en anbringelse kan ske uden samtykke (§ 47).")]
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
    _event(
        child,
        "interventions.decision.drafted",
        actor,
        gettext_noop("Udkast til afgørelse: %(type)s"),
        "decision",
        decision.pk,
        {"type": type.title},
    )
    decision_refresh_obligations(decision)
    audit.record(actor=actor, action="interventions.decision.drafted", obj=decision, child_id=child.pk)
    return decision


@transaction.atomic
def decision_make(
    *,
    decision: Decision,
    actor: Staff,
    decided_on: dt.date | None = None,
    consent: bool | None = None,
    consent_note: str = "",
    hearing_on: dt.date | None = None,
    conversation: ChildConversation | None = None,
    conversation_exception: str = "",
    special_circumstances: str = "",
) -> Measure:
    """Make the afgørelse and create its measure. Refuses what the law does not allow, saying why."""
    child = decision.child
    require_case_owner(actor, child)
    decision = Decision.objects.select_for_update().select_related("type", "child").get(pk=decision.pk)
    if decision.is_made:
        raise ValidationError(_("Afgørelsen er allerede truffet og kan ikke ændres."))
    if decision.withdrawn_on:
        raise ValidationError(_("Udkastet er trukket tilbage."))
    decided_on = decided_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("Afgørelsesdatoen ligger i fremtiden.")]
    if conversation is not None and conversation.child_id != child.pk:
        errors["conversation"] = [_("Børnesamtalen handler om et andet barn.")]
    elif conversation is not None and conversation.held_on > decided_on:
        errors["conversation"] = [_("Børnesamtalen skal være holdt før afgørelsen (§ 5, stk. 3).")]
    if conversation is None and not conversation_exception.strip():
        errors["conversation"] = [
            _(
                "Barnets synspunkter skal foreligge før afgørelsen (§ 5, stk. 3). Vælg en "
                "børnesamtale, eller begrund hvorfor samtalen fraviges (§ 5, stk. 4)."
            )
        ]
    kind = decision.type.kind
    if kind in ("supportive", "placement") and not decision.without_consent and consent is not True:
        errors["consent"] = [
            _(
                "Afgørelsen kræver samtykke fra forældremyndighedsindehaveren (§ 32, stk. 2 / § 46). "
                "Uden samtykke kan kun børne- og ungeudvalget anbringe (§ 47)."
            )
        ]
    if kind == "placement":
        concluded = child.investigations.filter(concluded_on__lte=decided_on).exists()
        running = child.investigations.filter(aware_on__lte=decided_on, concluded_on__isnull=True).exists()
        if decision.without_consent and not concluded:
            errors["special_circumstances"] = [
                _(
                    "En anbringelse uden samtykke forudsætter en gennemført børnefaglig undersøgelse (§ 47, stk. 2)."
                )
            ]
        elif (
            not decision.without_consent and not concluded and not (running and special_circumstances.strip())
        ):
            errors["special_circumstances"] = [
                _(
                    "En anbringelse efter § 46 forudsætter en afsluttet børnefaglig undersøgelse (§ 46, stk. 3). "
                    "En foreløbig eller akut anbringelse kan ske sideløbende med en igangværende undersøgelse, "
                    "når de særlige forhold beskrives."
                )
            ]
    if (
        decision.without_consent
        and not child.plans.filter(kind__in=["child", "youth"], recorded_on__lte=decided_on).exists()
    ):
        errors["plan"] = [
            _("Ved anbringelse uden samtykke skal barnets plan foreligge før afgørelsen (§ 91, stk. 2).")
        ]
    if hearing_on is not None and hearing_on > decided_on:
        errors["hearing_on"] = [_("Partshøringen skal ligge før afgørelsen.")]
    if hearing_on is None and kind in ("supportive", "placement"):
        errors["hearing_on"] = [_("Angiv hvornår der var partshøring (forvaltningslovens § 19).")]
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
    _event(
        child,
        "interventions.decision.made",
        actor,
        gettext_noop("Afgørelse truffet: %(type)s (%(law)s)"),
        "measure",
        measure.pk,
        {"type": t.title, "law": t.paragraph},
    )
    decision_refresh_obligations(decision)
    measure_refresh_obligations(measure)
    # A decision can meet another measure's obligation (ungestøtte meets the placement's § 111 deadline).
    for other in child.measures.filter(started_on__isnull=False, ended_on__isnull=True).exclude(
        pk=measure.pk
    ):
        measure_refresh_obligations(other)
    audit.record(actor=actor, action="interventions.decision.made", obj=decision, child_id=child.pk)
    return measure


def _facts(measure: Measure) -> rules.MeasureFacts:
    child = measure.child
    followups = list(measure.followups.order_by("held_on", "pk"))
    parallel = None
    if measure.started_on:
        # § 95, stk. 2, nr. 1: only an afdækning/undersøgelse running when the measure started, and ending
        # after it, is "sideløbende"; one concluded on the start day was the basis of the decision.
        s = measure.started_on
        ends = [
            *child.investigations.filter(aware_on__lte=s, concluded_on__gt=s).values_list(
                "concluded_on", flat=True
            ),
            *child.assessments.filter(started_on__lte=s, concluded_on__gt=s).values_list(
                "concluded_on", flat=True
            ),
        ]
        parallel = min(ends, default=None)
    plan = child.plans.filter(kind__in=["child", "youth", "holistic"], recorded_on__gte=measure.decided_on)
    if measure.without_consent:
        plan = child.plans.filter(kind__in=["child", "youth", "holistic"])
    plan_first = plan.order_by("recorded_on").values_list("recorded_on", flat=True).first()
    youth = (
        child.decisions.filter(type__code="ungestoette", decided_on__isnull=False)
        .order_by("decided_on")
        .first()
    )
    return rules.MeasureFacts(
        kind=measure.type.kind,
        decided_on=measure.decided_on,
        started_on=measure.started_on,
        ended_on=measure.ended_on,
        without_consent=measure.without_consent,
        plan_needed=bool(measure.decision and measure.decision.plan_needed),
        parallel_concluded_on=parallel,
        child_birth_date=child.birth_date,
        first_followup_at=_noon(followups[0].held_on) if followups else None,
        plan_recorded_at=_noon(plan_first) if plan_first else None,
        parent_plan_revisions=tuple(
            child.plans.filter(
                kind="parent", recorded_on__gte=measure.started_on or measure.decided_on
            ).values_list("recorded_on", flat=True)
        ),
        supervision_visits=tuple(
            measure.supervision_visits.filter(talked_with_child=True).values_list("visited_on", flat=True)
        ),
        youth_support_decided_at=_noon(youth.decided_on) if youth else None,
        support_person_offered_at=_noon(measure.support_person_offered_on)
        if measure.support_person_offered_on
        else None,
    )


def measure_refresh_obligations(measure: Measure) -> None:
    measure = Measure.objects.select_related("type", "child", "child__caseworker", "decision").get(
        pk=measure.pk
    )
    derived = rules.measure_obligations(_facts(measure))
    spine.obligations_store(
        child=measure.child,
        source="measure",
        source_id=measure.pk,
        derived=derived,
        owners=_owners(measure.child),
    )
    # Later follow-ups (§ 95, stk. 3): each follow-up that set a next date owes the next one.
    followups = list(measure.followups.order_by("held_on", "pk"))
    for i, f in enumerate(followups):
        if f.next_on is None:
            continue
        following = followups[i + 1] if i + 1 < len(followups) else None
        if following is None and measure.ended_on is not None:
            spine.obligations_store(
                child=measure.child, source="followup", source_id=f.pk, derived=[], owners={}
            )
            continue
        met = _noon(following.held_on) if following else None
        spine.obligations_store(
            child=measure.child,
            source="followup",
            source_id=f.pk,
            derived=[rules._ob(rules.FOLLOWUP, f.next_on, met)],
            owners=_owners(measure.child),
        )


def _measure_for_update(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().select_related("type", "child").get(pk=measure.pk)


@transaction.atomic
def measure_start(*, measure: Measure, actor: Staff, started_on: dt.date) -> Measure:
    require_case_owner(actor, measure.child)
    m = _measure_for_update(measure)
    if m.started_on:
        raise ValidationError(_("Indsatsen er allerede startet."))
    if started_on < m.decided_on:
        raise ValidationError(
            {
                "started_on": [
                    _("En indsats kan ikke starte, før der er truffet afgørelse om den (afgørelse %(d)s).")
                    % {"d": m.decided_on.strftime("%d.%m.%Y")}
                ]
            }
        )
    if started_on > timezone.localdate() + dt.timedelta(days=60):
        raise ValidationError({"started_on": [_("Startdatoen ligger mere end 60 dage ude i fremtiden.")]})
    m.started_on = started_on
    m.save(update_fields=["started_on"])
    _event(
        m.child,
        "interventions.measure.started",
        actor,
        gettext_noop("Indsats startet: %(type)s"),
        "measure",
        m.pk,
        {"type": m.type.title},
        at=_noon(started_on),
    )
    measure_refresh_obligations(m)
    audit.record(actor=actor, action="interventions.measure.started", obj=m, child_id=m.child_id)
    return m


@transaction.atomic
def measure_end(
    *,
    measure: Measure,
    actor: Staff,
    ended_on: dt.date,
    reason: str,
    homecoming_period_end: dt.date | None = None,
) -> Measure:
    """End a measure. A placement ends with hjemgivelse (§ 100, with a period of up to 6 months) or otherwise."""
    require_case_owner(actor, measure.child)
    m = _measure_for_update(measure)
    if m.ended_on:
        raise ValidationError(_("Indsatsen er allerede afsluttet."))
    if not m.started_on:
        raise ValidationError(_("Indsatsen er ikke startet; den kan ikke afsluttes."))
    if ended_on < m.started_on:
        raise ValidationError({"ended_on": [_("Slutdatoen ligger før startdatoen.")]})
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": [_("Slutdatoen ligger i fremtiden; afslut indsatsen, når den er ophørt.")]}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor indsatsen ophører.")]})
    if homecoming_period_end is not None:
        if homecoming_period_end < ended_on:
            raise ValidationError(
                {"homecoming_period_end": [_("Hjemgivelsesperioden kan ikke slutte før hjemgivelsen.")]}
            )
        if m.type.kind != "placement":
            raise ValidationError(
                {"homecoming_period_end": [_("Kun en anbringelse har en hjemgivelsesperiode.")]}
            )
        if homecoming_period_end > ended_on + relativedelta(months=6):
            raise ValidationError(
                {
                    "homecoming_period_end": [
                        _("En hjemgivelsesperiode varer højst 6 måneder (§ 100, stk. 3).")
                    ]
                }
            )
        m.homecoming_decided_on, m.homecoming_period_end = timezone.localdate(), homecoming_period_end
    m.ended_on, m.end_reason = ended_on, reason.strip()
    m.save(update_fields=["ended_on", "end_reason", "homecoming_decided_on", "homecoming_period_end"])
    _event(
        m.child,
        "interventions.measure.ended",
        actor,
        gettext_noop("Indsats afsluttet: %(type)s – %(reason)s"),
        "measure",
        m.pk,
        {"type": m.type.title, "reason": reason.strip()[:120]},
        at=_noon(ended_on),
    )
    measure_refresh_obligations(m)
    audit.record(actor=actor, action="interventions.measure.ended", obj=m, child_id=m.child_id)
    return m


@transaction.atomic
def followup_record(
    *,
    measure: Measure,
    actor: Staff,
    held_on: dt.date,
    assessment: str,
    schedule_reason: str = "",
    next_on: dt.date | None = None,
) -> FollowUp:
    """BL § 95: follow up; at the first, decide and explain how later follow-ups are organised (stk. 3)."""
    require_case_owner(actor, measure.child)
    m = _measure_for_update(measure)
    if not m.started_on:
        raise ValidationError(_("Der kan først følges op, når indsatsen er startet."))
    if m.ended_on:
        raise ValidationError(_("Indsatsen er afsluttet; der følges ikke op på en afsluttet indsats."))
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Datoen ligger i fremtiden.")]
    if held_on < m.started_on:
        errors["held_on"] = [_("Opfølgningen ligger før indsatsen startede.")]
    if not assessment.strip():
        errors["assessment"] = [_("Skriv vurderingen af barnets trivsel og udvikling og af indsatsen.")]
    first = not m.followups.exists()
    if first and not schedule_reason.strip():
        errors["schedule_reason"] = [
            _("Ved første opfølgning besluttes og begrundes, hvordan der følges op fremover (§ 95, stk. 3).")
        ]
    if next_on is None:
        errors["next_on"] = [
            _("Sæt datoen for næste opfølgning, så opfølgningen ikke går i stå (§ 95, stk. 3).")
        ]
    elif next_on <= held_on:
        errors["next_on"] = [_("Næste opfølgning skal ligge efter denne.")]
    if errors:
        raise ValidationError(errors)
    f = FollowUp.objects.create(
        measure=m,
        held_on=held_on,
        held_by=actor,
        assessment=assessment.strip(),
        schedule_reason=schedule_reason.strip(),
        next_on=next_on,
    )
    _event(
        m.child,
        "interventions.followup.held",
        actor,
        gettext_noop("Første opfølgning (§ 95): %(type)s")
        if first
        else gettext_noop("Opfølgning (§ 95): %(type)s"),
        "followup",
        f.pk,
        {"type": m.type.title},
        at=_noon(held_on),
    )
    measure_refresh_obligations(m)
    audit.record(actor=actor, action="interventions.followup.held", obj=f, child_id=m.child_id)
    return f


@transaction.atomic
def supervision_visit_record(
    *, measure: Measure, actor: Staff, visited_on: dt.date, talked_with_child: bool, note: str
) -> SupervisionVisit:
    require_case_owner(actor, measure.child)
    m = _measure_for_update(measure)
    if m.type.kind != "placement":
        raise ValidationError(_("Tilsynsbesøg hører til en anbringelse."))
    if not m.started_on or m.ended_on:
        raise ValidationError(_("Anbringelsen er ikke i gang."))
    if visited_on > timezone.localdate() or visited_on < m.started_on:
        raise ValidationError(
            {"visited_on": [_("Datoen skal ligge i anbringelsens periode og ikke i fremtiden.")]}
        )
    if not note.strip():
        raise ValidationError({"note": [_("Skriv et notat om besøget.")]})
    v = SupervisionVisit.objects.create(
        measure=m,
        visited_on=visited_on,
        visited_by=actor,
        talked_with_child=talked_with_child,
        note=note.strip(),
    )
    _event(
        m.child,
        "interventions.supervision.visited",
        actor,
        gettext_noop("Tilsynsbesøg (§ 156)"),
        "supervision",
        v.pk,
        at=_noon(visited_on),
    )
    measure_refresh_obligations(m)
    audit.record(actor=actor, action="interventions.supervision.visited", obj=v, child_id=m.child_id)
    return v


@transaction.atomic
def support_person_offer(
    *, measure: Measure, actor: Staff, offered_on: dt.date, accepted: bool | None
) -> Measure:
    """BL § 75: with a placement the custody holder is offered a support person; record the offer and answer."""
    require_case_owner(actor, measure.child)
    m = _measure_for_update(measure)
    if m.type.kind != "placement":
        raise ValidationError(_("Støtteperson efter § 75 tilbydes ved en anbringelse."))
    if m.support_person_offered_on:
        raise ValidationError(_("Tilbuddet om støtteperson er allerede registreret."))
    if offered_on > timezone.localdate() or offered_on < m.decided_on:
        raise ValidationError(
            {"offered_on": [_("Datoen skal ligge mellem afgørelsen om anbringelse og i dag.")]}
        )
    m.support_person_offered_on, m.support_person_accepted = offered_on, accepted
    m.save(update_fields=["support_person_offered_on", "support_person_accepted"])
    _event(
        m.child,
        "interventions.support_person.offered",
        actor,
        gettext_noop("Støtteperson tilbudt forældrene (§ 75)"),
        "measure",
        m.pk,
        at=_noon(offered_on),
    )
    measure_refresh_obligations(m)
    audit.record(actor=actor, action="interventions.support_person.offered", obj=m, child_id=m.child_id)
    return m


@transaction.atomic
def decision_withdraw(*, decision: Decision, actor: Staff, reason: str) -> Decision:
    """A draft that will not become a decision is withdrawn with a reason; its deadline goes with it."""
    require_case_owner(actor, decision.child)
    d = Decision.objects.select_for_update().select_related("type", "child").get(pk=decision.pk)
    if d.is_made:
        raise ValidationError(_("En truffet afgørelse kan ikke trækkes tilbage; afslut indsatsen i stedet."))
    if d.withdrawn_on:
        raise ValidationError(_("Udkastet er allerede trukket tilbage."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor udkastet trækkes tilbage.")]})
    d.withdrawn_on, d.withdrawn_reason = timezone.localdate(), reason.strip()[:300]
    d.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    _event(
        d.child,
        "interventions.decision.withdrawn",
        actor,
        gettext_noop("Udkast trukket tilbage: %(type)s – %(reason)s"),
        "decision",
        d.pk,
        {"type": d.type.title, "reason": reason.strip()[:120]},
    )
    spine.obligations_store(child=d.child, source="decision", source_id=d.pk, derived=[], owners={})
    audit.record(actor=actor, action="interventions.decision.withdrawn", obj=d, child_id=d.child_id)
    return d
