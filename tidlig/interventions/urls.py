from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    path("barn/<int:child_id>/ny-afgoerelse/", views.decision_new, name="decision_new"),
    path("afgoerelse/<int:pk>/", views.decision_detail, name="decision"),
    path("afgoerelse/<int:pk>/traef/", views.decision_make, name="decision_make"),
    path("afgoerelse/<int:pk>/traek-tilbage/", views.decision_withdraw, name="decision_withdraw"),
    path("afgoerelse/<int:pk>/indstilling/", views.committee_submission, name="committee_submission"),
    path("afgoerelse/<int:pk>/brev/", views.decision_letter, name="decision_letter"),
    path("afgoerelse/<int:pk>/brev.pdf", views.decision_letter_pdf, name="decision_letter_pdf"),
    path("afgoerelse/<int:pk>/brev-til-barnet/", views.decision_letter_child, name="decision_letter_child"),
    path(
        "afgoerelse/<int:pk>/brev-til-barnet.pdf",
        views.decision_letter_child_pdf,
        name="decision_letter_child_pdf",
    ),
    path("<int:pk>/", views.measure_detail, name="measure"),
    path("<int:pk>/start/", views.measure_start, name="start"),
    path("<int:pk>/opfoelgning/", views.followup, name="followup"),
    path("opfoelgning/<int:pk>/", views.followup_due, name="followup_due"),
    path("<int:pk>/tilsyn/", views.visit, name="visit"),
    path("<int:pk>/stoetteperson/", views.support_person, name="support_person"),
    path("<int:pk>/foraeldrehandleplan/", views.parent_plan_offer, name="parent_plan_offer"),
    path("<int:pk>/afslut/", views.measure_end, name="end"),
    path("<int:pk>/brev-sendt/", views.letter_sent, name="letter_sent"),
    path("<int:pk>/digital-post/", views.digital_post, name="digital_post"),
    path(
        "<int:pk>/digital-post/<int:letter_id>/send-igen/",
        views.digital_post_retry,
        name="digital_post_retry",
    ),
    path(
        "<int:pk>/digital-post/<int:letter_id>/med-posten/",
        views.digital_post_paper,
        name="digital_post_paper",
    ),
    path("<int:pk>/klage/", views.appeal_new, name="appeal_new"),
    path("<int:pk>/klage/<int:appeal_id>/", views.appeal_update, name="appeal_update"),
]
