from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitConfig(AppConfig):
    name = "tidlig.fit"
    verbose_name = _("FIT – feedback-informeret praksis")
