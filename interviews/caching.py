"""Reading pages served from a cache to readers who are not signed in.

A page is stored under the archive's revision number (interviews/revision.py), so any
import or edit makes every worker render afresh on the next request; nothing needs to be
purged. Signed-in editors always get a fresh page (it carries their tools), and so does
anyone with a message waiting.

Searches are cached too: readers ask for the same few searches far more often than for
the rest (a long tail), and a search page costs tens of milliseconds of CPU where a stored
one costs well under one. The address is read with its parameters in sorted order, so that
`?speaker=x&q=nato` and `?q=nato&speaker=x` are one page. A view marks a response that
must not be kept (`no_store(response)`): a search the time budget cut short depends on the
load at that moment, not on the archive.
"""

from __future__ import annotations

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from . import revision
from .subjects.language import reader_language


def no_store(response: HttpResponse) -> HttpResponse:
    """Keep this response out of the page cache."""
    response.archive_no_store = True
    return response


def _address(request) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    return f"{request.scheme}://{request.get_host()}{request.path}?{query}"


def cached_for_readers(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or "messages" in request.COOKIES
            or (settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated)
        ):
            return view(request, *args, **kwargs)
        # Topic labels follow the reader's language (subjects/language.py).
        language = reader_language(request)
        address = f"{_address(request)}#{language}"
        request.archive_revision = revision.stamp()
        key = f"page:{request.archive_revision}:{hashlib.blake2b(address.encode(), digest_size=16).hexdigest()}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Archive-Cache"] = "hit"
            patch_vary_headers(response, ["Accept-Language"])
            return response
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(response, "archive_no_store", False)
        ):
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.ARCHIVE_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
