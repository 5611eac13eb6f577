"""Indicators, their observations per country and year, the values they replaced, and imports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.members.models import Country


class Indicator(models.Model):
    """A statistical series such as IT.NET.USER.ZS, with its unit, source and licence."""

    class Aggregation(models.TextChoices):
        # Per-capita and percentage indicators: mean of the members weighted by population.
        WEIGHTED_MEAN = "WEIGHTED_MEAN", _("population-weighted mean")
        # Totals such as population or GDP: the members' values added up.
        SUM = "SUM", _("sum")
        NONE = "NONE", _("not aggregated")

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.NONE
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ImportRun(models.Model):
    """One import of one file: what it read, wrote and skipped, by whom and when."""

    class Layout(models.TextChoices):
        TIDY = "TIDY", _("tidy (one observation per row)")
        WIDE = "WIDE", _("World Bank bulk download (one column per year)")

    class Outcome(models.TextChoices):
        APPLIED = "APPLIED", _("applied")
        UNCHANGED = "UNCHANGED", _("unchanged (every value already recorded)")

    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    layout = models.CharField(_("layout"), max_length=8, choices=Layout.choices)
    outcome = models.CharField(
        pgettext_lazy("import result", "outcome"), max_length=16, choices=Outcome.choices
    )
    vintage = models.CharField(_("vintage"), max_length=100)
    rows_read = models.PositiveIntegerField(_("rows read"))
    rows_skipped = models.PositiveIntegerField(_("rows skipped"))
    observations_created = models.PositiveIntegerField(_("observations added"))
    observations_replaced = models.PositiveIntegerField(_("observations replaced"))
    observations_unchanged = models.PositiveIntegerField(_("observations unchanged"))
    skipped_codes = models.JSONField(_("country codes skipped"), default=list, blank=True)
    same_file_as = models.ForeignKey(
        "self",
        verbose_name=_("same file as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.name} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def observations_written(self) -> int:
        return self.observations_created + self.observations_replaced


class Observation(models.Model):
    """The current value of an indicator for one country and year; replaced values go to history."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    vintage = models.CharField(_("vintage"), max_length=100)
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # Looked up only from the run's side in the admin; an index would slow bulk imports.
        db_index=False,
    )

    class Meta:
        verbose_name = _("observation")
        constraints = [
            # The unique index also serves every "this indicator, these years" query.
            models.UniqueConstraint(
                fields=["indicator", "country", "year"], name="observation_one_current_value"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1800) & Q(year__lte=2200), name="observation_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.country_id}/{self.year}={self.value}"


class ObservationHistory(models.Model):
    """A value that a later vintage replaced, kept as it was recorded."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    vintage = models.CharField(_("vintage"), max_length=100)
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    superseded_at = models.DateTimeField(_("superseded"))
    superseded_by = models.ForeignKey(
        ImportRun,
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        related_name="superseded",
    )

    class Meta:
        verbose_name = _("superseded observation")
        verbose_name_plural = _("superseded observations")
        indexes = [
            models.Index(fields=["indicator", "country", "year"], name="observation_history_key"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id}/{self.country_id}/{self.year}={self.value} "
            f"(until {self.superseded_at:%Y-%m-%d})"
        )
