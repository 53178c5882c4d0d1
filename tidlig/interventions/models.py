"""Measures (indsatser) on the intervention staircase.

The spine needs to know whether a child has an ongoing § 32 measure or a placement (BL § 137);
the full catalogue, decisions and plans come with case handling.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child


class Level(models.IntegerChoices):
    """Indsatstrappen (DESIGN.md § 3): moving down is the goal."""

    UNIVERSAL = 1, _("Almen indsats")
    PREVENTIVE = 2, _("Forebyggende indsats")
    SUPPORTIVE = 3, _("Hjemmebaseret / støttende indsats")
    NETWORK_CARE = 4, _("Anbringelse i netværk")
    FOSTER_CARE = 5, _("Anbringelse i plejefamilie")
    INSTITUTION = 6, _("Anbringelse på institution")


class MeasureType(models.Model):
    class Kind(models.TextChoices):
        PREVENTIVE = "preventive", _("Forebyggende (§ 30)")
        SUPPORTIVE = "supportive", _("Støttende (§ 32)")
        PLACEMENT = "placement", _("Anbringelse (§§ 46–47)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="measure_types"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(_("betegnelse"), max_length=150)
    paragraph = models.CharField(_("lovgrundlag"), max_length=60)
    kind = models.CharField(_("art"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("trin"), choices=Level.choices)
    # The municipality's own services: who delivers them and what a unit costs.
    provider = models.CharField(_("leverandør"), max_length=150, blank=True)
    unit = models.CharField(
        _("enhed"),
        max_length=10,
        choices=[("hour", _("time")), ("day", _("døgn")), ("month", _("måned")), ("once", _("engangsbeløb"))],
        default="month",
    )
    unit_price = models.DecimalField(
        _("pris pr. enhed (kr.)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("indsatstype")
        verbose_name_plural = _("indsatstyper")
        unique_together = [("municipality", "code")]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.paragraph})"

    @property
    def display_title(self) -> str:
        """The title in the reader's language: the shipped catalogue is translated, a municipality's own is not."""
        return gettext(self.title)


class PlaceType(models.TextChoices):
    """Anbringelsessteder, BL § 43, stk. 1, nr. 1–7."""

    GENERAL_FOSTER = "43_1", _("Almen plejefamilie (§ 43, stk. 1, nr. 1)")
    REINFORCED_FOSTER = "43_2", _("Forstærket plejefamilie (§ 43, stk. 1, nr. 2)")
    SPECIALISED_FOSTER = "43_3", _("Specialiseret plejefamilie (§ 43, stk. 1, nr. 3)")
    NETWORK_FOSTER = "43_4", _("Netværksplejefamilie (§ 43, stk. 1, nr. 4)")
    OWN_ROOM = "43_5", _("Eget værelse, kollegium el.lign. (§ 43, stk. 1, nr. 5)")
    CHILDRENS_HOME = "43_6", _("Børne- og ungehjem (§ 43, stk. 1, nr. 6)")
    BOARDING_SCHOOL = (
        "43_7",
        _("Efterskole, fri fagskole eller fri grundskole med kostafdeling (§ 43, stk. 1, nr. 7)"),
    )


class Decision(models.Model):
    """An afgørelse: what is decided, why, for how long, with consent, partshøring and klagevejledning.

    A draft (decided_on empty) becomes a decision when made; a made decision is never edited.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="decisions")
    type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="decisions")
    planned_on = models.DateField(_("forventet afgørelsesdato"))
    decided_on = models.DateField(_("afgørelsesdato"), null=True, blank=True)
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    drafted_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(_("formål (§ 32, stk. 3)"))
    expected_duration = models.CharField(_("forventet varighed"), max_length=100)
    reasoning = models.TextField(_("begrundelse"))
    consent = models.BooleanField(_("samtykke fra forældremyndighedsindehaveren"), null=True)
    consent_note = models.CharField(_("samtykke: hvem og hvordan"), max_length=300, blank=True)
    hearing_on = models.DateField(_("partshøring"), null=True, blank=True)
    plan_needed = models.BooleanField(_("barnets plan udarbejdes (§ 91, stk. 1)"), default=False)
    without_consent = models.BooleanField(_("anbringelse uden samtykke (§ 47)"), default=False)
    place_type = models.CharField(
        _("anbringelsessted (§ 43)"), max_length=5, choices=PlaceType.choices, blank=True
    )
    place_name = models.CharField(_("anbringelsesstedets navn"), max_length=200, blank=True)
    conversation = models.ForeignKey(
        "cases.ChildConversation", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    withdrawn_on = models.DateField(_("trukket tilbage"), null=True, blank=True)
    withdrawn_reason = models.CharField(
        _("begrundelse for at trække udkastet tilbage"), max_length=300, blank=True
    )
    special_circumstances = models.TextField(
        _(
            "særlige forhold: foreløbig eller akut anbringelse under en igangværende undersøgelse (§ 46, stk. 3)"
        ),
        blank=True,
    )
    conversation_exception = models.TextField(
        _("begrundelse for at fravige børnesamtalen (§ 5, stk. 4)"), blank=True
    )

    class Meta:
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")

    def __str__(self) -> str:
        return f"{self.type} ({self.decided_on or _('udkast')})"

    @property
    def is_made(self) -> bool:
        return self.decided_on is not None


class Measure(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="measures")
    type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="measures")
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="measure"
    )
    decided_on = models.DateField(_("besluttet"))
    started_on = models.DateField(_("startet"), null=True, blank=True)
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    end_reason = models.CharField(_("årsag til ophør"), max_length=200, blank=True)
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    monthly_cost = models.DecimalField(
        _("udgift pr. måned (kr.)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Placements (BL §§ 43–47, 100)
    place_type = models.CharField(
        _("anbringelsessted (§ 43)"), max_length=5, choices=PlaceType.choices, blank=True
    )
    place_name = models.CharField(_("anbringelsesstedets navn"), max_length=200, blank=True)
    without_consent = models.BooleanField(_("uden samtykke (§ 47)"), default=False)
    homecoming_decided_on = models.DateField(_("afgørelse om hjemgivelse (§ 100)"), null=True, blank=True)
    support_person_offered_on = models.DateField(
        _("støtteperson tilbudt forældrene (§ 75)"), null=True, blank=True
    )
    support_person_accepted = models.BooleanField(_("forældrene tog imod støttepersonen"), null=True)
    homecoming_period_end = models.DateField(_("hjemgivelsesperioden slutter"), null=True, blank=True)

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        indexes = [
            models.Index(fields=["child", "ended_on"]),
            # Staircase, spending and the comparison's own figure read one municipality's measures by start
            # (issue 11 §5: every per-municipality query leads with the municipality).
            models.Index(fields=["municipality", "started_on"], name="measure_municipality_started"),
        ]

    def __str__(self) -> str:
        return str(self.type)


class FollowUp(models.Model):
    """Opfølgning (BL § 95): the first sets and explains how later follow-ups are organised."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="followups")
    held_on = models.DateField(_("afholdt"))
    held_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    assessment = models.TextField(_("vurdering af barnets trivsel og udvikling og af indsatsen"))
    schedule_reason = models.TextField(
        _("plan for de næste opfølgninger, og hvorfor (§ 95, stk. 3)"), blank=True
    )
    next_on = models.DateField(_("næste opfølgning"), null=True, blank=True)

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self) -> str:
        return f"{_('Opfølgning')} {self.held_on:%d.%m.%Y}"


class SupervisionVisit(models.Model):
    """Tilsynsbesøg in a placement, with a conversation with the child (BL § 156, stk. 5)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="supervision_visits")
    visited_on = models.DateField(_("besøgt"))
    visited_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    talked_with_child = models.BooleanField(_("samtale med barnet"), default=True)
    note = models.TextField(_("notat"))

    class Meta:
        verbose_name = _("tilsynsbesøg")
        verbose_name_plural = _("tilsynsbesøg")

    def __str__(self) -> str:
        return f"{_('Tilsynsbesøg')} {self.visited_on:%d.%m.%Y}"


# --- The decision letter's dispatch and appeals (issue 12; RSL §§ 66-68) ----------------------------


class LetterSent(models.Model):
    """When and how the decision letter went to the party: the complaint period (RSL § 67, stk. 1) runs
    from when they received it (rules.review.complaint_deadline)."""

    class Method(models.TextChoices):
        DIGITAL_POST = "digital_post", _("Digital Post")
        LETTER = "letter", _("Brev med posten")
        HANDED_OVER = "handed_over", _("Udleveret personligt")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters_sent")
    sent_on = models.DateField(_("sendt"))
    method = models.CharField(_("sendt som"), max_length=20, choices=Method.choices)
    received_on = models.DateField(_("modtaget (hvis kendt)"), null=True, blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afsendt afgørelsesbrev")
        verbose_name_plural = _("afsendte afgørelsesbreve")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.sent_on:%d.%m.%Y}"


class Appeal(models.Model):
    """A complaint (klage) about a decision: the municipality's reconsideration (genvurdering, RSL § 66) and,
    if it is sent on, Ankestyrelsen's outcome (RSL § 68, stk. 2)."""

    class Reconsideration(models.TextChoices):
        GRANTED = "granted", _("Medhold – afgørelsen ændret")
        PARTLY = "partly", _("Delvist medhold – sendt videre")
        KEPT = "kept", _("Fastholdt – sendt videre")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Stadfæstet")
        CHANGED = "changed", _("Ændret")
        ANNULLED = "annulled", _("Ophævet")
        REMITTED = "remitted", _("Hjemvist")
        DISMISSED = "dismissed", _("Afvist")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField(_("klagen modtaget"))
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    reconsidered_on = models.DateField(_("genvurderet"), null=True, blank=True)
    reconsideration = models.CharField(
        _("genvurdering"), max_length=10, choices=Reconsideration.choices, blank=True
    )
    outcome_on = models.DateField(_("Ankestyrelsens afgørelse"), null=True, blank=True)
    outcome = models.CharField(_("Ankestyrelsens udfald"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Klage')} {self.received_on:%d.%m.%Y}"


class ParentPlanOffer(models.Model):
    """BL § 79, stk. 2–3 in a placement: the offer to revise the forældrehandleplan (the parents accepted or
    declined it), or a later assessment that no revision needs to be offered.

    The first offer comes at the latest 3 months after the child moved out (stk. 2); after that the need is
    assessed at least every 12 months (stk. 3). A revised forældrehandleplan (a new version of the § 77 plan,
    not the first) also meets the period; this record covers what leaves no new plan behind.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Revision tilbudt – forældrene tog imod")
        DECLINED = "declined", _("Revision tilbudt – forældrene afslog")
        NOT_NEEDED = "not_needed", _("Behovet vurderet – ingen revision tilbudt (§ 79, stk. 3)")

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="parent_plan_offers")
    held_on = models.DateField(_("dato"))
    outcome = models.CharField(_("udfald"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("notat"), blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tilbud om revision af forældrehandleplanen")
        verbose_name_plural = _("tilbud om revision af forældrehandleplanen")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.held_on:%d.%m.%Y}"

    @property
    def is_offer(self) -> bool:
        return self.outcome != self.Outcome.NOT_NEEDED


class CommitteeSubmission(models.Model):
    """The forvaltning's indstilling to børne- og ungeudvalget about a placement without consent (BL § 51): when
    it went, the committee's meeting, and what it held. § 51 sets no deadline, so there is no obligation; the
    record lets the case review (issue 12) and the committee see that each part required was there.

    stk. 1, nr. 1–4 must all be in it; stk. 2: the § 77 plan for the parents (or its § 77, stk. 3 reason) is
    attached when one exists; stk. 3: if the indstilling rests on neglect, violence or abuse and siblings under
    15 in the household are not proposed placed, it says why."""

    class ParentPlan(models.TextChoices):
        ATTACHED = "attached", _("Forældrehandleplanen (§ 77, stk. 1) er vedlagt")
        REASON = "reason", _("Begrundelsen for ikke at lave en plan (§ 77, stk. 3) er vedlagt")
        NONE = "none", _("Hverken plan eller begrundelse er udarbejdet")

    class Siblings(models.TextChoices):
        NOT_RELEVANT = (
            "not_relevant",
            _("Ikke relevant: ingen søskende under 15 år, eller de indstilles anbragt"),
        )
        REASONED = (
            "reasoned",
            _("Indstillingen begrunder, hvorfor søskende under 15 år ikke indstilles anbragt"),
        )
        MISSING = "missing", _("Søskende under 15 år indstilles ikke anbragt, og begrundelsen mangler")

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="committee_submission")
    submitted_on = models.DateField(_("indstillingen sendt til udvalget"))
    meeting_on = models.DateField(_("udvalgets møde"))
    investigation = models.BooleanField(_("nr. 1: undersøgelsen, betingelserne i § 47 og ressourcerne"))
    custody_assessment = models.BooleanField(
        _("nr. 2: vurdering af forældremyndighedsindehaverens kompetencer")
    )
    plan_and_support = models.BooleanField(_("nr. 3: barnets plan eller ungeplanen og den påtænkte støtte"))
    child_view = models.BooleanField(_("nr. 4: barnets eller den unges holdning"))
    parent_plan = models.CharField(
        _("plan for forældrene (stk. 2)"), max_length=10, choices=ParentPlan.choices
    )
    siblings = models.CharField(_("søskende under 15 år (stk. 3)"), max_length=12, choices=Siblings.choices)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indstilling til børne- og ungeudvalget")
        verbose_name_plural = _("indstillinger til børne- og ungeudvalget")

    def __str__(self) -> str:
        return f"{_('Indstilling')} {self.submitted_on:%d.%m.%Y}"

    CONTENTS = ("investigation", "custody_assessment", "plan_and_support", "child_view")

    @property
    def missing(self) -> list[str]:
        """The parts § 51 requires that the indstilling lacked, as the field labels say them."""
        out = [str(self._meta.get_field(f).verbose_name) for f in self.CONTENTS if not getattr(self, f)]
        if self.siblings == self.Siblings.MISSING:
            out.append(str(self._meta.get_field("siblings").verbose_name))
        return out
