"""The names the speaker boxes of the search and interview filters suggest."""

from django.core.cache import cache
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from .. import revision
from ..models import Speaker

SUGGESTED = 300  # the most quoted speakers, offered before any letter is typed


def speaker_options(request) -> SafeString:
    """The `<option>`s of the speaker box's datalist, rendered once per archive revision.

    Three hundred names cost a query and a third of a search page's template time; they
    change only when the archive does.
    """
    stamp = getattr(request, "archive_revision", None) or revision.stamp()
    key = f"speaker-options:{stamp}"
    html = cache.get(key)
    if html is None:
        names = Speaker.objects.most_quoted().values_list("name", flat=True)[:SUGGESTED]
        html = str(format_html_join("", '<option value="{}"></option>', ((n,) for n in names)))
        cache.set(key, html, 24 * 3600)
    return mark_safe(html)
