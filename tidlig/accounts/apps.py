from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tidlig.accounts"
    verbose_name = _("Log ind og sikkerhed")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the security log and the deploy checks)
