from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "tidlig.interventions"
    verbose_name = _("Indsatser")

    def ready(self):
        """Tell the layers below what they need of measures, through the spine's registry (intake and early
        detection never import interventions): whether the child had ongoing support when notified about
        (§ 137), who decided its measures, its open measures and those in force (§ 138), and the first decision
        after a day."""
        from tidlig.timeline import registry

        from . import selectors

        registry.register_ongoing_support(selectors.has_ongoing_measure_or_placement)
        registry.register_case_deciders(selectors.measures_decided_by)
        registry.register_open_measures(selectors.open_measures)
        registry.register_measures_in_force(selectors.measures_in_force)
        registry.register_first_decided_since(selectors.first_decided_since)

        # A decision letter sent by the outbox (Digital Post) or by paper becomes the decision's LetterSent.
        from tidlig.post.signals import letter_sent

        from .services.outbox import on_letter_sent

        letter_sent.connect(on_letter_sent, dispatch_uid="interventions.decision_letter_sent")
