from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role


def check_reviewer(user) -> None:
    """Only the quality role (kvalitet) draws samples and answers checkpoints."""
    if getattr(user, "role", None) != Role.QUALITY:
        raise PermissionDenied(_("Sagsgennemgang er for kvalitetsmedarbejdere."))


def check_team_leader(user) -> None:
    if getattr(user, "role", None) != Role.TEAM_LEADER:
        raise PermissionDenied(_("Fund fra sagsgennemgange sendes til teamlederen."))
