from django.contrib import admin

from .models import CourseSettings


@admin.register(CourseSettings)
class CourseSettingsAdmin(admin.ModelAdmin):
    list_display = ("municipality", "weeks", "start_meeting_weeks")
