"""The caseworker's pages after screening: afdækning (§ 19), børnefaglig undersøgelse (§§ 20–22),
børnesamtale (§§ 5–6), journal notes, closing and reopening the case, and who else may see it.

Thin: forms check the edge, `tidlig.cases.casework` writes (refusing with PermissionDenied or a Danish
ValidationError), and every page loads the child through `child_for`, which scopes and logs the read.
A refused child is a 404 (it is not even visible); a visible child whose case is not yours is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core.forms import apply_errors, submit
from tidlig.core.limits import int_param
from tidlig.intake.models import Notification
from tidlig.people.models import Child
from tidlig.people.selectors import child_for
from tidlig.rules.casework import investigation_due

from . import casework, forms
from .access import can_see_case, is_case_owner, require_case_owner
from .models import ICS_AREAS, Assessment, Investigation, JournalNote

# Within this many days of the § 20 deadline the investigation page warns.
DEADLINE_WARNING_DAYS = 14


def _case_child(request, pk: int, what: str) -> Child:
    """The child, if the actor may see the case (read-only for people the caseworker added)."""
    child = child_for(request.user, pk, what=what)
    if not can_see_case(request.user, child):
        raise PermissionDenied(
            _("Du har ikke adgang til barnets sag. Bed barnets rådgiver eller din leder om adgang.")
        )
    return child


def _owned_child(request, pk: int, what: str) -> Child:
    """The child, if the actor may work on the case: the caseworker or the team leader."""
    child = child_for(request.user, pk, what=what)
    require_case_owner(request.user, child)
    return child


def _bound(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, *, child: Child, template: str, form, perform, success: str, context=None):
    """GET shows the form; POST validates, calls the service and redirects, or shows the errors (422)."""
    status = 200
    if request.method == "POST":
        status = 422
        target = submit(request, form, perform, success)
        if target:
            return redirect(target)
    return render(request, template, {"child": child, "form": form, **(context or {})}, status=status)


def _notification(child: Child, raw) -> Notification | None:
    """The notification a piece of work starts from (`?underretning=`), if it is this child's."""
    pk = int_param(raw)
    return Notification.objects.filter(child=child, pk=pk).first() if pk else None


def _child_url(child: Child, anchor: str = "") -> str:
    return reverse("cases:child", args=[child.pk]) + (f"#{anchor}" if anchor else "")


# Afdækning (§ 19)


@login_required
def assessment_new(request, pk: int):
    child = _owned_child(request, pk, "assessment_new")
    notification = _notification(child, request.POST.get("notification") or request.GET.get("underretning"))
    form = forms.AssessmentStartForm(_bound(request), child=child, initial={"notification": notification})

    def perform(d):
        a = casework.assessment_start(
            child=child,
            actor=request.user,
            matters=d["matters"],
            professionals=d["professionals"],
            started_on=d["started_on"],
            notification_id=d["notification"].pk if d["notification"] else None,
        )
        return reverse("cases:assessment", args=[child.pk, a.pk])

    return _form_page(
        request,
        child=child,
        template="cases/assessment_new.html",
        form=form,
        perform=perform,
        success=_("Afdækningen er startet."),
        context={"notification": notification},
    )


def _assessment_context(request, child: Child, a: Assessment, conclude_form=None) -> dict:
    can_work = is_case_owner(request.user, child) and not a.concluded_on
    return {
        "child": child,
        "a": a,
        "can_work": can_work,
        "notification": _notification(child, a.notification_id),
        "conclude_form": (conclude_form or forms.ConcludeForm()) if can_work else None,
    }


@login_required
def assessment_detail(request, pk: int, aid: int):
    child = _case_child(request, pk, "assessment")
    a = get_object_or_404(Assessment.objects.select_related("started_by"), child=child, pk=aid)
    return render(request, "cases/assessment.html", _assessment_context(request, child, a))


@login_required
@require_POST
def assessment_conclude(request, pk: int, aid: int):
    child = _owned_child(request, pk, "assessment")
    a = get_object_or_404(Assessment.objects.select_related("started_by"), child=child, pk=aid)
    form = forms.ConcludeForm(request.POST)
    if form.is_valid():
        try:
            casework.assessment_conclude(
                assessment=a,
                actor=request.user,
                conclusion=form.cleaned_data["conclusion"],
                concluded_on=form.cleaned_data["concluded_on"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Afdækningen er afsluttet."))
            return redirect("cases:assessment", child.pk, a.pk)
    return render(request, "cases/assessment.html", _assessment_context(request, child, a, form), status=422)


# Børnefaglig undersøgelse (§§ 20–22)


@login_required
def investigation_new(request, pk: int):
    child = _owned_child(request, pk, "investigation_new")
    notification = _notification(child, request.POST.get("notification") or request.GET.get("underretning"))
    aware_on = timezone.localdate(notification.received_at) if notification else timezone.localdate()
    form = forms.InvestigationStartForm(
        _bound(request), child=child, initial={"notification": notification, "aware_on": aware_on}
    )

    def perform(d):
        inv = casework.investigation_start(
            child=child,
            actor=request.user,
            aware_on=d["aware_on"],
            notification_id=d["notification"].pk if d["notification"] else None,
        )
        return reverse("cases:investigation", args=[child.pk, inv.pk])

    ongoing = child.investigations.filter(concluded_on__isnull=True).first()
    return _form_page(
        request,
        child=child,
        template="cases/investigation_new.html",
        form=form,
        perform=perform,
        success=_("Den børnefaglige undersøgelse er startet."),
        context={"notification": notification, "ongoing": ongoing},
    )


def _investigation_context(request, child: Child, inv: Investigation, **override) -> dict:
    today = timezone.localdate()
    due = investigation_due(inv.aware_on)
    open_ = inv.concluded_on is None
    can_work = open_ and is_case_owner(request.user, child)
    ctx = {
        "child": child,
        "inv": inv,
        "due": due,
        "days_left": (due - today).days,
        "days_over": (today - due).days,
        "overdue": open_ and today > due,
        "due_soon": open_ and 0 <= (due - today).days <= DEADLINE_WARNING_DAYS,
        "late": inv.concluded_on is not None and inv.concluded_on > due,
        "areas": [(key, label, inv.areas.get(key) or {}) for key, label in ICS_AREAS],
        "any_area": any(v.get("challenges") or v.get("resources") for v in inv.areas.values()),
        "notification": _notification(child, inv.notification_id),
        "can_work": can_work,
    }
    if can_work:
        ctx["areas_form"] = override.get("areas_form") or forms.InvestigationAreasForm(investigation=inv)
        ctx["preliminary_form"] = override.get("preliminary_form") or forms.PreliminaryForm(
            initial={"text": inv.preliminary_text}
        )
        ctx["conclude_form"] = override.get("conclude_form") or forms.InvestigationConcludeForm()
        ctx["preliminary_errors"] = "preliminary_form" in override
    return ctx


def _investigation(child: Child, iid: int) -> Investigation:
    return get_object_or_404(Investigation.objects.select_related("started_by"), child=child, pk=iid)


@login_required
def investigation_detail(request, pk: int, iid: int):
    child = _case_child(request, pk, "investigation")
    inv = _investigation(child, iid)
    return render(request, "cases/investigation.html", _investigation_context(request, child, inv))


def _investigation_action(request, pk: int, iid: int, form_name: str, make_form, perform, success: str):
    """POST handler shared by the investigation's forms: validate, call the service, or show the errors."""
    child = _owned_child(request, pk, "investigation")
    inv = _investigation(child, iid)
    form = make_form(inv)
    if submit(request, form, lambda _d: perform(inv, form), success):
        return redirect("cases:investigation", child.pk, inv.pk)
    context = _investigation_context(request, child, inv, **{form_name: form})
    return render(request, "cases/investigation.html", context, status=422)


@login_required
@require_POST
def investigation_areas(request, pk: int, iid: int):
    return _investigation_action(
        request,
        pk,
        iid,
        "areas_form",
        lambda inv: forms.InvestigationAreasForm(request.POST, investigation=inv),
        lambda inv, f: casework.investigation_update_areas(
            investigation=inv, actor=request.user, areas=f.areas_data()
        ),
        _("Udfordringer og ressourcer er gemt."),
    )


@login_required
@require_POST
def investigation_preliminary(request, pk: int, iid: int):
    return _investigation_action(
        request,
        pk,
        iid,
        "preliminary_form",
        lambda inv: forms.PreliminaryForm(request.POST),
        lambda inv, f: casework.investigation_preliminary(
            investigation=inv, actor=request.user, text=f.cleaned_data["text"]
        ),
        _("Den foreløbige vurdering er gemt."),
    )


@login_required
@require_POST
def investigation_conclude(request, pk: int, iid: int):
    return _investigation_action(
        request,
        pk,
        iid,
        "conclude_form",
        lambda inv: forms.InvestigationConcludeForm(request.POST),
        lambda inv, f: casework.investigation_conclude(
            investigation=inv,
            actor=request.user,
            conclusion=f.cleaned_data["conclusion"],
            concluded_on=f.cleaned_data["concluded_on"],
        ),
        _("Den børnefaglige undersøgelse er afsluttet."),
    )


# Børnesamtale (§ 5, stk. 3) and journal notes


@login_required
def conversation_new(request, pk: int):
    child = _owned_child(request, pk, "conversation_new")
    form = forms.ConversationForm(_bound(request))

    def perform(d):
        casework.conversation_record(
            child=child,
            actor=request.user,
            held_on=d["held_on"],
            child_view=d["child_view"],
            bisidder=d["bisidder"],
        )
        return _child_url(child, "conversations")

    return _form_page(
        request,
        child=child,
        template="cases/conversation_new.html",
        form=form,
        perform=perform,
        success=_("Børnesamtalen er registreret."),
    )


@login_required
def note_new(request, pk: int):
    child = _owned_child(request, pk, "note_new")
    form = forms.JournalNoteForm(_bound(request))

    def perform(d):
        casework.journal_note_write(
            child=child,
            actor=request.user,
            kind=d["kind"],
            happened_on=d["happened_on"],
            text=d["text"],
            for_family=bool(d["for_family"]),
        )
        return _child_url(child, "notes")

    return _form_page(
        request,
        child=child,
        template="cases/note_new.html",
        form=form,
        perform=perform,
        success=_("Journalnotatet er gemt."),
    )


@login_required
@require_POST
def note_share(request, pk: int, note_id: int):
    """Show a note to the family or hide it again (one button on the case page)."""
    child = _owned_child(request, pk, "note_share")
    note = get_object_or_404(JournalNote, child=child, pk=note_id)
    form = forms.NoteShareForm(request.POST)
    if form.is_valid():
        shown = form.cleaned_data["for_family"]
        try:
            casework.journal_note_share(note=note, actor=request.user, for_family=shown)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("Notatet vises nu for familien.") if shown else _("Notatet er skjult for familien."),
            )
    return redirect(_child_url(child, "notes"))


# Closing and reopening the case; access for others


@login_required
def case_close(request, pk: int):
    child = _owned_child(request, pk, "case_close")
    form = forms.ReasonForm(_bound(request), required_message=_("Skriv hvorfor sagen lukkes."))

    def perform(d):
        casework.case_close(child=child, actor=request.user, reason=d["reason"])
        return _child_url(child)

    case = child.cases.filter(closed_at__isnull=True).first()
    return _form_page(
        request,
        child=child,
        template="cases/case_status.html",
        form=form,
        perform=perform,
        success=_("Sagen er lukket."),
        context={"mode": "close", "case": case},
    )


@login_required
def case_reopen(request, pk: int):
    child = _owned_child(request, pk, "case_reopen")
    form = forms.ReasonForm(_bound(request), required_message=_("Skriv hvorfor sagen genåbnes."))

    def perform(d):
        casework.case_reopen(child=child, actor=request.user, reason=d["reason"])
        return _child_url(child)

    case = child.cases.filter(closed_at__isnull=True).first()
    last_closed = child.cases.filter(closed_at__isnull=False).order_by("-closed_at").first()
    return _form_page(
        request,
        child=child,
        template="cases/case_status.html",
        form=form,
        perform=perform,
        success=_("Sagen er genåbnet."),
        context={"mode": "reopen", "case": case, "last_closed": last_closed},
    )


@login_required
def access_grant(request, pk: int):
    child = _owned_child(request, pk, "case_access")
    form = forms.GrantAccessForm(_bound(request), child=child)

    def perform(d):
        casework.case_grant_access(child=child, actor=request.user, staff=d["staff"], reason=d["reason"])
        return reverse("cases:access", args=[child.pk])

    grants = list(
        child.access_grants.select_related("staff", "staff__team", "granted_by").order_by("granted_at")
    )
    return _form_page(
        request,
        child=child,
        template="cases/access.html",
        form=form,
        perform=perform,
        success=_("Medarbejderen har fået adgang til sagen."),
        context={"grants": grants},
    )
