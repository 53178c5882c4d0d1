from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tidlig.cases"
    verbose_name = _("Sager og frister")

    def ready(self):
        """Take over from intake through the spine's registry (intake never imports cases): a screening that
        decides on a § 20 undersøgelse starts it, a new caseworker takes over the case's deadlines, and the
        feedback letter (§ 138, stk. 2) is told which afdækning or undersøgelse ran."""
        from tidlig.timeline import registry

        from . import casework, overview

        registry.register_investigation_hand_over(casework.investigation_for_screening)
        registry.register_caseworker_assigned(casework.assign_case_obligations)
        registry.register_case_work_since(overview.case_work_since)
