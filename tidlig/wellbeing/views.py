"""Rating children's well-being: the start page, a group's sheet (own and joint), follow-ups, history.

Thin: forms check the input, `services` decide and write, `selectors` read and log the reads.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tidlig.core.forms import apply_errors
from tidlig.core.limits import int_param
from tidlig.organisation.models import Role

from . import access, forms, selectors, services
from .models import Colour, Rating, RatingPeriod


@login_required
def index(request):
    """Where each role starts: educators their groups, the leader the institution, managers the overview."""
    user = request.user
    if user.role in (Role.MANAGER, Role.ANALYST):
        return redirect("wellbeing:overview")
    if user.role == Role.HEALTH_VISITOR:
        return health_visitor_list(request)
    if user.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        raise PermissionDenied(_("Trivselsvurderinger er for dagtilbud og skoler. Gå til din forside."))
    today = timezone.localdate()
    groups = list(selectors.groups_of(user).order_by("name"))
    periods = selectors.open_periods(groups, today=today)
    counts = selectors.sheet_progress(groups, periods, actor=user)
    rows = [(g, periods.get(g.institution_id), counts.get(g.pk, (0, 0, 0))) for g in groups]
    has_school = any(g.institution.kind == "school" for g in groups) or (
        user.institution is not None and user.institution.kind == "school"
    )
    return render(request, "wellbeing/index.html", {"rows": rows, "today": today, "has_school": has_school})


@login_required
def group(request, group_id: int):
    g = selectors.group_for(request.user, group_id)
    today = timezone.localdate()
    period_id = request.GET.get("periode")
    period = selectors.period_for(g, today=today, period_id=int_param(period_id))
    if period is None:
        return render(request, "wellbeing/group.html", {"group": g, "period": None, "rows": []})
    rows = selectors.group_sheet(request.user, g, period, what="wellbeing_group")
    unrated = sum(1 for r in rows if r.mine is None and r.previous is not None)
    first = next((r for r in rows if r.mine is None), rows[0] if rows else None)
    return render(
        request,
        "wellbeing/group.html",
        {
            "group": g,
            "period": period,
            "rows": rows,
            "is_open": period.is_open(today),
            "can_rate": request.user.role == Role.EDUCATOR,
            "rated": sum(1 for r in rows if r.mine),
            "unrated_with_previous": unrated,
            "periods": RatingPeriod.objects.filter(institution_id=g.institution_id, opens_on__lte=today),
            "colours": Colour.choices,
            "first_focus": first.child.pk if first else None,
        },
    )


def _status(request, *, child, rating=None, error=None, status=200, progress=None):
    red = rating is not None and rating.colour == Colour.RED
    return render(
        request,
        "wellbeing/_status.html",
        {
            "child": child,
            "rating": rating,
            "error": error,
            "progress": progress,
            "red_next": selectors.red_next(request.user, child) if red else None,
        },
        status=status,
    )


def _record(request, record, group, period, child) -> tuple[Rating | None, str | None]:
    """Run the colour form through a rating service: the rating, or a Danish error to show instead."""
    form = forms.ColourForm(request.POST)
    if not form.is_valid():
        return None, " ".join(m for errs in form.errors.values() for m in errs)
    try:
        rating = record(
            actor=request.user,
            group=group,
            period=period,
            child=child,
            colour=form.cleaned_data["colour"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as e:
        return None, " ".join(e.messages)
    return rating, None


@login_required
@require_POST
def rate(request, group_id: int, period_id: int, child_id: int):
    """Save the actor's own rating of one child; with htmx only the row's status answers."""
    g, period, child = selectors.sheet_parts(request.user, group_id, period_id, child_id)
    rating, error = _record(request, services.rating_record, g, period, child)
    if request.htmx:
        # The row's status, and the page's "rated n of m" line out of band.
        progress = selectors.my_progress(request.user, g, period)
        return _status(
            request, child=child, rating=rating, error=error, status=422 if error else 200, progress=progress
        )
    if error:
        messages.error(request, f"{child.display_name}: {error}")
    else:
        messages.success(request, _("%(child)s er vurderet.") % {"child": child.display_name})
        if rating.colour == Colour.RED:
            return redirect(
                reverse("wellbeing:red_next", args=[child.pk]) + f"?gruppe={g.pk}&periode={period.pk}"
            )
    return redirect(reverse("wellbeing:group", args=[g.pk]) + f"?periode={period.pk}#child-{child.pk}")


@login_required
@require_POST
def confirm_unchanged(request, group_id: int, period_id: int):
    g, period, _child = selectors.sheet_parts(request.user, group_id, period_id)
    try:
        n = services.ratings_confirm_unchanged(actor=request.user, group=g, period=period)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d barn er vurderet som uændret siden sidste periode.",
                "%(n)d børn er vurderet som uændrede siden sidste periode.",
                n,
            )
            % {"n": n},
        )
    return redirect(reverse("wellbeing:group", args=[g.pk]) + f"?periode={period.pk}")


@login_required
def joint(request, group_id: int, period_id: int):
    g, period, _child = selectors.sheet_parts(request.user, group_id, period_id)
    # In the team dialogue the colours are on the table, but only for the children the educator has
    # rated herself: independent ratings first (colleagues' unseen colours show only as "rated").
    rows = selectors.group_sheet(request.user, g, period, what="wellbeing_joint", flag_unseen=True)
    return render(
        request,
        "wellbeing/joint.html",
        {
            "group": g,
            "period": period,
            "rows": rows,
            "is_open": period.is_open(timezone.localdate()),
            "agreed_without_joint": sum(1 for r in rows if r.agreed and not r.joint),
            "colours": Colour.choices,
        },
    )


@login_required
@require_POST
def joint_rate(request, group_id: int, period_id: int, child_id: int):
    g, period, child = selectors.sheet_parts(request.user, group_id, period_id, child_id)
    back = reverse("wellbeing:joint", args=[g.pk, period.pk]) + f"#child-{child.pk}"
    rating, error = _record(request, services.joint_record, g, period, child)
    if error:
        messages.error(request, f"{child.display_name}: {error}")
        return redirect(back)
    if rating.colour != Colour.GREEN:
        messages.info(request, _("Fælles vurdering gemt. Skriv nu fokuspunkter og hvad I gør."))
        return redirect("wellbeing:follow_up", rating.pk)
    messages.success(request, _("Fælles vurdering af %(child)s er gemt.") % {"child": child.display_name})
    return redirect(back)


@login_required
@require_POST
def joint_agreed(request, group_id: int, period_id: int):
    g, period, _child = selectors.sheet_parts(request.user, group_id, period_id)
    try:
        n = services.joint_confirm_agreed(actor=request.user, group=g, period=period)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d fælles vurdering er gemt, hvor I var enige.",
                "%(n)d fælles vurderinger er gemt, hvor I var enige.",
                n,
            )
            % {"n": n},
        )
    return redirect("wellbeing:joint", g.pk, period.pk)


@login_required
def follow_up(request, rating_id: int):
    rating = selectors.joint_rating_for(request.user, rating_id)
    existing = getattr(rating, "follow_up", None)
    initial = {f: getattr(existing, f) for f in forms.FollowUpForm.base_fields} if existing else {}
    initial.update({f"indicator_{key}": colour for key, colour in rating.indicators.items()})
    form = forms.FollowUpForm(
        request.POST or None,
        initial=initial,
        indicators=selectors.indicators_for(rating.municipality_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(
                actor=request.user, rating=rating, indicators=form.indicator_values(), **form.follow_up_data()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect(
                reverse("wellbeing:joint", args=[rating.group_id, rating.period_id])
                + f"#child-{rating.child_id}"
            )
    selectors.child_history(request.user, rating.child)  # logs the read
    return render(
        request,
        "wellbeing/follow_up.html",
        {
            "rating": rating,
            "form": form,
            "red_next": selectors.red_next(request.user, rating.child)
            if rating.colour == Colour.RED
            else None,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def child(request, child_id: int):
    today = timezone.localdate()
    c = access.children_visible_to(request.user, today=today).filter(pk=child_id).first()
    if c is None:
        raise Http404(
            _("Barnet findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")
        )
    return render(
        request,
        "wellbeing/child.html",
        {
            "child": c,
            "ratings": selectors.child_history(request.user, c),
            "indicators": {str(i.pk): i.title for i in selectors.indicators_for(c.municipality_id)},
        },
    )


@login_required
def red_next(request, child_id: int):
    """After a red rating without htmx (and the health visitor's): the next steps, one click each."""
    c = selectors.visible_child(request.user, child_id, what="wellbeing_red_next")
    if c is None:
        raise Http404(
            _("Barnet findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")
        )
    back = reverse("wellbeing:index")
    if group_id := int_param(request.GET.get("gruppe")):
        back = reverse("wellbeing:group", args=[group_id])
        if period_id := int_param(request.GET.get("periode")):
            back += f"?periode={period_id}#child-{c.pk}"
    return render(
        request, "wellbeing/red_next.html", {"next": selectors.red_next(request.user, c), "back": back}
    )


@login_required
def health_visitor_list(request):
    if request.user.role != Role.HEALTH_VISITOR:
        raise PermissionDenied(_("Kun sundhedsplejersker. Bed barnets sundhedsplejerske om hjælp."))
    today = timezone.localdate()
    rows = selectors.health_visitor_due(request.user, today=today)
    return render(request, "wellbeing/health_visitor_list.html", {"rows": rows, "today": today})


@login_required
def health_visitor_rate(request, child_id: int):
    today = timezone.localdate()
    c = access.health_visitor_children(request.user, today=today).filter(pk=child_id).first()
    if c is None:
        raise Http404(
            _("Barnet findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")
        )
    form = forms.HealthVisitorForm(request.POST or None, initial={"rated_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.health_visitor_rate(actor=request.user, child=c, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Vurderingen af %(child)s er gemt.") % {"child": c.display_name})
            if form.cleaned_data["colour"] == Colour.RED:
                return redirect("wellbeing:red_next", c.pk)
            return redirect("wellbeing:index")
    return render(
        request,
        "wellbeing/health_visitor_rate.html",
        {"child": c, "form": form},
        status=422 if request.method == "POST" else 200,
    )
