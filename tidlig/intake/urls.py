from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("modtagelse/", views.reception, name="reception"),
    path("ny/", views.new, name="new"),
    path("mine/", views.submitted, name="submitted"),
    path("barn/ny/", views.child_new, name="child_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/akut/", views.acute, name="acute"),
    path("<int:pk>/kvittering/", views.receipt, name="receipt"),
    path("<int:pk>/send-til-team/", views.route, name="route"),
    path("<int:pk>/fordel/", views.assign, name="assign"),
    path("<int:pk>/screening/", views.screen, name="screen"),
    path("<int:pk>/tilbagemelding/", views.feedback, name="feedback"),
    path("<int:pk>/tilbagemelding/undlad/", views.waive_feedback, name="waive_feedback"),
    path("<int:pk>/genvurdering/", views.reassess, name="reassess"),
    path("<int:pk>/brev/<int:letter_id>/", views.letter, name="letter"),
    path("<int:pk>/udbakke/<int:letter_id>/papir/", views.letter_paper, name="letter_paper"),
    path("<int:pk>/udbakke/<int:letter_id>/send-igen/", views.letter_retry, name="letter_retry"),
    path("<int:pk>/bilag/<int:attachment_id>/", views.attachment, name="attachment"),
]
