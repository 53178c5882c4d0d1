from django.urls import path

from . import views, views_acts

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
    path("boern/<int:child_id>/moeder/<int:meeting_id>.ics", views.meeting_ics, name="meeting_ics"),
    path("boern/<int:child_id>/afgoerelser/<int:decision_id>/", views.decision, name="decision"),
    path("boern/<int:child_id>/afgoerelser/<int:decision_id>.pdf", views.decision_pdf, name="decision_pdf"),
    path("boern/<int:child_id>/breve/<int:letter_id>/", views.letter, name="letter"),
    path("boern/<int:child_id>/breve/<int:letter_id>.pdf", views.letter_pdf, name="letter_pdf"),
    path("boern/<int:child_id>/dagtilbud-og-skole/", views.records, name="records"),
    path("boern/<int:child_id>/dagtilbud-og-skole.pdf", views.records_pdf, name="records_pdf"),
    # The family's own actions (issue 14 §§ 2–3): views_acts.py
    path("boern/<int:child_id>/samtykker/", views_acts.consents, name="consents"),
    path(
        "boern/<int:child_id>/samtykker/<str:kind>/<int:consent_id>/",
        views_acts.consent_withdraw,
        name="consent_withdraw",
    ),
    path("boern/<int:child_id>/skriv/", views_acts.message, name="message"),
    path("boern/<int:child_id>/skriv/<int:note_id>/", views_acts.message_sent, name="message_sent"),
    path("boern/<int:child_id>/notater/", views_acts.notes, name="notes"),
    path("boern/<int:child_id>/fit/", views_acts.fit, name="fit"),
    path("boern/<int:child_id>/fit/<int:rating_id>/<str:part>/", views_acts.fit_answer, name="fit_answer"),
]
