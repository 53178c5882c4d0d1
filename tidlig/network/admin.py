"""The municipality's follow-up window for network meetings (local practice, set up by an administrator)."""

from django.contrib import admin

from .models import NetworkSettings


@admin.register(NetworkSettings)
class NetworkSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "followup_earliest_weeks", "followup_latest_weeks"]
