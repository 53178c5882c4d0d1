"""Django admin (in Danish) for setting up the organisation. Children's data is deliberately not here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.services import totp_reset

from .kommuner import DEMO_CODE, kommuner
from .models import (
    ApiToken,
    ClosedDay,
    District,
    IdentityProviderRoleMapping,
    Institution,
    Municipality,
    Staff,
    Team,
)
from .services import api_token_revoke, api_tokens_visible_to


class KeptWhileInUse:
    """No "Slet" for a unit that still has children, people, staff or units under it.

    The database refuses such a delete anyway (PROTECT), but Django's confirmation page first collects and
    lists every row that depends on the unit: for a municipality of 100,000 children that took minutes and
    rendered them all. A unit taken out of use is emptied first (children moved, staff deactivated), and
    children's records are never deleted from here.
    """

    in_use: tuple[str, ...] = ()  # related names that keep the unit

    def has_delete_permission(self, request, obj=None):
        if obj is not None and any(getattr(obj, name).exists() for name in self.in_use):
            return False
        return super().has_delete_permission(request, obj)


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "screening_working_days",
            "feedback_months",
            "reassessment_working_days",
            "acute_phone",
            "letter_address",
            "abuse_readiness_contact",
            "police_contact",
            "childrens_house",
        ]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().zfill(4)
        if code != DEMO_CODE and code not in kommuner():
            raise forms.ValidationError(
                _("Ukendt kommunekode. Brug den 4-cifrede kode, fx 0657 for Herning.")
            )
        return code


@admin.register(Municipality)
class MunicipalityAdmin(KeptWhileInUse, admin.ModelAdmin):
    in_use = ("children", "persons", "staff", "districts", "institutions", "teams")
    form = MunicipalityForm
    list_display = ["name", "code", "screening_working_days", "feedback_months", "reassessment_working_days"]
    inlines = [ClosedDayInline]


@admin.register(District)
class DistrictAdmin(KeptWhileInUse, admin.ModelAdmin):
    in_use = ("children", "institutions", "teams")
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(Institution)
class InstitutionAdmin(KeptWhileInUse, admin.ModelAdmin):
    in_use = ("children", "staff")
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(KeptWhileInUse, admin.ModelAdmin):
    in_use = ("members",)
    list_display = ["name", "kind", "district"]
    list_filter = ["kind"]


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "institution", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Tidlig"), {"fields": ["municipality", "role", "team", "institution", "job_title", "phone"]}),
        (_("Kommunens login"), {"fields": ["oidc_subject"]}),
    ]
    readonly_fields = ["oidc_subject"]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Tidlig"), {"fields": ["municipality", "role", "team", "institution"]}),
    ]
    actions = ["reset_mfa"]

    @admin.action(description=_("Nulstil to-faktor (mistet telefon): sæt en ny app op ved næste login"))
    def reset_mfa(self, request, queryset):
        for staff in queryset:
            totp_reset(actor=request.user, staff=staff)
        self.message_user(
            request, _("To-faktor er nulstillet. Personen sætter en ny app op ved næste login.")
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every API token, for an administrator to see and revoke (only the digest is stored)."""

    list_display = ["label", "staff", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["label", "staff__username"]
    fields = list_display + ["revoked_by"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are made by their owner on "Mine API-nøgler", so the secret reaches only them

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay as history

    def get_queryset(self, request):
        return api_tokens_visible_to(request.user)

    @admin.action(description=_("Tilbagekald de valgte API-nøgler"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
        self.message_user(request, _("API-nøglerne er tilbagekaldt."))


@admin.register(IdentityProviderRoleMapping)
class IdentityProviderRoleMappingAdmin(admin.ModelAdmin):
    """Single sign-on: which group at the municipality's identity provider gives which role (README)."""

    list_display = ["group_value", "role", "team", "institution", "priority", "municipality"]
    list_filter = ["municipality", "role"]
    search_fields = ["group_value"]
