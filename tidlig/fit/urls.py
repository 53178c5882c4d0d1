from django.urls import path

from . import views

app_name = "fit"
urlpatterns = [
    path("boern/<int:child_id>/fit/", views.child, name="child"),
    path("boern/<int:child_id>/fit/respondent/ny/", views.respondent_new, name="respondent_new"),
    path("boern/<int:child_id>/fit/session/ny/", views.session_new, name="session_new"),
    path("fit/session/<int:pk>/", views.session, name="session"),
    path("fit/besvarelse/<int:pk>/<str:part>/link/", views.link_new, name="link_new"),
    path("fit/besvarelse/<int:pk>/<str:part>/udfyld/", views.fill, name="fill"),
    path("fit/varsler/", views.alerts, name="alerts"),
    path("fit/statistik/", views.statistics, name="statistics"),
    path("fit/varsler/<int:pk>/set/", views.alert_seen, name="alert_seen"),
    path("f/<str:token>/", views.answer, name="answer"),
]
