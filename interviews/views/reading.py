"""Pages for readers: interviews, their turns, speakers, sources and topics.

Every page runs a fixed number of queries, whatever the length of the interview or list.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import redirect, render

from ..caching import cached_for_readers
from ..charts import bar_chart, per_year
from ..citations import cite
from ..filters import InterviewFilter, SpeakerFilter
from ..models import (
    INTERVIEWEE,
    INTERVIEWER,
    QUESTION,
    Interview,
    Participant,
    RetiredTurn,
    Source,
    Speaker,
    Topic,
    Turn,
)
from ..people.resolve import roles_over_time
from ..stats import archive_stats
from ..subjects.language import label_language, reader_language
from ..subjects.reads import attach_turn_tags, interview_tags
from .lookup import Moved, get_by_slug
from .speaker_box import speaker_options

PAGE_SIZE = 25


def _with_interviewees(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.filter(part=INTERVIEWEE).select_related("speaker"),
            to_attr="interviewees",
        )
    )


@cached_for_readers
def home(request):
    latest = _with_interviewees(Interview.objects.for_listing())[:8]
    speakers = Speaker.objects.most_quoted()[:10]
    topics = (
        Topic.objects.annotate(n=Count("interviews")).filter(n__gt=0).order_by("-n", "name")[:12]
    )
    return render(
        request,
        "interviews/home.html",
        {
            "stats": archive_stats(getattr(request, "archive_revision", None)),
            "latest": latest,
            "speakers": speakers,
            "topics": topics,
            "lang": reader_language(request),
        },
    )


@cached_for_readers
def interview_list(request):
    filterset = InterviewFilter(request.GET or None, queryset=Interview.objects.for_listing())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(_with_interviewees(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/interview_list.html",
        {
            "filter": filterset,
            "page": page,
            "speaker_options": speaker_options(request),
            "filtered": bool(request.GET.keys() - {"page"}),
        },
    )


@cached_for_readers
def interview_detail(request, slug):
    try:
        interview = get_by_slug(Interview.objects.select_related("source", "publisher"), slug)
    except Moved as moved:
        return moved.response
    participants = list(interview.participants.select_related("speaker").order_by("position"))
    turns = list(interview.turns.select_related("speaker").order_by("position"))
    attach_turn_tags(turns)
    topics, places = interview_tags(interview)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "turns": turns,
            "participants": participants,
            "parts": {p.speaker_id: p.part for p in participants},
            "topics": topics,
            "places": places,
            # Labels in the interview's language, as its text is.
            "lang": label_language(interview.language),
        },
    )


@cached_for_readers
def turn_detail(request, slug, key):
    try:
        interview = get_by_slug(
            Interview.objects.select_related("source", "publisher"),
            slug,
            redirect_to=lambda found: f"{found.get_absolute_url()}t/{key}/",
        )
    except Moved as moved:
        return moved.response
    turn = interview.turns.select_related("speaker").filter(key=key).first()
    if turn is None:
        # A turn merged into another leads to that one; a removed one, to the interview.
        lead = RetiredTurn.objects.lead(interview, key)
        if lead is None:
            raise Http404("No such quote in this interview.")
        if lead:
            return redirect("turn_detail", interview.slug, lead)
        return redirect(interview)
    neighbours = {
        t.position: t
        for t in interview.turns.select_related("speaker").filter(
            position__in=[turn.position - 1, turn.position + 1]
        )
    }
    question = None
    if turn.kind != QUESTION:
        question = (
            interview.turns.select_related("speaker")
            .filter(position__lt=turn.position, kind=QUESTION)
            .order_by("-position")
            .first()
        )
    interviewers = [
        p.speaker.name
        for p in interview.participants.select_related("speaker").filter(part=INTERVIEWER)
        if p.speaker.is_person
    ]
    permalink = request.build_absolute_uri(turn.get_absolute_url())
    citation = cite(
        speaker=turn.speaker.name,
        title=interview.title,
        date=interview.date,
        outlet=interview.source.name if interview.source else "",
        publisher=interview.publisher.name if interview.publisher else "",
        interviewers=interviewers,
        url=permalink,
        person=turn.speaker.is_person,
    )
    return render(
        request,
        "interviews/turn_detail.html",
        {
            "interview": interview,
            "turn": turn,
            "previous": neighbours.get(turn.position - 1),
            "next": neighbours.get(turn.position + 1),
            "question": question,
            "citation": citation,
            "permalink": permalink,
        },
    )


@cached_for_readers
def speaker_list(request):
    filterset = SpeakerFilter(
        request.GET or None, queryset=Speaker.objects.quoted().order_by("name_key")
    )
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(queryset, 60).get_page(request.GET.get("page"))
    initial = (request.GET.get("initial") or "").strip()[:1].upper()
    return render(
        request,
        "interviews/speaker_list.html",
        {
            "filter": filterset,
            "page": page,
            "letters": [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"],
            "initial": initial,
            "voices": Speaker.objects.filter(kind=Speaker.GROUP).order_by("-turn_count")[:8],
        },
    )


@cached_for_readers
def speaker_detail(request, slug):
    try:
        speaker = get_by_slug(Speaker.objects.all(), slug)
    except Moved as moved:
        return moved.response
    participations = (
        Participant.objects.filter(speaker=speaker)
        .select_related("interview", "interview__source")
        .order_by("-interview__date", "-interview_id")[:20]
    )
    quotes = Paginator(
        Turn.objects.filter(speaker=speaker)
        .select_related("interview", "interview__source")
        .order_by("-date", "-id"),
        20,
    ).get_page(request.GET.get("page"))
    years = dict(
        Participant.objects.filter(speaker=speaker, interview__date__isnull=False)
        .annotate(year=ExtractYear("interview__date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    chart = bar_chart(
        per_year(years), title=f"Interviews with {speaker.name} per year", unit="interviews"
    )
    return render(
        request,
        "interviews/speaker_detail.html",
        {
            "speaker": speaker,
            "participations": participations,
            "quotes": quotes,
            "chart": chart,
            "roles": roles_over_time(speaker),
            "memberships": speaker.memberships.select_related("office").order_by(
                "-start_date", "-id"
            ),
            "other_names": speaker.other_names.order_by("name_key"),
            "wikidata": next(
                (i["identifier"] for i in speaker.identifiers if i.get("scheme") == "wikidata"),
                "",
            ),
        },
    )


@cached_for_readers
def source_list(request):
    sources = Source.objects.annotate(
        n=Count("interviews", distinct=True), republished_n=Count("republished", distinct=True)
    ).order_by("name")
    return render(request, "interviews/source_list.html", {"sources": sources})


@cached_for_readers
def source_detail(request, slug):
    try:
        source = get_by_slug(Source.objects.all(), slug)
    except Moved as moved:
        return moved.response
    interviews = Interview.objects.for_listing().filter(Q(source=source) | Q(publisher=source))
    page = Paginator(_with_interviewees(interviews), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/source_detail.html",
        {
            "source": source,
            "page": page,
            "chart": _year_chart(interviews, f"Interviews from {source.name} per year"),
        },
    )


def _year_chart(interviews, title):
    years = dict(
        interviews.filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return bar_chart(per_year(years), title=title, unit="interviews")
