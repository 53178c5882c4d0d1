"""Required or optional, said right on every field of every form (issue 10).

One rule decides the label's "(frivilligt)" (core.forms.requirement_note): nothing on a field that must
be filled in (required, or `needed` by the service), the case on a field the service requires only then
(`needed_when`), "frivilligt" only on what may really be left empty. The field template shows exactly
that, for every field of every TidligForm in Tidlig.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django.template.loader import render_to_string

import tidlig
from tidlig.core.forms import TidligForm, requirement_note

# Fields the services require in one case only; their labels must say the case, not "(frivilligt)".
CONDITIONAL = {
    ("ItemForm", "anonymous_label"),
    ("ItemForm", "child"),
    ("ItemForm", "consent_by"),
    ("ItemForm", "consent_on"),
    ("ItemForm", "consent_note"),
    ("ItemForm", "follow_up_reason"),
}
# Fields the services always require although the form lets them through blank (the service words it).
NEEDED = {("HealthVisitorForm", "parents_present"), ("ItemForm", "question"), ("CourseForm", "purpose")}


def _all_forms() -> list[type[TidligForm]]:
    for info in pkgutil.walk_packages(tidlig.__path__, "tidlig."):
        if any(part in info.name for part in (".tests", ".migrations", ".management", "tidlig.demo")):
            continue
        importlib.import_module(info.name)
    found, todo = [], [TidligForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def _instance(cls):
    """The form with its dynamic fields where it can be built from empty arguments, else its declared ones."""
    needs = {
        name: []
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    }
    try:
        return cls(**needs)
    except Exception:  # noqa: BLE001  (a form that needs real objects: its declared fields still count)
        form = TidligForm()
        form.fields = {name: f for name, f in cls.base_fields.items()}
        return form


@pytest.mark.django_db
def test_every_field_of_every_form_is_labelled_required_or_optional_by_the_one_rule():
    forms = _all_forms()
    assert len(forms) > 30
    seen = set()
    for cls in forms:
        form = _instance(cls)
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            seen.add((cls.__name__, name))
            note = requirement_note(field)
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if getattr(field, "queryset", ()) is None:  # a model choice filled in __init__: rule only
                html = f"({note})" if note else ""
            else:
                html = render_to_string("core/_field.html", {"field": form[name]})
            assert ("(frivilligt)" in html) == (note == "frivilligt"), where
            if field.required:
                assert note == "", where
            if (cls.__name__, name) in CONDITIONAL:
                assert note not in ("", "frivilligt") and f"({note})" in html, where
            if (cls.__name__, name) in NEEDED:
                assert note == "" and "frivilligt" not in html, where
    assert CONDITIONAL | NEEDED <= seen  # the lists name fields that exist


def test_the_health_visitors_and_the_team_items_required_fields_are_not_called_optional(
    client_for, hanne, eva, group, child, municipality, org
):
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from tidlig.people.models import Child

    baby = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Test",
        birth_date=timezone.localdate() - dt.timedelta(days=275),
        district=org["nord"],
    )
    html = client_for(hanne).get(reverse("wellbeing:health_visitor_rate", args=[baby.pk])).content.decode()
    label = html[html.index("Forældre til stede") :][:120]
    assert "frivilligt" not in label
    html = client_for(eva).get(reverse("crossteam:propose")).content.decode()
    label = html[html.index("Samtykke fra") :][:120]
    assert "(ved drøftelse med navn)" in label and "frivilligt" not in label
