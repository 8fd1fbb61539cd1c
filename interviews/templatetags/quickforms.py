"""Form fields rendered in Python for the busiest pages.

Django renders each <option> of a select through a template of its own; a filter form
with a few dozen outlets then costs more than the rest of the page. These tags write the
same HTML directly.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import FileInput, Input
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def quick_field(field):
    widget = field.field.widget
    attrs = widget.build_attrs(widget.attrs, {"id": field.auto_id, "name": field.html_name})
    if field.field.required:
        attrs["required"] = True
    if type(widget) is forms.Select:
        value = field.value()
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), " selected" if str(key) == chosen else "", label)
                for key, label in field.field.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)
    if isinstance(widget, Input) and not isinstance(widget, FileInput):
        value = field.value()
        if value not in (None, ""):
            attrs["value"] = widget.format_value(value)
        return format_html('<input type="{}"{}>', widget.input_type, flatatt(attrs))
    return field.as_widget()
