"""Template filters for indicator values: readable figures in the reader's number format."""

import math

from django import template
from django.utils.formats import get_format, number_format

register = template.Library()


@register.filter
def figure(value: float | None) -> str:
    """A value with thousands grouped and about four significant digits below 1,000."""
    if value is None:
        return "—"
    magnitude = abs(value)
    if magnitude >= 1000 or magnitude == 0 or value == int(value):
        decimals = 0
    else:
        decimals = min(6, max(0, 3 - math.floor(math.log10(magnitude))))
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    separator = get_format("DECIMAL_SEPARATOR")
    if decimals and separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text


@register.filter
def percent(value: float | None) -> str:
    """A share from 0 to 1 as a whole percentage."""
    if value is None:
        return "—"
    return f"{value * 100:.0f} %"
