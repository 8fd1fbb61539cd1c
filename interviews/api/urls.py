"""/api/v1/: see README, "API". New fields may be added within v1; nothing is renamed."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import docs, views

app_name = "api"

urlpatterns = [
    path("", docs.index, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("interviews/", views.InterviewList.as_view(), name="interview-list"),
    path("interviews/<slug:slug>/", views.InterviewDetail.as_view(), name="interview-detail"),
    path(
        "interviews/<slug:slug>/turns/<slug:key>/",
        views.TurnDetail.as_view(),
        name="turn-detail",
    ),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("search/", views.Search.as_view(), name="search"),
    path("oembed/", views.OEmbed.as_view(), name="oembed"),
    path("imports/", views.Imports.as_view(), name="imports"),
]
