"""The child's network (issue 13 § 2): the people around the child, the family ties among them and the
child's bond to each, drawn as a genogram and a network map.

Every row belongs to one child's case: a grandmother recorded for one child is not shared with another
(need to know), even when she is the same person. A person already known to Tidlig (a guardian in
`people`) is linked, not copied by hand. BL § 22 (the undersøgelse covers the network's resources), § 53
(støtteperson), § 54 (venskabsfamilie) and § 58 (netværksplejefamilie) are marks on a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Staff
from tidlig.people.models import Child, Person


class Sex(models.TextChoices):
    MALE = "M", _("Mand/dreng")
    FEMALE = "F", _("Kvinde/pige")
    OTHER = "U", _("Andet/uoplyst")


class Sector(models.TextChoices):
    FAMILY = "family", _("Familie")
    FRIENDS = "friends", _("Venner og fritid")
    SCHOOL = "school", _("Skole/dagtilbud")
    PROFESSIONAL = "professional", _("Professionelle")


class Bond(models.TextChoices):
    NONE = "", _("Ikke vurderet")
    CLOSE = "close", _("Tæt")
    DISTANT = "distant", _("Fjern")
    CONFLICT = "conflict", _("Konflikt")
    RESOURCE = "resource", _("Ressource")


class NetworkPerson(models.Model):
    """One person in a child's network, or the child itself (`is_child`, one per child)."""

    class Closeness(models.IntegerChoices):
        CLOSE = 1, _("Tæt på barnet")
        MIDDLE = 2, _("Nogen kontakt")
        FAR = 3, _("Længere væk")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="network_people")
    is_child = models.BooleanField(default=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kendt person"),
    )
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100, blank=True)
    cpr = models.CharField(_("CPR-nummer"), max_length=10, blank=True)
    sex = models.CharField(_("køn"), max_length=1, choices=Sex.choices, default=Sex.OTHER)
    role = models.CharField(_("rolle"), max_length=100, blank=True)  # "mormor", "fodboldtræner"
    born_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    died_year = models.PositiveSmallIntegerField(_("dødsår"), null=True, blank=True)
    is_dead = models.BooleanField(_("død"), default=False)
    household = models.CharField(_("husstand"), max_length=100, blank=True)
    has_custody = models.BooleanField(_("forældremyndighed"), default=False)
    sector = models.CharField(
        _("del af netværket"), max_length=12, choices=Sector.choices, default=Sector.FAMILY
    )
    closeness = models.PositiveSmallIntegerField(
        _("nærhed"), choices=Closeness.choices, default=Closeness.MIDDLE
    )
    bond = models.CharField(
        _("barnets relation"), max_length=10, choices=Bond.choices, blank=True, default=""
    )
    is_resource = models.BooleanField(_("ressource (§ 22)"), default=False)
    support_person = models.BooleanField(_("mulig støtteperson (§ 53)"), default=False)
    network_foster = models.BooleanField(
        _("mulig netværksplejefamilie (§ 58) eller venskabsfamilie (§ 54)"), default=False
    )
    note = models.TextField(_("bemærkning"), blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person i netværket")
        verbose_name_plural = _("personer i netværket")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(is_child=True), name="genogram_one_child_node"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name(self) -> str:
        return str(self)


class Relation(models.Model):
    """A family tie between two people of one child's network."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("er forælder til")
        PARTNER = "partner", _("er par med")
        SEPARATED = "separated", _("er gået fra hinanden med")
        SIBLING = "sibling", _("er søskende til")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="network_relations")
    a = models.ForeignKey(NetworkPerson, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    b = models.ForeignKey(NetworkPerson, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relationer")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b", "kind"], name="genogram_relation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.a} {self.get_kind_display()} {self.b}"
