from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from tidlig.api import api
from tidlig.core import views as core_views
from tidlig.core.forms import LoginForm

admin.site.site_header = _("Tidlig – opsætning")
admin.site.site_title = "Tidlig"

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="core/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("tidlig.organisation.oidc_urls")),  # single sign-on (issue 8)
    path("sprog/", set_language, name="set_language"),
    path("konto/", include("tidlig.accounts.urls")),
    path("underretninger/", include("tidlig.intake.urls")),
    path("indsatser/", include("tidlig.interventions.urls")),
    path("planer/", include("tidlig.plans.urls")),
    path("trivsel/", include("tidlig.wellbeing.urls")),
    path("bekymringer/", include("tidlig.concerns.urls")),
    path("tvaerfagligt-team/", include("tidlig.crossteam.urls")),
    path("", include("tidlig.people.urls")),
    path("", include("tidlig.cases.urls")),
    path("", include("tidlig.genogram.urls")),  # the child's network (issue 13 § 2)
    path("", include("tidlig.fit.urls")),  # FIT: feedback-informed treatment (issue 13 § 4)
    path("noegletal/sammenligning/", include("tidlig.comparison.urls")),
    path("noegletal/indberetning/", include("tidlig.delivery.urls")),
    path("noegletal/", include("tidlig.metrics.urls")),
    path("adgangslog/", include("tidlig.audit.urls")),
    path("sagsgennemgang/", include("tidlig.review.urls")),
    path("netvaerk/", include("tidlig.network.urls")),
    path("forloeb/", include("tidlig.course.urls")),  # the § 30 course (issue 13 § 3)
    path("udbakke/", include("tidlig.post.urls")),  # letters to citizens by Digital Post (issue 14 § 4)
    path("borger/", include("tidlig.family.urls")),  # the family's own pages (issue 14)
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
# No route serves MEDIA_ROOT, not even with DEBUG: attachments leave only through the permission-checked
# view intake:attachment (ASVS V12.5.1).
