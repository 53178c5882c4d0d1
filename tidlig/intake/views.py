"""Intake pages. Thin: forms validate the edge, services write, selectors read and log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core import prefill
from tidlig.core.forms import TidligForm, apply_errors, submit
from tidlig.core.limits import int_param
from tidlig.organisation.models import Role
from tidlig.people import services as people_services
from tidlig.timeline.selectors import PAGE_LIMIT, WORKLIST_LIMIT, obligations_for_source, reception_worklist

from . import forms, letters, permissions, selectors, services
from .models import Channel, Notification


def _require_role(request, *roles):
    if request.user.role not in roles:
        raise PermissionDenied(
            _("Siden er ikke for din rolle. Gå til din forside, eller bed din leder om adgang.")
        )


@login_required
def reception(request):
    _require_role(request, Role.RECEPTION)
    show_all = request.GET.get("alle") == "1"
    work = reception_worklist(request.user, limit=WORKLIST_LIMIT if show_all else PAGE_LIMIT)
    unrouted = list(
        Notification.objects.filter(
            municipality_id=request.user.municipality_id, team__isnull=True, screened_at__isnull=True
        )
        .select_related("child", "child__expecting_mother")
        .order_by("received_at")[:100]
    )
    return render(request, "intake/reception.html", {**work, "unrouted": unrouted})


def _notification_data(actor, form: forms.NotificationForm) -> tuple[services.NotificationData, dict]:
    """What the form says, as far as its fields are valid, and where the child lookup found a problem."""
    d = form.cleaned_data
    choice_field = "child_choice" if form.as_self and form.fields["child_choice"].choices else "child_cpr"
    lookup = services.notification_child(
        actor=actor,
        child_id=d.get("child_choice"),
        child_cpr=d.get("child_cpr", ""),
        unborn_mother_cpr=d.get("unborn_mother_cpr", ""),
        child_field="child_choice",
    )
    errors = dict(lookup.errors)
    if "child_cpr" in errors and not (form.data.get("child_cpr") or "").strip():
        errors[choice_field] = errors.pop("child_cpr")
    new_child = None
    if lookup.unknown_cpr:
        form.offer_new_child()
        first, last = d.get("new_child_first_name", ""), d.get("new_child_last_name", "")
        if first.strip() or last.strip():
            new_child = services.NewChild(cpr=lookup.unknown_cpr, first_name=first, last_name=last)
        else:
            errors["child_cpr"] = [
                _(
                    "Kommunen kender ikke et barn med dette CPR-nummer. Skriv barnets fornavn og efternavn "
                    "herunder, så oprettes barnet sammen med underretningen. Det, du har skrevet, er bevaret."
                )
            ]
    # The page hides the notifier and time fields from anyone but reception; the rule that they notify
    # as themselves, now, is the service's (`as_the_actor_may`), applied below as the service applies it.
    notifier = (
        None
        if form.as_self
        else services.NotifierData(
            kind=d.get("notifier_kind", ""),
            name=d.get("notifier_name", ""),
            role=d.get("notifier_role", ""),
            workplace=d.get("notifier_workplace", ""),
            email=d.get("notifier_email", ""),
            phone=d.get("notifier_phone", ""),
            address=d.get("notifier_address", ""),
            category=d.get("notifier_category", ""),
        )
    )
    data = services.NotificationData(
        child=lookup.child,
        new_child=new_child,
        received_at=None if form.as_self else d.get("received_at"),
        notifier=notifier,
        text=d.get("text", ""),
        reasons=d.get("reasons", []),
    )
    return data, errors


@login_required
def new(request):
    actor = request.user
    if not permissions.can_submit_notification(actor):
        raise PermissionDenied(
            _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den.")
        )
    children = selectors.children_to_pick(actor)
    form = forms.NotificationForm(
        request.POST or None,
        request.FILES or None,
        actor=actor,
        children=children,
        initial=_prefilled(request, children),
    )
    if request.method == "POST":
        # Every field is judged in this one round: the form's own checks, the child lookup and the
        # service's rules (time, notifier, text), so nothing waits for a second submit to be reported.
        form.is_valid()
        data, errors = _notification_data(actor, form)
        now = timezone.now()
        data = services.as_the_actor_may(actor, data, now=now)
        errors.update(services.notification_problems(data, now=now, checked=form.errors))
        if "attachments" not in form.errors:
            try:
                services.validate_attachments(
                    form.cleaned_data.get("attachments", []),
                    max_bytes=settings.ATTACHMENT_MAX_BYTES,
                    max_files=settings.ATTACHMENT_MAX_FILES,
                    max_total_bytes=settings.ATTACHMENT_MAX_TOTAL_BYTES,
                )
            except ValidationError as e:
                errors.update(e.message_dict)
        for name, messages_ in errors.items():
            if name not in form.errors or name not in form.fields:
                form.add_error(name if name in form.fields else None, messages_)
        if not form.errors:
            d = form.cleaned_data
            try:
                notification, created = services.notification_register(
                    actor=actor,
                    data=data,
                    attachments=d["attachments"],
                    idempotency_key=d["idempotency_key"],
                    channel=Channel.RECEPTION if actor.role == Role.RECEPTION else Channel.EDUCATOR,
                    max_attachment_bytes=settings.ATTACHMENT_MAX_BYTES,
                )
            except ValidationError as e:
                apply_errors(form, e)
            except services.IdempotencyConflict:
                form.add_error(None, _("Formularen er allerede sendt med andet indhold. Genindlæs siden."))
            else:
                prefill.forget(request, form="intake:new")
                messages.success(
                    request,
                    _("Underretningen er modtaget og registreret.")
                    if created
                    else _("Underretningen var allerede modtaget; den er ikke registreret to gange."),
                )
                if permissions.can_see_case(actor, notification):
                    return redirect("intake:detail", notification.pk)
                return redirect("intake:submitted")
    ctx = {
        "form": form,
        "children": children,
        "can_register_child": people_services.can_register_child(actor),
    }
    return render(request, "intake/new.html", ctx)


def _prefilled(request, children: list | None) -> dict:
    """`?barn=<id>` (from a concern or a red rating): the child picked, and the concern's observation
    if its page stashed one (tidlig.core.prefill). Only a child the actor may notify about."""
    child_id = int_param(request.GET.get("barn"))
    if request.method != "GET" or child_id is None:
        return {}
    child = selectors.children_to_notify_about(request.user).filter(pk=child_id).first()
    if child is None:
        return {}
    initial = prefill.take(request, form="intake:new", child_id=child.pk)
    if children is not None:
        initial["child_choice"] = child.pk
    elif child.cpr:
        initial["child_cpr"] = child.cpr_display
    return initial


@login_required
def submitted(request):
    _require_role(request, Role.EDUCATOR, Role.INSTITUTION_LEADER, Role.CASEWORKER, Role.TEAM_LEADER)
    rows = selectors.submitted_by(request.user)
    return render(request, "intake/submitted.html", {"rows": rows})


def _detail_context(request, n: Notification, **forms_override) -> dict:
    actor = request.user
    letter_rows = selectors.letters_with_outbox(n)
    waiting = {x.kind for x in letter_rows if x.sent_at is None}  # in the outbox, not sent yet
    ctx = {
        "n": n,
        "history": selectors.child_history(n),
        "obligations": obligations_for_source(services.SOURCE, n.pk),
        "letters": letter_rows,
        "attachments": list(n.attachments.all()),
        "can": {
            "acute": permissions.can_assess_acute(actor, n) and not n.acute_assessed_at,
            "receipt": permissions.can_handle_intake(actor, n)
            and not n.receipt_sent_at
            and "receipt" not in waiting
            and n.notifier_kind != "anonymous",
            "route": permissions.can_route(actor, n) and not n.screened_at,
            "assign": permissions.can_assign(actor, n),
            "screen": permissions.can_handle_case(actor, n) and not n.screened_at,
            "feedback": permissions.can_handle_case(actor, n)
            and n.notifier_kind == "professional"
            and not n.feedback_sent_at
            and "feedback" not in waiting
            and n.screened_at is not None,
            "reassess": permissions.can_handle_case(actor, n)
            and n.child_had_ongoing_measure
            and not n.reassessed_at,
        },
    }
    acts_on_letters = permissions.can_handle_intake(actor, n) or permissions.can_handle_case(actor, n)
    for x in ctx["letters"]:  # "Send på papir i stedet" for a letter the outbox could not (or cannot) send
        if acts_on_letters and x.outbox is not None and x.outbox.needs_paper:
            mine = forms_override.get("paper_for") == x.outbox.pk
            x.paper_form = (
                forms_override["paper_form"]
                if mine
                else forms.LetterPaperForm(auto_id=f"id_paper_{x.outbox.pk}_%s")
            )
            x.paper_open = mine
    if ctx["can"]["acute"]:
        ctx["acute_form"] = forms_override.get("acute_form") or forms.AcuteForm()
    if ctx["can"]["receipt"]:
        ctx["receipt_form"] = forms_override.get("receipt_form") or forms.LetterForm(
            initial=letters.receipt_draft(n).__dict__, prefix="receipt"
        )
    if ctx["can"]["route"]:
        ctx["route_form"] = forms_override.get("route_form") or forms.RouteForm(
            municipality_id=n.municipality_id, initial={"team": n.team_id}
        )
    if ctx["can"]["assign"]:
        ctx["assign_form"] = forms_override.get("assign_form") or forms.AssignForm(
            team_id=n.team_id or actor.team_id, initial={"caseworker": n.assignee_id}
        )
    if ctx["can"]["screen"]:
        ctx["screen_form"] = forms_override.get("screen_form") or forms.ScreeningForm()
    if ctx["can"]["feedback"]:
        ctx["feedback_facts"] = facts = letters.feedback_facts(n)
        ctx["feedback_form"] = forms_override.get("feedback_form") or forms.LetterForm(
            initial=letters.feedback_draft(n, facts).__dict__, prefix="feedback"
        )
        ctx["waiver_form"] = forms_override.get("waiver_form") or forms.WaiverForm()
    if ctx["can"]["reassess"]:
        ctx["reassess_form"] = forms_override.get("reassess_form") or forms.ReassessmentForm(
            municipality_id=n.municipality_id
        )
    return ctx


@login_required
def detail(request, pk: int):
    n = selectors.notification_for(request.user, pk)
    return render(request, "intake/detail.html", _detail_context(request, n))


def _action(request, pk: int, form_name: str, make_form, perform, success: str):
    """POST handler shared by every action: validate, call the service, or show the page with the errors."""
    n = selectors.notification_for(request.user, pk)
    form = make_form(n)
    if submit(request, form, lambda d: perform(n, d), success):
        return redirect("intake:detail", n.pk)
    return render(request, "intake/detail.html", _detail_context(request, n, **{form_name: form}), status=422)


@login_required
@require_POST
def acute(request, pk: int):
    return _action(
        request,
        pk,
        "acute_form",
        lambda n: forms.AcuteForm(request.POST),
        lambda n, d: services.notification_assess_acute(
            notification=n, actor=request.user, danger=d["danger"], note=d["note"]
        ),
        _("Den akutte vurdering er registreret."),
    )


@login_required
@require_POST
def receipt(request, pk: int):
    digital = request.POST.get("receipt-medium") == "digital_post"
    return _action(
        request,
        pk,
        "receipt_form",
        lambda n: forms.LetterForm(request.POST, prefix="receipt"),
        lambda n, d: services.notification_send_receipt(notification=n, actor=request.user, **d),
        _("Kvitteringen er lagt i udbakken og sendes med Digital Post.")
        if digital
        else _("Kvitteringen er registreret som sendt."),
    )


@login_required
@require_POST
def route(request, pk: int):
    response = _action(
        request,
        pk,
        "route_form",
        lambda n: forms.RouteForm(request.POST, municipality_id=n.municipality_id),
        lambda n, d: services.notification_route(notification=n, actor=request.user, team=d["team"]),
        _("Underretningen er sendt til teamet."),
    )
    if (
        response.status_code == 302
        and not selectors.notifications_visible_to(request.user).filter(pk=pk).exists()
    ):
        # A team leader who sent it to another team no longer sees it: back to the list, not to a 404.
        return redirect("home")
    return response


@login_required
@require_POST
def assign(request, pk: int):
    response = _action(
        request,
        pk,
        "assign_form",
        lambda n: forms.AssignForm(request.POST, team_id=n.team_id or request.user.team_id),
        lambda n, d: services.notification_assign(
            notification=n, actor=request.user, caseworker=d["caseworker"]
        ),
        _("Underretningen er fordelt."),
    )
    next_url = request.POST.get("next", "")
    if (
        response.status_code == 302
        and next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(next_url)
    return response


@login_required
@require_POST
def screen(request, pk: int):
    return _action(
        request,
        pk,
        "screen_form",
        lambda n: forms.ScreeningForm(request.POST),
        lambda n, d: services.notification_screen(
            notification=n, actor=request.user, decision=d["decision"], note=d["note"]
        ),
        _(
            "Screeningen er registreret. Ved en børnefaglig undersøgelse er undersøgelsen startet, og fristen på "
            "4 måneder (§ 20, stk. 3) står på barnets side."
        )
        if request.POST.get("decision") == "undersoegelse"
        else _("Screeningen er registreret."),
    )


@login_required
@require_POST
def feedback(request, pk: int):
    return _action(
        request,
        pk,
        "feedback_form",
        lambda n: forms.LetterForm(request.POST, prefix="feedback"),
        lambda n, d: services.notification_send_feedback(notification=n, actor=request.user, **d),
        _("Tilbagemeldingen er registreret som sendt."),
    )


@login_required
@require_POST
def waive_feedback(request, pk: int):
    return _action(
        request,
        pk,
        "waiver_form",
        lambda n: forms.WaiverForm(request.POST),
        lambda n, d: services.notification_waive_feedback(
            notification=n, actor=request.user, reason=d["reason"]
        ),
        _("Det er registreret, at der ikke gives tilbagemelding."),
    )


@login_required
@require_POST
def reassess(request, pk: int):
    return _action(
        request,
        pk,
        "reassess_form",
        lambda n: forms.ReassessmentForm(request.POST, municipality_id=n.municipality_id),
        lambda n, d: services.notification_reassess(
            notification=n,
            actor=request.user,
            participants=list(d["participants"]),
            conclusion=d["conclusion"],
        ),
        _("Genvurderingen er registreret."),
    )


@login_required
def letter(request, pk: int, letter_id: int):
    n = selectors.notification_for(request.user, pk)
    return render(request, "intake/letter.html", {"n": n, "letter": selectors.letter_of(n, letter_id)})


@login_required
@require_POST
def letter_paper(request, pk: int, letter_id: int):
    """ "Send på papir i stedet": the letter waiting in the outbox went by paper post (the fallback)."""
    n = selectors.notification_for(request.user, pk)
    form = forms.LetterPaperForm(request.POST, auto_id=f"id_paper_{letter_id}_%s")
    if submit(
        request,
        form,
        lambda d: services.notification_letter_paper(
            notification=n, letter_id=letter_id, actor=request.user, sent_on=d["sent_on"]
        ),
        _("Brevet er registreret som sendt med posten."),
    ):
        return redirect("intake:detail", n.pk)
    ctx = _detail_context(request, n, paper_form=form, paper_for=letter_id)
    return render(request, "intake/detail.html", ctx, status=422)


@login_required
@require_POST
def letter_retry(request, pk: int, letter_id: int):
    return _action(
        request,
        pk,
        "retry_form",
        lambda n: TidligForm(request.POST),
        lambda n, d: services.notification_letter_retry(
            notification=n, letter_id=letter_id, actor=request.user
        ),
        _("Brevet sendes igen med Digital Post."),
    )


@login_required
def attachment(request, pk: int, attachment_id: int):
    n = selectors.notification_for(request.user, pk)
    a = selectors.attachment_of(n, attachment_id)
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.original_name)


@login_required
def child_new(request):
    actor = request.user
    if not people_services.can_register_child(actor):
        raise PermissionDenied(_("Du kan ikke oprette børn. Bed modtagelsen om at oprette barnet."))
    child_form = forms.ChildForm(
        request.POST if request.POST.get("kind") == "child" else None,
        municipality_id=actor.municipality_id,
        prefix="child",
        initial={"cpr": request.GET.get("cpr", "")},
    )
    unborn_form = forms.UnbornForm(
        request.POST if request.POST.get("kind") == "unborn" else None, prefix="unborn"
    )
    if request.method == "POST":
        form = child_form if request.POST.get("kind") == "child" else unborn_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is child_form:
                    child = people_services.child_register(
                        actor=actor,
                        cpr=d["cpr"],
                        first_name=d["first_name"],
                        last_name=d["last_name"],
                        institution=d["institution"],
                        address=d["address"],
                    )
                else:
                    child = people_services.unborn_child_register(
                        actor=actor,
                        mother_cpr=d["mother_cpr"],
                        mother_first_name=d["mother_first_name"],
                        mother_last_name=d["mother_last_name"],
                        expected_birth=d["expected_birth"],
                        address=d["address"],
                    )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("%(name)s er oprettet. Gå tilbage til underretningen og send den.")
                    % {"name": child.display_name},
                )
                return redirect("intake:child_new")
    return render(request, "intake/child_new.html", {"child_form": child_form, "unborn_form": unborn_form})
