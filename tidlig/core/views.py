from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from tidlig.organisation.models import Role

START_PAGE = {
    Role.RECEPTION: "intake:reception",
    Role.CASEWORKER: "cases:my_worklist",
    Role.TEAM_LEADER: "cases:team_worklist",
    Role.EDUCATOR: "wellbeing:index",
    Role.INSTITUTION_LEADER: "wellbeing:index",
    Role.HEALTH_VISITOR: "wellbeing:index",
    Role.SOCIAL_WORKER: "crossteam:index",
    Role.PSYCHOLOGIST: "crossteam:index",
    Role.SPECIALIST: "crossteam:index",
    Role.ANALYST: "metrics:overview",
    Role.MANAGER: "metrics:overview",
    Role.QUALITY: "audit:index",
    Role.ADMINISTRATOR: "admin:index",
}


@login_required
def home(request):
    return redirect(START_PAGE.get(request.user.role, "metrics:overview"))
