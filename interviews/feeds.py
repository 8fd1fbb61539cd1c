"""Atom feeds: new interviews, the latest quotes of a speaker or from a source, and any
search as a feed of its newest quotes."""

from dataclasses import dataclass, replace

from django.contrib.syndication.views import Feed
from django.db import router
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.text import Truncator

from .models import Entity, Interview, Source, Speaker, Topic, Turn

ITEMS = 30


class LatestInterviews(Feed):
    feed_type = Atom1Feed
    title = "New interviews"
    link = "/interviews/"
    subtitle = "The latest interviews in the archive."

    def items(self):
        return Interview.objects.for_listing()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # HTML to a feed reader: the imported intro is escaped into it.
        return format_html(
            "<p>{}</p>", Truncator(item.intro).words(60) if item.intro else item.title
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source.name if item.source else None


class QuoteFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return f"{item.speaker.name}: {Truncator(item.text).words(12)}"

    def item_description(self, item):
        # Atom's summary is HTML to a feed reader: imported words are escaped into it, so
        # a turn that reads like markup shows as text and never runs.
        paragraphs = [*item.paragraphs, f"— {item.speaker.name}, “{item.interview.title}”"]
        return "".join(format_html("<p>{}</p>", p) for p in paragraphs)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.interview.created_at

    def item_author_name(self, item):
        return item.speaker.name


class SpeakerQuotes(QuoteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Speaker, slug=slug)

    def title(self, obj):
        return f"Quotes by {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Turn.objects.filter(speaker=obj)
            .select_related("speaker", "interview")
            .order_by("-date", "-id")[:ITEMS]
        )


class SourceQuotes(QuoteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, obj):
        return f"Interviews from {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Turn.objects.filter(source=obj, position=0)
            .select_related("speaker", "interview")
            .order_by("-date", "-id")[:ITEMS]
        )

    def item_title(self, item):
        return item.interview.title

    def item_link(self, item):
        return item.interview.get_absolute_url()


class TopicQuotes(QuoteFeed):
    """The latest quotes on a topic (or a narrower one)."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"Quotes on {obj.label()}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        from .search.subjects import narrower

        return (
            Turn.objects.on_topics(narrower([obj.pk]))
            .select_related("speaker", "interview")
            .order_by("-date", "-id")[:ITEMS]
        )


class EntityQuotes(QuoteFeed):
    kinds: tuple[str, ...] = ()

    def get_object(self, request, slug):
        return get_object_or_404(Entity, slug=slug, kind__in=self.kinds)

    def title(self, obj):
        return f"Quotes on {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Turn.objects.about(obj)
            .select_related("speaker", "interview")
            .order_by("-date", "-id")[:ITEMS]
        )


class PlaceQuotes(EntityQuotes):
    kinds = Entity.PLACE_KINDS


class OrganisationQuotes(EntityQuotes):
    kinds = (Entity.ORGANISATION,)


@dataclass
class SavedSearch:
    """A search read from a feed's query string, as /search/ reads it."""

    query: str  # the canonical query string, for links back to the page
    label: str
    turns: list


def saved_search(request) -> SavedSearch:
    from .filters import TurnSearchFilter
    from .search import NEWEST, search
    from .views.search import canonical_query

    filterset = TurnSearchFilter(request.GET or None, queryset=Turn.objects.all())
    data = filterset.cleaned() if filterset.is_bound else {}
    # An alert lists what is new, whatever order the page was sorted in.
    params = replace(filterset.search_params(), sort=NEWEST, page=1, per_page=ITEMS)
    page = search(params, using=router.db_for_read(Turn), facets=False)
    return SavedSearch(
        query=canonical_query(data).urlencode(),
        label=_describe(data),
        turns=[hit.turn for hit in page.hits],
    )


def _describe(data: dict) -> str:
    parts = [f"“{data['q']}”"] if data.get("q") else []
    for param, word in (("speaker", "by"), ("source", "in"), ("topic", "on")):
        names = [getattr(obj, "name", str(obj)) for obj in data.get(param) or ()]
        if names:
            parts.append(f"{word} {', '.join(names)}")
    for param in ("place", "organisation"):
        names = [obj.name for obj in data.get(param) or ()]
        if names:
            parts.append(f"on {', '.join(names)}")
    if data.get("part"):
        parts.append("as " + ", ".join(data["part"]))
    if data.get("interview"):
        parts.append(f"in “{data['interview'].title}”")
    if data.get("date_from"):
        parts.append(f"from {data['date_from'].isoformat()}")
    if data.get("date_to"):
        parts.append(f"to {data['date_to'].isoformat()}")
    return " ".join(parts) or "every quote"


class SearchQuotes(QuoteFeed):
    """Any search as a feed, newest quotes first: a saved search that a feed reader
    checks is an alert. The query string is the search page's."""

    def get_object(self, request):
        return saved_search(request)

    def title(self, obj):
        return f"Quotes: {obj.label}"

    def subtitle(self, obj):
        return f"The newest quotes in the archive that match {obj.label}."

    def link(self, obj):
        return f"{reverse('search')}?{obj.query}" if obj.query else reverse("search")

    def feed_url(self, obj):
        return f"{reverse('feed_search')}?{obj.query}" if obj.query else reverse("feed_search")

    def items(self, obj):
        return obj.turns

    def item_updateddate(self, item):
        return item.interview.updated_at
