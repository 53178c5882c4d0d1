"""FIT (Feedback-Informed Treatment, issue 13 § 4): sessions where the family rates how life is going
(ORS/CORS/YCORS) and how the meeting was (SRS/CSRS/YCSRS), one-time links for their own phone, and the
alerts the professional gets. The scoring is in `scoring.py` (pure); the numbers are `FitSettings`.

Tidlig ships the scales and the scoring, not the copyrighted item wording: a municipality enters the
wording it has licensed (`InstrumentWording`, in the admin); until then the screens say "Punkt 1" … 4.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child

from . import scoring

INSTRUMENTS = [(i.value, i.value) for i in scoring.Instrument]


class Band(models.TextChoices):
    YOUNG = scoring.Band.YOUNG.value, _("Under 6 år (YCORS/YCSRS)")
    CHILD = scoring.Band.CHILD.value, _("6–12 år (CORS/CSRS)")
    YOUTH = scoring.Band.YOUTH.value, _("13–17 år (ORS/SRS)")
    ADULT = scoring.Band.ADULT.value, _("Voksen (ORS/SRS)")


def _score(name, default=None):
    return models.DecimalField(
        name,
        default=default,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
    )


class FitSettings(models.Model):
    """A municipality's FIT numbers (defaults cited in scoring.py). The adolescent cut-off has no default:
    the published value could not be verified, so the municipality sets it."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="fit_settings")
    cutoff_adult = _score(_("klinisk grænse, voksne (ORS)"), Decimal("25"))
    cutoff_youth = _score(_("klinisk grænse, 13–17 år (ORS) – skal angives"))
    cutoff_child = _score(_("klinisk grænse, 6–12 år (CORS)"), Decimal("32"))
    cutoff_young = _score(_("klinisk grænse, under 6 år (YCORS)"))
    reliable_change = models.DecimalField(
        _("pålidelig ændring (point)"), max_digits=3, decimal_places=1, default=5
    )
    alliance_total = models.DecimalField(
        _("alliance: samlet score under"), max_digits=3, decimal_places=1, default=36
    )
    alliance_item = models.DecimalField(
        _("alliance: et punkt under"), max_digits=3, decimal_places=1, default=9
    )
    alliance_drop = models.DecimalField(
        _("alliance: fald fra sidste session på mere end"), max_digits=3, decimal_places=1, default=0
    )
    no_change_sessions = models.PositiveSmallIntegerField(
        _("varsel ved ingen ændring efter sessioner"), default=3
    )
    link_hours = models.PositiveSmallIntegerField(_("engangslink gælder (timer)"), default=24)
    rci_min_respondents = models.PositiveIntegerField(_("egen RCI: mindst antal respondenter"), default=30)
    test_retest_r = models.DecimalField(
        _("test-retest-reliabilitet r (til egen RCI)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.99"))],
    )

    class Meta:
        verbose_name = _("FIT-indstillinger")
        verbose_name_plural = _("FIT-indstillinger")

    def __str__(self) -> str:
        return str(self.municipality)

    @classmethod
    def defaults(cls, municipality: Municipality) -> FitSettings:
        return cls(municipality=municipality)

    def rules(self) -> scoring.Rules:
        return scoring.Rules(
            cutoffs={
                scoring.Band.ADULT: self.cutoff_adult,
                scoring.Band.YOUTH: self.cutoff_youth,
                scoring.Band.CHILD: self.cutoff_child,
                scoring.Band.YOUNG: self.cutoff_young,
            },
            reliable_change=self.reliable_change,
            alliance_total=self.alliance_total,
            alliance_item=self.alliance_item,
            alliance_drop=self.alliance_drop,
            no_change_sessions=self.no_change_sessions,
        )


class InstrumentWording(models.Model):
    """The licensed wording of one item of one instrument in one municipality (entered in the admin)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(_("skala"), max_length=5, choices=INSTRUMENTS)
    item = models.PositiveSmallIntegerField(
        _("punkt"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    label = models.CharField(_("tekst"), max_length=200)
    low = models.CharField(_("tekst ved 0"), max_length=100, blank=True)
    high = models.CharField(_("tekst ved 10"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("licenseret ordlyd")
        verbose_name_plural = _("licenseret ordlyd")
        ordering = ["instrument", "item"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "instrument", "item"], name="fit_wording_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.item}: {self.label}"


class Respondent(models.Model):
    """Someone who rates in a child's FIT sessions: the child, the mother, the father … (need to know:
    only the first name is shown on the family's link)."""

    class Role(models.TextChoices):
        CHILD = "child", _("Barnet")
        MOTHER = "mother", _("Mor")
        FATHER = "father", _("Far")
        OTHER = "other", _("Anden")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="fit_respondents")
    role = models.CharField(_("hvem"), max_length=10, choices=Role.choices)
    first_name = models.CharField(_("fornavn"), max_length=60)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondenter")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.first_name} ({self.get_role_display()})"


class FitSession(models.Model):
    """One meeting with the family where FIT is used."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="fit_sessions")
    professional = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="fit_sessions")
    held_on = models.DateField(_("dato"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("FIT-session")
        verbose_name_plural = _("FIT-sessioner")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"FIT {self.held_on:%d.%m.%Y}"


class Rating(models.Model):
    """One respondent's scales in one session: outcome (at the start) and alliance (at the end)."""

    class Via(models.TextChoices):
        TABLET = "tablet", _("På mødet")
        LINK = "link", _("Engangslink")
        API = "api", _("API")
        HOME = "home", _("Hjemmefra (logget ind)")

    session = models.ForeignKey(FitSession, on_delete=models.CASCADE, related_name="ratings")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="ratings")
    band = models.CharField(_("aldersgruppe"), max_length=6, choices=Band.choices)
    outcome_instrument = models.CharField(max_length=5, choices=INSTRUMENTS)
    alliance_instrument = models.CharField(max_length=5, choices=INSTRUMENTS)
    outcome_items = models.JSONField(null=True, blank=True)  # four strings "7.5" (exact decimals)
    outcome_total = _score(_("samlet score (ORS)"))
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_via = models.CharField(max_length=6, choices=Via.choices, blank=True)
    alliance_items = models.JSONField(null=True, blank=True)
    alliance_total = _score(_("samlet score (SRS)"))
    alliance_at = models.DateTimeField(null=True, blank=True)
    alliance_via = models.CharField(max_length=6, choices=Via.choices, blank=True)

    class Meta:
        verbose_name = _("FIT-besvarelse")
        verbose_name_plural = _("FIT-besvarelser")
        ordering = ["session__held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "respondent"], name="fit_rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} {self.session}"

    def items(self, part: str) -> list[Decimal] | None:
        raw = self.outcome_items if part == "outcome" else self.alliance_items
        return None if raw is None else [Decimal(v) for v in raw]

    def instrument(self, part: str) -> str:
        return self.outcome_instrument if part == "outcome" else self.alliance_instrument


class FitLink(models.Model):
    """A one-time link for the family's own phone: a random token (only its hash is kept), one part of one
    rating, valid `link_hours`, used once."""

    class Part(models.TextChoices):
        OUTCOME = "outcome", _("Hvordan går det (ORS)")
        ALLIANCE = "alliance", _("Hvordan var mødet (SRS)")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="links")
    part = models.CharField(max_length=8, choices=Part.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engangslink")
        verbose_name_plural = _("engangslinks")

    def __str__(self) -> str:
        return f"{self.part} {self.expires_at:%d.%m.%Y %H:%M}"


class FitAlert(models.Model):
    """A notice to the professional who holds the sessions: no change, deterioration or a weak alliance."""

    class Kind(models.TextChoices):
        NO_CHANGE = "no_change", _("Ingen pålidelig ændring efter flere sessioner")
        DETERIORATION = "deterioration", _("Pålidelig forværring")
        ALLIANCE = "alliance", _("Svag alliance")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="fit_alerts")
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="alerts")
    professional = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="fit_alerts")
    kind = models.CharField(max_length=13, choices=Kind.choices)
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("FIT-varsel")
        verbose_name_plural = _("FIT-varsler")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "kind"], name="fit_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%d.%m.%Y}"
