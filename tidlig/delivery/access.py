"""Who sees the data delivery (bek. nr. 662 af 2025).

- Managers (leder/chef) and analysts see the counts and the problems counted by kind: they answer for a
  delivery that is retvisende and approve it (§ 1, stk. 3; § 3). No child can be told apart there.
- Only analysts see the rows child by child, the problems per child and the file with CPR numbers: the
  analyst prepares and delivers the file (§ 6: a named employee with MitID on Virk) and needs each child's
  row to get it corrected. Managers see no personal data in Tidlig (Staff.sees_personal_data), and this
  page does not change that. Every such read is logged per child (audit.record_access).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role

VIEWERS = {Role.MANAGER, Role.ANALYST}
PER_CHILD = {Role.ANALYST}


def check(user) -> None:
    if user.role not in VIEWERS:
        raise PermissionDenied(
            _(
                "Dataindberetningen er for ledere og analytikere. Bed din leder om adgang, hvis du har brug for den."
            )
        )


def check_per_child(user) -> None:
    if user.role not in PER_CHILD:
        raise PermissionDenied(
            _(
                "Kun analytikeren, der indberetter, ser de enkelte børn og filen. Bed analytikeren om det, du har brug for."
            )
        )
