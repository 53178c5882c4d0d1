from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    """The spine: events, stored obligations, the worklists and the child's timeline (issue 9)."""

    name = "tidlig.timeline"
    label = "timeline"
    verbose_name = _("Tidslinje og frister")
