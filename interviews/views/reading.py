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


def speaker_list(request):
    from ..models import Speaker

    return render(
        request,
        "interviews/simple_list.html",
        {"title": "Speakers", "items": Speaker.objects.people()},
    )


def speaker_detail(request, slug):
    from ..models import Speaker

    try:
        speaker = get_by_slug(Speaker.objects.all(), slug)
    except Moved as moved:
        return moved.response
    return render(request, "interviews/simple_detail.html", {"object": speaker})


def source_list(request):
    from ..models import Source

    return render(
        request, "interviews/simple_list.html", {"title": "Sources", "items": Source.objects.all()}
    )


def source_detail(request, slug):
    from ..models import Source

    try:
        source = get_by_slug(Source.objects.all(), slug)
    except Moved as moved:
        return moved.response
    return render(request, "interviews/simple_detail.html", {"object": source})


def topic_list(request):
    from ..models import Topic

    return render(
        request, "interviews/simple_list.html", {"title": "Topics", "items": Topic.objects.all()}
    )


def topic_detail(request, slug):
    from ..models import Topic

    try:
        topic = get_by_slug(Topic.objects.all(), slug)
    except Moved as moved:
        return moved.response
    return render(request, "interviews/simple_detail.html", {"object": topic})
