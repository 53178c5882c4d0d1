from django.urls import path

from . import views

app_name = "concerns"
urlpatterns = [
    path("", views.index, name="index"),
]
