"""Network meeting pages. Thin: selectors read, services write (the API twins call the same ones)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tidlig.core.forms import submit
from tidlig.rules.calendar import local_date
from tidlig.rules.network import followup_window

from . import booking, ics, selectors, services
from .access import books_slots, can_act_on_meeting, holds_meetings
from .forms import (
    AgreementForm,
    AgreementStatusForm,
    BookForm,
    CancelForm,
    HoldForm,
    MeetingPlanForm,
    MinutesForm,
    RescheduleForm,
    SlotForm,
)
from .models import NetworkMeeting

ICS_TYPE = "text/calendar; charset=utf-8"


# --- the start page: a caseworker's meetings and slots, or a leader's free/busy and bookings -------------------


def _index(request, *, slot_form=None, book_form=None, book_slot=None, feed_url=None, status=200):
    actor = request.user
    if holds_meetings(actor):
        context = {
            "holder": True,
            "meetings": selectors.my_meetings(actor),
            "slots": selectors.my_slots(actor),
            "slot_form": slot_form or SlotForm(),
            "has_feed": selectors.has_feed(actor),
            "feed_url": feed_url,
        }
    elif books_slots(actor):
        context = {
            "leader": True,
            "free_busy": selectors.free_busy(actor),
            "book_form": book_form or BookForm(children=selectors.children_to_book_for(actor)),
            "book_slot": book_slot,
        }
    else:
        raise PermissionDenied
    return render(request, "network/index.html", context, status=status)


@login_required
def index(request):
    return _index(request)


@login_required
@require_POST
def slot_new(request):
    form = SlotForm(request.POST)

    def perform(d):
        starts_at, ends_at = form.moments()
        return booking.slot_publish(
            actor=request.user, starts_at=starts_at, ends_at=ends_at, place=d["place"]
        )

    if submit(request, form, perform, _("Tiden er lagt ud til booking.")):
        return redirect("network:index")
    return _index(request, slot_form=form, status=422)


@login_required
@require_POST
def slot_withdraw(request, slot_id: int):
    slot = selectors.own_slot(request.user, slot_id)
    booking.slot_withdraw(actor=request.user, slot=slot)
    messages.success(request, _("Tiden er trukket tilbage."))
    return redirect("network:index")


@login_required
def book(request, slot_id: int):
    """GET: the booking form for one free slot; POST: book it."""
    slot = selectors.bookable_slot(request.user, slot_id)
    children = selectors.children_to_book_for(request.user)
    if request.method != "POST":
        return _index(request, book_slot=slot)
    form = BookForm(request.POST, children=children)

    def perform(d):
        child = selectors.child_to_book_for(request.user, d["child"])
        return booking.slot_book(
            actor=request.user,
            slot=slot,
            child=child,
            consent_by=d["consent_by"],
            consent_on=d["consent_on"],
            purpose=d["purpose"],
        )

    if submit(request, form, perform, _("Tiden er booket. Rådgiveren har fået en invitation.")):
        return redirect("network:index")
    return _index(request, book_form=form, book_slot=slot, status=422)


# --- the personal calendar feed --------------------------------------------------------------------------------


@login_required
@require_POST
def feed_new(request):
    raw = booking.feed_create(actor=request.user)
    url = request.build_absolute_uri(reverse("network:feed", args=[raw]))
    messages.success(request, _("Dit kalenderabonnement er lavet. Gem linket nu: det vises kun én gang."))
    return _index(request, feed_url=url)


@login_required
@require_POST
def feed_revoke(request):
    if not holds_meetings(request.user):
        raise PermissionDenied
    booking.feed_revoke(actor=request.user)
    messages.success(request, _("Kalenderabonnementet er slået fra. Det gamle link virker ikke længere."))
    return redirect("network:index")


@require_GET
def feed(request, token: str):
    """The caseworker's feed (no sign-in: the secret is the key; only free/busy and "Netværksmøde")."""
    staff = selectors.feed_owner(token)
    if staff is None:
        raise Http404
    meetings, slots = selectors.feed_items(staff)
    return HttpResponse(ics.feed(meetings, slots), content_type=ICS_TYPE)


# --- a child's meetings ----------------------------------------------------------------------------------------


def _child(request, child_id: int, *, form=None, status=200):
    child, meetings = selectors.meetings_for_child(request.user, child_id)
    form = form or MeetingPlanForm(initial={"context": "notification"})
    return render(
        request, "network/child.html", {"child": child, "meetings": meetings, "form": form}, status=status
    )


@login_required
def child(request, child_id: int):
    return _child(request, child_id)


@login_required
@require_POST
def meeting_new(request, child_id: int):
    child_obj, _meetings = selectors.meetings_for_child(request.user, child_id)
    form = MeetingPlanForm(request.POST)

    def perform(d):
        starts_at, ends_at = form.moments()
        return services.meeting_plan(
            actor=request.user,
            child=child_obj,
            context=d["context"],
            starts_at=starts_at,
            ends_at=ends_at,
            place=d["place"],
            online_link=d["online_link"],
            purpose=d["purpose"],
        )

    done = submit(request, form, perform, _("Netværksmødet er planlagt."))
    if done:
        return redirect("network:meeting", meeting_id=done.pk)
    return _child(request, child_id, form=form, status=422)


@login_required
def next_meeting(request, meeting_id: int):
    """The next step of `network_followup`: plan the follow-up meeting a held meeting owes."""
    previous = selectors.meeting_get(request.user, meeting_id)
    if not can_act_on_meeting(request.user, previous):
        raise Http404
    window = services.followup_window(previous.municipality_id)
    form = RescheduleForm(
        request.POST or None, initial={"place": previous.place, "online_link": previous.online_link}
    )
    if request.method == "POST":

        def perform(d):
            starts_at, ends_at = form.moments()
            return services.meeting_next(
                actor=request.user,
                previous=previous,
                starts_at=starts_at,
                ends_at=ends_at,
                place=d["place"],
                online_link=d["online_link"],
            )

        done = submit(request, form, perform, _("Det opfølgende netværksmøde er planlagt."))
        if done:
            return redirect("network:meeting", meeting_id=done.pk)
    earliest, latest = (None, None)
    if previous.held_at:
        earliest, latest = followup_window(local_date(previous.held_at), window)
    return render(
        request,
        "network/next.html",
        {"previous": previous, "form": form, "earliest": earliest, "latest": latest},
        status=422 if form.errors else 200,
    )


# --- one meeting: agenda and minutes ---------------------------------------------------------------------------


def _meeting(request, meeting_id: int, *, forms=None, status=200):
    m = selectors.meeting_get(request.user, meeting_id)
    forms = forms or {}
    carried = selectors.carried_over(m)
    own = list(m.agreements.all())
    for a in carried + own:
        bad = forms.get(("status", a.pk))
        a.form = bad or AgreementStatusForm(
            prefix=f"a{a.pk}", initial={"status": a.status, "note": a.status_note}
        )
    people = "\n".join(f"{p.name}, {p.relation}" for p in m.private_network.all())
    context = {
        "meeting": m,
        "may_act": can_act_on_meeting(request.user, m),
        "carried": carried,
        "agreements": own,
        "minutes_form": forms.get("minutes")
        or MinutesForm(
            initial={
                **{f: getattr(m, f) for f in services.MINUTES_FIELDS},
                "context": m.context,
                "child_takes_part": "1" if m.child_takes_part else "0",
                "parents_take_part": "1" if m.parents_take_part else "0",
                "private_network": people,
            }
        ),
        "agreement_form": forms.get("agreement") or AgreementForm(),
        "hold_form": forms.get("hold") or HoldForm(),
        "reschedule_form": forms.get("reschedule")
        or RescheduleForm(
            initial={
                "day": localtime(m.starts_at).date(),
                "start": localtime(m.starts_at).time(),
                "end": localtime(m.ends_at).time(),
                "place": m.place,
                "online_link": m.online_link,
            }
        ),
        "cancel_form": forms.get("cancel") or CancelForm(),
        "slot": selectors.booking_of(m),
    }
    return render(request, "network/meeting.html", context, status=status)


@login_required
def meeting(request, meeting_id: int):
    """GET the meeting; POST its agenda/minutes."""
    if request.method != "POST":
        return _meeting(request, meeting_id)
    m = selectors.meeting_get(request.user, meeting_id)
    form = MinutesForm(request.POST)

    def perform(d):
        return services.meeting_minutes_save(
            actor=request.user,
            meeting=m,
            private_network=d["private_network"],
            context=d["context"],
            purpose=d["purpose"],
            hard=d["hard"],
            works=d["works"],
            goals=d["goals"],
            network_will=d["network_will"],
            chair=d["chair"],
            institution_participants=d["institution_participants"],
            child_takes_part=bool(d["child_takes_part"]),
            parents_take_part=bool(d["parents_take_part"]),
        )

    if submit(request, form, perform, _("Referatet er gemt.")):
        return redirect("network:meeting", meeting_id=m.pk)
    return _meeting(request, meeting_id, forms={"minutes": form}, status=422)


@login_required
@require_POST
def agreement_new(request, meeting_id: int):
    m = selectors.meeting_get(request.user, meeting_id)
    form = AgreementForm(request.POST)
    perform = lambda d: services.agreement_add(actor=request.user, meeting=m, **d)  # noqa: E731
    if submit(request, form, perform, _("Aftalen er tilføjet.")):
        return redirect(reverse("network:meeting", args=[m.pk]) + "#agreements")
    return _meeting(request, meeting_id, forms={"agreement": form}, status=422)


@login_required
@require_POST
def agreement_status(request, agreement_id: int):
    a = selectors.agreement_get(request.user, agreement_id)
    # The page the status was set on: the agreement's own meeting, or the next one that opens with it.
    back_to = request.POST.get("back", "")
    back = int(back_to) if back_to.isdigit() and len(back_to) < 12 else a.meeting_id
    form = AgreementStatusForm(request.POST, prefix=f"a{a.pk}")
    perform = lambda d: services.agreement_status_set(  # noqa: E731
        actor=request.user, agreement=a, status=d["status"], note=d["note"]
    )
    if submit(request, form, perform, _("Aftalens status er gemt.")):
        anchor = "#agreements" if back == a.meeting_id else "#carried"
        return redirect(reverse("network:meeting", args=[back]) + anchor)
    return _meeting(request, back, forms={("status", a.pk): form}, status=422)


@login_required
@require_POST
def hold(request, meeting_id: int):
    m = selectors.meeting_get(request.user, meeting_id)
    form = HoldForm(request.POST)
    perform = lambda d: services.meeting_hold(  # noqa: E731
        actor=request.user, meeting=m, outcome=d["outcome"], reason=d["outcome_reason"] or ""
    )
    if submit(request, form, perform, _("Mødet er registreret som holdt.")):
        return redirect("network:meeting", meeting_id=m.pk)
    return _meeting(request, meeting_id, forms={"hold": form}, status=422)


@login_required
@require_POST
def reschedule(request, meeting_id: int):
    m = selectors.meeting_get(request.user, meeting_id)
    form = RescheduleForm(request.POST)

    def perform(d):
        starts_at, ends_at = form.moments()
        return services.meeting_reschedule(
            actor=request.user,
            meeting=m,
            starts_at=starts_at,
            ends_at=ends_at,
            place=d["place"],
            online_link=d["online_link"],
        )

    if submit(request, form, perform, _("Mødet er flyttet. Deltagerne har fået besked.")):
        return redirect("network:meeting", meeting_id=m.pk)
    return _meeting(request, meeting_id, forms={"reschedule": form}, status=422)


@login_required
@require_POST
def cancel(request, meeting_id: int):
    m = selectors.meeting_get(request.user, meeting_id)
    form = CancelForm(request.POST)
    perform = lambda d: services.meeting_cancel(actor=request.user, meeting=m, reason=d["reason"] or "")  # noqa: E731
    if submit(request, form, perform, _("Mødet er aflyst. Deltagerne har fået besked.")):
        return redirect("network:meeting", meeting_id=m.pk)
    return _meeting(request, meeting_id, forms={"cancel": form}, status=422)


@login_required
@require_GET
def meeting_ics(request, meeting_id: int):
    m = selectors.meeting_get(request.user, meeting_id)
    method = ics.CANCEL if m.status == NetworkMeeting.Status.CANCELLED else ics.REQUEST
    body = ics.invitation(m, method=method, attendees=[], url=reverse("network:meeting", args=[m.pk]))
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'attachment; filename="netvaerksmoede.ics"'
    return response
