from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "tidlig.concerns"
    verbose_name = _("Bekymringer")
