"""Who may open the editing pages: editors; everyone else is sent to sign in or refused."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

from ..editing.accounts import is_editor


def editor_required(view):
    """Anonymous visitors go to the sign-in page; signed-in non-editors get 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("Only members of the Editors group may use this page.")
        return view(request, *args, **kwargs)

    return never_cache(guarded)
