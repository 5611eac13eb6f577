from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cadec.members.models import (
    ApiToken,
    ChairTerm,
    CooperationYear,
    Country,
    Framework,
    Membership,
    Organisation,
    Participation,
    Topic,
    User,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "capital", "asean_accession_date"]
    search_fields = ["name", "iso2", "iso3"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class ChairTermInline(admin.TabularInline):
    model = ChairTerm
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "co_chair"]
    inlines = [ParticipationInline, ChairTermInline]


admin.site.register(CooperationYear)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "framework"]
    list_filter = ["kind"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "framework"]
    list_filter = ["kind"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "start_date", "end_date", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ["username", "display_name", "email", "time_zone", "language", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("CADEC", {"fields": ("display_name", "time_zone", "language")}),
    )
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
