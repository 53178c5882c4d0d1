"""Who may see and act on a letter in the outbox (need to know). post sits low in the stack and knows no case:
a letter is its sender's, and their team leader's (who covers for them). Reception sends the receipts to
notifiers (BL § 138, stk. 1), so it writes letters too, and sees the whole reception team's (it works as a
pool). The apps above show a case's letters on the case's own pages under their own access rules (interventions:
the case owners; intake: who handles the notification)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role, Staff

from .models import Letter

WRITERS = frozenset({Role.RECEPTION, Role.CASEWORKER, Role.TEAM_LEADER})


def writes_letters(actor: Staff) -> bool:
    return actor.is_authenticated and actor.role in WRITERS and actor.municipality_id is not None


def letters_visible_to(actor: Staff) -> QuerySet[Letter]:
    if not writes_letters(actor):
        return Letter.objects.none()
    mine = Q(sender=actor)
    if actor.role == Role.TEAM_LEADER and actor.team_id is not None:
        mine |= Q(sender__team_id=actor.team_id)
    elif actor.role == Role.RECEPTION and actor.team_id is not None:  # reception works as one pool
        mine |= Q(sender__team_id=actor.team_id, sender__role=Role.RECEPTION)
    return Letter.objects.filter(mine, municipality_id=actor.municipality_id)


def can_act_on_letter(actor: Staff, letter: Letter) -> bool:
    return letters_visible_to(actor).filter(pk=letter.pk).exists()


def require_act_on_letter(actor: Staff, letter: Letter) -> None:
    if not can_act_on_letter(actor, letter):
        raise PermissionDenied(
            _("Du kan kun handle på breve, du eller dit team har sendt. Bed afsenderen om at gøre det.")
        )
