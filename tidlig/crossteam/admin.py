"""Registering the fixed team members and the municipality's criteria (set up by an administrator)."""

from django.contrib import admin

from .models import CrossTeamMember, EligibilityCriterion, TeamMeeting


@admin.register(CrossTeamMember)
class CrossTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["staff", "institution", "profession", "fixed", "active"]
    list_filter = ["profession", "fixed", "active", "institution__municipality"]
    search_fields = ["staff__first_name", "staff__last_name", "institution__name"]
    autocomplete_fields = ["staff"]


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "order", "active"]
    list_filter = ["municipality", "active"]
    list_editable = ["order", "active"]


@admin.register(TeamMeeting)
class TeamMeetingAdmin(admin.ModelAdmin):
    """Read-only overview: meetings are created by the institution leader in Tidlig itself."""

    list_display = ["institution", "starts_at", "status"]
    list_filter = ["status", "institution__municipality"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
