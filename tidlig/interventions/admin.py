from django.contrib import admin

from .models import MeasureType


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    list_display = ["title", "paragraph", "kind", "level", "municipality"]
    list_filter = ["kind", "level"]
