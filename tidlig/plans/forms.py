"""Forms for plans: the plan with a fixed number of goal rows, and a goal's status."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed, textarea
from tidlig.people.models import Child

from .models import Goal, Plan

GOAL_ROWS = 6


class PlanForm(TidligForm):
    kind = forms.ChoiceField(
        label=_("Plan"),
        choices=Plan.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvilken plan det er.")},
    )
    recorded_on = date_field(_("Dato"))
    measure = forms.TypedChoiceField(
        label=_("Hører til indsatsen"), required=False, coerce=int, empty_value=None
    )
    summary = needed(
        forms.CharField(
            label=_("Planens indhold"),
            required=False,
            widget=textarea(6),
            help_text=_(
                "Barnets behov, formålet med indsatsen og hvordan barnet og forældrene er inddraget "
                "(§§ 92–93)."
            ),
        ),
        _("Skriv planens indhold."),
    )

    # Not rendered as an input: it carries the service's error about the goals to the goal rows.
    goals = forms.CharField(label=_("Mål"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()
        self.measures = {m.pk: m for m in child.measures.filter(ended_on__isnull=True).select_related("type")}
        self.fields["measure"].choices = [("", "—"), *((pk, str(m.type)) for pk, m in self.measures.items())]
        for i in range(GOAL_ROWS):
            self.fields[f"goal_text_{i}"] = forms.CharField(
                label=_("Mål %(n)s") % {"n": i + 1}, required=False, max_length=300
            )
            self.fields[f"goal_owner_{i}"] = forms.CharField(
                label=_("Ansvarlig for mål %(n)s") % {"n": i + 1}, required=False, max_length=150
            )
        for name, field in self.fields.items():
            if name.startswith("goal_"):
                field.widget.attrs["class"] = "form-input"

    def clean_measure(self):
        pk = self.cleaned_data["measure"]
        return self.measures.get(pk) if pk else None

    @property
    def goal_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"goal_text_{i}"], self[f"goal_owner_{i}"]) for i in range(GOAL_ROWS)]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        goals = [(d[f"goal_text_{i}"], d[f"goal_owner_{i}"]) for i in range(GOAL_ROWS)]
        return {
            "kind": d["kind"],
            "summary": d["summary"],
            "recorded_on": d["recorded_on"],
            "measure": d["measure"],
            "goals": [(t, o) for t, o in goals if t.strip() or o.strip()],
        }


class GoalStatusForm(TidligForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
