from django.urls import path

from . import oidc_views

# Unnamespaced: mozilla-django-oidc reverses "oidc_authentication_callback" itself.
urlpatterns = [
    path("login/", oidc_views.SignInStart.as_view(), name="oidc_authentication_init"),
    path("callback/", oidc_views.SignInCallback.as_view(), name="oidc_authentication_callback"),
    path("afvist/", oidc_views.sign_in_refused, name="oidc_refused"),
]
