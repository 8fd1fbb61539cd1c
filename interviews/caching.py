"""Reading pages served from a cache to readers who are not signed in.

A page is stored under the archive's revision number (interviews/revision.py), so any
import or edit makes every worker render afresh on the next request; nothing needs to be
purged. Signed-in editors always get a fresh page (it carries their tools), and so does
anyone with a message waiting. Search results are not cached: their speed comes from the
index.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from . import revision
from .subjects.language import reader_language


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
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}#{language}"
        request.archive_revision = revision.current()
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
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.ARCHIVE_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
