"""Measures from start to end: follow-up (§ 95), supervision (§ 156), support person (§ 75), the offer to revise
the forældrehandleplan (§ 79), hjemgivelse (§ 100)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.cases.actions import Act, Subject, case_action, case_owners
from tidlig.rules import casework as rules
from tidlig.timeline import services as spine

from ..models import FollowUp, Measure, ParentPlanOffer, SupervisionVisit
from .common import _noon


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
    youth_plan_first = (
        plan.exclude(kind="child").order_by("recorded_on").values_list("recorded_on", flat=True).first()
    )
    # § 79, stk. 2: the child's first forældrehandleplan (§ 77) is drawn up, not revised; only later versions
    # recorded after the child moved out are revisions.
    parent_plans = list(
        child.plans.filter(kind="parent").order_by("recorded_on", "pk").values_list("pk", "recorded_on")
    )
    since = measure.started_on or measure.decided_on
    offers = list(measure.parent_plan_offers.values_list("held_on", "outcome"))
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
        youth_plan_recorded_at=_noon(youth_plan_first) if youth_plan_first else None,
        parent_plan_revisions=tuple(day for _pk, day in parent_plans[1:] if day >= since),
        parent_plan_offers=tuple(
            day for day, outcome in offers if outcome != ParentPlanOffer.Outcome.NOT_NEEDED
        ),
        parent_plan_assessments=tuple(
            day for day, outcome in offers if outcome == ParentPlanOffer.Outcome.NOT_NEEDED
        ),
        supervision_visits=tuple(
            measure.supervision_visits.filter(talked_with_child=True).values_list("visited_on", flat=True)
        ),
        homecoming_period_end=measure.homecoming_period_end,
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
        owners=case_owners(measure.child),
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
            owners=case_owners(measure.child),
        )


def _measure_for_update(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().select_related("type", "child").get(pk=measure.pk)


# The measure actions below act on a measure, locked; each write re-derives the measure's obligations.
MEASURE = Subject("measure", child_of=lambda m: m.child, lock=_measure_for_update)


def _refresh_measure(act: Act, _result) -> None:
    measure_refresh_obligations(act.subject)


def measure_action(action: str):
    return case_action(action, subject=MEASURE, refresh=_refresh_measure)


@measure_action("interventions.measure.started")
def measure_start(act: Act, *, started_on: dt.date) -> Measure:
    m = act.subject
    if m.started_on:
        raise ValidationError(
            _("Indsatsen er allerede startet. Ret startdatoen på indsatsen, hvis den er forkert.")
        )
    if started_on < m.decided_on:
        raise ValidationError(
            {
                "started_on": [
                    _(
                        "En indsats kan ikke starte, før der er truffet afgørelse om den (afgørelse %(d)s). "
                        "Vælg en senere startdato."
                    )
                    % {"d": m.decided_on.strftime("%d.%m.%Y")}
                ]
            }
        )
    if started_on > timezone.localdate() + dt.timedelta(days=60):
        raise ValidationError(
            {
                "started_on": [
                    _("Startdatoen ligger mere end 60 dage ude i fremtiden. Vælg en tidligere startdato.")
                ]
            }
        )
    m.started_on = started_on
    m.save(update_fields=["started_on"])
    act.event(
        gettext_noop("Indsats startet: %(type)s"),
        {"type": m.type.title},
        source="measure",
        source_id=m.pk,
        at=_noon(started_on),
    )
    return m


@measure_action("interventions.measure.ended")
def measure_end(
    act: Act,
    *,
    ended_on: dt.date,
    reason: str,
    homecoming_period_end: dt.date | None = None,
) -> Measure:
    """End a measure. A placement ends with hjemgivelse (§ 100, with a period of up to 6 months) or otherwise."""
    m = act.subject
    if m.ended_on:
        raise ValidationError(
            _("Indsatsen er allerede afsluttet. Træf en ny afgørelse, hvis der er brug for mere hjælp.")
        )
    if not m.started_on:
        raise ValidationError(
            _("Indsatsen er ikke startet; den kan ikke afsluttes. Registrér starten først.")
        )
    # every problem in one answer (issue 10): the date, the reason and the homecoming period together
    errors: dict[str, list[str]] = {}
    if ended_on < m.started_on:
        errors["ended_on"] = [_("Slutdatoen ligger før startdatoen. Ret slutdatoen.")]
    elif ended_on > timezone.localdate():
        errors["ended_on"] = [_("Slutdatoen ligger i fremtiden; afslut indsatsen, når den er ophørt.")]
    if not reason.strip():
        errors["reason"] = [_("Skriv hvorfor indsatsen ophører.")]
    if homecoming_period_end is not None:
        if m.type.kind != "placement":
            errors["homecoming_period_end"] = [
                _("Kun en anbringelse har en hjemgivelsesperiode. Lad felterne om hjemgivelse stå tomme.")
            ]
        elif homecoming_period_end < ended_on:
            errors["homecoming_period_end"] = [
                _("Hjemgivelsesperioden kan ikke slutte før hjemgivelsen. Ret slutdatoen.")
            ]
        elif homecoming_period_end > ended_on + relativedelta(months=6):
            errors["homecoming_period_end"] = [
                _("En hjemgivelsesperiode varer højst 6 måneder (§ 100, stk. 3). Vælg en tidligere slutdato.")
            ]
    if errors:
        raise ValidationError(errors)
    if homecoming_period_end is not None:
        m.homecoming_decided_on, m.homecoming_period_end = timezone.localdate(), homecoming_period_end
    m.ended_on, m.end_reason = ended_on, reason.strip()
    m.save(update_fields=["ended_on", "end_reason", "homecoming_decided_on", "homecoming_period_end"])
    act.event(
        gettext_noop("Indsats afsluttet: %(type)s – %(reason)s"),
        {"type": m.type.title, "reason": reason.strip()[:120]},
        source="measure",
        source_id=m.pk,
        at=_noon(ended_on),
    )
    return m


@measure_action("interventions.followup.held")
def followup_record(
    act: Act,
    *,
    held_on: dt.date,
    assessment: str,
    schedule_reason: str = "",
    next_on: dt.date | None = None,
) -> FollowUp:
    """BL § 95: follow up; at the first, decide and explain how later follow-ups are organised (stk. 3)."""
    m = act.subject
    if not m.started_on:
        raise ValidationError(
            _("Der kan først følges op, når indsatsen er startet. Registrér starten først.")
        )
    if m.ended_on:
        raise ValidationError(
            _(
                "Indsatsen er afsluttet; der følges ikke op på en afsluttet indsats. Skriv et journalnotat i stedet."
            )
        )
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Datoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato.")]
    if held_on < m.started_on:
        errors["held_on"] = [_("Opfølgningen ligger før indsatsen startede. Ret datoen.")]
    if not assessment.strip():
        errors["assessment"] = [_("Skriv vurderingen af barnets trivsel og udvikling og af indsatsen.")]
    first = not m.followups.exists()
    if first and not schedule_reason.strip():
        errors["schedule_reason"] = [
            _(
                "Ved første opfølgning besluttes og begrundes, hvordan der følges op fremover (§ 95, stk. 3). "
                "Skriv, hvordan du vil følge op."
            )
        ]
    if next_on is None:
        errors["next_on"] = [
            _("Sæt datoen for næste opfølgning, så opfølgningen ikke går i stå (§ 95, stk. 3).")
        ]
    elif next_on <= held_on:
        errors["next_on"] = [_("Næste opfølgning skal ligge efter denne. Vælg en senere dato.")]
    if errors:
        raise ValidationError(errors)
    f = FollowUp.objects.create(
        measure=m,
        held_on=held_on,
        held_by=act.actor,
        assessment=assessment.strip(),
        schedule_reason=schedule_reason.strip(),
        next_on=next_on,
    )
    act.event(
        gettext_noop("Første opfølgning (§ 95): %(type)s")
        if first
        else gettext_noop("Opfølgning (§ 95): %(type)s"),
        {"type": m.type.title},
        source="followup",
        source_id=f.pk,
        at=_noon(held_on),
    )
    return f


@measure_action("interventions.supervision.visited")
def supervision_visit_record(
    act: Act, *, visited_on: dt.date, talked_with_child: bool, note: str
) -> SupervisionVisit:
    m = act.subject
    if m.type.kind != "placement":
        raise ValidationError(_("Tilsynsbesøg hører til en anbringelse. Vælg en anbringelse."))
    _require_placement_running(m, visited_on, "visited_on")
    if not note.strip():
        raise ValidationError({"note": [_("Skriv et notat om besøget.")]})
    v = SupervisionVisit.objects.create(
        measure=m,
        visited_on=visited_on,
        visited_by=act.actor,
        talked_with_child=talked_with_child,
        note=note.strip(),
    )
    act.event(
        gettext_noop("Tilsynsbesøg (§ 156)"), source="supervision", source_id=v.pk, at=_noon(visited_on)
    )
    return v


def placement_last_day(m: Measure) -> dt.date | None:
    """The last day of the placement: § 100, stk. 4 — the hjemgivelsesperiode continues the placement."""
    if m.ended_on is None:
        return None
    return max(m.ended_on, m.homecoming_period_end or m.ended_on)


def placement_running(m: Measure, today: dt.date | None = None) -> bool:
    """Started and not past its last day (the hjemgivelsesperiode included)."""
    last = placement_last_day(m)
    return m.started_on is not None and (last is None or last >= (today or timezone.localdate()))


def _require_placement_running(m: Measure, day: dt.date, field: str) -> None:
    if not placement_running(m):
        raise ValidationError(_("Anbringelsen er ikke i gang. Registrér starten først."))
    last = placement_last_day(m)
    if day > timezone.localdate() or day < m.started_on or (last is not None and day > last):
        raise ValidationError(
            {field: [_("Datoen skal ligge i anbringelsens periode og ikke i fremtiden. Ret datoen.")]}
        )


@measure_action("interventions.parent_plan.offered")
def parent_plan_offer_record(act: Act, *, held_on: dt.date, outcome: str, note: str) -> ParentPlanOffer:
    """BL § 79, stk. 2–3: record the offer to revise the forældrehandleplan (accepted or declined by the
    parents) or the assessment that no revision needs to be offered. Each meets a period of the obligation."""
    m = act.subject
    if m.type.kind != "placement":
        raise ValidationError(
            _(
                "Tilbud om revision af forældrehandleplanen hører til en anbringelse (§ 79). Vælg en anbringelse."
            )
        )
    errors: dict[str, list[str]] = {}
    try:
        _require_placement_running(m, held_on, "held_on")
    except ValidationError as e:
        if not hasattr(e, "error_dict"):
            raise
        errors.update(e.message_dict)
    if outcome not in ParentPlanOffer.Outcome.values:
        errors["outcome"] = [_("Vælg hvad der skete.")]
    elif outcome == ParentPlanOffer.Outcome.NOT_NEEDED:
        if not note.strip():
            errors["note"] = [_("Skriv hvorfor der ikke er behov for at tilbyde en revision.")]
        if "held_on" not in errors and not _offered_before(m, held_on):
            errors["outcome"] = [
                _(
                    "Forældrene skal først tilbydes en revision, senest 3 måneder efter anbringelsen "
                    "(§ 79, stk. 2); en vurdering af behovet kommer derefter (stk. 3). Registrér tilbuddet først."
                )
            ]
    if errors:
        raise ValidationError(errors)
    offer = ParentPlanOffer.objects.create(
        measure=m, held_on=held_on, outcome=outcome, note=note.strip(), recorded_by=act.actor
    )
    summaries = {
        ParentPlanOffer.Outcome.ACCEPTED: gettext_noop(
            "Revision af forældrehandleplanen tilbudt; forældrene tog imod (§ 79)"
        ),
        ParentPlanOffer.Outcome.DECLINED: gettext_noop(
            "Revision af forældrehandleplanen tilbudt; forældrene afslog (§ 79)"
        ),
        ParentPlanOffer.Outcome.NOT_NEEDED: gettext_noop(
            "Behov for revision af forældrehandleplanen vurderet (§ 79, stk. 3)"
        ),
    }
    act.event(summaries[outcome], source="parent_plan_offer", source_id=offer.pk, at=_noon(held_on))
    return offer


def _offered_before(m: Measure, day: dt.date) -> bool:
    """A revision was offered (or a revised forældrehandleplan recorded) in the placement on or before `day`."""
    if (
        m.parent_plan_offers.exclude(outcome=ParentPlanOffer.Outcome.NOT_NEEDED)
        .filter(held_on__lte=day)
        .exists()
    ):
        return True
    days = list(
        m.child.plans.filter(kind="parent")
        .order_by("recorded_on", "pk")
        .values_list("recorded_on", flat=True)
    )
    return any(m.started_on <= d <= day for d in days[1:])


@measure_action("interventions.support_person.offered")
def support_person_offer(act: Act, *, offered_on: dt.date, accepted: bool | None) -> Measure:
    """BL § 75: with a placement the custody holder is offered a support person; record the offer and answer."""
    m = act.subject
    if m.type.kind != "placement":
        raise ValidationError(_("Støtteperson efter § 75 tilbydes ved en anbringelse. Vælg en anbringelse."))
    if m.support_person_offered_on:
        raise ValidationError(
            _("Tilbuddet om støtteperson er allerede registreret. Se det på indsatsens side.")
        )
    if offered_on > timezone.localdate() or offered_on < m.decided_on:
        raise ValidationError(
            {"offered_on": [_("Datoen skal ligge mellem afgørelsen om anbringelse og i dag. Ret datoen.")]}
        )
    m.support_person_offered_on, m.support_person_accepted = offered_on, accepted
    m.save(update_fields=["support_person_offered_on", "support_person_accepted"])
    act.event(
        gettext_noop("Støtteperson tilbudt forældrene (§ 75)"),
        source="measure",
        source_id=m.pk,
        at=_noon(offered_on),
    )
    return m
