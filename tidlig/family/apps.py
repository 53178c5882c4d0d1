from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    name = "tidlig.family"
    verbose_name = _("Familiens egen side")
