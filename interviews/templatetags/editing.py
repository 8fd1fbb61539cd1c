from django import template

from ..editing.accounts import is_editor as _is_editor

register = template.Library()


@register.filter
def is_editor(user) -> bool:
    """{% if user|is_editor %}: may this person import and edit?"""
    return _is_editor(user)


@register.filter
def changed_value(value) -> str:
    """A before or after value of the edit history, as a short line of text."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(changed_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
