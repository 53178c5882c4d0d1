from django.urls import path

from . import views

app_name = "post"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:letter_id>/brev/", views.document, name="document"),
    path("<int:letter_id>/send-igen/", views.retry, name="retry"),
    path("<int:letter_id>/med-posten/", views.paper, name="paper"),
]
