"""Pages for topics, places and organisations: the hierarchy, and a page for each with
its matches per year, the people who speak most on it, its latest quotes and interviews.

A quote is on a topic (or about a place) as search reads it: see search/subjects.py.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.shortcuts import render

from ..caching import cached_for_readers
from ..charts import bar_chart, per_year
from ..models import Entity, Interview, InterviewEntity, InterviewTopic, Speaker, Topic, Turn
from ..search.subjects import narrower
from ..subjects.language import reader_language
from ..tagging import CREDIT, LICENCE_URL, SCHEME_URL
from .lookup import Moved, get_by_slug
from .reading import PAGE_SIZE, _with_interviewees

QUOTES = 10
PEOPLE = 10
DEEP = 3  # below the second level, the hierarchy shows only the topics in use


def _node(topic, children, topics, counts, level):
    below = [
        _node(topics[pk], children, topics, counts, level + 1)
        for pk in children.get(topic.pk, ())
        if pk in topics
    ]
    below = [n for n in below if n["level"] < DEEP or n["used"]]
    below.sort(key=lambda n: n["topic"].name.casefold())
    used = counts.get(topic.pk, 0) > 0 or any(n["used"] for n in below)
    return {
        "topic": topic,
        "count": counts.get(topic.pk, 0),
        "children": below,
        "used": used,
        "level": level,
    }


@cached_for_readers
def topic_list(request):
    topics = {t.pk: t for t in Topic.objects.filter(retired=False).only(*TOPIC_FIELDS)}
    children = Topic.objects.filter(retired=False).tree()
    counts = Topic.objects.interview_counts()
    roots = sorted(
        (t for t in topics.values() if t.parent_id is None and t.qcode),
        key=lambda t: t.name.casefold(),
    )
    tree = [_node(root, children, topics, counts, 1) for root in roots]
    own = sorted(
        (t for t in topics.values() if not t.qcode and counts.get(t.pk)),
        key=lambda t: t.name.casefold(),
    )
    return render(
        request,
        "interviews/topic_list.html",
        {
            "tree": tree,
            "own": [(t, counts[t.pk]) for t in own],
            "lang": reader_language(request),
            "credit": CREDIT,
            "licence_url": LICENCE_URL,
            "scheme_url": SCHEME_URL,
        },
    )


TOPIC_FIELDS = ("id", "name", "slug", "qcode", "parent_id", "labels", "level")


def _ancestors(topic):
    chain, current, seen = [], topic.parent, set()
    while current is not None and current.pk not in seen:
        chain.insert(0, current)
        seen.add(current.pk)
        current = current.parent
    return chain


def _quotes_page(request, turns, interviews, *, title, lang, extra):
    """What a topic page and a place page share: chart, people, quotes, interviews."""
    years = dict(
        turns.filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    chart = bar_chart(per_year(years), title=f"Quotes on {title} per year", unit="quotes")
    top = list(
        turns.filter(speaker__kind=Speaker.PERSON)
        .values_list("speaker")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker")[:PEOPLE]
    )
    speakers = Speaker.objects.in_bulk([pk for pk, _ in top])
    people = [(speakers[pk], n) for pk, n in top if pk in speakers]
    quotes = list(
        turns.select_related("speaker", "interview", "source").order_by("-date", "-id")[:QUOTES]
    )
    page = Paginator(_with_interviewees(interviews), PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "chart": chart,
        "people": people,
        "quotes": quotes,
        "page": page,
        "lang": lang,
        **extra,
    }


@cached_for_readers
def topic_detail(request, slug):
    try:
        topic = get_by_slug(Topic.objects.select_related("parent__parent__parent__parent"), slug)
    except Moved as moved:
        return moved.response
    lang = reader_language(request)
    ids = narrower([topic.pk])
    turns = Turn.objects.on_topics(ids)
    interviews = Interview.objects.for_listing().filter(
        Exists(InterviewTopic.objects.filter(interview=OuterRef("pk"), topic_id__in=ids))
    )
    counts = Topic.objects.interview_counts()
    children = sorted(
        ((child, counts.get(child.pk, 0)) for child in topic.children.filter(retired=False)),
        key=lambda item: (-item[1], item[0].name.casefold()),
    )
    context = _quotes_page(
        request,
        turns,
        interviews,
        title=topic.label(lang),
        lang=lang,
        extra={
            "topic": topic,
            "ancestors": _ancestors(topic),
            "children": children,
            "credit": CREDIT if topic.qcode else "",
            "licence_url": LICENCE_URL,
        },
    )
    return render(request, "interviews/topic_detail.html", context)


def _entity_list(request, entities, *, title, kind):
    return render(
        request,
        "interviews/entity_list.html",
        {
            "entities": entities.in_use(),
            "title": title,
            "kind": kind,
            "lang": reader_language(request),
        },
    )


@cached_for_readers
def place_list(request):
    return _entity_list(request, Entity.objects.places(), title="Places", kind="place")


@cached_for_readers
def organisation_list(request):
    return _entity_list(
        request, Entity.objects.organisations(), title="Organisations", kind="organisation"
    )


def _entity_detail(request, slug, queryset, kind):
    try:
        entity = get_by_slug(queryset, slug)
    except Moved as moved:
        return moved.response
    lang = reader_language(request)
    interviews = Interview.objects.for_listing().filter(
        Exists(InterviewEntity.objects.filter(interview=OuterRef("pk"), entity=entity))
    )
    context = _quotes_page(
        request,
        Turn.objects.about(entity),
        interviews,
        title=entity.label(lang),
        lang=lang,
        extra={"entity": entity, "kind": kind},
    )
    return render(request, "interviews/entity_detail.html", context)


@cached_for_readers
def place_detail(request, slug):
    return _entity_detail(request, slug, Entity.objects.places(), "place")


@cached_for_readers
def organisation_detail(request, slug):
    return _entity_detail(request, slug, Entity.objects.organisations(), "organisation")
