"""Countries, the cooperation framework and its years, organisations, people and memberships."""

import zoneinfo
from datetime import date
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


@cache
def known_time_zones() -> frozenset[str]:
    """Every IANA zone name; read from the tz database once per process (it walks a folder)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(_("“%(value)s” is not an IANA time zone."), params={"value": value})


class Country(models.Model):
    """A state, with its ISO codes and the reference facts of shared/data/reference."""

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166 numeric"), max_length=3)
    name = models.CharField(_("name"), max_length=100, unique=True)
    formal_name = models.CharField(_("formal name"), max_length=200)
    capital = models.CharField(_("capital"), max_length=100)
    languages = models.JSONField(_("official languages (ISO 639)"), default=list)
    language_names = models.JSONField(_("official languages"), default=list)
    time_zones = models.JSONField(_("IANA time zones"), default=list)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    dial_code = models.CharField(_("dialling code"), max_length=8)
    cctld = models.CharField(_("country-code domain"), max_length=8)
    asean_accession_date = models.DateField(_("ASEAN accession"), null=True, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def primary_time_zone(self) -> str:
        return self.time_zones[0] if self.time_zones else "UTC"


class Framework(models.Model):
    """A cooperation framework such as ASEAN–China: its participants, chair rotation and themes."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    working_language = models.CharField(_("working language"), max_length=10, default="en")
    co_chair = models.ForeignKey(
        Country,
        verbose_name=_("standing co-chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """A country's place in a framework over a period (end exclusive)."""

    class Kind(models.TextChoices):
        MEMBER = "MEMBER", _("participating member")
        OBSERVER = "OBSERVER", _("observer")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="participations"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="participations")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status_label = models.CharField(_("status"), max_length=100, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until (exclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "country", "start_date"], name="participation_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="participation_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} in {self.framework} ({self.kind})"

    def is_current(self, on: date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or on < self.end_date
        )


class ChairTerm(models.Model):
    """Who holds the rotating chair of a framework in one calendar year."""

    class Status(models.TextChoices):
        CONFIRMED = "CONFIRMED", _("confirmed")
        ANNOUNCED = "ANNOUNCED", _("announced")
        NOT_FOUND = "NOT_FOUND", _("no source found")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="chair_terms")
    year = models.PositiveSmallIntegerField(_("year"))
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="chair_terms"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    sources = models.TextField(_("sources"), blank=True)

    class Meta:
        verbose_name = _("chair term")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year"], name="chair_term_one_per_year"),
            models.CheckConstraint(
                condition=Q(status="NOT_FOUND", country__isnull=True)
                | (~Q(status="NOT_FOUND") & Q(country__isnull=False)),
                name="chair_term_country_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.slug} {self.year}: {self.country or '—'}"


class CooperationYear(models.Model):
    """A themed year of a framework, e.g. the China–ASEAN Year of Digital Economy Cooperation."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    launched_date = models.DateField(_("launched on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.URLField(_("source"), blank=True)

    class Meta:
        verbose_name = _("cooperation year")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year"], name="cooperation_year_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    """A theme (smart cities, big data …) or a sector (retail, agriculture …) of a framework."""

    class Kind(models.TextChoices):
        THEME = "THEME", _("theme")
        SECTOR = "SECTOR", _("sector")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=100)
    translations = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("topic")
        constraints = [
            models.UniqueConstraint(fields=["framework", "kind", "code"], name="topic_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def name_in(self, language: str) -> str:
        return self.translations.get(language, self.name)


class Organisation(models.Model):
    """A delegation of a member, the Secretariat, a partner or an observer organisation."""

    class Kind(models.TextChoices):
        DELEGATION = "DELEGATION", _("member delegation")
        SECRETARIAT = "SECRETARIAT", _("secretariat")
        PARTNER = "PARTNER", _("partner")
        OBSERVER = "OBSERVER", _("observer organisation")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="organisations")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="organisation_unique_name"),
            models.UniqueConstraint(
                fields=["framework", "country"],
                condition=Q(kind="DELEGATION"),
                name="organisation_one_delegation_per_country",
            ),
            models.CheckConstraint(
                condition=~Q(kind="DELEGATION") | Q(country__isnull=False),
                name="organisation_delegation_has_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: a delegate, a chair, a Secretariat officer or an observer."""

    display_name = models.CharField(_("name"), max_length=150, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    language = models.CharField(
        _("language"), max_length=10, default="en", choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.username

    def all_memberships(self) -> list["Membership"]:
        """Every membership of this person, loaded once per request (the session check and
        the viewer both need them)."""
        if not hasattr(self, "_all_memberships"):
            self._all_memberships = list(
                self.memberships.select_related(
                    "organisation__country", "organisation__framework"
                ).order_by("pk")
            )
        return self._all_memberships

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Sessions are bound to the password *and* to the memberships as they were at sign-in:
        # ending (or adding) a membership signs the person out everywhere, so no session
        # outlives a revocation, even one unused until a later membership begins.
        periods = ";".join(f"{m.pk}:{m.end_date}" for m in self.all_memberships())
        return salted_hmac(
            "cadec.members.User.session_auth_hash",
            f"{self.password}|{periods}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    """A person's role in an organisation over a period; access ends with the period."""

    class Role(models.TextChoices):
        HEAD_OF_DELEGATION = "HEAD_OF_DELEGATION", _("head of delegation")
        DELEGATE = "DELEGATE", _("delegate")
        FOCAL_POINT = "FOCAL_POINT", _("focal point")
        CHAIR = "CHAIR", _("chair")
        SECRETARIAT = "SECRETARIAT", _("Secretariat officer")
        OBSERVER = "OBSERVER", _("observer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until (exclusive)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "start_date"],
                name="membership_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"

    def is_current(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or on < self.end_date)


class ApiToken(models.Model):
    """A bearer token for API clients; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}… ({self.name})"
