"""The negotiation in the Django admin: read-only, since every change must go through a service
and write its event (an edit here would bypass the record)."""

from typing import Any

from django.contrib import admin

from cadec.negotiation.models import (
    Amendment,
    Confirmation,
    Document,
    DocumentVersion,
    Event,
    Paragraph,
    ParagraphRevision,
    Position,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["symbol", "title", "status", "deadline", "current_version"]
    search_fields = ["symbol", "title"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "issued_at", "content_sha256"]


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdmin):
    list_display = ["document", "key", "kind", "status", "revision"]
    list_filter = ["kind", "status"]


@admin.register(ParagraphRevision)
class ParagraphRevisionAdmin(ReadOnlyAdmin):
    list_display = ["paragraph", "number", "label", "created_at"]


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "kind", "delegation", "status", "recommendation"]
    list_filter = ["status", "kind", "recommendation"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["document", "organisation", "stance", "published", "stated_at"]
    list_filter = ["stance", "published"]


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["paragraph", "round", "delegation", "confirmed", "answered_at"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["document", "sequence", "kind", "actor_organisation", "created_at"]
    list_filter = ["kind"]
