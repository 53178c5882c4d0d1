"""Transitions (overgang) pages: the daycare writes a handover, the school reads what it received."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.core.forms import TidligForm, apply_errors

from . import transitions


class TransitionForm(TidligForm):
    to_institution = forms.ModelChoiceField(
        label=gettext_lazy("Skole"), queryset=None, required=False, empty_label=gettext_lazy("Vælg skole")
    )
    consent_by = forms.ModelChoiceField(
        label=gettext_lazy("Samtykke fra"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Forældrene har ikke givet samtykke"),
        help_text=gettext_lazy(
            "En forælder med forældremyndighed. Uden samtykke sendes intet til skolen, og intet følger barnet."
        ),
    )
    consent_on = forms.DateField(
        label=gettext_lazy("Samtykke givet"), required=False, help_text=gettext_lazy("Fx 25.04.2026.")
    )
    summary = forms.CharField(
        label=gettext_lazy("Overlevering til skolen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=gettext_lazy(
            "Det, forældrene har sagt ja til, at skolen får at vide: barnets styrker, hvad der hjælper barnet, "
            "og hvad skolen skal være opmærksom på. Dagtilbuddets trivselsvurderinger sendes ikke med."
        ),
    )

    def __init__(self, *args, actor, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_institution"].queryset = transitions.schools_for(actor).order_by("name")
        self.fields["consent_by"].queryset = transitions.custody_holders(child)
        self.fields["summary"].required_in_practice = True


@login_required
def transition_new(request, child_id: int):
    child = transitions.child_to_hand_over(request.user, child_id)
    form = TransitionForm(request.POST or None, actor=request.user, child=child)
    if request.method == "POST":
        if form.is_valid():
            try:
                transitions.transition_create(
                    actor=request.user, child=child, today=timezone.localdate(), **form.cleaned_data
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Overleveringen er sendt til skolen."))
                return redirect("wellbeing:parents", child_id=child.pk)
        return render(request, "wellbeing/transition_new.html", {"child": child, "form": form}, status=422)
    return render(request, "wellbeing/transition_new.html", {"child": child, "form": form})


@login_required
def transitions_list(request):
    return render(
        request, "wellbeing/transitions.html", {"transitions": transitions.received_list(request.user)}
    )
