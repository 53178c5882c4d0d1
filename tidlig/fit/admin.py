from django.contrib import admin

from .models import FitSettings, InstrumentWording


@admin.register(InstrumentWording)
class InstrumentWordingAdmin(admin.ModelAdmin):
    """The item wording the municipality has licensed (ORS/SRS are licensed to organisations; Tidlig ships
    only the scales and the scoring). Until an item is worded, the screens show "Punkt 1" … "Punkt 4"."""

    list_display = ["instrument", "item", "label", "municipality"]
    list_filter = ["municipality", "instrument"]
    ordering = ["municipality", "instrument", "item"]


@admin.register(FitSettings)
class FitSettingsAdmin(admin.ModelAdmin):
    """The municipality's FIT numbers: cut-offs per age band (the 13–17 one must be set), reliable change,
    alliance thresholds, the link's lifetime, and the test-retest r for the municipality's own RCI."""

    list_display = ["municipality", "cutoff_adult", "cutoff_youth", "cutoff_child", "reliable_change"]
