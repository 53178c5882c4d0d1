from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role

from .selectors import intake_overview

VIEWERS = {Role.ANALYST, Role.MANAGER, Role.TEAM_LEADER, Role.ADMINISTRATOR}


@login_required
def overview(request):
    if request.user.role not in VIEWERS:
        raise PermissionDenied(_("Nøgletal er for ledere og analytikere."))
    return render(request, "metrics/overview.html", intake_overview(request.user.municipality_id))
