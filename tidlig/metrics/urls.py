from django.urls import path, re_path

from . import views, views_installation, views_report, views_staircase

app_name = "metrics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("trappen/", views_staircase.staircase_page, name="staircase"),
    re_path(
        r"^trappen/(?P<slug>[a-z-]+)\.(?P<fmt>csv|xlsx)$",
        views_staircase.staircase_download,
        name="staircase_download",
    ),
    path("oekonomi/", views_staircase.spending_page, name="spending"),
    re_path(
        r"^oekonomi/(?P<slug>[a-z-]+)\.(?P<fmt>csv|xlsx)$",
        views_staircase.spending_download,
        name="spending_download",
    ),
    path("kommunerne/", views_installation.installation_page, name="installation"),
    re_path(
        r"^kommunerne\.(?P<fmt>csv|xlsx)$",
        views_installation.installation_download,
        name="installation_download",
    ),
    path("rapport/", views_report.report_page, name="report"),
    path("rapport.pdf", views_report.report_pdf, name="report_pdf"),
    path("hent/<slug:slug>.<str:fmt>", views.download, name="download"),
]
