"""Editors' API keys: make one (shown once), see when each was last used, revoke one."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from ..api.tokens import create_token, revoke_token
from ..models import ApiToken
from .access import editor_required


@editor_required
def api_tokens(request):
    made = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            try:
                token_id = int(request.POST.get("token", ""))
            except ValueError:
                token_id = 0
            if revoke_token(request.user, token_id):
                messages.info(request, "The key was revoked: pipelines using it are refused.")
            else:
                messages.info(request, "No such key to revoke.")
            return redirect("editing:api_tokens")
        name = request.POST.get("name", "").strip()
        if not name:
            messages.info(request, "Give the key a name, such as the pipeline that will use it.")
            return redirect("editing:api_tokens")
        _token, made = create_token(request.user, name)
    tokens = ApiToken.objects.filter(user=request.user)
    # The new key is in this page alone: never stored, never cached, never sent again.
    return render(
        request,
        "editing/api_tokens.html",
        {
            "made": made,
            "active": [t for t in tokens if t.active],
            "revoked": [t for t in tokens if not t.active][:20],
            "rate": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["imports"],
        },
    )
