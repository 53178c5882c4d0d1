"""Decisions (afgørelser) and measures. Thin: forms check the input, the services decide and write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tidlig.cases.access import can_see_case, is_case_owner
from tidlig.core.forms import TidligForm, apply_errors, submit
from tidlig.people.selectors import child_for
from tidlig.post.selectors import letters_about
from tidlig.timeline.selectors import obligations_for_source, obligations_for_sources

from . import forms, letters, selectors, services
from .models import Appeal, Decision, FollowUp, Measure, MeasureType

OWNERS_ONLY = gettext_lazy("Kun barnets rådgiver og teamlederen kan gøre dette.")


def _owned_child(request, child_id: int, what: str):
    """Load the child (404 when the actor may not see it) and require a case owner (403)."""
    child = child_for(request.user, child_id, what=what)
    if not is_case_owner(request.user, child):
        raise PermissionDenied(OWNERS_ONLY)
    return child


def _decision(request, pk: int, what: str) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "type", "child", "municipality", "conversation", "decided_by", "drafted_by"
        ),
        pk=pk,
        municipality_id=request.user.municipality_id,
    )
    decision.child = _owned_child(request, decision.child_id, what)
    return decision


def _measure(request, pk: int, what: str) -> Measure:
    """Anyone who may see the case may see a measure, except a § 47 placement (only those who must act)."""
    measure = get_object_or_404(
        Measure.objects.select_related("type", "decision", "decision__conversation", "decided_by"),
        pk=pk,
        municipality_id=request.user.municipality_id,
    )
    child = child_for(request.user, measure.child_id, what=what)
    owner = is_case_owner(request.user, child)
    if not (owner or can_see_case(request.user, child)) or (measure.without_consent and not owner):
        raise Http404
    measure.child = child
    return measure


@login_required
def followup_due(request, pk: int):
    """The page that meets a later follow-up (§ 95, stk. 3): that obligation's source is the follow-up that set
    its date, and the next one is recorded on the measure's page (core.next_step)."""
    f = get_object_or_404(FollowUp, pk=pk, measure__municipality_id=request.user.municipality_id)
    measure = _measure(request, f.measure_id, "measure")
    return redirect(reverse("interventions:measure", args=[measure.pk]) + "#followup")


# Decisions ------------------------------------------------------------------------------------------------


@login_required
def decision_new(request, child_id: int):
    child = _owned_child(request, child_id, "decision_form")
    form = forms.DecisionDraftForm(request.POST or None, child=child)
    if request.method == "POST":
        if form.is_valid():
            try:
                decision = services.decision_draft(child=child, actor=request.user, **form.service_kwargs())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _(
                        "Udkastet til afgørelse er gemt. Træf afgørelsen, når barnets "
                        "synspunkter og partshøringen foreligger."
                    ),
                )
                return redirect("interventions:decision", decision.pk)
        return render(request, "interventions/decision_new.html", {"child": child, "form": form}, status=422)
    return render(request, "interventions/decision_new.html", {"child": child, "form": form})


def _committee_form(decision: Decision) -> forms.CommitteeSubmissionForm:
    """The § 51 form, filled with what was recorded (recording again corrects it)."""
    row = getattr(decision, "committee_submission", None)
    if row is None:
        return forms.CommitteeSubmissionForm()
    return forms.CommitteeSubmissionForm(
        initial={
            "submitted_on": row.submitted_on,
            "meeting_on": row.meeting_on,
            "contents": [f for f in row.CONTENTS if getattr(row, f)],
            "parent_plan": row.parent_plan,
            "siblings": row.siblings,
        }
    )


def _decision_context(
    request, decision: Decision, make_form=None, withdraw_form=None, committee_form=None
) -> dict:
    by_committee = decision.type.kind == MeasureType.Kind.PLACEMENT and decision.without_consent
    return {
        "committee_submission": getattr(decision, "committee_submission", None),
        "committee_form": (committee_form or _committee_form(decision)) if by_committee else None,
        "child": decision.child,
        "decision": decision,
        "letter": letters.decision_letter(decision),
        "obligations": obligations_for_source("decision", decision.pk),
        "by_committee": by_committee,
        "make_form": make_form
        or forms.DecisionMakeForm(child=decision.child, kind=decision.type.kind, by_committee=by_committee),
        "has_conversations": decision.child.conversations.exists(),
        "withdraw_form": withdraw_form or forms.WithdrawForm(),
    }


@login_required
def decision_detail(request, pk: int):
    decision = _decision(request, pk, "decision")
    if decision.is_made:
        return redirect("interventions:measure", decision.measure.pk)
    return render(request, "interventions/decision.html", _decision_context(request, decision))


@login_required
@require_POST
def decision_make(request, pk: int):
    decision = _decision(request, pk, "decision")
    by_committee = decision.type.kind == MeasureType.Kind.PLACEMENT and decision.without_consent
    form = forms.DecisionMakeForm(
        request.POST, child=decision.child, kind=decision.type.kind, by_committee=by_committee
    )
    if form.is_valid():
        try:
            measure = services.decision_make(decision=decision, actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("Afgørelsen er truffet. Afgørelsesbrevet er klar til at blive sendt.")
            )
            return redirect("interventions:measure", measure.pk)
    return render(
        request, "interventions/decision.html", _decision_context(request, decision, form), status=422
    )


def _letter_links(decision: Decision) -> list[tuple[str, str]]:
    back = (
        reverse("interventions:measure", args=[decision.measure.pk])
        if decision.is_made
        else reverse("interventions:decision", args=[decision.pk])
    )
    links = [
        (back, _("← Tilbage")),
        (reverse("interventions:decision_letter_pdf", args=[decision.pk]), _("Hent som PDF")),
    ]
    if letters.decision_letter(decision).child_party:  # barnets lov § 3: the child's own letter
        links += [
            (reverse("interventions:decision_letter", args=[decision.pk]), _("Brev til forældrene")),
            (reverse("interventions:decision_letter_child", args=[decision.pk]), _("Brev til barnet")),
            (
                reverse("interventions:decision_letter_child_pdf", args=[decision.pk]),
                _("Hent barnets brev som PDF"),
            ),
        ]
    return links


@login_required
def decision_letter(request, pk: int):
    decision = _decision(request, pk, "decision_letter")
    html = letters.decision_letter_html(
        decision, links=_letter_links(decision), print_label=_("Udskriv"), csp_nonce=get_nonce(request)
    )
    return HttpResponse(html)


@login_required
def decision_letter_pdf(request, pk: int):
    decision = _decision(request, pk, "decision_letter")
    pdf = letters.decision_letter_pdf(decision, base_url=request.build_absolute_uri("/"))
    name = f"afgoerelse-{decision.pk}{'' if decision.is_made else '-udkast'}.pdf"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@login_required
def decision_letter_child(request, pk: int):
    """The letter for the child of 10 or more (barnets lov § 3); a younger child's decision has none."""
    decision = _decision(request, pk, "decision_letter")
    if not letters.decision_letter(decision).child_party:
        raise Http404
    html = letters.decision_letter_child_html(
        decision, links=_letter_links(decision), print_label=_("Udskriv"), csp_nonce=get_nonce(request)
    )
    return HttpResponse(html)


@login_required
def decision_letter_child_pdf(request, pk: int):
    decision = _decision(request, pk, "decision_letter")
    if not letters.decision_letter(decision).child_party:
        raise Http404
    pdf = letters.decision_letter_pdf(decision, base_url=request.build_absolute_uri("/"), for_child=True)
    name = f"afgoerelse-{decision.pk}-barnet{'' if decision.is_made else '-udkast'}.pdf"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


# Measures -------------------------------------------------------------------------------------------------


def _measure_context(request, m: Measure, **override) -> dict:
    followups = list(m.followups.select_related("held_by").order_by("held_on", "pk"))
    visits = list(m.supervision_visits.select_related("visited_by").order_by("visited_on", "pk"))
    offers = list(m.parent_plan_offers.select_related("recorded_by").order_by("held_on", "pk"))
    obligations = obligations_for_sources([("measure", m.pk)] + [("followup", f.pk) for f in followups])
    can_work = is_case_owner(request.user, m.child)
    placement = m.type.kind == MeasureType.Kind.PLACEMENT
    committee = (
        getattr(m.decision, "committee_submission", None) if m.without_consent and m.decision else None
    )
    ongoing = m.started_on is not None and m.ended_on is None
    running = placement and services.placement_running(m)  # § 100, stk. 4: the hjemgivelsesperiode included
    can = {
        "start": can_work and m.started_on is None and m.ended_on is None,
        "followup": can_work and ongoing,
        "visit": can_work and running,
        "parent_plan_offer": can_work and running,
        "end": can_work and ongoing,
        "support_person": can_work and placement and m.support_person_offered_on is None,
        "letter": can_work and m.decision_id is not None,
    }
    # barnets lov § 3: from 10 the child is a party and gets a letter of their own
    can["child_letter"] = can["letter"] and letters.decision_letter(m.decision).child_party
    ctx = {
        "measure": m,
        "child": m.child,
        "decision": m.decision,
        "followups": followups,
        "visits": visits,
        "offers": offers,
        "obligations": obligations,
        "can": can,
        "placement": placement,
        "committee_submission": committee,
    }
    if can["start"]:
        ctx["start_form"] = override.get("start_form") or forms.StartForm()
    if can["followup"]:
        ctx["followup_form"] = override.get("followup_form") or forms.FollowUpForm(first=not followups)
        ctx["first_followup"] = not followups
    if can["visit"]:
        ctx["visit_form"] = override.get("visit_form") or forms.VisitForm()
    if can["parent_plan_offer"]:
        ctx["parent_plan_offer_form"] = override.get("parent_plan_offer_form") or forms.ParentPlanOfferForm()
    if can["support_person"]:
        ctx["support_person_form"] = override.get("support_person_form") or forms.SupportPersonForm()
    if can["end"]:
        ctx["end_form"] = override.get("end_form") or forms.EndForm(placement=placement)
    if m.decision_id is not None and can_work:
        # The letter's dispatch and complaints (issue 12): only the case owners, who send and answer them.
        ctx["letters_sent"] = selectors.letters_sent(m.decision)
        appeals = selectors.appeals_of(m.decision)
        for row in appeals:
            bad = override.get("appeal_update_form")
            row.form = (
                bad
                if bad is not None and bad.prefix == f"k{row.appeal.pk}"
                else forms.AppealUpdateForm(
                    prefix=f"k{row.appeal.pk}",
                    initial={
                        f: getattr(row.appeal, f)
                        for f in ("reconsidered_on", "reconsideration", "outcome_on", "outcome")
                    },
                )
            )
        ctx["appeals"] = appeals
        ctx["letter_sent_form"] = override.get("letter_sent_form") or forms.LetterSentForm(
            initial={"sent_on": timezone.localdate()}
        )
        ctx["appeal_form"] = override.get("appeal_form") or forms.AppealForm()
        # The letter by Digital Post through the outbox (issue 14 §4): each message with its status.
        outbox = letters_about(source=services.outbox.SOURCE, source_id=m.decision_id)
        bad = override.get("paper_post_form")
        for x in outbox:
            if x.status in ("failed", "queued", "paper_due"):
                mine = bad is not None and bad.prefix == f"p{x.pk}"
                x.paper_form = bad if mine else forms.PaperPostForm(prefix=f"p{x.pk}")
        ctx["outbox_letters"] = outbox
        ctx["digital_post_form"] = override.get("digital_post_form") or TidligForm()
    return ctx


@login_required
def measure_detail(request, pk: int):
    m = _measure(request, pk, "measure")
    return render(request, "interventions/measure.html", _measure_context(request, m))


def _action(request, pk: int, form_name: str, make_form, perform, success: str):
    """POST handler shared by the measure's actions: validate, call the service, or show the page with errors."""
    m = _measure(request, pk, "measure")
    if not is_case_owner(request.user, m.child):
        raise PermissionDenied(OWNERS_ONLY)
    form = make_form(m)
    if submit(request, form, lambda d: perform(m, d), success):
        return redirect("interventions:measure", m.pk)
    ctx = _measure_context(request, m, **{form_name: form})
    ctx.setdefault(form_name, form)  # the action may no longer be offered (e.g. ended); still show why
    ctx["failed"] = form_name
    return render(request, "interventions/measure.html", ctx, status=422)


@login_required
@require_POST
def measure_start(request, pk: int):
    return _action(
        request,
        pk,
        "start_form",
        lambda m: forms.StartForm(request.POST),
        lambda m, d: services.measure_start(measure=m, actor=request.user, started_on=d["started_on"]),
        _("Indsatsen er registreret som startet."),
    )


@login_required
@require_POST
def measure_end(request, pk: int):
    return _action(
        request,
        pk,
        "end_form",
        lambda m: forms.EndForm(request.POST, placement=m.type.kind == MeasureType.Kind.PLACEMENT),
        lambda m, d: services.measure_end(
            measure=m,
            actor=request.user,
            ended_on=d["ended_on"],
            reason=d["reason"],
            homecoming_period_end=d.get("homecoming_period_end"),
        ),
        _("Indsatsen er afsluttet."),
    )


@login_required
@require_POST
def followup(request, pk: int):
    return _action(
        request,
        pk,
        "followup_form",
        lambda m: forms.FollowUpForm(request.POST, first=not m.followups.exists()),
        lambda m, d: services.followup_record(
            measure=m,
            actor=request.user,
            held_on=d["held_on"],
            assessment=d["assessment"],
            schedule_reason=d["schedule_reason"],
            next_on=d["next_on"],
        ),
        _("Opfølgningen er registreret."),
    )


@login_required
@require_POST
def visit(request, pk: int):
    return _action(
        request,
        pk,
        "visit_form",
        lambda m: forms.VisitForm(request.POST),
        lambda m, d: services.supervision_visit_record(
            measure=m,
            actor=request.user,
            visited_on=d["visited_on"],
            talked_with_child=d["talked_with_child"],
            note=d["note"],
        ),
        _("Tilsynsbesøget er registreret."),
    )


@login_required
@require_POST
def parent_plan_offer(request, pk: int):
    return _action(
        request,
        pk,
        "parent_plan_offer_form",
        lambda m: forms.ParentPlanOfferForm(request.POST),
        lambda m, d: services.parent_plan_offer_record(
            measure=m, actor=request.user, held_on=d["held_on"], outcome=d["outcome"], note=d["note"]
        ),
        _("Tilbuddet om revision af forældrehandleplanen er registreret."),
    )


@login_required
@require_POST
def support_person(request, pk: int):
    return _action(
        request,
        pk,
        "support_person_form",
        lambda m: forms.SupportPersonForm(request.POST),
        lambda m, d: services.support_person_offer(
            measure=m, actor=request.user, offered_on=d["offered_on"], accepted=d["accepted"]
        ),
        _("Tilbuddet om støtteperson er registreret."),
    )


@login_required
@require_POST
def decision_withdraw(request, pk: int):
    decision = _decision(request, pk, "decision")
    form = forms.WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.decision_withdraw(
                decision=decision, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Udkastet er trukket tilbage."))
            return redirect("cases:child", decision.child_id)
    return render(
        request,
        "interventions/decision.html",
        _decision_context(request, decision, withdraw_form=form),
        status=422,
    )


@login_required
@require_POST
def committee_submission(request, pk: int):
    """BL § 51: record (or correct) the indstilling to børne- og ungeudvalget on the draft's page."""
    decision = _decision(request, pk, "decision")
    form = forms.CommitteeSubmissionForm(request.POST)
    if form.is_valid():
        try:
            services.committee_submission_record(
                decision=decision, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Indstillingen til børne- og ungeudvalget er registreret."))
            return redirect(reverse("interventions:decision", args=[decision.pk]) + "#committee")
    return render(
        request,
        "interventions/decision.html",
        _decision_context(request, decision, committee_form=form),
        status=422,
    )


# The decision letter's dispatch and complaints (issue 12) ---------------------------------------------------


def _with_decision(perform):
    def run(m, d):
        if m.decision is None:
            raise ValidationError(_("Indsatsen har ingen afgørelse. Træf afgørelsen først."))
        return perform(m, d)

    return run


@login_required
@require_POST
def letter_sent(request, pk: int):
    return _action(
        request,
        pk,
        "letter_sent_form",
        lambda m: forms.LetterSentForm(request.POST),
        _with_decision(
            lambda m, d: services.letter_sent_record(
                decision=m.decision,
                actor=request.user,
                sent_on=d["sent_on"],
                method=d["method"],
                received_on=d["received_on"],
            )
        ),
        _("Afsendelsen af afgørelsesbrevet er registreret."),
    )


@login_required
@require_POST
def digital_post(request, pk: int):
    return _action(
        request,
        pk,
        "digital_post_form",
        lambda m: TidligForm(request.POST),
        _with_decision(
            lambda m, d: services.outbox.decision_letter_post(decision=m.decision, actor=request.user)
        ),
        _("Afgørelsesbrevet er lagt i udbakken og sendes med Digital Post."),
    )


def _outbox_letter(m, letter_id: int):
    letter = next(
        (
            x
            for x in letters_about(source=services.outbox.SOURCE, source_id=m.decision_id)
            if x.pk == letter_id
        ),
        None,
    )
    if letter is None:
        raise Http404
    return letter


@login_required
@require_POST
def digital_post_retry(request, pk: int, letter_id: int):
    return _action(
        request,
        pk,
        "digital_post_form",
        lambda m: TidligForm(request.POST),
        lambda m, d: services.outbox.decision_letter_retry(
            letter=_outbox_letter(m, letter_id), actor=request.user
        ),
        _("Brevet sendes igen."),
    )


@login_required
@require_POST
def digital_post_paper(request, pk: int, letter_id: int):
    return _action(
        request,
        pk,
        "paper_post_form",
        lambda m: forms.PaperPostForm(request.POST, prefix=f"p{letter_id}"),
        lambda m, d: services.outbox.decision_letter_paper(
            letter=_outbox_letter(m, letter_id), actor=request.user, sent_on=d["sent_on"]
        ),
        _("Brevet er registreret som sendt med posten."),
    )


@login_required
@require_POST
def appeal_new(request, pk: int):
    return _action(
        request,
        pk,
        "appeal_form",
        lambda m: forms.AppealForm(request.POST),
        _with_decision(
            lambda m, d: services.appeal_record(
                decision=m.decision, actor=request.user, received_on=d["received_on"]
            )
        ),
        _("Klagen er registreret."),
    )


@login_required
@require_POST
def appeal_update(request, pk: int, appeal_id: int):
    appeal = get_object_or_404(
        Appeal, pk=appeal_id, decision__measure__pk=pk, decision__municipality_id=request.user.municipality_id
    )
    return _action(
        request,
        pk,
        "appeal_update_form",
        lambda m: forms.AppealUpdateForm(request.POST, prefix=f"k{appeal.pk}"),
        lambda m, d: services.appeal_update(
            appeal=appeal,
            actor=request.user,
            reconsidered_on=d["reconsidered_on"],
            reconsideration=d["reconsideration"],
            outcome_on=d["outcome_on"],
            outcome=d["outcome"],
        ),
        _("Klagen er opdateret."),
    )
