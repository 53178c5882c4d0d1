"""Forms for the child's network: a person (with or without CPR) and a family tie."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, needed, textarea

from .models import Bond, NetworkPerson, Relation, Sector, Sex

MARKS = [
    ("has_custody", _("Har forældremyndighed over barnet")),
    ("is_resource", _("Ressource for barnet (BL § 22)")),
    ("support_person", _("Kan være støtteperson (BL § 53)")),
    ("network_foster", _("Kan være netværksplejefamilie (BL § 58) eller venskabsfamilie (§ 54)")),
    ("is_dead", _("Død")),
]


class PersonForm(TidligForm):
    first_name = needed(
        forms.CharField(label=_("Fornavn"), required=False, max_length=100),
        _("Skriv personens fornavn (eller hvad barnet kalder personen)."),
    )
    last_name = forms.CharField(label=_("Efternavn"), required=False, max_length=100)
    role = forms.CharField(
        label=_("Hvem er personen for barnet?"),
        required=False,
        max_length=100,
        help_text=_("Fx mor, mormor, halvbror, nabo, fodboldtræner, klasselærer."),
    )
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Kun hvis det er kendt; fx 010180-1234. Forældre fra registret kobles til deres CPR."),
    )
    sex = forms.ChoiceField(label=_("Køn"), choices=Sex.choices, initial=Sex.OTHER, widget=forms.RadioSelect)
    born_year = forms.IntegerField(label=_("Fødselsår"), required=False, min_value=1900, max_value=2100)
    died_year = forms.IntegerField(label=_("Dødsår"), required=False, min_value=1900, max_value=2100)
    household = forms.CharField(
        label=_("Husstand"),
        required=False,
        max_length=100,
        help_text=_("Personer med samme husstand (fx adressen eller »Mors hjem«) cirkles ind sammen."),
    )
    sector = forms.ChoiceField(label=_("Del af netværket"), choices=Sector.choices, widget=forms.RadioSelect)
    closeness = forms.TypedChoiceField(
        label=_("Hvor tæt på barnet"),
        choices=NetworkPerson.Closeness.choices,
        coerce=int,
        initial=NetworkPerson.Closeness.MIDDLE,
        widget=forms.RadioSelect,
    )
    bond = forms.ChoiceField(label=_("Barnets relation til personen"), choices=Bond.choices, required=False)
    marks = forms.MultipleChoiceField(
        label=_("Markeringer"), choices=MARKS, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=textarea(3))

    def __init__(self, *args, is_child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].initial = Sector.FAMILY
        if is_child:
            for name in ("sector", "closeness", "bond", "died_year"):
                del self.fields[name]
            self.fields["marks"].choices = [m for m in MARKS if m[0] in ("is_resource",)]

    @staticmethod
    def initial_of(p: NetworkPerson) -> dict:
        initial = {
            k: getattr(p, k)
            for k in (
                "first_name",
                "last_name",
                "role",
                "sex",
                "born_year",
                "died_year",
                "household",
                "sector",
                "closeness",
                "bond",
                "note",
            )
        }
        initial["cpr"] = f"{p.cpr[:6]}-{p.cpr[6:]}" if p.cpr else ""
        initial["marks"] = [k for k, _label in MARKS if getattr(p, k)]
        return initial

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        chosen = set(d.pop("marks", []))
        for key, _label in MARKS:
            d[key] = key in chosen
        return d


class RelationForm(TidligForm):
    a = forms.TypedChoiceField(label=_("Person"), coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices, widget=forms.RadioSelect)
    b = forms.TypedChoiceField(label=_("Anden person"), coerce=int, empty_value=None)

    def __init__(self, *args, people: list[NetworkPerson], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        choices = [("", "—")] + [(p.pk, _label_of(p)) for p in people]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"a": self.people.get(d["a"]), "kind": d["kind"], "b": self.people.get(d["b"])}


def _label_of(p: NetworkPerson) -> str:
    return f"{p.name} ({p.role})" if p.role else p.name
