from django.contrib import admin

from cadec.indicators.models import ImportRun, Indicator, Observation, ObservationHistory


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "aggregation", "licence"]
    list_filter = ["aggregation"]
    search_fields = ["code", "name"]
    readonly_fields = ["created_at"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    # Values change only through an import, so that every change keeps its history.
    list_display = ["indicator", "country", "year", "value", "vintage"]
    list_filter = ["country"]
    search_fields = ["indicator__code"]
    list_select_related = ["indicator", "country"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ObservationHistory)
class ObservationHistoryAdmin(admin.ModelAdmin):
    list_display = ["indicator", "country", "year", "value", "vintage", "superseded_at"]
    list_select_related = ["indicator", "country"]
    search_fields = ["indicator__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "name",
        "at",
        "actor",
        "outcome",
        "observations_created",
        "observations_replaced",
        "observations_unchanged",
        "rows_skipped",
    ]
    list_filter = ["outcome", "layout"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
