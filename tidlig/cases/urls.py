from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("frister/", views.my_worklist, name="my_worklist"),
    path("team/", views.team_worklist, name="team_worklist"),
    path("boern/<int:pk>/", views.child_page, name="child"),
]
