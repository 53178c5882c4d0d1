from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("traek/", views.draw, name="draw"),
    path("<int:review_id>/", views.review, name="review"),
    path("<int:review_id>/resultater/", views.results, name="results"),
    path("<int:review_id>/resultater.<str:fmt>", views.results_download, name="results_download"),
    path("sag/<int:case_id>/", views.case, name="case"),
    path("svar/<int:answer_id>/", views.answer, name="answer"),
    path("sag/<int:case_id>/fund/", views.findings_send, name="findings_send"),
    path("fund/", views.findings, name="findings"),
    path("klager/", views.appeals, name="appeals"),
]
