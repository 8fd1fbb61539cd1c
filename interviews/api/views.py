"""The API's views: thin, over the reads (reads.py), the search service and the importer."""

from __future__ import annotations

from django.conf import settings
from django.db import router
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import resolve, reverse
from django.utils.html import escape
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..editing.pending import pasted_document
from ..filters import InterviewFilter, SpeakerFilter, TurnSearchFilter
from ..importing import import_document
from ..models import Interview, RetiredTurn, Speaker, Turn
from ..search import page_number
from ..uploads import DocumentLimits
from ..views.lookup import Moved, get_by_slug
from ..views.search import canonical_query
from . import exports, reads
from .pagination import ArchivePagination, limit_of, offset_of, page_links, wants_export
from .renderers import CSVRenderer, JSONLinesRenderer, MarkdownRenderer, PlainTextRenderer
from .searching import PAGE_MAX, search_window
from .serializers import (
    FacetsSerializer,
    HitSerializer,
    InterviewDetailSerializer,
    InterviewSerializer,
    SourceSerializer,
    SpeakerDetailSerializer,
    SpeakerRefSerializer,
    SpeakerSerializer,
    TopicSerializer,
    TurnDetailSerializer,
    columns,
)
from .throttling import ImportRateThrottle
from .tokens import ApiTokenAuthentication

LIST_RENDERERS = [JSONRenderer, CSVRenderer, JSONLinesRenderer]
FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv", "jsonl"],
    description="The answer as JSON (the default), CSV or JSON Lines; or ask with Accept.",
)
ERRORS = inline_serializer(
    "Errors", {"detail": serializers.CharField(required=False)}, help_text="What was wrong."
)


class ReadOnly(APIView):
    """Open to everyone, read only: no session, no key, nothing to forge."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []


def _moved_to_api(moved: Moved, name: str, *rest) -> HttpResponsePermanentRedirect:
    """An old slug: the same API address for the current one (pages keep redirecting too)."""
    match = resolve(moved.response["Location"].split("?")[0])
    slug = match.kwargs.get("slug")
    return HttpResponsePermanentRedirect(reverse(f"api:{name}", args=[slug, *rest]))


class BySlug(ReadOnly, generics.RetrieveAPIView):
    url_name = ""

    def retrieve(self, request, *args, **kwargs):
        try:
            obj = get_by_slug(self.get_queryset(), kwargs["slug"])
        except Moved as moved:
            return _moved_to_api(moved, self.url_name)
        return Response(self.get_serializer(self.prepare(obj)).data)

    def prepare(self, obj):
        return obj


def _streamed(request, rows, serializer_class):
    """A CSV or JSON Lines answer, written by the exports' writers while it is sent, with
    the exports' header. Neither format carries a count or links (JSON does)."""
    export = exports.Export(name="", count=0, rows=rows, columns=columns(serializer_class()))
    return exports.streamed_answer(export, request.accepted_renderer.format)


class FilteredList(ReadOnly, generics.ListAPIView):
    pagination_class = ArchivePagination
    filter_backends = [DjangoFilterBackend]
    renderer_classes = LIST_RENDERERS

    def list(self, request, *args, **kwargs):
        if not wants_export(request):
            return super().list(request, *args, **kwargs)
        # Filters are read now: an invalid one is still a 400 that says what was wrong.
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        # The database is chosen before the answer starts (see exports.py).
        queryset = queryset.using(router.db_for_read(queryset.model))
        rows = exports.object_rows(
            queryset,
            serializer_class,
            self.get_serializer_context(),
            offset=offset_of(request),
            limit=limit_of(request),
            batch=exports.INTERVIEW_BATCH,
        )
        return _streamed(request, rows, serializer_class)


@extend_schema(
    tags=["interviews"],
    parameters=[FORMAT],
    responses={200: InterviewSerializer(many=True), 400: ERRORS},
)
class InterviewList(FilteredList):
    """Interviews, newest first, with the filters of the interview list page."""

    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter

    def get_queryset(self):
        return reads.interviews()


@extend_schema(
    tags=["interviews"],
    parameters=[
        OpenApiParameter(
            "format",
            str,
            enum=["json", "txt", "md"],
            description="JSON, or the transcript as plain text (txt) or Markdown (md).",
        )
    ],
    responses={200: InterviewDetailSerializer, 404: ERRORS},
)
class InterviewDetail(BySlug):
    """An interview with its participants, topics and every turn in order."""

    serializer_class = InterviewDetailSerializer
    renderer_classes = [JSONRenderer, PlainTextRenderer, MarkdownRenderer]
    url_name = "interview-detail"

    def get_queryset(self):
        return Interview.objects.select_related("source", "publisher")

    def prepare(self, obj):
        return reads.interview_detail(obj)


@extend_schema(tags=["turns"], responses={200: TurnDetailSerializer, 404: ERRORS})
class TurnDetail(ReadOnly, generics.GenericAPIView):
    """A quote by its permalink: the interview's slug and the turn's key."""

    serializer_class = TurnDetailSerializer

    def get(self, request, slug, key):
        try:
            interview = get_by_slug(Interview.objects.all(), slug)
        except Moved as moved:
            return _moved_to_api(moved, "turn-detail", key)
        turn = reads.turns().filter(interview=interview, key=key).first()
        if turn is None:
            lead = RetiredTurn.objects.lead(interview, key)
            if lead:
                return HttpResponsePermanentRedirect(
                    reverse("api:turn-detail", args=[interview.slug, lead])
                )
            raise NotFound("No such quote in this interview.")
        return Response(self.get_serializer(reads.turn_detail(turn)).data)


@extend_schema(
    tags=["speakers"],
    parameters=[FORMAT],
    responses={200: SpeakerSerializer(many=True), 400: ERRORS},
)
class SpeakerList(FilteredList):
    """Everyone quoted in the archive, most quoted first."""

    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilter

    def get_queryset(self):
        return reads.speakers()


@extend_schema(tags=["speakers"], responses={200: SpeakerDetailSerializer, 404: ERRORS})
class SpeakerDetail(BySlug):
    """A speaker with their registry id, other names and dated roles."""

    serializer_class = SpeakerDetailSerializer
    url_name = "speaker-detail"

    def get_queryset(self):
        return Speaker.objects.all()

    def prepare(self, obj):
        return reads.speaker_detail(obj)


@extend_schema(tags=["sources"], parameters=[FORMAT], responses={200: SourceSerializer(many=True)})
class SourceList(FilteredList):
    """Outlets and republishers."""

    serializer_class = SourceSerializer
    filter_backends: list = []

    def get_queryset(self):
        return reads.sources()


@extend_schema(tags=["sources"], responses={200: SourceSerializer, 404: ERRORS})
class SourceDetail(BySlug):
    serializer_class = SourceSerializer
    url_name = "source-detail"

    def get_queryset(self):
        return reads.sources()


@extend_schema(tags=["topics"], parameters=[FORMAT], responses={200: TopicSerializer(many=True)})
class TopicList(FilteredList):
    """The topic vocabulary (IPTC Media Topics and the archive's own)."""

    serializer_class = TopicSerializer
    filter_backends: list = []

    def get_queryset(self):
        return reads.topics()


@extend_schema(tags=["topics"], responses={200: TopicSerializer, 404: ERRORS})
class TopicDetail(BySlug):
    serializer_class = TopicSerializer
    url_name = "topic-detail"

    def get_queryset(self):
        return reads.topics()


# --- search -----------------------------------------------------------------------------

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Words, “a phrase”, OR, -excluded."),
    OpenApiParameter("speaker", str, many=True, description="Slug or name; repeat for several."),
    OpenApiParameter("part", str, many=True, enum=["interviewer", "interviewee", "other"]),
    OpenApiParameter("source", str, many=True, description="An outlet's slug."),
    OpenApiParameter("topic", str, many=True, description="A topic's slug (narrower included)."),
    OpenApiParameter("place", str, many=True, description="A place's slug."),
    OpenApiParameter("organisation", str, many=True, description="An organisation's slug."),
    OpenApiParameter("language", str, many=True, description="ISO 639-1 code."),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("interview", str, description="An interview's slug: search within it."),
    OpenApiParameter("sort", str, enum=["relevance", "newest", "oldest"]),
    OpenApiParameter("limit", int, description="Quotes per answer (20; at most 100)."),
    OpenApiParameter("offset", int, description="Quotes to skip."),
    OpenApiParameter("page", int, description="As on /search/: offset = (page - 1) × limit."),
    FORMAT,
]
SEARCH_ANSWER = inline_serializer(
    "SearchAnswer",
    {
        "count": serializers.IntegerField(help_text="Matches, as the page shows them."),
        "capped": serializers.BooleanField(help_text="True when there are more than `count`."),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": HitSerializer(many=True),
        "facets": FacetsSerializer(),
        "people": SpeakerRefSerializer(many=True, help_text="People the words name."),
        "notices": serializers.ListField(child=serializers.CharField()),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Parameters left out, as the search page leaves them out.",
        ),
    },
)


@extend_schema(tags=["search"], parameters=SEARCH_PARAMETERS, responses={200: SEARCH_ANSWER})
class Search(ReadOnly):
    """Quotes, exactly as /search/ finds, ranks and facets them."""

    renderer_classes = LIST_RENDERERS

    def get(self, request):
        data = request.query_params
        filterset = TurnSearchFilter(data, queryset=Turn.objects.all())
        limit, offset = limit_of(request), offset_of(request)
        if "offset" not in data and "page" in data:
            offset = (page_number(data.get("page")) - 1) * limit
        context = self.get_serializer_context()
        if wants_export(request):
            # Read in pages of the size the JSON answer reads (searching.py), so that the
            # file holds the window the JSON answer would; no facets, which it leaves out.
            _, hits = exports.search_hits(
                filterset.search_params(),
                offset=offset,
                limit=limit,
                batch=min(PAGE_MAX, limit),
                using=router.db_for_read(Turn),
            )
            return _streamed(request, exports.hit_rows(hits, context), HitSerializer)
        page, reachable = search_window(filterset.search_params(), offset, limit)
        next_url, previous = page_links(request, offset, limit, reachable)
        # One serialiser's fields for every facet: each new serialiser deep-copies all its
        # declared fields, a millisecond a search when it was made once per facet.
        facets = FacetsSerializer().fields
        return Response(
            {
                "count": page.count,
                "capped": page.capped,
                "next": next_url,
                "previous": previous,
                "results": HitSerializer(page.hits, many=True, context=context).data,
                "facets": {
                    name: facets[name].to_representation(values)
                    for name, values in page.facets.items()
                },
                "people": SpeakerRefSerializer(page.people, many=True, context=context).data,
                "notices": list(page.notices),
                "errors": {k: list(v) for k, v in filterset.form.errors.items()},
            }
        )

    def get_serializer_context(self):
        return {"request": self.request, "view": self}


def search_query(request) -> str:
    """The search page's query string as the API repeats it."""
    filterset = TurnSearchFilter(request.GET or None, queryset=Turn.objects.all())
    return canonical_query(filterset.cleaned() if filterset.is_bound else {}).urlencode()


# --- oEmbed -----------------------------------------------------------------------------

OEMBED_ANSWER = inline_serializer(
    "OEmbed",
    {
        "version": serializers.CharField(),
        "type": serializers.CharField(),
        "title": serializers.CharField(),
        "author_name": serializers.CharField(),
        "author_url": serializers.URLField(),
        "provider_name": serializers.CharField(),
        "provider_url": serializers.URLField(),
        "html": serializers.CharField(),
        "width": serializers.IntegerField(),
        "height": serializers.IntegerField(),
        "cache_age": serializers.IntegerField(),
    },
)
EMBED_WIDTH, EMBED_HEIGHT = 560, 260


@extend_schema(
    tags=["turns"],
    parameters=[
        OpenApiParameter("url", str, required=True, description="A quote's permalink."),
        OpenApiParameter("maxwidth", int),
        OpenApiParameter("maxheight", int),
        OpenApiParameter("format", str, enum=["json"]),
    ],
    responses={200: OEMBED_ANSWER, 404: ERRORS, 410: ERRORS, 501: ERRORS},
)
class OEmbed(ReadOnly):
    """oEmbed (rich) for a quote's permalink: an iframe of its card.

    It follows the permalink as the page does: an interview's old slug, and a quote merged
    into another (the answer is that quote's); a quote a correction removed is gone (410).
    """

    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        # oEmbed's own `format` parameter: only json is offered (501 for anything else).
        return JSONRenderer(), JSONRenderer.media_type

    def get(self, request):
        if request.query_params.get("format", "json") != "json":
            return Response({"detail": "Only JSON is offered."}, status=501)
        interview, turn = quote_at(request.query_params.get("url", ""))
        if interview is None:
            raise NotFound("No quote at this address.")
        if turn is None:
            page = request.build_absolute_uri(interview.get_absolute_url())
            return Response(
                {"detail": f"This quote was removed from the interview; it is at {page}"},
                status=status.HTTP_410_GONE,
            )
        width = _bounded(request.query_params.get("maxwidth"), EMBED_WIDTH, 200)
        height = _bounded(request.query_params.get("maxheight"), EMBED_HEIGHT, 120)
        card = request.build_absolute_uri(
            reverse("turn_embed", args=[turn.interview.slug, turn.key])
        )
        title = f"{turn.speaker.name}: “{turn.text[:80]}”"
        return Response(
            {
                "version": "1.0",
                "type": "rich",
                "title": title,
                "author_name": turn.speaker.name,
                "author_url": request.build_absolute_uri(turn.speaker.get_absolute_url()),
                "provider_name": settings.ARCHIVE_SITE_NAME,
                "provider_url": request.build_absolute_uri("/"),
                "html": (
                    f'<iframe src="{escape(card)}" width="{width}" height="{height}" '
                    f'title="{escape(title)}" loading="lazy" style="border:0"></iframe>'
                ),
                "width": width,
                "height": height,
                "cache_age": 86400,
            }
        )


def _bounded(value, default: int, least: int) -> int:
    try:
        return max(least, min(default, int(str(value))))
    except (TypeError, ValueError):
        return default


def quote_at(url: str) -> tuple[Interview | None, Turn | None]:
    """The interview and live turn that the permalink (or card) `url` leads to, as the
    permalink page follows it; (interview, None) for a removed quote, (None, None) when
    the address is no quote of the archive."""
    from urllib.parse import urlsplit

    try:
        match = resolve(urlsplit(url[:2000]).path or "/")
    except (Http404, ValueError):
        return None, None
    if match.url_name not in ("turn_detail", "turn_embed"):
        return None, None
    slug, key = match.kwargs["slug"], match.kwargs["key"]
    try:
        interview = get_by_slug(Interview.objects.all(), slug)
    except Moved as moved:
        interview = moved.target
    except Http404:
        return None, None
    turns = Turn.objects.select_related("speaker", "interview").filter(interview=interview)
    turn = turns.filter(key=key).first()
    if turn is not None:
        return interview, turn
    lead = RetiredTurn.objects.lead(interview, key)
    if lead is None:
        return None, None
    return interview, (turns.filter(key=lead).first() if lead else None)


# --- imports ----------------------------------------------------------------------------


class ImportRequest(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="The document.")
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Or the document as text."
    )
    file_name = serializers.CharField(
        required=False, help_text="With `text`: its name, which tells its format (.md, .vtt…)."
    )
    dry_run = serializers.BooleanField(required=False, default=False)
    force = serializers.BooleanField(
        required=False, default=False, help_text="Import again a document already imported."
    )


@extend_schema(
    tags=["imports"],
    request={"multipart/form-data": ImportRequest, "application/json": ImportRequest},
    responses={
        200: OpenApiTypes.OBJECT,
        201: OpenApiTypes.OBJECT,
        400: OpenApiTypes.OBJECT,
        401: ERRORS,
        429: ERRORS,
    },
)
class Imports(APIView):
    """Import a document as `import_interviews` does; `dry_run=1` answers its `--json`."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ImportRateThrottle]
    renderer_classes = [JSONRenderer]

    def post(self, request):
        # Before the body is read: refused files are never stored (uploads.py).
        limits = DocumentLimits(
            request._request,
            max_files=1,
            max_bytes=settings.ARCHIVE_MAX_DOCUMENT_BYTES,
        )
        request._request.upload_handlers.insert(0, limits)
        form = ImportRequest(data=request.data)
        form.is_valid(raise_exception=True)
        if limits.refused:
            name, reason = limits.refused[0]
            return Response([{"file": name, "error": reason}], status=400)
        data = form.validated_data
        if data.get("file") is not None:
            upload = data["file"]
            file_name, raw = upload.name, upload.read()
        elif data.get("text"):
            file_name, raw = pasted_document(data["text"])
            if data.get("file_name"):
                file_name = data["file_name"].replace("/", "_")[:200]
        else:
            raise ValidationError({"file": ["Send a document as `file`, or its text as `text`."]})
        outcome = import_document(
            raw, file_name, user=request.user, dry_run=data["dry_run"], force=data["force"]
        )
        answer = outcome.as_json()
        if not data["dry_run"]:
            answer["status"] = outcome.status
            if outcome.interview is not None:
                answer["interview"] = request.build_absolute_uri(
                    reverse("api:interview-detail", args=[outcome.interview.slug])
                )
        if outcome.error is not None:
            code = status.HTTP_400_BAD_REQUEST
        elif outcome.status == "created":
            code = status.HTTP_201_CREATED
        else:
            code = status.HTTP_200_OK
        return Response([answer], status=code)
