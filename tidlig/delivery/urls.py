from django.urls import path

from . import views

app_name = "delivery"
urlpatterns = [
    path("", views.page, name="page"),
    path("skema.json", views.schema, name="schema"),
    path("<int:year>.<str:fmt>", views.download, name="download"),
]
