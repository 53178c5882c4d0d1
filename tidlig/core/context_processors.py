from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Role

NAV = {
    Role.RECEPTION: [
        ("intake:reception", _("Modtagelse")),
        ("intake:new", _("Ny underretning")),
        ("people:search", _("Find barn")),
        ("post:outbox", _("Udbakke")),
    ],
    Role.CASEWORKER: [
        ("cases:my_worklist", _("Mine frister")),
        ("cases:my_caseload", _("Mine børn")),
        ("network:index", _("Netværksmøder")),
        ("fit:alerts", _("FIT-varsler")),
        ("post:outbox", _("Udbakke")),
        ("intake:new", _("Ny underretning")),
        ("people:search", _("Find barn")),
    ],
    Role.TEAM_LEADER: [
        ("cases:team_worklist", _("Teamets arbejde")),
        ("cases:my_worklist", _("Mine frister")),
        ("fit:alerts", _("FIT-varsler")),
        ("people:search", _("Find barn")),
        ("fit:statistics", _("FIT-statistik")),
        ("metrics:staircase", _("Trappen i bevægelse")),  # the team's staircase and spending, no names
        ("review:findings", _("Fund fra sagsgennemgang")),
        ("post:outbox", _("Udbakke")),
    ],
    Role.EDUCATOR: [
        ("wellbeing:index", _("Trivsel")),
        ("concerns:index", _("Bekymringer")),
        ("intake:submitted", _("Mine underretninger")),
        ("intake:new", _("Skriv underretning")),
    ],
    Role.INSTITUTION_LEADER: [
        ("wellbeing:index", _("Trivsel")),
        ("concerns:index", _("Bekymringer")),
        ("crossteam:index", _("Tværfagligt team")),
        ("network:index", _("Book netværksmøde")),
        ("intake:submitted", _("Mine underretninger")),
        ("intake:new", _("Skriv underretning")),
    ],
    Role.SOCIAL_WORKER: [("crossteam:index", _("Tværfagligt team")), ("intake:new", _("Skriv underretning"))],
    Role.PSYCHOLOGIST: [("crossteam:index", _("Tværfagligt team")), ("intake:new", _("Skriv underretning"))],
    Role.HEALTH_VISITOR: [
        ("crossteam:index", _("Tværfagligt team")),
        ("wellbeing:index", _("Trivsel")),
        ("intake:new", _("Skriv underretning")),
    ],
    Role.SPECIALIST: [("crossteam:index", _("Tværfagligt team"))],
    Role.ANALYST: [("metrics:overview", _("Nøgletal")), ("wellbeing:index", _("Trivsel"))],
    Role.MANAGER: [("metrics:overview", _("Nøgletal")), ("wellbeing:index", _("Trivsel"))],
    Role.QUALITY: [
        ("review:index", _("Sagsgennemgang")),
        ("review:appeals", _("Klager")),
        ("audit:index", _("Adgangslog")),
        ("audit:mine", _("Min adgangslog")),
    ],
    Role.ADMINISTRATOR: [("admin:index", _("Opsætning"))],
}


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not getattr(request, "signed_in_fully", False):
        # Before the second factor the page offers only the factor itself and "Log af".
        return {"nav": [], "signed_in_fully": False}
    items = [
        (reverse(name), label, request.path.startswith(reverse(name)))
        for name, label in NAV.get(user.role, [])
    ]
    return {"nav": items, "signed_in_fully": True}
