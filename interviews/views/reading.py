"""Pages for readers: interviews, their turns, speakers, sources and topics."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ..models import Interview, RetiredTurn
from .lookup import Moved, get_by_slug


def home(request):
    interviews = Interview.objects.for_listing()[:20]
    return render(request, "interviews/home.html", {"interviews": interviews})


def interview_list(request):
    page = Paginator(Interview.objects.for_listing(), 30).get_page(request.GET.get("page"))
    return render(request, "interviews/interview_list.html", {"page": page})


def interview_detail(request, slug):
    try:
        interview = get_by_slug(Interview.objects.select_related("source", "publisher"), slug)
    except Moved as moved:
        return moved.response
    turns = interview.turns.select_related("speaker").order_by("position")
    participants = interview.participants.select_related("speaker").order_by("position")
    return render(
        request,
        "interviews/interview_detail.html",
        {"interview": interview, "turns": turns, "participants": participants},
    )


def turn_detail(request, slug, key):
    try:
        interview = get_by_slug(
            Interview.objects.select_related("source", "publisher"),
            slug,
            redirect_to=lambda i: f"{i.get_absolute_url()}t/{key}/",
        )
    except Moved as moved:
        return moved.response
    turn = interview.turns.select_related("speaker").filter(key=key).first()
    if turn is None:
        if RetiredTurn.objects.filter(interview=interview, key=key).exists():
            return redirect(interview)
        from django.http import Http404

        raise Http404("No such turn in this interview.")
    return render(request, "interviews/turn_detail.html", {"interview": interview, "turn": turn})
