"""Atom feeds: new interviews, and the latest quotes of a speaker or from a source."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
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
        return Truncator(item.intro).words(60) if item.intro else item.title

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
        return f"{item.text}\n\n— {item.speaker.name}, “{item.interview.title}”"

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
