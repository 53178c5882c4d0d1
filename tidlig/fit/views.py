"""FIT pages: the child's FIT overview with the trajectory charts, sessions, the tablet and one-time-link
sliders, and the professional's alerts. Thin: selectors decide who sees (and log it), services write."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.audit.context import client_ip
from tidlig.core.forms import apply_errors, submit
from tidlig.rules import aggregates as agg

from . import charts, forms, scoring, selectors, services
from .models import FitLink, Rating

# The one-time link's page answers no more than this many requests per client address in the window
# (a guessed token is 256 bits, so this is against noise, not a real guessing risk).
LINK_RATE = 30
LINK_WINDOW_SECONDS = 600


@login_required
def child(request, child_id: int):
    fit = selectors.child_fit(request.user, child_id)
    return render(
        request,
        "fit/child.html",
        {
            "fit": fit,
            "child": fit.child,
            "figures": [charts.trajectory_figure(t) for t in fit.trajectories],
            "trajectories": fit.trajectories,
            "youth_cutoff_missing": fit.rules.cutoff(scoring.Band.YOUTH) is None,
        },
    )


@login_required
def respondent_new(request, child_id: int):
    fit = selectors.child_fit(request.user, child_id)
    form = forms.RespondentForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.respondent_add(
                child=fit.child, actor=request.user, role=d["role"], first_name=d["first_name"]
            ),
            _("Respondenten er tilføjet."),
        )
        if done:
            return redirect(reverse("fit:child", args=[fit.child.pk]))
        status = 422
    else:
        status = 200
    ctx = {"child": fit.child, "form": form, "title": _("Tilføj respondent")}
    return render(request, "fit/form.html", ctx, status=status)


@login_required
def session_new(request, child_id: int):
    fit = selectors.child_fit(request.user, child_id)
    form = forms.SessionForm(request.POST or None, respondents=fit.respondents)
    if request.method == "POST":
        session = submit(
            request,
            form,
            lambda d: services.session_open(
                child=fit.child, actor=request.user, held_on=d["held_on"], respondent_ids=d["respondents"]
            ),
            _("Sessionen er oprettet."),
        )
        if session:
            return redirect(reverse("fit:session", args=[session.pk]))
        status = 422
    else:
        status = 200
    ctx = {"child": fit.child, "form": form, "title": _("Ny FIT-session")}
    return render(request, "fit/form.html", ctx, status=status)


@login_required
def session(request, pk: int):
    s = selectors.session_for(request.user, pk)
    ratings = selectors.session_ratings(s)
    pending = any(r.outcome_total is None or r.alliance_total is None for r in ratings)
    rules = services.settings_for(s.municipality_id).rules()
    rows = [_rating_row(r, rules) for r in ratings]
    return render(
        request,
        "fit/session.html",
        {"session": s, "child": s.child, "rows": rows, "poll": pending},
    )


def _shown_items(items) -> str:
    return " · ".join(number_format(v, 1) for v in items or [])


def _rating_row(r: Rating, rules: scoring.Rules) -> dict:
    below = None
    if r.outcome_total is not None:
        below = scoring.below_cutoff(r.outcome_total, scoring.Band(r.band), rules)
    concerns = []
    if r.alliance_total is not None:
        concerns = [a.reasons for a in r.alerts.all() if a.kind == "alliance"]
    return {
        "rating": r,
        "outcome_items": _shown_items(r.items("outcome")),
        "alliance_items": _shown_items(r.items("alliance")),
        "below": below,
        "cutoff": rules.cutoff(scoring.Band(r.band)),
        "alliance_concern": bool(concerns),
        "alerts": list(r.alerts.all()),
    }


@login_required
@require_POST
def link_new(request, pk: int, part: str):
    rating = selectors.rating_for(request.user, pk)
    try:
        link, token = services.link_create(rating=rating, part=part, actor=request.user)
    except ValidationError as e:
        raise PermissionDenied(" ".join(e.messages)) from e
    url = request.build_absolute_uri(reverse("fit:answer", args=[token]))
    return render(
        request,
        "fit/link.html",
        {
            "rating": rating,
            "child": rating.session.child,
            "link": link,
            "url": url,
            "session": rating.session,
        },
    )


@login_required
def fill(request, pk: int, part: str):
    """The sliders on the professional's tablet at the meeting (signed in; the family holds the tablet)."""
    rating = selectors.rating_for(request.user, pk)
    if part not in services.PARTS:
        raise Http404
    form = forms.ItemsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_answer(
                rating=rating, part=part, items=form.items(), via=Rating.Via.TABLET, actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(reverse("fit:session", args=[rating.session_id]))
    ctx = _sliders_context(rating, part, form)
    ctx["child"] = rating.session.child
    return render(request, "fit/fill.html", ctx, status=422 if form.errors else 200)


def _sliders_context(rating: Rating, part: str, form) -> dict:
    instrument = rating.instrument(part)
    items = selectors.wording(rating.session.municipality_id, instrument)
    for it in items:
        name = f"item{it['n']}"
        it["name"] = name
        raw = form.data.get(name) if form.is_bound else None
        it["value"] = raw if raw not in (None, "") else "5.0"
        it["errors"] = form.errors.get(name, [])
        form.fields[name].label = it["label"]  # the error summary names the item as the page does
    return {
        "rating": rating,
        "part": part,
        "instrument": instrument,
        "items": items,
        "form": form,
        "first_name": rating.respondent.first_name,
        "is_alliance": part == "alliance",
    }


def _limited(request) -> bool:
    # The client's own address, also behind the trusted proxy (AUDIT_CLIENT_IP_HEADER), as the log keeps it.
    key = "fit-link-rate:" + (client_ip(request) or "?")
    cache.add(key, 0, LINK_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > LINK_RATE


def answer(request, token: str):
    """The family's one-time link: no login, only the first name and four sliders. A wrong, used or
    expired token gives the same 404 page, so nothing is learnt from trying."""
    if _limited(request):
        return HttpResponse(_("For mange forsøg. Prøv igen om lidt."), status=429, content_type="text/plain")
    link: FitLink | None = services.link_valid(token)
    if link is None:
        return render(request, "fit/answer_gone.html", status=404)
    form = forms.ItemsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_answer(token=token, items=form.items())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return render(request, "fit/answer_done.html", {"first_name": link.rating.respondent.first_name})
    ctx = _sliders_context(link.rating, link.part, form)
    return render(request, "fit/answer.html", ctx, status=422 if form.errors else 200)


@login_required
def alerts(request):
    return render(request, "fit/alerts.html", {"alerts": selectors.my_alerts(request.user)})


@login_required
@require_POST
def alert_seen(request, pk: int):
    alert = selectors.alert_for(request.user, pk)
    services.alert_seen(alert=alert, actor=request.user)
    return redirect(
        request.POST.get("next")
        if request.POST.get("next") == reverse("fit:alerts")
        else reverse("fit:child", args=[alert.child_id])
    )


@login_required
def statistics(request):
    from . import statistics as stats

    s = stats.team_statistics(request.user)
    labels = [_("Pålidelig forbedring"), _("Pålidelig forværring"), _("Ingen pålidelig ændring")]
    benchmark = [
        "{}–{} %".format(*scoring.BENCHMARK_RELIABLE_CHANGE),
        "{}–{} %".format(*scoring.BENCHMARK_DETERIORATION),
        "",
    ]
    rows = [
        {
            "label": label,
            "count": agg.mark(s.outcome.cells[i], s.outcome.reasons[i]),
            "share": agg.share_mark(s.outcome.shares[i]),
            "benchmark": benchmark[i],
        }
        for i, label in enumerate(labels)
    ]
    shown = [[r["count"], r["share"]] for r in rows] + [
        [agg.mark(s.outcome.total, s.outcome.total_reason)],
        [agg.mark(s.srs.cells[0], s.srs.reasons[0]), agg.share_mark(s.srs_share)],
        [agg.mark(s.srs.total, s.srs.total_reason)],
    ]
    used = agg.marks_in(shown)
    notes = [
        _(agg.NOTE_SMALL) if used["small"] else "",
        _(agg.NOTE_COMPLEMENTARY) if used["complementary"] else "",
        _(agg.NOTE_NO_SHARE) if used["no_share"] else "",
    ]
    rci = [
        {
            "instrument": r.instrument,
            "respondents": agg.mark(agg.suppress(r.respondents), agg.reason_of(r.respondents)),
            "enough": r.enough,
            "rci": None if r.rci is None else number_format(r.rci, 1),
            "sd": None if r.sd is None else number_format(r.sd, 1),
        }
        for r in s.rci
    ]
    return render(
        request,
        "fit/statistics.html",
        {
            "s": s,
            "rows": rows,
            "total": agg.mark(s.outcome.total, s.outcome.total_reason),
            "srs_count": agg.mark(s.srs.cells[0], s.srs.reasons[0]),
            "srs_total": agg.mark(s.srs.total, s.srs.total_reason),
            "srs_share": agg.share_mark(s.srs_share),
            "notes": [n for n in notes if n],
            "rci": rci,
            "reliable_change": number_format(s.rules.reliable_change, 1),
        },
    )
