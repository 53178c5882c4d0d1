from django.urls import path

from . import views

app_name = "course"
urlpatterns = [
    path("barn/<int:child_id>/", views.child, name="child"),
    path("<int:course_id>/", views.detail, name="detail"),
    path("<int:course_id>/moede/<str:which>/", views.meeting, name="meeting"),
    path("<int:course_id>/afslut/", views.end, name="end"),
]
