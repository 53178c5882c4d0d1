from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role

VIEWERS = {Role.MANAGER, Role.ANALYST}


def check(user) -> None:
    """Managers and analysts of the municipality see the comparison (no names in it); nobody else."""
    if user.role not in VIEWERS:
        raise PermissionDenied(
            _(
                "Sammenligningen er for ledere og analytikere. Bed din leder om adgang, hvis du har brug for den."
            )
        )
