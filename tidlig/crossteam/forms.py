"""Forms for the team's pages. They check the shape of the input; the services decide what the law allows."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed, needed_when, textarea, yes_no_field
from tidlig.people.models import Guardianship
from tidlig.wellbeing.access import child_labels

from .models import EarlyCourse, MeetingItem, Profession


class _OptionData(forms.Select):
    """A select whose options carry data attributes (`option_data`: pk -> attrs), for pickers.js."""

    option_data: dict = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.option_data.get(value, {}))
        return option


class _Picker(forms.TypedChoiceField):
    """A choice of objects by pk; `clean` returns the object itself."""

    widget = _OptionData

    def __init__(self, *, objects: dict, label, required: bool = False, labels: dict | None = None, **kwargs):
        self.objects = objects
        super().__init__(label=label, coerce=int, empty_value=None, required=required, **kwargs)
        labels = labels or {}
        self.choices = [("", "—"), *((pk, labels.get(pk) or str(o)) for pk, o in objects.items())]

    def clean(self, value):
        pk = super().clean(value)
        return self.objects.get(pk) if pk else None


class MemberForm(TidligForm):
    profession = forms.ChoiceField(label=_("Faglighed"), choices=Profession.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"] = _Picker(
            objects={s.pk: s for s in candidates}, label=_("Fagperson"), required=True
        )
        self.fields["staff"].error_messages["required"] = _("Vælg hvem der skal med i teamet.")
        self.order_fields(["staff", "profession"])
        self.fields["staff"].widget.attrs["class"] = "form-select"


class MeetingForm(TidligForm):
    day = date_field(_("Dato"))
    time = forms.TimeField(
        label=_("Klokkeslæt"),
        help_text=_("Fx 13:30."),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "invalid": _("Skriv klokkeslættet som tt:mm, fx 13:30."),
            "required": _("Skriv klokkeslættet."),
        },
    )
    place = forms.CharField(
        label=_("Sted"), max_length=150, required=False, help_text=_("Fx personalerummet.")
    )

    def starts_at(self) -> dt.datetime:
        d = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(d["day"], d["time"]))


NAMED = _("ved drøftelse med navn")
NAMELESS = _("ved anonym drøftelse")


class ItemForm(TidligForm):
    """An agenda item: anonymous (no name) or named with the parents' consent (RSL § 11 e).

    The fields of one kind are required by the service for that kind only; their labels say so
    (`needed_when`), never "(frivilligt)". The consent is offered only from the chosen child's own
    custody holders (pickers.js narrows the list as the child is chosen; the service checks it).
    """

    kind = forms.ChoiceField(
        label=_("Drøftelse"),
        choices=MeetingItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg om punktet er anonymt eller med barnets navn.")},
    )
    anonymous_label = needed_when(
        forms.CharField(
            label=_("Beskrivelse uden navn"),
            max_length=150,
            required=False,
            help_text=_(
                "Kun ved anonym drøftelse. Fx »dreng, 4 år«. Skriv ikke noget, der kan identificere barnet."
            ),
        ),
        NAMELESS,
    )
    question = needed(
        forms.CharField(label=_("Hvad ønsker I drøftet?"), required=False, widget=textarea(4)),
        _("Skriv hvad I ønsker drøftet."),
    )
    consent_on = needed_when(date_field(_("Samtykke givet"), required=False), NAMED)
    consent_note = needed_when(
        forms.CharField(
            label=_("Hvordan samtykket er givet"),
            max_length=200,
            required=False,
            help_text=_("Fx »skriftligt, underskrevet blanket« eller »mundtligt til lederen«."),
        ),
        NAMED,
    )
    parents_invited = yes_no_field(
        _("Forældrene er inviteret til mødet"),
        yes=_("Ja"),
        no=_("Nej"),
        help_text=_("Kun ved drøftelse med navn."),
    )
    follow_up_reason = needed_when(
        forms.CharField(
            label=_("Begrundelse for opfølgende møde"),
            max_length=300,
            required=False,
            help_text=_("RSL § 11 e, stk. 2: et opfølgende møde på samme samtykke kun i særlige tilfælde."),
        ),
        _("ved opfølgning på et tidligere punkt"),
    )

    def __init__(self, *args, children, earlier_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        children = list(children)
        self.fields["child"] = needed_when(
            _Picker(
                objects={c.pk: c for c in children},
                labels=child_labels(children),
                label=_("Barn"),
                help_text=_("Kun ved drøftelse med navn. Skriv i søgefeltet for at finde barnet."),
            ),
            NAMED,
        )
        self.fields["child"].widget.attrs["data-search"] = _("Søg på navn eller fødselsdato")
        self.fields["child"].widget.attrs["data-search-none"] = _("Intet barn passer til søgningen.")
        guardians = Guardianship.objects.filter(
            child__in=self._chosen(children), has_custody=True
        ).select_related("person", "child")
        people, of = {}, {}
        for g in guardians.order_by("person__first_name", "person__last_name", "pk"):
            people.setdefault(g.person_id, g.person)
            of.setdefault(g.person_id, []).append(g.child_id)
        self.fields["consent_by"] = needed_when(
            _Picker(
                objects=people,
                label=_("Samtykke fra"),
                help_text=_("En forældremyndighedsindehaver til barnet. Vælg barnet først."),
            ),
            NAMED,
        )
        self.fields["consent_by"].widget.attrs["data-children-of"] = self.add_prefix("child")
        self.fields["consent_by"].widget.option_data = {
            pk: {"data-children": " ".join(map(str, ids))} for pk, ids in of.items()
        }
        self.fields["follow_up_of"] = _Picker(
            objects={i.pk: i for i in earlier_items},
            labels={
                i.pk: f"{timezone.localtime(i.meeting.starts_at):%d.%m.%Y}: {i.child}" for i in earlier_items
            },
            label=_("Opfølgning på punkt"),
            help_text=_("Kun hvis punktet følger op på et tidligere møde om samme barn og samtykke."),
        )
        for name in ("child", "consent_by", "follow_up_of"):
            self.fields[name].widget.attrs["class"] = "form-select input-width-xl"  # room for the birth date
        self.order_fields(
            [
                "kind",
                "anonymous_label",
                "child",
                "question",
                "consent_by",
                "consent_on",
                "consent_note",
                "parents_invited",
                "follow_up_of",
                "follow_up_reason",
            ]
        )

    def _chosen(self, children: list) -> list:
        """The child already chosen (in the data sent, or the initial value): only that child's custody
        holders are offered; with none chosen, those of all the children, for pickers.js to narrow."""
        raw = self.data.get(self.add_prefix("child")) if self.is_bound else self.initial.get("child")
        try:
            chosen = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            chosen = None
        picked = [c for c in children if c.pk == chosen]
        return picked or children

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["parents_invited"] = bool(d.get("parents_invited"))
        return d


class ScheduleForm(TidligForm):
    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = _Picker(objects={m.pk: m for m in meetings}, label=_("Møde"), required=True)
        self.fields["meeting"].error_messages["required"] = _("Vælg et planlagt møde.")
        self.fields["meeting"].widget.attrs["class"] = "form-select"


class ItemMinutesForm(TidligForm):
    advice = forms.CharField(label=_("Teamets råd"), required=False, widget=textarea(4))
    agreements = forms.CharField(label=_("Aftaler"), required=False, widget=textarea(3))
    responsible = forms.CharField(label=_("Hvem gør hvad"), max_length=300, required=False)
    follow_up_on = date_field(_("Opfølgning"), required=False)
    parents_attended = yes_no_field(_("Forældrene deltog"), yes=_("Ja"), no=_("Nej"))


class MeetingMinutesForm(TidligForm):
    held = yes_no_field(_("Mødet er afholdt"), yes=_("Ja"), no=_("Nej, endnu ikke"), required=True)
    minutes = forms.CharField(label=_("Referat (generelt)"), required=False, widget=textarea(5))
    next_meeting_on = date_field(_("Næste møde"), required=False)


class WithdrawForm(TidligForm):
    withdrawn_on = date_field(_("Samtykket trukket tilbage"))


class CourseForm(TidligForm):
    purpose = needed(
        forms.CharField(label=_("Formål"), required=False, widget=textarea(4)),
        _("Skriv formålet med forløbet."),
    )
    started_on = date_field(_("Start"))
    planned_end_on = date_field(_("Planlagt slut"), help_text=_("Et kort forløb, fx 8–12 uger."))

    def __init__(self, *args, children, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        children = list(children)
        self.fields["child"] = _Picker(
            objects={c.pk: c for c in children}, labels=child_labels(children), label=_("Barn"), required=True
        )
        self.fields["child"].widget.attrs["data-search"] = _("Søg på navn eller fødselsdato")
        self.fields["child"].widget.attrs["data-search-none"] = _("Intet barn passer til søgningen.")
        self.fields["child"].error_messages["required"] = _("Vælg barnet.")
        self.fields["child"].widget.attrs["class"] = "form-select input-width-xl"
        self.criteria = {c.pk: c for c in criteria}
        self.fields["criteria"] = forms.TypedMultipleChoiceField(
            label=_("Kriterier, der gør barnet omfattet"),
            choices=[(pk, c.title) for pk, c in self.criteria.items()],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Kommunens kriterier for tidlig rådgivning uden sag (barnets lov §§ 29–30)."),
        )
        needed(self.fields["criteria"], _("Vælg mindst ét af kommunens kriterier, som gør barnet omfattet."))
        self.order_fields(["child", "criteria", "purpose", "started_on", "planned_end_on"])

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "child": d["child"],
            "criteria": [self.criteria[pk] for pk in d["criteria"]],
            "purpose": d["purpose"],
            "started_on": d["started_on"],
            "planned_end_on": d["planned_end_on"],
        }


class CourseEndForm(TidligForm):
    ended_on = date_field(_("Afsluttet"))
    outcome = forms.ChoiceField(
        label=_("Udfald"),
        choices=EarlyCourse.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvordan forløbet endte.")},
    )
    notes = forms.CharField(label=_("Notat"), required=False, widget=textarea(3))
