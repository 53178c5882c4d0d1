from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossteamConfig(AppConfig):
    name = "tidlig.crossteam"
    verbose_name = _("Tværfagligt team")
