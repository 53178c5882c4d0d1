from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("barn/<int:child_id>/ny/", views.plan_new, name="new"),
    path("maal/<int:pk>/status/", views.goal_status, name="goal_status"),
]
