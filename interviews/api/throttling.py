"""Imports through the API are limited per key: a runaway pipeline cannot flood the archive."""

from rest_framework.throttling import SimpleRateThrottle


class ImportRateThrottle(SimpleRateThrottle):
    """ARCHIVE_API_IMPORT_RATE per key (e.g. "120/hour"); 429 with Retry-After beyond it.

    Counts live in the cache: with the default per-process cache each worker counts on
    its own, so a shared cache (Redis, Memcached) makes the limit exact across workers.
    """

    scope = "imports"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        ident = f"token-{token.pk}" if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
