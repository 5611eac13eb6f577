"""The exchange in the Django admin: a read-only view of the record for the Secretariat.

Practices are moderated, translated and matched through the pages and the API, whose services
sanitise text, queue embeddings and write audit events; the admin does not bypass them.
"""

from typing import Any

from django.contrib import admin

from cadec.exchange.models import Expert, Match, Need, Offer, Practice, PracticeTranslation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "language", "status"]
    list_filter = ["status", "language", "country"]
    search_fields = ["title", "summary"]


@admin.register(PracticeTranslation)
class PracticeTranslationAdmin(ReadOnlyAdmin):
    list_display = ["practice", "language", "title"]
    list_filter = ["language"]


@admin.register(Need, Offer)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["title", "delegation", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description"]


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ["need", "offer", "practice", "score", "status"]
    list_filter = ["status"]


@admin.register(Expert)
class ExpertAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["expertise"]
