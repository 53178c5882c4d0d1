"""The family's pages (thin): sign in, "Mine børn", one child. Reads go through selectors.py and access.py."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from tidlig.accounts.network import client_ip
from tidlig.interventions import letters as decision_letters
from tidlig.network import ics

from . import citizen as citizens
from . import oidc, selectors, services, texts
from .access import citizen_required
from .models import DemoCitizen

NEXT_KEY = "tidlig_citizen_next"
REFUSAL_KEY = "tidlig_citizen_refusal"


def _safe_next(request, value: str | None) -> str:
    """Only a family page may be the place to go after signing in."""
    home = reverse("family:home")
    if (
        value
        and value.startswith(home)
        and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return value
    return home


def _refused(request, reason: str) -> HttpResponseRedirect:
    services.sign_in_refused(reason=reason, ip=client_ip(request))
    request.session[REFUSAL_KEY] = reason
    return HttpResponseRedirect(reverse("family:refused"))


@require_GET
def sign_in(request):
    """Where a family starts: sign in with MitID (or, in the demo, as a synthetic person)."""
    if citizens.current(request) is not None:
        return redirect("family:home")
    ended = request.session.pop(citizens.ENDED_KEY, "")
    next_url = _safe_next(request, request.GET.get("next"))
    return render(
        request,
        "family/sign_in.html",
        {
            "oidc_enabled": oidc.enabled(),
            "demo_enabled": settings.CITIZEN_DEMO_LOGIN,
            "provider": settings.CITIZEN_OIDC_PROVIDER_NAME,
            "ended": ended,
            "next": next_url,
        },
    )


class OidcStart(OIDCAuthenticationRequestView):
    """Send the citizen to the broker (state, nonce and PKCE by the library), counted for the rate limit."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # endpoints are looked up per request

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            services.sign_in_start(ip=client_ip(request), via="oidc")
        except services.TooManyAttempts:
            return render(request, "family/refused.html", {"message": oidc.REFUSALS["too_many"]}, status=429)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except Exception:  # noqa: BLE001 — the broker's discovery document is unreachable or broken
            return _refused(request, "unavailable")
        self.OIDC_RP_CLIENT_ID = settings.CITIZEN_OIDC_RP_CLIENT_ID
        request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
        response = super().get(request)
        request.session.pop("oidc_login_next", None)  # the staff flow's key: never used for a citizen
        return response


@require_GET
def oidc_callback(request):
    """The broker sends the citizen back with a code; the tokens are checked and the CPR read (oidc.py)."""
    if not oidc.enabled():
        raise Http404
    state, code = request.GET.get("state"), request.GET.get("code")
    states = request.session.get("oidc_states") or {}
    entry = states.pop(state, None) if isinstance(state, str) else None
    if entry is not None:
        request.session["oidc_states"] = states  # used once: a replayed callback fails
    if request.GET.get("error") or not code or entry is None:
        return _refused(request, "failed")
    try:
        person = oidc.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except oidc.Refused as refused:
        return _refused(request, refused.reason)
    except SuspiciousOperation:
        return _refused(request, "failed")
    next_url = request.session.get(NEXT_KEY) or reverse("family:home")
    citizen = citizens.sign_in(request, cpr=person["cpr"], name=person["name"], via="oidc")
    services.sign_in_record(citizen=citizen, acr=person.get("acr", ""))
    return HttpResponseRedirect(_safe_next(request, next_url))


@require_GET
def refused(request):
    reason = request.session.pop(REFUSAL_KEY, "failed")
    message = oidc.REFUSALS.get(reason, oidc.REFUSALS["failed"])
    return render(request, "family/refused.html", {"message": message}, status=403)


@require_POST
def sign_out(request):
    citizen = citizens.current(request)
    if citizen is not None:
        services.signed_out(citizen=citizen, reason="user")
    citizens.sign_out(request, "signed_out")
    return redirect("family:sign_in")


@require_http_methods(["GET", "POST"])
def demo_sign_in(request):
    """The demo's sign-in without a provider: pick a synthetic person. Only with DEBUG or CITIZEN_DEMO_LOGIN."""
    if not settings.CITIZEN_DEMO_LOGIN:
        raise Http404
    people = list(DemoCitizen.objects.all())
    if request.method == "POST":
        chosen = next((p for p in people if p.cpr == request.POST.get("cpr")), None)
        if chosen is not None:
            try:
                services.sign_in_start(ip=client_ip(request), via="demo")
            except services.TooManyAttempts:
                return render(
                    request, "family/refused.html", {"message": oidc.REFUSALS["too_many"]}, status=429
                )
            citizen = citizens.sign_in(request, cpr=chosen.cpr, name=chosen.name, via="demo")
            services.sign_in_record(citizen=citizen)
            return redirect("family:home")
    return render(request, "family/demo.html", {"people": people})


@citizen_required
@require_GET
def home(request):
    """ "Mine børn": the children the citizen may see, each with what they may see."""
    return render(request, "family/home.html", {"page": selectors.home_page(request.citizen)})


@citizen_required
@require_GET
def child(request, child_id: int):
    page = selectors.child_page(request.citizen, child_id)
    context = {
        "page": page,
        "access": page.access,
        "child": page.access.child,
        "lines": texts.SECTION_LINES,
        "glossary": texts.GLOSSARY,
    }
    return render(request, "family/child.html", context)


@citizen_required
@require_GET
def meeting_ics(request, child_id: int, meeting_id: int):
    """The meeting for the family's own calendar (iCalendar, RFC 5545): the same event, UID and SEQUENCE as
    the invitation the network app e-mails, published rather than requested."""
    _access, meeting = selectors.meeting_for(request.citizen, child_id, meeting_id)
    url = request.build_absolute_uri(reverse("family:child", args=[child_id]))
    body = ics.invitation(meeting, method="PUBLISH", attendees=[], url=url)
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="netvaerksmoede-{meeting.pk}.ics"'},
    )


def _back(child_id: int, pdf_url: str) -> list[tuple[str, str]]:
    return [(reverse("family:child", args=[child_id]), _("← Tilbage")), (pdf_url, _("Hent som PDF"))]


def _pdf(body: bytes, name: str) -> HttpResponse:
    return HttpResponse(
        body, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


def _weasy(html: str, request) -> bytes:
    import weasyprint  # heavy; only the PDF views need it

    # Only data: URLs; anything else is refused, so rendering never touches the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher
    ).write_pdf()


@citizen_required
@require_GET
def decision(request, child_id: int, decision_id: int):
    """A decision's letter as the family got it (the young person's: the letter written for the child)."""
    view = selectors.decision_for(request.citizen, child_id, decision_id)
    render_html = (
        decision_letters.decision_letter_child_html
        if view.for_child
        else decision_letters.decision_letter_html
    )
    links = _back(child_id, reverse("family:decision_pdf", args=[child_id, decision_id]))
    html = render_html(view.decision, links=links, print_label=_("Udskriv"), csp_nonce=get_nonce(request))
    return HttpResponse(html)


@citizen_required
@require_GET
def decision_pdf(request, child_id: int, decision_id: int):
    view = selectors.decision_for(request.citizen, child_id, decision_id)
    body = decision_letters.decision_letter_pdf(
        view.decision, base_url=request.build_absolute_uri("/"), for_child=view.for_child
    )
    return _pdf(body, f"afgoerelse-{view.decision.pk}.pdf")


BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def letter_for_screen(request, row, child_id: int) -> str:
    """A stored letter (a whole HTML document Tidlig rendered) on the screen: its <style> gets this answer's CSP
    nonce, and a line with "back" and "PDF" goes first in its body."""
    html = row.html.replace("<style>", f'<style nonce="{get_nonce(request)}">')
    links = _back(child_id, reverse("family:letter_pdf", args=[child_id, row.pk]))
    bar = render_to_string("family/_letter_links.html", {"links": links})
    match = BODY.search(html)
    if match is None:
        return bar + html
    return html[: match.end()] + bar + html[match.end() :]


@citizen_required
@require_GET
def letter(request, child_id: int, letter_id: int):
    """A letter sent to this citizen about the child, as it was sent."""
    row = selectors.letter_for(request.citizen, child_id, letter_id)
    return HttpResponse(letter_for_screen(request, row, child_id))


@citizen_required
@require_GET
def letter_pdf(request, child_id: int, letter_id: int):
    row = selectors.letter_for(request.citizen, child_id, letter_id)
    body = bytes(row.pdf) if row.pdf else _weasy(row.html, request)
    return _pdf(body, f"brev-{row.pk}.pdf")


def _records_html(request, access, record: dict, names: str, *, screen: bool) -> str:
    child = access.child
    links = _back(child.pk, reverse("family:records_pdf", args=[child.pk])) if screen else None
    context = {
        "child": child,
        "municipality": child.municipality,
        "institution_names": names,
        "retention_months": child.municipality.wellbeing_retention_months,
        "today": timezone.localdate(),
        "links": links,
        "print_label": _("Udskriv"),
        "csp_nonce": get_nonce(request),
        **record,
    }
    with translation.override("da"):  # like every letter to citizens, the record is in Danish
        return render_to_string("wellbeing/parents.html", context)


@citizen_required
@require_GET
def records(request, child_id: int):
    """What the daycare and school recorded about the child (also for a parent without custody: FAL § 23)."""
    access, record, names = selectors.records_for(request.citizen, child_id)
    return HttpResponse(_records_html(request, access, record, names, screen=True))


@citizen_required
@require_GET
def records_pdf(request, child_id: int):
    access, record, names = selectors.records_for(request.citizen, child_id)
    html = _records_html(request, access, record, names, screen=False)
    return _pdf(_weasy(html, request), f"dagtilbud-skole-{access.child.pk}.pdf")
