"""`tidlig check --deploy`: refuse a production configuration that weakens signing in."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def sign_in_is_hardened(app_configs, **kwargs):
    errors = []
    if not getattr(settings, "AXES_ENABLED", True):
        errors.append(
            checks.Error("AXES_ENABLED is off: wrong passwords are never locked out.", id="tidlig.E101")
        )
    if "tidlig.accounts.middleware.MfaRequiredMiddleware" not in settings.MIDDLEWARE:
        errors.append(checks.Error("MfaRequiredMiddleware is missing: no second factor.", id="tidlig.E102"))
    if settings.SESSION_IDLE_SECONDS > 30 * 60:
        errors.append(
            checks.Warning(
                "SESSION_IDLE_MINUTES is above 30 (ASVS 3.3.2 level 2 asks for re-authentication after "
                "30 minutes of inactivity).",
                id="tidlig.W103",
            )
        )
    return errors
