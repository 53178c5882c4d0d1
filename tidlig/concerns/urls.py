from django.urls import path

from . import views

app_name = "concerns"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.new, name="new"),
    path("handleguide/", views.guide, name="guide"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/notat/", views.add_entry, name="add_entry"),
    path("<int:pk>/afslut/", views.close, name="close"),
    path("<int:pk>/underretning/", views.notify, name="notify"),
    path("<int:pk>/underretning/almindelig/", views.notify_plain, name="notify_plain"),
]
