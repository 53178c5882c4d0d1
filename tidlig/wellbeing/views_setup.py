"""The institution leader's setup pages: rating periods and groups (educators and children).

Thin: forms check the input, `setup` decides and writes, `setup_selectors` scope and log the reads.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tidlig.core.forms import TidligForm, submit

from . import setup
from . import setup_selectors as sel
from .models import Group

DATE_ERRORS = {
    "required": gettext_lazy("Skriv datoen."),
    "invalid": gettext_lazy("Skriv datoen som dd.mm.åååå, fx 01.10.2026."),
}


def _date(label):
    return forms.DateField(
        label=label,
        required=False,
        help_text=gettext_lazy("Dato som dd.mm.åååå."),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
        ),
    )


class PeriodForm(TidligForm):
    title = forms.CharField(
        label=gettext_lazy("Navn"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Fx Efterår 2026."),
        error_messages={"max_length": gettext_lazy("Navnet må højst være 100 tegn.")},
    )
    opens_on = _date(gettext_lazy("Åbner"))
    closes_on = _date(gettext_lazy("Lukker"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required_in_practice = True


class GroupNameForm(TidligForm):
    name = forms.CharField(
        label=gettext_lazy("Navn på gruppen"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Stuens eller klassens navn, fx Mariehønen eller 0.A."),
        error_messages={"max_length": gettext_lazy("Navnet må højst være 100 tegn.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required_in_practice = True


class ChildChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class GroupForm(GroupNameForm):
    educators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Pædagoger og lærere i gruppen"),
        help_text=gettext_lazy(
            "De valgte vurderer børnene i gruppen. Kun ansatte på institutionen kan vælges."
        ),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Vælg kun pædagoger og lærere fra listen.")},
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["educators"].queryset = sel.educators_at(group.institution)
        self.fields["educators"].required_in_practice = True  # a tick list: "(frivilligt)" would mislead


class ChildrenForm(TidligForm):
    remove = ChildChoice(
        label=gettext_lazy("Tag ud af gruppen"),
        help_text=gettext_lazy("Barnets vurderinger bliver stående."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Et af de valgte børn går ikke længere i gruppen.")},
    )
    add = ChildChoice(
        label=gettext_lazy("Sæt i gruppen"),
        help_text=gettext_lazy("Institutionens børn, der ikke går i en gruppe."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Et af de valgte børn er allerede sat i en gruppe. Vælg igen.")
        },
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = sel.members_of(group)
        self.fields["add"].queryset = sel.unplaced_children(group.institution)
        for field in self.fields.values():
            field.required_in_practice = True  # tick lists: "(frivilligt)" would mislead


@login_required
def overview(request):
    institution = sel.led_institution(request.user)
    return render(
        request,
        "wellbeing/setup.html",
        {
            "institution": institution,
            "periods": sel.periods_of(institution),
            "groups": sel.groups_of(institution),
            "today": timezone.localdate(),
        },
    )


def _period_page(request, form, period=None, status=200):
    return render(request, "wellbeing/setup_period.html", {"form": form, "period": period}, status=status)


@login_required
def period_new(request):
    institution = sel.led_institution(request.user)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: setup.period_create(actor=request.user, institution=institution, **d),
            _("Perioden er oprettet."),
        )
        if done:
            return redirect("wellbeing:setup")
        return _period_page(request, form, status=422)
    return _period_page(request, form)


@login_required
def period_edit(request, period_id: int):
    period = sel.period_for_leader(request.user, period_id)
    initial = {"title": period.title, "opens_on": period.opens_on, "closes_on": period.closes_on}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: setup.period_update(actor=request.user, period=period, **d),
            _("Perioden er gemt."),
        )
        if done:
            return redirect("wellbeing:setup")
        return _period_page(request, form, period, status=422)
    return _period_page(request, form, period)


@login_required
def group_new(request):
    institution = sel.led_institution(request.user)
    form = GroupNameForm(request.POST or None)
    if request.method == "POST":
        group = submit(
            request,
            form,
            lambda d: setup.group_create(actor=request.user, institution=institution, name=d["name"]),
            _("Gruppen er oprettet. Vælg nu pædagoger og børn."),
        )
        if group:
            return redirect("wellbeing:setup_group", group_id=group.pk)
        return render(request, "wellbeing/setup_group_new.html", {"form": form}, status=422)
    return render(request, "wellbeing/setup_group_new.html", {"form": form})


def _group_page(request, group, *, group_form=None, children_form=None, status=200):
    group_form = group_form or GroupForm(
        group=group, initial={"name": group.name, "educators": list(group.educators.all())}
    )
    children_form = children_form or ChildrenForm(group=group)
    sel.log_names(
        request.user,
        [*children_form.fields["remove"].queryset, *children_form.fields["add"].queryset],
        what="wellbeing_setup_group",
    )
    return render(
        request,
        "wellbeing/setup_group.html",
        {"group": group, "group_form": group_form, "children_form": children_form},
        status=status,
    )


@login_required
def group_detail(request, group_id: int):
    """GET: the group page. POST: its name and educators."""
    group = sel.group_for_leader(request.user, group_id)
    if request.method != "POST":
        return _group_page(request, group)
    form = GroupForm(request.POST, group=group)

    def perform(d):
        return setup.group_update(
            actor=request.user, group=group, name=d["name"], educator_ids=[s.pk for s in d["educators"]]
        )

    if submit(request, form, perform, _("Gruppen er gemt.")):
        return redirect("wellbeing:setup_group", group_id=group.pk)
    return _group_page(request, group, group_form=form, status=422)


@login_required
@require_POST
def group_children(request, group_id: int):
    group = sel.group_for_leader(request.user, group_id)
    form = ChildrenForm(request.POST, group=group)
    today = timezone.localdate()
    result = submit(
        request,
        form,
        lambda d: setup.group_change_children(
            actor=request.user, group=group, add=d["add"], remove=d["remove"], today=today
        ),
        _("Børnene i gruppen er opdateret."),
    )
    if result:
        return redirect("wellbeing:setup_group", group_id=group.pk)
    return _group_page(request, group, children_form=form, status=422)


@login_required
@require_POST
def group_deactivate(request, group_id: int):
    group = sel.group_for_leader(request.user, group_id)
    setup.group_deactivate(actor=request.user, group=group, today=timezone.localdate())
    messages.success(request, _("Gruppen %(name)s er ikke længere i brug.") % {"name": group.name})
    return redirect("wellbeing:setup")
