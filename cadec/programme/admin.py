"""The programme in the Django admin, for the Secretariat's corrections of record."""

from typing import Any

from django.contrib import admin
from django.utils import timezone

from cadec.programme.models import (
    ActionItem,
    Activity,
    AgendaItem,
    FeedToken,
    Minutes,
    MinutesCorrection,
    MinutesVersion,
    Outcome,
    Registration,
    Session,
    Statement,
)
from cadec.programme.services import new_room_name


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility", "status", "starts_at", "is_demonstration"]
    list_filter = ["kind", "visibility", "status", "is_demonstration"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["uid", "room_name", "sequence", "created_at", "updated_at", "cancelled_at"]
    filter_horizontal = ["topics", "organisers", "invited"]
    inlines = [SessionInline]

    def save_model(self, request: Any, obj: Activity, form: Any, change: bool) -> None:
        now = timezone.now()
        if change:
            # Calendars learn of a correction made here as of any other change.
            obj.sequence += 1
        else:
            obj.room_name = new_room_name()
            obj.created_at = now
        obj.updated_at = now
        super().save_model(request, obj, form, change)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "position", "duration_minutes"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "activity", "status", "attendance"]
    list_filter = ["status", "attendance"]
    raw_id_fields = ["activity", "person", "registered_by", "decided_by"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "language", "activity"]
    list_filter = ["kind", "language"]
    raw_id_fields = ["activity"]


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "text", "note", "created_by", "created_at"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # versions are written through the minutes page, never edited here


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["activity", "status", "circulated_at", "approved_at"]
    readonly_fields = [
        "activity",
        "status",
        "current_version",
        "circulated_at",
        "approved_at",
        "approved_by",
        "approved_version",
    ]
    inlines = [MinutesVersionInline]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(admin.ModelAdmin):
    list_display = ["version", "author", "created_at"]
    readonly_fields = ["version", "author", "organisation", "text", "created_at"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["activity", "position", "text"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status"]
    list_filter = ["status"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["membership", "scope", "created_at", "revoked_at"]
    readonly_fields = ["membership", "scope", "nonce", "created_at"]
