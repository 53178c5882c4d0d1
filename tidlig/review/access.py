from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role


def check_reviewer(user) -> None:
    """Only the quality role (kvalitet) draws samples and answers checkpoints."""
    if getattr(user, "role", None) != Role.QUALITY:
        raise PermissionDenied(
            _(
                "Sagsgennemgang er for kvalitetsmedarbejdere. Bed din leder om adgang, hvis du har brug for den."
            )
        )


def check_team_leader(user) -> None:
    if getattr(user, "role", None) != Role.TEAM_LEADER:
        raise PermissionDenied(
            _("Fund fra sagsgennemgange sendes til teamlederen. Bed teamlederen om at vise dig dem.")
        )


FIGURE_VIEWERS = {Role.QUALITY, Role.MANAGER, Role.ANALYST}


def check_figures(user) -> None:
    """The appeal figures are counts without names: the quality staff, managers and analysts."""
    if getattr(user, "role", None) not in FIGURE_VIEWERS:
        raise PermissionDenied(
            _(
                "Klagetallene er for kvalitet, ledere og analytikere. Bed din leder om adgang, hvis du har brug for den."
            )
        )
