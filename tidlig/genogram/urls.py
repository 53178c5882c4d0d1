from django.urls import path

from . import views

app_name = "genogram"
urlpatterns = [
    path("boern/<int:child_id>/netvaerk/", views.network, name="network"),
    path("boern/<int:child_id>/netvaerk/person/ny/", views.person_new, name="person_new"),
    path("boern/<int:child_id>/netvaerk/relation/ny/", views.relation_new, name="relation_new"),
    path("boern/<int:child_id>/netvaerk/fra-registret/", views.from_register, name="from_register"),
    path("netvaerk/person/<int:pk>/", views.person_edit, name="person_edit"),
    path("netvaerk/person/<int:pk>/fjern/", views.person_remove, name="person_remove"),
    path("netvaerk/relation/<int:pk>/fjern/", views.relation_remove, name="relation_remove"),
]
