from django.urls import path

from . import views, views_early

app_name = "crossteam"
urlpatterns = [
    path("", views.index, name="index"),
    path("team/<int:institution_id>/", views.team, name="team"),
    path("team/medlem/<int:pk>/afmeld/", views.member_deactivate, name="member_deactivate"),
    path("moede/nyt/", views.meeting_new, name="meeting_new"),
    path("moede/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moede/<int:pk>/punkt/nyt/", views.item_new, name="item_new"),
    path("punkt/nyt/", views.propose, name="propose"),
    path("punkt/<int:pk>/", views.item_detail, name="item"),
    path("punkt/<int:pk>/<str:what>/", views.item_post, name="item_post"),
    path("forloeb/", views_early.courses, name="courses"),
    path("forloeb/nyt/", views_early.course_new, name="course_new"),
    path("forloeb/<int:pk>/", views_early.course_detail, name="course"),
]
