from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("tider/", views.slot_new, name="slot_new"),
    path("tider/<int:slot_id>/traek-tilbage/", views.slot_withdraw, name="slot_withdraw"),
    path("tider/<int:slot_id>/book/", views.book, name="book"),
    path("kalender/", views.feed_new, name="feed_new"),
    path("kalender/slet/", views.feed_revoke, name="feed_revoke"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("barn/<int:child_id>/", views.child, name="child"),
    path("barn/<int:child_id>/nyt/", views.meeting_new, name="meeting_new"),
    path("moede/<int:meeting_id>/", views.meeting, name="meeting"),
    path("moede/<int:meeting_id>/naeste/", views.next_meeting, name="next"),
    path("moede/<int:meeting_id>/aftaler/", views.agreement_new, name="agreement_new"),
    path("aftale/<int:agreement_id>/", views.agreement_status, name="agreement_status"),
    path("moede/<int:meeting_id>/holdt/", views.hold, name="hold"),
    path("moede/<int:meeting_id>/flyt/", views.reschedule, name="reschedule"),
    path("moede/<int:meeting_id>/aflys/", views.cancel, name="cancel"),
    path("moede/<int:meeting_id>/moede.ics", views.meeting_ics, name="meeting_ics"),
]
