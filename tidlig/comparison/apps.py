from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonConfig(AppConfig):
    name = "tidlig.comparison"
    verbose_name = _("Sammenligning med andre kommuner")

    def ready(self):
        from tidlig.core.report_sections import register

        from .report import committee_section

        register(committee_section)  # the committee report's comparison (metrics/report.py)
