"""Forms for decisions and measures. They check the shape of the input; the services decide what the law allows."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed, needed_when, textarea, yes_no_field
from tidlig.people.models import Child

from .models import Appeal, CommitteeSubmission, LetterSent, MeasureType, ParentPlanOffer, PlaceType


def catalogue_for(child: Child):
    """Tidlig's shipped catalogue plus the child's municipality's own services."""
    return MeasureType.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=child.municipality_id)
    ).order_by("level", "paragraph", "title")


class DecisionDraftForm(TidligForm):
    type = forms.TypedChoiceField(
        label=_("Indsats"),
        coerce=int,
        help_text=_("Indsatstyperne fra kataloget, med lovgrundlag og trin på indsatstrappen."),
        error_messages={
            "required": _("Vælg en indsats fra kataloget."),
            "invalid_choice": _("Vælg en indsats fra kataloget."),
        },
    )
    planned_on = date_field(_("Forventet afgørelsesdato"))
    purpose = needed(
        forms.CharField(
            label=_("Formål"),
            required=False,
            widget=textarea(3),
            help_text=_("Hvad indsatsen skal opnå for barnet (§ 32, stk. 3 / § 46, stk. 1)."),
        ),
        _("Skriv formålet med indsatsen (§ 32, stk. 3 / § 46, stk. 1)."),
    )
    expected_duration = needed(
        forms.CharField(
            label=_("Forventet varighed"),
            required=False,
            max_length=100,
            help_text=_("Fx 6 måneder."),
        ),
        _("Skriv den forventede varighed."),
    )
    reasoning = needed(
        forms.CharField(
            label=_("Begrundelse"),
            required=False,
            widget=textarea(6),
            help_text=_(
                "De oplysninger og hensyn, afgørelsen bygger på (forvaltningslovens §§ 22–24). "
                "Teksten kommer med i afgørelsesbrevet."
            ),
        ),
        _("Skriv begrundelsen for afgørelsen."),
    )
    plan_needed = yes_no_field(
        _("Barnets plan (§ 91, stk. 1)"),
        yes=_("Der udarbejdes en barnets plan"),
        no=_("Der udarbejdes ikke en barnets plan"),
        help_text=_(
            "Ved en støttende indsats (§ 32) tager du stilling til, om der skal være en plan. "
            "Ved en anbringelse udarbejdes planen altid."
        ),
    )
    place_type = forms.ChoiceField(
        label=_("Anbringelsessted (§ 43, stk. 1)"),
        required=False,
        choices=[("", "—"), *PlaceType.choices],
    )
    place_name = forms.CharField(label=_("Anbringelsesstedets navn"), required=False, max_length=200)
    without_consent = yes_no_field(
        _("Samtykke"),
        yes=_("Uden samtykke – børne- og ungeudvalget træffer afgørelsen (§ 47)"),
        no=_("Med samtykke (§ 46)"),
    )

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {t.pk: t for t in catalogue_for(child)}
        groups: dict[str, list] = {}
        for t in self.types.values():
            groups.setdefault(t.get_kind_display(), []).append((t.pk, f"{t.title} ({t.paragraph})"))
        self.fields["type"].choices = [("", "—"), *groups.items()]
        self.fields["planned_on"].initial = timezone.localdate()
        self.fields["without_consent"].initial = "0"
        for name in ("plan_needed", "without_consent"):
            self.fields[name].required_in_practice = True  # always answered (no choice is "no")
        needed_when(self.fields["place_type"], _("ved anbringelse"))

    @property
    def placement_ids(self) -> list[int]:
        """For the page's script, which shows the placement questions only for a placement."""
        return [pk for pk, t in self.types.items() if t.kind == MeasureType.Kind.PLACEMENT]

    def clean_type(self) -> MeasureType:
        return self.types[self.cleaned_data["type"]]

    def clean(self):
        data = super().clean()
        t = data.get("type")
        if t is not None and t.kind == MeasureType.Kind.SUPPORTIVE and data.get("plan_needed") is None:
            self.add_error(
                "plan_needed", _("Tag stilling til, om der skal udarbejdes en barnets plan (§ 91, stk. 1).")
            )
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "type": d["type"],
            "planned_on": d["planned_on"],
            "purpose": d["purpose"],
            "expected_duration": d["expected_duration"],
            "reasoning": d["reasoning"],
            "plan_needed": bool(d["plan_needed"]),
            "without_consent": bool(d["without_consent"]),
            "place_type": d["place_type"],
            "place_name": d["place_name"],
        }


class ConversationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        view = obj.child_view if len(obj.child_view) <= 80 else obj.child_view[:79] + "…"
        return f"{obj.held_on:%d.%m.%Y} – {view}"


class DecisionMakeForm(TidligForm):
    decided_on = date_field(_("Afgørelsesdato"))
    consent = yes_no_field(
        _("Samtykke fra forældremyndighedsindehaveren"),
        yes=_("Ja, der er givet samtykke"),
        no=_("Nej"),
        help_text=_("En støttende indsats (§ 32, stk. 2) og en anbringelse efter § 46 kræver samtykke."),
    )
    consent_note = forms.CharField(
        label=_("Samtykke: hvem og hvordan"),
        required=False,
        max_length=300,
        help_text=_("Fx: Mor og far gav skriftligt samtykke den 10.11.2026."),
    )
    special_circumstances = needed_when(
        forms.CharField(
            label=_("Særlige forhold: foreløbig eller akut anbringelse (§ 46, stk. 3)"),
            required=False,
            widget=textarea(3),
            help_text=_(
                "Kun hvis den børnefaglige undersøgelse ikke er afsluttet: beskriv, hvorfor anbringelsen ikke "
                "kan vente, til den er afsluttet. Undersøgelsen skal være i gang."
            ),
        ),
        _("når undersøgelsen ikke er afsluttet"),
    )
    hearing_on = date_field(
        _("Partshøring"),
        required=False,
        help_text=_(
            "Datoen, hvor forældremyndighedsindehaveren fik sagens oplysninger og lejlighed til at udtale "
            "sig (forvaltningslovens § 19). Fx 14.04.2025."
        ),
    )
    conversation = ConversationChoiceField(
        label=_("Børnesamtale (§ 5, stk. 3)"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_(
            "Vælg samtalen, hvor barnets synspunkter kom frem. Findes den ikke, så registrér den på "
            "barnets side først – eller begrund nedenfor, hvorfor samtalen fraviges."
        ),
    )
    conversation_exception = forms.CharField(
        label=_("Begrundelse for at fravige børnesamtalen (§ 5, stk. 4)"),
        required=False,
        widget=textarea(3),
        help_text=_(
            "Kun i helt særlige tilfælde, fx barnets alder. Skriv også, hvordan barnets synspunkter er "
            "tilvejebragt på anden vis."
        ),
    )

    def __init__(self, *args, child: Child, kind: str = "", by_committee: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conversation"].queryset = child.conversations.order_by("-held_on", "-pk")
        self.fields["decided_on"].initial = timezone.localdate()
        # One of the two is needed (§ 5, stk. 3-4); neither is "frivilligt".
        self.fields["conversation"].required_in_practice = True
        self.fields["conversation_exception"].required_in_practice = True
        if kind in (MeasureType.Kind.SUPPORTIVE, MeasureType.Kind.PLACEMENT):
            self.fields["hearing_on"].required_in_practice = True
            if "consent" in self.fields:
                self.fields["consent"].required_in_practice = True
        if kind != MeasureType.Kind.PLACEMENT or by_committee:  # § 47 needs a concluded investigation
            del self.fields["special_circumstances"]
        if by_committee:  # § 47: the committee decides without consent; the question does not arise
            del self.fields["consent"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "decided_on": d["decided_on"],
            "consent": d.get("consent"),
            "consent_note": d["consent_note"],
            "hearing_on": d["hearing_on"],
            "conversation": d["conversation"],
            "conversation_exception": d["conversation_exception"],
            "special_circumstances": d.get("special_circumstances", ""),
        }


class StartForm(TidligForm):
    started_on = date_field(_("Startdato"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class EndForm(TidligForm):
    ended_on = date_field(_("Slutdato"))
    reason = needed(
        forms.CharField(
            label=_("Årsag til ophør"),
            required=False,
            max_length=200,
            help_text=_("Fx: Målene er nået. Familien har ikke længere brug for støtten."),
        ),
        _("Skriv hvorfor indsatsen ophører."),
    )
    homecoming_period_end = date_field(
        _("Hjemgivelsesperioden slutter (§ 100, stk. 3)"),
        required=False,
        help_text=_(
            "Ved hjemgivelse fra en anbringelse: højst 6 måneder. Tom, hvis der i særlige tilfælde ikke "
            "er en hjemgivelsesperiode. Fx 14.04.2025."
        ),
    )

    def __init__(self, *args, placement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not placement:
            del self.fields["homecoming_period_end"]


class FollowUpForm(TidligForm):
    held_on = date_field(_("Dato for opfølgningen"))
    assessment = needed(
        forms.CharField(
            label=_("Vurdering"),
            required=False,
            widget=textarea(5),
            help_text=_("Barnets trivsel og udvikling, og om indsatsen skal justeres (§ 95, stk. 4)."),
        ),
        _("Skriv vurderingen af barnets trivsel og udvikling og af indsatsen."),
    )
    schedule_reason = needed_when(
        forms.CharField(
            label=_("Plan for de næste opfølgninger, og hvorfor (§ 95, stk. 3)"),
            required=False,
            widget=textarea(3),
            help_text=_(
                "Skal udfyldes ved første opfølgning: hvordan der følges op fremover, med barnets ønsker og "
                "behov."
            ),
        ),
        _("ved første opfølgning"),
    )
    next_on = date_field(_("Næste opfølgning"), required=False)

    def __init__(self, *args, first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        if first:  # named with the other problems when another field stops the form first (one round)
            needed(
                self.fields["schedule_reason"],
                _(
                    "Ved første opfølgning besluttes og begrundes, hvordan der følges op fremover (§ 95, stk. 3)."
                ),
            )
        else:
            self.fields["schedule_reason"].help_text = _(
                "Ændres tilrettelæggelsen af opfølgningen, så skriv hvordan og hvorfor (§ 95, stk. 4)."
            )


class VisitForm(TidligForm):
    visited_on = date_field(_("Dato for besøget"))
    talked_with_child = yes_no_field(
        _("Samtale med barnet"),
        yes=_("Ja, vi talte med barnet under besøget"),
        no=_("Nej"),
        required=True,
        help_text=_("Tilsynet skal mindst to gange om året omfatte en samtale med barnet (§ 156, stk. 5)."),
    )
    note = needed(
        forms.CharField(label=_("Notat"), required=False, widget=textarea(4)), _("Skriv et notat om besøget.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["talked_with_child"].initial = "1"
        self.fields["talked_with_child"].error_messages["required"] = _("Angiv, om I talte med barnet.")


class SupportPersonForm(TidligForm):
    offered_on = date_field(_("Tilbudt den"))
    accepted = yes_no_field(
        _("Tog forældrene imod tilbuddet?"),
        yes=_("Ja"),
        no=_("Nej"),
        required=False,
        help_text=_("Forældremyndighedsindehaveren skal tilbydes en støtteperson ved anbringelsen (§ 75)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_on"].initial = timezone.localdate()


class ParentPlanOfferForm(TidligForm):
    held_on = date_field(_("Dato"))
    outcome = forms.ChoiceField(
        label=_("Hvad skete der?"),
        choices=ParentPlanOffer.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvad der skete.")},
        help_text=_(
            "Forældrene tilbydes en revision af forældrehandleplanen senest 3 måneder efter anbringelsen "
            "(§ 79, stk. 2); derefter vurderes behovet mindst hver 12. måned (stk. 3)."
        ),
    )
    note = forms.CharField(
        label=_("Notat"),
        required=False,
        widget=textarea(3),
        help_text=_("Skriv forældrenes svar, eller hvorfor der ikke er behov for en revision."),
    )

    def __init__(self, *args, **kwargs):
        # its own ids: the follow-up and visit forms on the same page have `held_on` and `note` too
        kwargs.setdefault("auto_id", "id_offer_%s")
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class CommitteeSubmissionForm(TidligForm):
    """BL § 51: the indstilling to børne- og ungeudvalget, with a checklist of what it held."""

    submitted_on = date_field(_("Indstillingen sendt til udvalget"))
    meeting_on = date_field(_("Udvalgets møde"))
    contents = forms.MultipleChoiceField(
        label=_("Indstillingen omfatter (§ 51, stk. 1)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (f, CommitteeSubmission._meta.get_field(f).verbose_name) for f in CommitteeSubmission.CONTENTS
        ],
        help_text=_("Alle fire dele skal være med. Sæt kun kryds ved det, indstillingen faktisk indeholder."),
    )
    parent_plan = forms.ChoiceField(
        label=_("Plan for forældrene (§ 51, stk. 2)"),
        choices=CommitteeSubmission.ParentPlan.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvad der er vedlagt om planen for forældrene.")},
        help_text=_(
            "Har barnet søskende under 18 år i husstanden, og skyldes anbringelsen omsorgssvigt eller andre "
            "alvorlige forhold hos forældrene, skal der laves en forældrehandleplan, også selv om forældrene "
            "har afvist støtten (§ 77, stk. 2)."
        ),
    )
    siblings = forms.ChoiceField(
        label=_("Søskende under 15 år (§ 51, stk. 3)"),
        choices=CommitteeSubmission.Siblings.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvad indstillingen siger om søskende under 15 år.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_committee_%s")
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "submitted_on": d["submitted_on"],
            "meeting_on": d["meeting_on"],
            "parent_plan": d["parent_plan"],
            "siblings": d["siblings"],
            **{f: f in d["contents"] for f in CommitteeSubmission.CONTENTS},
        }


class WithdrawForm(TidligForm):
    reason = forms.CharField(label=_("Hvorfor trækkes udkastet tilbage?"), max_length=300)


# The decision letter's dispatch and complaints (issue 12; RSL §§ 66-68) ------------------------------------


class LetterSentForm(TidligForm):
    sent_on = date_field(_("Sendt"))
    method = forms.ChoiceField(
        label=_("Sendt som"), choices=LetterSent.Method.choices, widget=forms.RadioSelect
    )
    received_on = date_field(
        _("Modtaget"),
        required=False,
        help_text=_("Klagefristen på 4 uger løber fra modtagelsen. Digital Post og udlevering: samme dag."),
    )


class PaperPostForm(TidligForm):
    """The decision letter could not go by Digital Post; the caseworker sent it by paper (issue 14 §4)."""

    sent_on = date_field(_("Sendt med posten den"))


class AppealForm(TidligForm):
    received_on = date_field(_("Klagen modtaget"))


class AppealUpdateForm(TidligForm):
    reconsidered_on = date_field(_("Genvurderet"), required=False)
    reconsideration = forms.ChoiceField(
        label=_("Genvurdering"), choices=[("", "—"), *Appeal.Reconsideration.choices], required=False
    )
    outcome_on = date_field(_("Ankestyrelsens afgørelse"), required=False)
    outcome = forms.ChoiceField(
        label=_("Ankestyrelsens udfald"), choices=[("", "—"), *Appeal.Outcome.choices], required=False
    )
