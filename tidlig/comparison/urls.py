from django.urls import path

from . import views

app_name = "comparison"
urlpatterns = [
    path("", views.page, name="page"),
    path("indstilling/", views.setting, name="setting"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
]
