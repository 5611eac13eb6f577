"""The indicators of the reference configuration, defined before any data is imported.

SP.POP.TOTL weights every per-person aggregate and IT.NET.USER.ZS carries the seed's claim, so
the platform names them, with their units, sources, licence and aggregation, from the start.
Imports then add observations (and further indicators, whose metadata they infer).
"""

from django.db import migrations
from django.utils import timezone

WDI = "The World Bank, World Development Indicators"
ITU = "The World Bank, World Development Indicators (original source: ITU)"
INDICATORS = [
    ("SP.POP.TOTL", "Population, total", "people", WDI, "SUM"),
    ("NY.GDP.MKTP.CD", "GDP (current US$)", "current US$", WDI, "SUM"),
    (
        "IT.NET.USER.ZS",
        "Individuals using the Internet (% of population)",
        "% of population",
        ITU,
        "WEIGHTED_MEAN",
    ),
    (
        "IT.CEL.SETS.P2",
        "Mobile cellular subscriptions (per 100 people)",
        "per 100 people",
        ITU,
        "WEIGHTED_MEAN",
    ),
    (
        "IT.NET.BBND.P2",
        "Fixed broadband subscriptions (per 100 people)",
        "per 100 people",
        ITU,
        "WEIGHTED_MEAN",
    ),
    (
        "IT.NET.SECR.P6",
        "Secure Internet servers (per 1 million people)",
        "per 1 million people",
        WDI,
        "WEIGHTED_MEAN",
    ),
]
CODES = [code for code, *_rest in INDICATORS]


def define(apps, schema_editor):  # type: ignore[no-untyped-def]
    Indicator = apps.get_model("indicators", "Indicator")
    now = timezone.now()
    for code, name, unit, source, aggregation in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "source": source,
                "licence": "CC BY 4.0",
                "aggregation": aggregation,
                "created_at": now,
            },
        )


def undefine(apps, schema_editor):  # type: ignore[no-untyped-def]
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=CODES, observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(define, undefine)]
