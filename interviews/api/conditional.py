"""HTTP caching for /api/: answers are versioned by the archive revision (revision.py).

Every answer of the read-only API depends only on the archive and on the request's URL
and Accept header, so its ETag is computed before the view runs; a client that already
holds it gets 304 without a query beyond the revision's own.
"""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from ..models import ArchiveRevision

CACHE_CONTROL = "public, max-age=60"


def _revision():
    row = ArchiveRevision.objects.filter(pk=1).values_list("number", "changed_at").first()
    return row or (0, None)


def _validators(request) -> tuple[str, str | None]:
    number, changed_at = _revision()
    seed = f"{number}\n{request.get_full_path()}\n{request.headers.get('Accept', '')}"
    etag = '"' + hashlib.blake2b(seed.encode(), digest_size=12).hexdigest() + '"'
    return etag, http_date(changed_at.timestamp()) if changed_at else None


class ConditionalMiddleware:
    """ETag and Last-Modified on GET answers under /api/, and 304 when they match."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith("/api/"):
            return self.get_response(request)
        etag, last_modified = _validators(request)
        early = get_conditional_response(request, etag=etag, last_modified=None)
        if early is None and last_modified and "If-None-Match" not in request.headers:
            early = get_conditional_response(request, last_modified=_stamp(last_modified))
        if early is not None:
            self._mark(early, etag, last_modified)
            return early
        response = self.get_response(request)
        if response.status_code == 200:
            self._mark(response, etag, last_modified)
        return response

    @staticmethod
    def _mark(response, etag, last_modified):
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = last_modified
        response.setdefault("Cache-Control", CACHE_CONTROL)
        patch_vary_headers(response, ["Accept"])


def _stamp(value: str) -> int:
    from django.utils.http import parse_http_date

    return parse_http_date(value)
