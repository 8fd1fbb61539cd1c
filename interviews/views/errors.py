import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

log = logging.getLogger("archive.errors")

# The database did not answer, or dropped the connection: the request may succeed later.
UNAVAILABLE = (OperationalError, InterfaceError)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # An address no API route matches (a slug with spaces, say) answers as the API's
        # own 404s do, which is what its schema promises.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Static pages: when the server is failing, the database may be the reason.
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return service_unavailable(request)
    return HttpResponseServerError(_static_page("500.html", {}))


def service_unavailable(request):
    """503 with Retry-After: the database is down or unreachable, and will be back."""
    retry = settings.ARCHIVE_RETRY_AFTER
    response = HttpResponse(_static_page("503.html", {"retry_after": retry}), status=503)
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response


def _static_page(name: str, context: dict) -> str:
    try:
        return loader.get_template(name).render(context)
    except Exception:  # the page of last resort must not fail in turn
        log.exception("could not render %s", name)
        return "The archive is not available just now. Please try again in a moment.\n"
