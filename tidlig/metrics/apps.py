from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "tidlig.metrics"
    verbose_name = _("Nøgletal")

    def ready(self):
        from tidlig.core import kept_figures

        from . import signals  # noqa: F401 — events mark their month dirty
        from .installation import year_totals

        kept_figures.register(year_totals)  # the comparison page's own figure reads the kept facts
