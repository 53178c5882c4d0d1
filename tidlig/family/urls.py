from django.urls import path

from . import views

app_name = "family"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.sign_in, name="sign_in"),
    path("login/", views.OidcStart.as_view(), name="oidc_login"),
    path("login/callback/", views.oidc_callback, name="oidc_callback"),
    path("login/afvist/", views.refused, name="refused"),
    path("log-af/", views.sign_out, name="sign_out"),
    path("demo/", views.demo_sign_in, name="demo"),
    path("boern/<int:child_id>/", views.child, name="child"),
]
