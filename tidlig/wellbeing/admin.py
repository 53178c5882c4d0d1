"""Django admin for the municipality's administrator: indicators, and periods and groups of any institution.

Institution leaders set up their own periods and groups in Tidlig (wellbeing/setup.py); the same period
rules apply here. Children appear only by id (raw id field), so the admin is no way to browse names.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.utils.translation import gettext_lazy as _

from .models import Group, GroupMember, Indicator, RatingPeriod
from .setup import check_period


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "order", "active"]
    list_display_links = ["title"]
    list_editable = ["order", "active"]
    list_filter = ["municipality", "active"]
    ordering = ["municipality", "order", "title"]
    search_fields = ["title"]


class RatingPeriodForm(forms.ModelForm):
    class Meta:
        model = RatingPeriod
        fields = ["institution", "title", "opens_on", "closes_on"]

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("institution"):
            check_period(
                institution=data["institution"],
                title=data.get("title", ""),
                opens_on=data.get("opens_on"),
                closes_on=data.get("closes_on"),
                period=self.instance if self.instance.pk else None,
            )
        return data


@admin.register(RatingPeriod)
class RatingPeriodAdmin(admin.ModelAdmin):
    form = RatingPeriodForm
    list_display = ["title", "institution", "opens_on", "closes_on"]
    list_filter = ["institution__municipality", "institution"]
    search_fields = ["title", "institution__name"]
    autocomplete_fields = ["institution"]
    date_hierarchy = "opens_on"


class ChildIdWidget(ForeignKeyRawIdWidget):
    """The child's id only: the admin shows no names (reading names is logged, and only in Tidlig)."""

    def label_and_url_for_value(self, value):
        return "", ""


class GroupMemberForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        child, group = data.get("child"), getattr(self.instance, "group", None)
        if child and self.instance.group_id and child.institution_id != group.institution_id:
            self.add_error(
                "child", _("Barnet er ikke tilknyttet gruppens institution. Vælg et barn fra institutionen.")
            )
        return data


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    form = GroupMemberForm
    extra = 0
    fields = ["child", "joined_on", "left_on"]
    raw_id_fields = ["child"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "child":
            kwargs["widget"] = ChildIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "active"]
    list_filter = ["active", "institution__municipality", "institution"]
    search_fields = ["name", "institution__name"]
    autocomplete_fields = ["institution", "educators"]
    inlines = [GroupMemberInline]
