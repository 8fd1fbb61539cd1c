"""Sitemaps so that search engines find every interview and person."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from .models import Entity, Interview, InterviewEntity, InterviewTopic, Source, Speaker, Topic


class InterviewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Interview.objects.only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Speaker.objects.quoted().only("slug").order_by("id")


class SourceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Source.objects.only("slug").order_by("id")


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        # The vocabulary has 1,286 topics; only those with interviews have a page worth indexing.
        return (
            Topic.objects.filter(Exists(InterviewTopic.objects.filter(topic=OuterRef("pk"))))
            .only("slug")
            .order_by("id")
        )


class EntitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return (
            Entity.objects.filter(Exists(InterviewEntity.objects.filter(entity=OuterRef("pk"))))
            .only("slug", "kind")
            .order_by("id")
        )


SITEMAPS = {
    "interviews": InterviewSitemap,
    "speakers": SpeakerSitemap,
    "sources": SourceSitemap,
    "topics": TopicSitemap,
    "places": EntitySitemap,
}
