from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "tidlig.metrics"
    verbose_name = _("Nøgletal")

    def ready(self):
        from . import signals  # noqa: F401 — events mark their month dirty
