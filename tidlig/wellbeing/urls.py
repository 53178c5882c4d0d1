from django.urls import path

from . import views, views_overview, views_parents, views_transitions

app_name = "wellbeing"
urlpatterns = [
    path("", views.index, name="index"),
    path("gruppe/<int:group_id>/", views.group, name="group"),
    path("gruppe/<int:group_id>/periode/<int:period_id>/barn/<int:child_id>/", views.rate, name="rate"),
    path(
        "gruppe/<int:group_id>/periode/<int:period_id>/uaendrede/",
        views.confirm_unchanged,
        name="confirm_unchanged",
    ),
    path("gruppe/<int:group_id>/periode/<int:period_id>/faelles/", views.joint, name="joint"),
    path(
        "gruppe/<int:group_id>/periode/<int:period_id>/faelles/barn/<int:child_id>/",
        views.joint_rate,
        name="joint_rate",
    ),
    path(
        "gruppe/<int:group_id>/periode/<int:period_id>/faelles/enige/",
        views.joint_agreed,
        name="joint_agreed",
    ),
    path("vurdering/<int:rating_id>/opfoelgning/", views.follow_up, name="follow_up"),
    path("barn/<int:child_id>/", views.child, name="child"),
    path("sundhedspleje/barn/<int:child_id>/", views.health_visitor_rate, name="health_visitor_rate"),
    path("oversigt/", views_overview.overview_page, name="overview"),
    path("oversigt/csv/", views_overview.overview_csv, name="overview_csv"),
    path("overgange/", views_transitions.transitions_list, name="transitions"),
    path("barn/<int:child_id>/overgang/ny/", views_transitions.transition_new, name="transition_new"),
    path("barn/<int:child_id>/foraeldre/", views_parents.parents, name="parents"),
    path("barn/<int:child_id>/foraeldre/pdf/", views_parents.parents_pdf, name="parents_pdf"),
]
