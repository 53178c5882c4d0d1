"""The team's pages: start page, the team, meetings, agenda items and minutes. Thin over the services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.concerns.models import Concern
from tidlig.core.forms import submit
from tidlig.core.limits import int_param
from tidlig.organisation.models import Role, Staff
from tidlig.wellbeing import access as wellbeing_access

from . import access, early, forms, selectors, services
from .models import CrossTeamMember, MeetingItem


@login_required
def index(request):
    actor = request.user
    institutions = list(access.institutions_for(actor))
    raised = selectors.my_raised_items(actor) if actor.role == Role.EDUCATOR else []
    if not institutions and not raised and not access.is_social_worker(actor):
        raise PermissionDenied(
            _(
                "Du er ikke med i et tværfagligt team og leder ikke en institution. Bed din leder om at sætte dig på et team."
            )
        )
    ctx = {
        "institutions": institutions,
        "led": access.led_institution_ids(actor),
        "meetings": selectors.upcoming_meetings(actor),
        "recent": selectors.recent_meetings(actor),
        "agreements": selectors.agreements_by_institution(selectors.open_agreements(actor)),
        "proposals": selectors.proposals_for(actor) if access.led_institution_ids(actor) else [],
        "raised": raised,
        "courses": [c for c in early.courses_of(actor) if c.ended_on is None],
        "is_social_worker": access.is_social_worker(actor),
    }
    return render(request, "crossteam/index.html", ctx)


def _candidates(actor: Staff, institution_id: int):
    seated = CrossTeamMember.objects.filter(institution_id=institution_id, active=True).values("staff_id")
    return Staff.objects.filter(
        municipality_id=actor.municipality_id, role__in=services.TEAM_ROLES, is_active=True
    ).exclude(pk__in=seated)


@login_required
def team(request, institution_id: int):
    actor = request.user
    members = selectors.team_of(actor, institution_id)
    leads = access.is_leader_of(actor, institution_id)
    form = forms.MemberForm(
        request.POST or None, candidates=_candidates(actor, institution_id) if leads else []
    )
    if request.method == "POST":
        access.require_leader(actor, institution_id)
        done = submit(
            request,
            form,
            lambda d: services.member_add(
                actor=actor, institution_id=institution_id, staff=d["staff"], profession=d["profession"]
            ),
            _("Fagpersonen er tilføjet teamet."),
        )
        if done:
            return redirect("crossteam:team", institution_id)
    status = 422 if form.errors else 200
    ctx = {"members": members, "leads": leads, "form": form, "institution_id": institution_id}
    return render(request, "crossteam/team.html", ctx, status=status)


@login_required
@require_POST
def member_deactivate(request, pk: int):
    member = get_object_or_404(
        CrossTeamMember, pk=pk, institution__municipality_id=request.user.municipality_id
    )
    if member.institution_id not in access.team_institution_ids(request.user):
        raise Http404
    submit(
        request,
        forms.TidligForm({}),
        lambda d: services.member_deactivate(actor=request.user, member=member),
        _("Fagpersonen er ikke længere med i teamet."),
    )
    return redirect("crossteam:team", member.institution_id)


@login_required
def meeting_new(request):
    actor = request.user
    led = access.led_institution_ids(actor)
    if not led:
        raise PermissionDenied(
            _("Kun lederen af institutionen kan indkalde til møde. Bed lederen om at indkalde.")
        )
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST":
        meeting = submit(
            request,
            form,
            lambda d: services.meeting_create(
                actor=actor, institution_id=min(led), starts_at=form.starts_at(), place=d["place"]
            ),
            _("Mødet er oprettet. Sæt punkter på dagsordenen."),
        )
        if meeting:
            return redirect("crossteam:meeting", meeting.pk)
        return render(request, "crossteam/meeting_new.html", {"form": form}, status=422)
    return render(request, "crossteam/meeting_new.html", {"form": form})


@login_required
def meeting_detail(request, pk: int):
    actor = request.user
    meeting = selectors.meeting_for(actor, pk)
    initial = {
        "held": "1" if meeting.status == meeting.Status.HELD else None,
        "minutes": meeting.minutes,
        "next_meeting_on": meeting.next_meeting_on,
    }
    form = forms.MeetingMinutesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.meeting_record_minutes(
                actor=actor,
                meeting=meeting,
                held=bool(d["held"]),
                minutes=d["minutes"],
                next_meeting_on=d["next_meeting_on"],
            ),
            _("Referatet er gemt."),
        )
        if done:
            return redirect("crossteam:meeting", pk)
    ctx = {
        "meeting": meeting,
        "leads": access.is_leader_of(actor, meeting.institution_id),
        "form": form,
        "proposals": [
            p for p in selectors.proposals_for(actor) if p.institution_id == meeting.institution_id
        ],
    }
    return render(request, "crossteam/meeting.html", ctx, status=422 if form.errors else 200)


def _item_form(request, actor, children, institution_id, initial=None):
    """The item form, with the children and earlier items `selectors.item_form_choices` may offer."""
    children, earlier = selectors.item_form_choices(actor, children, institution_id)
    return forms.ItemForm(request.POST or None, children=children, earlier_items=earlier, initial=initial)


@login_required
def item_new(request, pk: int):
    actor = request.user
    meeting = selectors.meeting_for(actor, pk)
    access.require_leader(actor, meeting.institution_id)
    children = selectors.meeting_children(actor, meeting)
    form = _item_form(request, actor, children.order_by("first_name", "last_name"), meeting.institution_id)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.item_add(actor=actor, meeting=meeting, **form.service_kwargs()),
            _("Punktet er sat på dagsordenen."),
        )
        if done:
            return redirect("crossteam:meeting", pk)
    ctx = {"form": form, "meeting": meeting}
    return render(request, "crossteam/item_new.html", ctx, status=422 if form.errors else 200)


@login_required
def propose(request):
    """An educator proposes an item for the team, optionally from a concern (`?concern=<id>`)."""
    actor = request.user
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER) or not actor.institution_id:
        raise PermissionDenied(
            _(
                "Kun pædagoger, lærere og ledere kan foreslå et punkt til teamet. Bed en af dem om at foreslå det."
            )
        )
    today = timezone.localdate()
    children = wellbeing_access.children_visible_to(actor, today=today).order_by("first_name", "last_name")
    concern = None
    concern_id = request.GET.get("concern") or request.POST.get("concern")
    if concern_id:
        concern = Concern.objects.filter(
            pk=int_param(concern_id) or 0, municipality_id=actor.municipality_id
        ).first()
        if concern is None or not (
            concern.raised_by_id == actor.pk or children.filter(pk=concern.child_id).exists()
        ):
            raise Http404
    initial = None
    if concern is not None:
        initial = {"kind": MeetingItem.Kind.ANONYMOUS, "child": concern.child_id}
    elif (wanted := int_param(request.GET.get("barn"))) and children.filter(pk=wanted).exists():
        initial = {"kind": MeetingItem.Kind.ANONYMOUS, "child": wanted}  # from a red rating
    form = _item_form(request, actor, children, actor.institution_id, initial)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.item_propose(actor=actor, concern=concern, **form.service_kwargs()),
            _("Forslaget er sendt til lederen, som sætter det på et møde."),
        )
        if done:
            return redirect("crossteam:index")
    ctx = {"form": form, "concern": concern}
    return render(request, "crossteam/item_new.html", ctx, status=422 if form.errors else 200)


def _item_page(request, item, *, minutes=None, schedule=None, withdraw=None, status=200):
    actor = request.user
    leads = access.is_leader_of(actor, item.institution_id)
    takes_minutes = (
        item.meeting_id and not item.redacted and item.institution_id in access.team_institution_ids(actor)
    )
    minutes = minutes or forms.ItemMinutesForm(
        initial={
            "advice": item.advice,
            "agreements": item.agreements,
            "responsible": item.responsible,
            "follow_up_on": item.follow_up_on,
            "parents_attended": {True: "1", False: "0"}.get(item.parents_attended),
        }
    )
    if leads and schedule is None:
        schedule = forms.ScheduleForm(meetings=selectors.planned_meetings(actor, item.institution_id))
    ctx = {
        "item": item,
        "leads": leads,
        "opens_meeting": bool(item.meeting_id) and access.sees_meetings_of(actor, item.institution_id),
        "minutes": minutes if takes_minutes else None,
        "schedule": schedule,
        "withdraw": withdraw or forms.WithdrawForm(initial={"withdrawn_on": timezone.localdate()}),
        "is_social_worker": access.is_social_worker(actor),
        "can_withdraw": item.kind == MeetingItem.Kind.NAMED
        and item.consent_withdrawn_on is None
        and (leads or item.raised_by_id == actor.pk),
        "days_overdue": selectors.follow_up_overdue_days(item),
    }
    return render(request, "crossteam/item.html", ctx, status=status)


@login_required
def item_detail(request, pk: int):
    return _item_page(request, selectors.item_for(request.user, pk))


@login_required
@require_POST
def item_post(request, pk: int, what: str):
    """Minutes, scheduling and withdrawn consent of an item; errors show the item page with what was typed."""
    actor = request.user
    item = selectors.item_for(actor, pk)
    if what == "minutes":
        form = forms.ItemMinutesForm(request.POST)
        perform = lambda d: services.item_record_minutes(actor=actor, item=item, **d)  # noqa: E731
        message = _("Referatet af punktet er gemt.")
    elif what == "schedule":
        form = forms.ScheduleForm(
            request.POST, meetings=selectors.planned_meetings(actor, item.institution_id)
        )
        perform = lambda d: services.item_schedule(actor=actor, item=item, meeting=d["meeting"])  # noqa: E731
        message = _("Punktet er sat på mødet.")
    elif what == "withdraw":
        form = forms.WithdrawForm(request.POST)
        perform = lambda d: services.item_withdraw_consent(  # noqa: E731
            actor=actor, item=item, withdrawn_on=d["withdrawn_on"]
        )
        message = _("Det er registreret, at forældrene har trukket samtykket tilbage.")
    else:
        raise Http404
    if submit(request, form, perform, message) is None:
        item.refresh_from_db()
        selectors.present(actor, [item], what="crossteam_item")
        return _item_page(request, item, **{what: form}, status=422)
    return redirect("crossteam:item", pk)
