from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("barn/", views.find_child, name="find_child"),
    path("barn/<int:child_id>/", views.child, name="child"),
    path("barn/<int:child_id>/csv/", views.child_csv, name="child_csv"),
    path("medarbejder/", views.find_staff, name="find_staff"),
    path("medarbejder/<int:staff_id>/", views.staff, name="staff"),
    path("medarbejder/<int:staff_id>/csv/", views.staff_csv, name="staff_csv"),
    path("mine/", views.mine, name="mine"),
    path("mine/csv/", views.mine_csv, name="mine_csv"),
]
