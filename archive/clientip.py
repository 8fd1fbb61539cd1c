"""The address a request came from, as django-axes counts sign-in failures by it."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind ARCHIVE_TRUSTED_PROXIES proxies the address the nearest saw.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the entry that many places from the right is the client's as far
    as any proxy of ours can tell; anything left of it is the client's to forge.
    """
    proxies = settings.ARCHIVE_TRUSTED_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
