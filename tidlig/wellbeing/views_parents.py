"""What is recorded about a child, written for the parents: on screen, printed, and as a PDF.

The parents' right of access (databeskyttelsesforordningens art. 15): the child's group educators or the
institution leader open it with the parents. It shows what the actor's own institution recorded in
Tidlig's early-detection part — ratings with indicators and follow-ups, handovers, concerns with their
notes, named items from the cross-disciplinary team with their minutes, and early advice courses — so a
school never sees the daycare's ratings through it. Like letters to citizens it is always in Danish;
the same HTML (CSS inline, nothing fetched) is the printout and, through WeasyPrint, the PDF.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.concerns.models import Concern
from tidlig.crossteam.models import EarlyCourse, MeetingItem
from tidlig.organisation.models import Institution, Role
from tidlig.people.models import Child

from .access import groups_for
from .models import Indicator, Rating, Transition


def _child_and_institutions(request, child_id: int, what: str) -> tuple[Child, set[int]]:
    """The child, if the actor is an educator of its group or its institution's leader, and their institutions."""
    actor = request.user
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        raise Http404
    child = get_object_or_404(Child, pk=child_id, municipality_id=actor.municipality_id)
    institutions = set(
        groups_for(actor)
        .filter(members__child=child, members__left_on__isnull=True)
        .values_list("institution_id", flat=True)
    )
    if not institutions:
        raise Http404
    audit.record_access(actor=actor, child_ids=[child.pk], what=what)
    return child, institutions


def parents_record(child: Child, institutions: set[int]) -> dict:
    """Everything the institutions recorded about the child in early detection, oldest first."""
    titles = {str(i.pk): i.title for i in Indicator.objects.filter(municipality_id=child.municipality_id)}
    ratings = list(
        Rating.objects.filter(child=child, institution_id__in=institutions)
        .select_related("period", "rater", "follow_up", "institution")
        .order_by("rated_at", "pk")
    )
    colours = dict(Rating._meta.get_field("colour").choices)
    for r in ratings:
        r.indicator_rows = [(titles.get(k, "?"), colours.get(v, v)) for k, v in r.indicators.items()]
        r.follow = getattr(r, "follow_up", None)
    return {
        "ratings": ratings,
        "transitions": list(
            Transition.objects.filter(
                Q(from_institution_id__in=institutions) | Q(to_institution_id__in=institutions), child=child
            ).select_related("from_institution", "to_institution", "consent_by", "written_by")
        ),
        "concerns": list(
            Concern.objects.filter(child=child, institution_id__in=institutions)
            .select_related("raised_by")
            .prefetch_related("entries__step", "entries__recorded_by")
            .order_by("observed_on", "pk")
        ),
        "items": list(
            MeetingItem.objects.filter(
                child=child, kind=MeetingItem.Kind.NAMED, institution_id__in=institutions
            ).select_related("meeting", "consent_by")
        ),
        "courses": list(
            EarlyCourse.objects.filter(child=child, institution_id__in=institutions)
            .select_related("social_worker")
            .prefetch_related("criteria")
        ),
    }


def _html(request, child: Child, institutions: set[int], *, screen: bool) -> str:
    links = (
        [
            (reverse("wellbeing:index"), _("← Tilbage")),
            (reverse("wellbeing:parents_pdf", args=[child.pk]), _("Hent som PDF")),
        ]
        if screen
        else None
    )
    municipality = child.municipality
    context = {
        "child": child,
        "municipality": municipality,
        "institution_names": ", ".join(
            Institution.objects.filter(pk__in=institutions).order_by("name").values_list("name", flat=True)
        ),
        "retention_months": municipality.wellbeing_retention_months,
        "today": timezone.localdate(),
        "links": links,
        "print_label": _("Udskriv"),
        "csp_nonce": get_nonce(request),  # the <style> of this standalone document (Content Security Policy)
        **parents_record(child, institutions),
    }
    with translation.override("da"):
        return render_to_string("wellbeing/parents.html", context)


@login_required
def parents(request, child_id: int):
    child, institutions = _child_and_institutions(request, child_id, "wellbeing_parents")
    return HttpResponse(_html(request, child, institutions, screen=True))


@login_required
def parents_pdf(request, child_id: int):
    import weasyprint  # heavy; only the PDF view needs it

    child, institutions = _child_and_institutions(request, child_id, "wellbeing_parents_pdf")
    html = _html(request, child, institutions, screen=False)
    # Only data: URLs; anything else is refused, so rendering never touches the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    pdf = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher
    ).write_pdf()
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="trivsel-barn-{child.pk}.pdf"'},
    )
