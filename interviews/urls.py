from django.urls import path, re_path

from . import feeds
from .views import embed, exports, reading, search, subjects

# Exports and transcripts: README, "Open data".
FORMAT = r"(?P<fmt>csv|jsonl|json)"

urlpatterns = [
    path("", reading.home, name="home"),
    path("interviews/", reading.interview_list, name="interview_list"),
    re_path(rf"^interviews/export\.{FORMAT}$", exports.interview_export, name="interview_export"),
    path("interviews/<slug:slug>/", reading.interview_detail, name="interview_detail"),
    re_path(
        r"^interviews/(?P<slug>[-a-zA-Z0-9_]+)/transcript\.(?P<fmt>txt|md)$",
        exports.transcript,
        name="transcript",
    ),
    path("interviews/<slug:slug>/t/<slug:key>/", reading.turn_detail, name="turn_detail"),
    path("interviews/<slug:slug>/t/<slug:key>/embed/", embed.turn_embed, name="turn_embed"),
    path("speakers/", reading.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", reading.speaker_detail, name="speaker_detail"),
    path("sources/", reading.source_list, name="source_list"),
    path("sources/<slug:slug>/", reading.source_detail, name="source_detail"),
    path("topics/", subjects.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", subjects.topic_detail, name="topic_detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicQuotes(), name="feed_topic"),
    path("places/", subjects.place_list, name="place_list"),
    path("places/<slug:slug>/", subjects.place_detail, name="place_detail"),
    path("places/<slug:slug>/feed/", feeds.PlaceQuotes(), name="feed_place"),
    path("organisations/", subjects.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", subjects.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/feed/", feeds.OrganisationQuotes(), name="feed_organisation"),
    path("feeds/interviews/", feeds.LatestInterviews(), name="feed_interviews"),
    path("speakers/<slug:slug>/feed/", feeds.SpeakerQuotes(), name="feed_speaker"),
    path("sources/<slug:slug>/feed/", feeds.SourceQuotes(), name="feed_source"),
    path("search/", search.search_page, name="search"),
    re_path(rf"^search/export\.{FORMAT}$", exports.search_export, name="search_export"),
    path("search/feed/", feeds.SearchQuotes(), name="feed_search"),
    path("search/speakers/", search.speaker_suggestions, name="search_speakers"),
]
