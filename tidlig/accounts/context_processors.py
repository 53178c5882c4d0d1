from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def session_timeout(request):
    """What session-timeout.js needs to warn before the idle limit (as data attributes, not inline script)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    minutes = max(1, settings.SESSION_IDLE_WARNING_SECONDS // 60)
    return {
        "session_timeout": {
            "idle_seconds": settings.SESSION_IDLE_SECONDS,
            "warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
            "message": ngettext(
                "Du bliver logget af om %(minutes)d minut – fortsæt?",
                "Du bliver logget af om %(minutes)d minutter – fortsæt?",
                minutes,
            )
            % {"minutes": minutes},
            "button": _("Fortsæt"),
        }
    }
