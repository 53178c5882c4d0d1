from django.urls import path

from . import views, views_overview, views_parents, views_setup, views_transitions

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
    path("barn/<int:child_id>/roed/", views.red_next, name="red_next"),
    path("sundhedspleje/barn/<int:child_id>/", views.health_visitor_rate, name="health_visitor_rate"),
    path("oversigt/", views_overview.overview_page, name="overview"),
    path("oversigt/csv/", views_overview.overview_csv, name="overview_csv"),
    path("overgange/", views_transitions.transitions_list, name="transitions"),
    path("barn/<int:child_id>/overgang/ny/", views_transitions.transition_new, name="transition_new"),
    path("barn/<int:child_id>/foraeldre/", views_parents.parents, name="parents"),
    path("barn/<int:child_id>/foraeldre/pdf/", views_parents.parents_pdf, name="parents_pdf"),
    path("opsaetning/", views_setup.overview, name="setup"),
    path("opsaetning/periode/ny/", views_setup.period_new, name="setup_period_new"),
    path("opsaetning/periode/<int:period_id>/", views_setup.period_edit, name="setup_period"),
    path("opsaetning/gruppe/ny/", views_setup.group_new, name="setup_group_new"),
    path("opsaetning/gruppe/<int:group_id>/", views_setup.group_detail, name="setup_group"),
    path("opsaetning/gruppe/<int:group_id>/boern/", views_setup.group_children, name="setup_group_children"),
    path(
        "opsaetning/gruppe/<int:group_id>/ud-af-brug/",
        views_setup.group_deactivate,
        name="setup_group_deactivate",
    ),
]
