"""Children, the adults around them, and who has custody."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import District, Institution, Municipality, Staff


class Sex(models.TextChoices):
    BOY = "M", _("Dreng")
    GIRL = "F", _("Pige")
    UNKNOWN = "U", _("Uoplyst")


class Person(models.Model):
    """An adult around a child: a guardian, an expecting mother."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="persons")
    cpr = models.CharField(_("CPR-nummer"), max_length=10, blank=True, db_index=True)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Child(models.Model):
    """A child or young person (barn / ung) 0–17, or an unborn child known through the expecting mother."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="children")
    cpr = models.CharField(_("CPR-nummer"), max_length=10, null=True, blank=True)
    first_name = models.CharField(_("fornavn"), max_length=100, blank=True)
    last_name = models.CharField(_("efternavn"), max_length=100, blank=True)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    sex = models.CharField(_("køn"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    is_unborn = models.BooleanField(_("ufødt barn"), default=False)
    expected_birth = models.DateField(_("terminsdato"), null=True, blank=True)
    expecting_mother = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unborn_children",
        verbose_name=_("vordende mor"),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("dagtilbud/skole"),
    )
    # The district follows the institution (skoledistrikt); stored because routing and every
    # team's worklist filter by it.
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # The child's own caseworker: one caseworker per family, so new notifications go straight here.
    caseworker = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("rådgiver"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("børn")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr"], condition=Q(cpr__isnull=False), name="child_cpr_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "last_name", "first_name"]),
            # The team leader's caseload counts a caseworker's children and looks each up by id (issue 9):
            # with the id in the index PostgreSQL answers from the index alone.
            models.Index(fields=["caseworker", "id"], name="child_caseworker_pk"),
            # The population of an age band (metrics.facts._population, comparison's own figure) per municipality.
            models.Index(fields=["municipality", "birth_date"], name="child_municipality_birth"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.is_unborn:
            mother = self.expecting_mother
            return str(_("Ufødt barn af %(mother)s")) % {"mother": mother} if mother else str(_("Ufødt barn"))
        return f"{self.first_name} {self.last_name}".strip() or str(_("(uden navn)"))

    @property
    def cpr_display(self) -> str:
        return f"{self.cpr[:6]}-{self.cpr[6:]}" if self.cpr else ""

    def age_on(self, day: dt.date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class Guardianship(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mor")
        FATHER = "father", _("Far")
        OTHER = "other", _("Anden")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="guardianships")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    has_custody = models.BooleanField(_("har forældremyndighed"), default=True)
    lives_with_child = models.BooleanField(_("bor med barnet"), default=True)

    class Meta:
        verbose_name = _("forælder")
        verbose_name_plural = _("forældre")
        unique_together = [("child", "person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"
