"""Finding an object by slug, following old slugs to the current one."""

from django.http import Http404
from django.shortcuts import redirect

from ..models import SlugRedirect


class Moved(Exception):
    def __init__(self, response, target=None):
        self.response = response
        self.target = target  # the object under its current slug


def get_by_slug(queryset, slug: str, *, redirect_to=None):
    """The object with this slug; raises Moved (a 301) for an old slug, Http404 otherwise."""
    obj = queryset.filter(slug=slug).first()
    if obj is not None:
        return obj
    model = queryset.model
    moved = SlugRedirect.objects.filter(kind=model._meta.model_name, old_slug=slug).first()
    if moved is not None:
        target = queryset.filter(pk=moved.object_id).first()
        if target is not None:
            response = redirect(redirect_to(target) if redirect_to else target, permanent=True)
            raise Moved(response, target)
    raise Http404(f"No {model._meta.verbose_name} at this address.")
