"""The JSON API under /api/v1/: one NinjaAPI, one router per app, the same permissions as the UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from tidlig.cases.api import router as cases_router
from tidlig.cases.api_casework import router as casework_router
from tidlig.concerns.api import router as concerns_router
from tidlig.core import limits
from tidlig.core.parser import BadInput, EdgeParser
from tidlig.crossteam.api import router as crossteam_router
from tidlig.intake.api import router as intake_router
from tidlig.intake.services import IdempotencyConflict
from tidlig.interventions.api import router as interventions_router
from tidlig.organisation.models import ApiToken
from tidlig.organisation.services import token_digest
from tidlig.people.api import router as people_router
from tidlig.plans.api import router as plans_router
from tidlig.wellbeing.api import router as wellbeing_router
from tidlig.wellbeing.api_overview import router as wellbeing_overview_router
from tidlig.wellbeing.api_setup import router as wellbeing_setup_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("staff").filter(digest=token_digest(token)).first()
        if row is None or not row.staff.is_active:
            return None
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.staff
        return row.staff


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_authenticated else None


api = NinjaAPI(
    title="Tidlig API",
    version="1",
    description="Notifications of concern, obligations and worklists under Barnets lov. "
    "Authenticate with `Authorization: Bearer <token>` (`tidlig token USERNAME`).",
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    parser=EdgeParser(),
)
api.add_router("", intake_router)
api.add_router("", people_router)
api.add_router("", cases_router)
api.add_router("", casework_router)
api.add_router("", interventions_router)
api.add_router("", plans_router)
api.add_router("", wellbeing_router)
api.add_router("", wellbeing_overview_router)
api.add_router("", wellbeing_setup_router)
api.add_router("", concerns_router)
api.add_router("", crossteam_router)


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
    return _error(request, 422, _("Forespørgslen har ugyldige eller manglende felter."), errors)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """A body that is not the documented JSON object, or holds text no database can store: 422 naming the
    field. Other HTTP errors (e.g. a body that is not JSON at all: 400) keep their status."""
    if isinstance(exc.__cause__, BadInput):
        return _error(
            request, 422, _("Forespørgslen har ugyldige eller manglende felter."), exc.__cause__.errors
        )
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Du har ikke adgang."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Findes ikke, eller du har ikke adgang."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, _("Log ind, eller send en gyldig API-nøgle som 'Authorization: Bearer …'."))


@api.exception_handler(IdempotencyConflict)
def on_idempotency_conflict(request, exc):
    return _error(
        request, 409, _("Idempotency-Key er allerede brugt til en anden underretning. Brug en ny nøgle.")
    )
