from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("to-faktor/opret/", views.mfa_enrol, name="mfa_enrol"),
    path("to-faktor/", views.mfa_verify, name="mfa_verify"),
    path("hold-i-live/", views.keepalive, name="keepalive"),
    path("api-noegler/", views.api_tokens, name="api_tokens"),
    path("api-noegler/<int:token_id>/tilbagekald/", views.api_token_revoke_view, name="api_token_revoke"),
    path("adgangskode/", views.PasswordChange.as_view(), name="password_change"),
]
