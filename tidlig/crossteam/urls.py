from django.urls import path

from . import views

app_name = "crossteam"
urlpatterns = [
    path("", views.index, name="index"),
]
