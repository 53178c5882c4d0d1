from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GenogramConfig(AppConfig):
    name = "tidlig.genogram"
    verbose_name = _("Barnets netværk")
