from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("boern/soeg/", views.search, name="search"),
]
