"""The municipality, its districts, institutions, teams and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.rules.calendar import WorkCalendar
from tidlig.rules.obligations import LocalDeadlines


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=4, unique=True)  # DAWA's 4-digit code
    name = models.CharField(_("navn"), max_length=100)
    # Local service standards (RSL § 3, stk. 2); defaults documented in the README.
    screening_working_days = models.PositiveSmallIntegerField(
        _("frist for screening (hverdage)"), default=LocalDeadlines.screening_working_days
    )
    feedback_months = models.PositiveSmallIntegerField(
        _("frist for tilbagemelding til fagperson (måneder)"), default=LocalDeadlines.feedback_months
    )
    reassessment_working_days = models.PositiveSmallIntegerField(
        _("frist for genvurdering (hverdage)"), default=LocalDeadlines.reassessment_working_days
    )
    acute_phone = models.CharField(_("telefon til døgnberedskabet"), max_length=40, blank=True)
    # Where families send a complaint (retssikkerhedsloven § 66: to the municipality first); printed in the
    # complaint guidance of every decision letter (forvaltningsloven § 25).
    letter_address = models.CharField(
        _("postadresse til breve og klager"),
        max_length=300,
        blank=True,
        help_text=_("Børn og Families adresse, fx »Rådhuset, Torvet 1, 7400 Herning«."),
    )
    # Shown on the acute assessment of a notification about violence or sexual abuse: the municipality's
    # written beredskab against abuse (BL § 15, stk. 2), the police, and the børnehus the børnefaglige
    # undersøgelse must use (BL §§ 124–125).
    abuse_readiness_contact = models.CharField(
        _("overgrebsberedskabet: kontakt"),
        max_length=300,
        blank=True,
        help_text=_(
            "Hvem der kontaktes efter kommunens beredskab mod overgreb (BL § 15, stk. 2), fx navn og telefon."
        ),
    )
    police_contact = models.CharField(
        _("politiet: kontakt"),
        max_length=300,
        blank=True,
        help_text=_("Fx politikredsens telefon. Ved akut fare: 112."),
    )
    childrens_house = models.CharField(
        _("børnehus"),
        max_length=300,
        blank=True,
        help_text=_("Det børnehus, kommunen er tilknyttet (BL §§ 124–125), fx navn og telefon."),
    )
    # How long well-being ratings and their follow-ups are kept (data minimisation, GDPR art. 5(1)(e)).
    wellbeing_retention_months = models.PositiveSmallIntegerField(
        _("opbevaring af trivselsvurderinger (måneder)"), default=36
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def authority_name(self) -> str:
        """How the municipality signs a letter: "Herning Kommune", and "Demokommune" as it is."""
        return self.name if self.name.lower().endswith("kommune") else f"{self.name} Kommune"

    def local_deadlines(self) -> LocalDeadlines:
        return LocalDeadlines(
            screening_working_days=self.screening_working_days,
            feedback_months=self.feedback_months,
            reassessment_working_days=self.reassessment_working_days,
        )

    def calendar(self) -> WorkCalendar:
        return WorkCalendar.danish(self.closed_days.values_list("day", flat=True))


class ClosedDay(models.Model):
    """A day the municipality's offices are closed beyond the national holidays."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="closed_days")
    day = models.DateField(_("dag"))
    reason = models.CharField(_("begrundelse"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("lukkedag")
        verbose_name_plural = _("lukkedage")
        unique_together = [("municipality", "day")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}"


class District(models.Model):
    """Skoledistrikt: the unit that decides which district team a child belongs to."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("skoledistrikt")
        verbose_name_plural = _("skoledistrikter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    class Kind(models.TextChoices):
        DAYCARE = "daycare", _("Dagtilbud")
        SCHOOL = "school", _("Skole")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="institutions")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="institutions")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=150)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutioner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Modtagelse")
        DISTRICT = "district", _("Distriktsteam")
        CROSS_DISCIPLINARY = "cross", _("Tværfagligt team")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="teams")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=100)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EDUCATOR = "educator", _("Pædagog / lærer")
    INSTITUTION_LEADER = "institution_leader", _("Leder af dagtilbud/skole")
    # The fixed cross-disciplinary team at a school or daycare (who sits on which team: crossteam app).
    SOCIAL_WORKER = "social_worker", _("Forebyggende socialrådgiver")
    PSYCHOLOGIST = "psychologist", _("PPR-psykolog")
    HEALTH_VISITOR = "health_visitor", _("Sundhedsplejerske")
    SPECIALIST = "specialist", _("Anden fagperson (tværfagligt team)")
    RECEPTION = "reception", _("Modtagelse")
    CASEWORKER = "caseworker", _("Myndighedsrådgiver")
    TEAM_LEADER = "team_leader", _("Teamleder")
    MANAGER = "manager", _("Leder / chef")
    ANALYST = "analyst", _("Analytiker")
    # The data-protection officer and quality staff: read the access log (GDPR art. 37-39), and later
    # review cases (issue 12). No access to case content through this role (need-to-know).
    QUALITY = "quality", _("Kvalitet og databeskyttelse")
    ADMINISTRATOR = "administrator", _("Administrator")


class Staff(AbstractUser):
    """A person who works in Tidlig: one municipality, one role, and where they work."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.EDUCATOR)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    job_title = models.CharField(_("stilling"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    # The identity provider's `sub` (OpenID Connect Core 1.0, section 2): stable and never reassigned,
    # unlike an e-mail address, so single sign-on matches people by it (organisation/oidc.py).
    oidc_subject = models.CharField(
        _("id hos kommunens login (sub)"), max_length=255, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_personal_data(self) -> bool:
        return self.role not in (Role.ANALYST, Role.MANAGER)


class ApiToken(models.Model):
    """A bearer token for an integration or a person's scripts; only its SHA-256 digest is kept.

    Named, with an expiry and a scope (ASVS 3.5.2, 13.1.4); revoked tokens stay as history.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Kun læse")
        WRITE = "write", _("Læse og skrive")

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("navn"), max_length=100, blank=True)
    scope = models.CharField(_("adgang"), max_length=5, choices=Scope.choices, default=Scope.WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("udløber"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagekaldt af"),
    )

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    def is_active_at(self, when) -> bool:
        return self.revoked_at is None and self.expires_at > when


class IdentityProviderRoleMapping(models.Model):
    """Which group or role claim from the municipality's identity provider gives which role in Tidlig.

    Single sign-on creates or updates a person from these rows at every login (organisation/oidc.py);
    someone whose groups match no row is refused. With several matches the lowest priority wins.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="idp_role_mappings")
    group_value = models.CharField(
        _("gruppe/rolle hos kommunens login"),
        max_length=255,
        help_text=_("Værdien i gruppe- eller rollekravet, fx gruppens objekt-id i Entra ID eller dens navn."),
    )
    role = models.CharField(_("rolle i Tidlig"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), default=100, help_text=_("Har en person flere grupper, gælder den med lavest tal.")
    )

    class Meta:
        verbose_name = _("rolle fra kommunens login")
        verbose_name_plural = _("roller fra kommunens login")
        ordering = ["municipality", "priority", "group_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "group_value"], name="unique_idp_group_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_value} → {self.get_role_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.team_id and self.municipality_id and self.team.municipality_id != self.municipality_id:
            errors["team"] = _("Teamet hører til en anden kommune. Vælg et team i samme kommune.")
        if (
            self.institution_id
            and self.municipality_id
            and self.institution.municipality_id != self.municipality_id
        ):
            errors["institution"] = _("Institutionen hører til en anden kommune. Vælg en i samme kommune.")
        if errors:
            raise ValidationError(errors)
