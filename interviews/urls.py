from django.urls import path

from . import feeds
from .views import reading, search

urlpatterns = [
    path("", reading.home, name="home"),
    path("interviews/", reading.interview_list, name="interview_list"),
    path("interviews/<slug:slug>/", reading.interview_detail, name="interview_detail"),
    path("interviews/<slug:slug>/t/<slug:key>/", reading.turn_detail, name="turn_detail"),
    path("speakers/", reading.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", reading.speaker_detail, name="speaker_detail"),
    path("sources/", reading.source_list, name="source_list"),
    path("sources/<slug:slug>/", reading.source_detail, name="source_detail"),
    path("topics/", reading.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", reading.topic_detail, name="topic_detail"),
    path("feeds/interviews/", feeds.LatestInterviews(), name="feed_interviews"),
    path("speakers/<slug:slug>/feed/", feeds.SpeakerQuotes(), name="feed_speaker"),
    path("sources/<slug:slug>/feed/", feeds.SourceQuotes(), name="feed_source"),
    path("search/", search.search_page, name="search"),
    path("search/speakers/", search.speaker_suggestions, name="search_speakers"),
]
