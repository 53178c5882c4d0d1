from django.urls import path

from . import views

app_name = "wellbeing"
urlpatterns = [
    path("", views.index, name="index"),
]
