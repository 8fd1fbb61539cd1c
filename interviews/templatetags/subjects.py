"""Topic labels and place names in a page's language: `{{ topic|label:lang }}`."""

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.filter
def label(obj, language="en"):
    """A Topic's label or an Entity's name in this language (else in English), capitalised."""
    if obj is None:
        return ""
    return capfirst(obj.label(language or "en"))
