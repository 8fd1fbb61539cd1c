"""Date formats for the pages, without a translation lookup per date.

The interface is in English; `|date:"j F Y"` looks the month name up through gettext on
every call, which on a list of fifty dates was a visible share of the page.
"""

from django import template

from ..citations import MONTHS

register = template.Library()


@register.filter
def long_date(value) -> str:
    """25 May 2017"""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


@register.filter
def short_date(value) -> str:
    """25 May 2017 → 25 May 2017 with a three-letter month"""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}" if value else ""


@register.filter
def iso_date(value) -> str:
    """2017-05-25, for <time datetime>"""
    return value.isoformat()[:10] if value else ""
