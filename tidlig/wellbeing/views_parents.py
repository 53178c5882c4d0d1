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
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.people.models import Child

from .parents_selectors import child_and_institutions, institution_names, parents_record


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
        "institution_names": institution_names(institutions),
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
    child, institutions = child_and_institutions(request.user, child_id, what="wellbeing_parents")
    return HttpResponse(_html(request, child, institutions, screen=True))


@login_required
def parents_pdf(request, child_id: int):
    import weasyprint  # heavy; only the PDF view needs it

    child, institutions = child_and_institutions(request.user, child_id, what="wellbeing_parents_pdf")
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
