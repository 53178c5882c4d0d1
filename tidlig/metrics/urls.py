from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("hent/<slug:slug>.<str:fmt>", views.download, name="download"),
]
