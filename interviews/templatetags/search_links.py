"""Links of the search page: every link keeps every other parameter of the search."""

from django import template
from django.http import QueryDict

register = template.Library()

MULTIPLE = ("speaker", "part", "source", "topic", "place", "organisation", "language")


def _encode(query: QueryDict) -> str:
    return "?" + query.urlencode() if query else "?"


def toggled(query: QueryDict, param: str, value) -> str:
    """The search with `value` added to (or removed from) a many-valued parameter."""
    changed = query.copy()
    values = changed.getlist(param)
    value = str(value)
    changed.setlist(
        param, [v for v in values if v != value] if value in values else [*values, value]
    )
    changed.pop("page", None)
    return _encode(changed)


def replaced(query: QueryDict, **params) -> str:
    """The search with some parameters set (a value of None or "" removes one)."""
    changed = query.copy()
    if "page" not in params:
        changed.pop("page", None)
    for param, value in params.items():
        if value in (None, ""):
            changed.pop(param, None)
        else:
            changed[param] = str(value)
    return _encode(changed)


def year_toggled(query: QueryDict, year: int, selected: bool) -> str:
    if selected:
        return replaced(query, date_from=None, date_to=None)
    return replaced(query, date_from=f"{year:04d}-01-01", date_to=f"{year:04d}-12-31")


@register.simple_tag(takes_context=True)
def toggle_url(context, param, value):
    return toggled(context["query"], param, value)


@register.simple_tag(takes_context=True)
def search_url(context, **params):
    return replaced(context["query"], **params)


@register.simple_tag(takes_context=True)
def year_url(context, year, selected=False):
    return year_toggled(context["query"], year, selected)
