from django.urls import path

from . import views
from . import views_casework as cw

app_name = "cases"
urlpatterns = [
    path("frister/", views.my_worklist, name="my_worklist"),
    path("team/", views.team_worklist, name="team_worklist"),
    path("mine-boern/", views.my_caseload, name="my_caseload"),
    path("team/raadgiver/<int:pk>/", views.caseworker_caseload, name="caseworker_caseload"),
    path("boern/<int:pk>/", views.child_page, name="child"),
    path("boern/<int:pk>/afdaekning/ny/", cw.assessment_new, name="assessment_new"),
    path("boern/<int:pk>/afdaekning/<int:aid>/", cw.assessment_detail, name="assessment"),
    path("boern/<int:pk>/afdaekning/<int:aid>/afslut/", cw.assessment_conclude, name="assessment_conclude"),
    path("boern/<int:pk>/undersoegelse/ny/", cw.investigation_new, name="investigation_new"),
    path("boern/<int:pk>/undersoegelse/<int:iid>/", cw.investigation_detail, name="investigation"),
    path(
        "boern/<int:pk>/undersoegelse/<int:iid>/omraader/", cw.investigation_areas, name="investigation_areas"
    ),
    path(
        "boern/<int:pk>/undersoegelse/<int:iid>/foreloebig/",
        cw.investigation_preliminary,
        name="investigation_preliminary",
    ),
    path(
        "boern/<int:pk>/undersoegelse/<int:iid>/afslut/",
        cw.investigation_conclude,
        name="investigation_conclude",
    ),
    path("boern/<int:pk>/boernesamtale/ny/", cw.conversation_new, name="conversation_new"),
    path("boern/<int:pk>/notat/ny/", cw.note_new, name="note_new"),
    path("boern/<int:pk>/notat/<int:note_id>/familien/", cw.note_share, name="note_share"),
    path("boern/<int:pk>/luk/", cw.case_close, name="case_close"),
    path("boern/<int:pk>/genaabn/", cw.case_reopen, name="case_reopen"),
    path("boern/<int:pk>/adgang/", cw.access_grant, name="access"),
]
