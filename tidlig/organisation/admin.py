"""Django admin (in Danish) for setting up the organisation. Children's data is deliberately not here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .kommuner import DEMO_CODE, kommuner
from .models import (
    ClosedDay,
    District,
    IdentityProviderRoleMapping,
    Institution,
    Municipality,
    Staff,
    Team,
)


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
        ]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().zfill(4)
        if code != DEMO_CODE and code not in kommuner():
            raise forms.ValidationError(
                _("Ukendt kommunekode. Brug den 4-cifrede kode, fx 0657 for Herning.")
            )
        return code


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityForm
    list_display = ["name", "code", "screening_working_days", "feedback_months", "reassessment_working_days"]
    inlines = [ClosedDayInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
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


@admin.register(IdentityProviderRoleMapping)
class IdentityProviderRoleMappingAdmin(admin.ModelAdmin):
    """Single sign-on: which group at the municipality's identity provider gives which role (README)."""

    list_display = ["group_value", "role", "team", "institution", "priority", "municipality"]
    list_filter = ["municipality", "role"]
    search_fields = ["group_value"]
