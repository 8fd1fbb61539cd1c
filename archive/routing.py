"""Reads from replicas, writes and read-your-writes on the primary.

`DatabaseRoutingMiddleware` decides once per request where it reads, before anything
reads (the session, the page cache's revision, the view), so that one request sees one
database: a reader's GET reads from a usable replica; a write (any other method), a
browser with a session (editors), and a browser that wrote less than
ARCHIVE_PRIMARY_PIN_SECONDS ago (the pin cookie set after each write) read from the
primary. `ReplicaRouter` applies the decision; outside a request (commands, the shell,
the importer) everything uses the primary. A replica that fails during a request is
marked down and the view runs again on the primary.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

from . import replicas

PIN_COOKIE = "archive_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_reading: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "archive_reading", default=None
)


def reading_database() -> str:
    """The alias this request reads from: a replica's, or "default"."""
    alias = _reading.get()
    if alias is None or connections["default"].in_atomic_block:
        return "default"
    return alias


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return reading_database()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas replay the primary's migrations


def pinned_to_primary(request) -> bool:
    return (
        request.method not in SAFE_METHODS
        or PIN_COOKIE in request.COOKIES
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class DatabaseRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = None if pinned_to_primary(request) else replicas.choose()
        token = _reading.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if request.method not in SAFE_METHODS:
            # The next pages this browser asks for may show what it just wrote: they
            # come from the primary until any replica has caught up.
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.ARCHIVE_PRIMARY_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A replica went away during the view: run it again on the primary."""
        alias = _reading.get()
        if alias is None or not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        replicas.mark_down(alias, exception)
        _reading.set(None)
        match = request.resolver_match
        if match is None:
            return None
        return match.func(request, *match.args, **match.kwargs)
