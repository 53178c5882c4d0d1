from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "tidlig.intake"
    verbose_name = _("Modtagelse")

    def ready(self):
        """Give the spine the team worklist's unassigned notifications and what reception's rows show about
        their notification (the spine never imports intake)."""
        from tidlig.timeline import registry

        from . import selectors

        registry.register_team_unassigned(selectors.team_unassigned)
        registry.register_row_details(selectors.rows_with_notification)

        # A receipt or feedback letter sent by the outbox (Digital Post) or by paper stamps the notification.
        from tidlig.post.signals import letter_sent

        from .services.outbox import on_letter_sent

        letter_sent.connect(on_letter_sent, dispatch_uid="intake.notification_letter_sent")
