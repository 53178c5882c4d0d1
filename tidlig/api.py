"""The JSON API under /api/v1/: one NinjaAPI, one router per app, the same permissions as the UI."""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from tidlig.accounts.api import router as accounts_router
from tidlig.accounts.network import client_ip
from tidlig.accounts.services import TooManyTokenFailures, api_token_failure_record, api_token_failures_recent
from tidlig.audit.api import router as audit_router
from tidlig.cases.api import router as cases_router
from tidlig.cases.api_casework import router as casework_router
from tidlig.comparison.api import router as comparison_router
from tidlig.concerns.api import router as concerns_router
from tidlig.core import limits
from tidlig.core.parser import BadInput, EdgeParser
from tidlig.course.api import router as course_router
from tidlig.crossteam.api import router as crossteam_router
from tidlig.crossteam.api_twins import router as crossteam_twins_router
from tidlig.delivery.api import router as delivery_router
from tidlig.family.api import router as family_router
from tidlig.family.api_acts import router as family_acts_router
from tidlig.fit.api import router as fit_router
from tidlig.genogram.api import router as genogram_router
from tidlig.intake.api import notification_problems_beside_schema
from tidlig.intake.api import router as intake_router
from tidlig.intake.api_twins import router as intake_twins_router
from tidlig.intake.services import IdempotencyConflict
from tidlig.interventions.api import router as interventions_router
from tidlig.interventions.api_appeals import router as appeals_router
from tidlig.interventions.api_letters import router as decision_letters_router
from tidlig.metrics.api import router as metrics_router
from tidlig.metrics.api_report import router as metrics_report_router
from tidlig.metrics.api_staircase import router as metrics_staircase_router
from tidlig.network.api import router as network_router
from tidlig.organisation.models import ApiToken
from tidlig.organisation.services import token_digest
from tidlig.people.api import router as people_router
from tidlig.plans.api import router as plans_router
from tidlig.post.api import router as post_router
from tidlig.review.api import router as review_router
from tidlig.wellbeing.api import router as wellbeing_router
from tidlig.wellbeing.api_overview import router as wellbeing_overview_router
from tidlig.wellbeing.api_setup import router as wellbeing_setup_router
from tidlig.wellbeing.api_twins import router as wellbeing_twins_router


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`: a named token that has not expired or been revoked (ASVS 3.5.2).

    A request that sends a bearer token is judged by that token alone: a bad one answers 401, never
    falls back to the session (which would answer "CSRF check failed"). A read token gets 403 on any
    method that writes. Bad tokens are counted per address, and past API_TOKEN_FAILURE_LIMIT a bad
    token from that address gets 429 until the window has passed (ASVS 2.2.1).
    """

    def __call__(self, request):
        if not request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        return super().__call__(request) or self._refuse(request)

    def authenticate(self, request, token):
        now = timezone.now()
        row = ApiToken.objects.select_related("staff").filter(digest=token_digest(token or "")).first()
        if row is None or not row.staff.is_active or not row.is_active_at(now):
            # Only a refused token costs a count, so valid calls stay one query; a valid token still
            # works from an address that is guessing (an integration behind the same NAT is not locked out).
            ip = client_ip(request)
            if api_token_failures_recent(ip=ip) >= settings.API_TOKEN_FAILURE_LIMIT:
                raise TooManyTokenFailures()
            api_token_failure_record(ip=ip, request=request, token=row)
            return None
        if row.scope == ApiToken.Scope.READ and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise PermissionDenied(_("Denne API-nøgle må kun læse. Lav en nøgle med skriveadgang."))
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.staff
        request.api_token = row
        return row.staff

    def _refuse(self, request):
        raise AuthenticationError()


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_authenticated else None


class VendoredSwagger(Swagger):
    """swagger-ui from Tidlig's own static files (scripts/vendor_static.sh), started by a static script.

    django-ninja's own template loads swagger-ui from a CDN when ninja is not an installed app; a third-party
    script on a page of a system with children's data is what the Content Security Policy forbids (ASVS 14.2.3).
    """

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request, self.template, {"api": api, "swagger_settings": self.settings, "add_csrf": True}
        )


def staff_only(view):
    """The API docs and the OpenAPI document for signed-in staff only (ASVS 4.0 V14.3: no unintended disclosure of
    the attack surface): a session, or a valid bearer token for tools that read openapi.json."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user if request.user.is_authenticated else None
        if user is None and (header := request.headers.get("Authorization", "")).lower().startswith(
            "bearer "
        ):
            user = BearerToken().authenticate(request, header[7:].strip())
        if user is not None and user.is_active:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(
                {"detail": _("Log ind for at se API'ets beskrivelse."), "errors": {}}, status=401
            )
        return redirect_to_login(request.get_full_path())

    return wrapped


api = NinjaAPI(
    title="Tidlig API",
    version="1",
    description="Notifications of concern, obligations and worklists under Barnets lov. "
    "Authenticate with `Authorization: Bearer <token>` (`tidlig token USERNAME`).",
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    docs=VendoredSwagger(settings={"validatorUrl": None, "deepLinking": True, "layout": "BaseLayout"}),
    docs_decorator=staff_only,
    parser=EdgeParser(),
)
api.add_router("", intake_twins_router)  # before intake: /notifications/multipart
api.add_router("", intake_router)
api.add_router("", people_router)
api.add_router("", cases_router)
api.add_router("", casework_router)
api.add_router("", interventions_router)
api.add_router("", decision_letters_router)
api.add_router("", appeals_router)
api.add_router("", post_router)
api.add_router("", plans_router)
api.add_router("", metrics_router)
api.add_router("", wellbeing_router)
api.add_router("", wellbeing_overview_router)
api.add_router("", wellbeing_setup_router)
api.add_router("", wellbeing_twins_router)
api.add_router("", concerns_router)
api.add_router("", crossteam_router)
api.add_router("", crossteam_twins_router)
api.add_router("", audit_router)
api.add_router("", accounts_router)
api.add_router("", comparison_router)
api.add_router("", metrics_staircase_router)
api.add_router("", metrics_report_router)
api.add_router("", delivery_router)
api.add_router("", review_router)
api.add_router("", genogram_router)
api.add_router("", network_router)
api.add_router("", fit_router)
api.add_router("", course_router)
api.add_router("", family_router)  # the family's own pages (issue 14), citizen session only
api.add_router("", family_acts_router)  # the family's own actions (issue 14 §§ 2–3), citizen session only


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
        return _error(
            request,
            422,
            _("Underretningen kunne ikke modtages. Ret felterne og send igen.")
            if "notifier_name" in errors or "notifier_kind" in errors
            else _("Ret de markerede felter."),
            errors,
        )
    return _error(request, 422, " ".join(exc.messages))


def schema_message(error: dict) -> str:
    """A pydantic error in Danish, saying what to fix."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Feltet mangler.")
    if kind == "value_error" or kind == "text_invalid":
        return str(ctx.get("problem") or error.get("msg", ""))
    if kind == "string_too_long":
        value = error.get("input")
        return limits.too_long(ctx.get("max_length", 0), len(value) if isinstance(value, str) else 0)
    if kind == "string_unicode":
        return limits.text_problem("\ud800") or ""
    if kind == "string_type":
        return _("Skriv en tekst.")
    if kind.startswith("int_"):
        return _("Skriv et helt tal.")
    if kind == "greater_than_equal":
        return _("Skriv et tal på mindst %(limit)s.") % {"limit": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Skriv et tal på højst %(limit)s.") % {"limit": ctx.get("le")}
    if kind.startswith("bool_"):
        return _("Skriv true eller false.")
    if kind.startswith("datetime_"):
        return _("Skriv tidspunktet som ISO 8601 med tidszone, fx 2025-04-14T09:30:00+02:00.")
    if kind.startswith("date_"):
        return _("Skriv datoen som ÅÅÅÅ-MM-DD, fx 2025-04-14.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Send en liste.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Send et JSON-objekt.")
    return _("Ugyldig værdi: %(msg)s") % {"msg": error.get("msg", "")}


def _raw_object(request):
    """The JSON object a request sent, as sent: the body, or a multipart form's `notification` field."""
    try:
        if request.content_type == "multipart/form-data":
            return json.loads(request.POST.get("notification", ""))
        return json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None


# Routes whose service rules are judged beside a schema error, so the client learns everything at once.
SCHEMA_COMPANIONS = {
    ("POST", "/api/v1/notifications"): notification_problems_beside_schema,
    ("POST", "/api/v1/notifications/multipart"): notification_problems_beside_schema,
}


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [
            str(p)
            for p in e.get("loc", [])
            if p not in ("body", "payload", "query", "path", "header", "cookie")
        ]
        field = ".".join(loc) or "body"
        errors.setdefault(field, []).append(schema_message(e))
    if companion := SCHEMA_COMPANIONS.get((request.method, request.path)):
        # the service's rules on what was sent too, so one answer names every problem (issue 10)
        errors.update(companion(request, _raw_object(request), errors))
    return _error(
        request,
        422,
        _("Forespørgslen har ugyldige eller manglende felter. Ret felterne i »errors«, og send igen."),
        errors,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """A body that is not the documented JSON object, or holds text no database can store: 422 naming the
    field. Other HTTP errors (e.g. a body that is not JSON at all: 400) keep their status."""
    if isinstance(exc.__cause__, BadInput):
        return _error(
            request,
            422,
            _("Forespørgslen har ugyldige eller manglende felter. Ret felterne i »errors«, og send igen."),
            exc.__cause__.errors,
        )
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(
        request, 403, str(exc) or _("Du har ikke adgang. Bed din leder om adgang, hvis du har brug for den.")
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(
        request,
        404,
        _("Findes ikke, eller du har ikke adgang. Tjek id'et, eller bed barnets rådgiver om adgang."),
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, _("Log ind, eller send en gyldig API-nøgle som 'Authorization: Bearer …'."))


@api.exception_handler(TooManyTokenFailures)
def on_too_many_token_failures(request, exc):
    return _error(
        request,
        429,
        ngettext(
            "For mange ugyldige API-nøgler fra denne adresse. Vent %(minutes)d minut, og brug en gyldig nøgle.",
            "For mange ugyldige API-nøgler fra denne adresse. Vent %(minutes)d minutter, og brug en gyldig nøgle.",
            settings.API_TOKEN_FAILURE_WINDOW_MINUTES,
        )
        % {"minutes": settings.API_TOKEN_FAILURE_WINDOW_MINUTES},
    )


@api.exception_handler(IdempotencyConflict)
def on_idempotency_conflict(request, exc):
    return _error(
        request, 409, _("Idempotency-Key er allerede brugt til en anden underretning. Brug en ny nøgle.")
    )
