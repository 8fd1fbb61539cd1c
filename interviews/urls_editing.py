"""The editors' pages, under /edit/. Every one of them is for members of the Editors group."""

from django.urls import path

from .views import editing, people, review, tokens

app_name = "editing"

urlpatterns = [
    path("", review.import_documents, name="import"),
    path("review/<int:pk>/", review.review, name="review"),
    path("history/", editing.history, name="history"),
    path("api-keys/", tokens.api_tokens, name="api_tokens"),
    path("documents/<int:pk>/", editing.download_document, name="document"),
    path("interviews/<slug:slug>/", editing.interview, name="interview"),
    path("interviews/<slug:slug>/topics/", editing.topics, name="topics"),
    path("interviews/<slug:slug>/tags/", editing.tags, name="tags"),
    path("interviews/<slug:slug>/participants/<int:pk>/", editing.participant, name="participant"),
    path("interviews/<slug:slug>/history/", editing.interview_history, name="interview_history"),
    path("interviews/<slug:slug>/t/<slug:key>/", editing.turn, name="turn"),
    path("interviews/<slug:slug>/t/<slug:key>/merge/", editing.merge_turn, name="merge_turn"),
    path("interviews/<slug:slug>/t/<slug:key>/split/", editing.split_turn, name="split_turn"),
    path("speakers/", people.suspects, name="suspects"),
    path("speakers/<slug:slug>/", people.speaker, name="speaker"),
    path("speakers/<slug:slug>/names/", people.other_names, name="other_names"),
    path("speakers/<slug:slug>/roles/", people.memberships, name="memberships"),
    path("speakers/<slug:slug>/merge/", people.merge_speaker, name="merge_speaker"),
]
