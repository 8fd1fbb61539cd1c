"""Editors' API keys: made once, shown once, kept as a digest, revoked by their owner."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..editing.accounts import is_editor
from ..models import ApiToken

PREFIX = "ia_"  # tells a leaked key for what it is in logs and secret scanners


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new key for `user`: the stored token and the key, which is never seen again."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API key", prefix=key[:10], digest=digest_of(key)
    )
    return token, key


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of `user`'s keys; False when they have no such active key."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_for(key: str) -> ApiToken | None:
    """The active token of this key, with its user, or None."""
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`): the key's owner, if still an editor."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give one key after the word Bearer.")
        token = token_for(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("This key is unknown or has been revoked.")
        if not is_editor(token.user):
            raise exceptions.AuthenticationFailed("This key's owner is no longer an editor.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An editor's API key, made on the editors' API keys page.",
        }
