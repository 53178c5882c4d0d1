"""The family app keeps no personal data of its own: the citizen lives in the session (citizen.py).

DemoCitizen is the demo's list of synthetic people to sign in as at /borger/demo/ (only with DEBUG or
CITIZEN_DEMO_LOGIN): written by `tidlig demo` (tidlig/demo/citizens.py), empty in production.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoCitizen(models.Model):
    cpr = models.CharField(_("CPR-nummer"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    # What the persona shows, in Danish, for the demo page ("Mor med forældremyndighed").
    role = models.CharField(_("rolle"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("demo-borger")
        verbose_name_plural = _("demo-borgere")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"
