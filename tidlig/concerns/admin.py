from django.contrib import admin

from .models import GuideStep


@admin.register(GuideStep)
class GuideStepAdmin(admin.ModelAdmin):
    """The municipality's handleguide: the administrator orders and words the steps."""

    list_display = ["order", "title", "kind", "municipality", "contact"]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["municipality", "kind"]
    ordering = ["municipality", "order", "pk"]
    search_fields = ["title", "guidance"]
