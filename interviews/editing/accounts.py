"""Who may edit: members of the Editors group, and superusers.

The group is created by migration 0003 and again, when missing, by `make_editor` (a test
database flushed between tests, or a hand-made one, may not have it).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

EDITORS = "Editors"


def is_editor(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_archive_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS).exists()
        user._archive_is_editor = cached
    return cached


def editors_group() -> Group:
    return Group.objects.get_or_create(name=EDITORS)[0]


def make_editor(username: str, *, email: str = "", password: str | None = None):
    """Create the account (or find it) and add it to the Editors group. Returns (user, created)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "is_active": True}
    )
    if email and user.email != email:
        user.email = email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_active = True
    user.save()
    user.groups.add(editors_group())
    return user, created
