"""The search page and the speaker suggestions of its filter box."""

from django.db import router
from django.db.models import Q
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.text import capfirst

from ..api.exports import MAX_ROWS
from ..caching import cached_for_readers, no_store
from ..charts import bar_chart, per_year
from ..filters import TurnSearchFilter
from ..models import PART_CHOICES, Entity, Speaker, Topic, Turn
from ..parsing.text import fold
from ..search import RELEVANCE, SORTS, page_number, search
from ..subjects.language import reader_language
from ..subjects.reads import attach_turn_tags
from ..templatetags.search_links import replaced, year_toggled
from .speaker_box import speaker_options


def canonical_query(data: dict) -> QueryDict:
    """The query string of a search as its links repeat it: slugs, ISO dates, no page."""
    query = QueryDict(mutable=True)
    if data.get("q"):
        query["q"] = data["q"]
    for param in ("speaker", "source", "topic", "place", "organisation"):
        key = "slug"
        query.setlist(param, [getattr(obj, key) for obj in data.get(param) or ()])
    for param in ("part", "language"):
        query.setlist(param, list(data.get(param) or ()))
    for param in ("date_from", "date_to"):
        if data.get(param):
            query[param] = data[param].isoformat()
    if data.get("interview"):
        query["interview"] = data["interview"].slug
    if data.get("sort") and data["sort"] != RELEVANCE:
        query["sort"] = data["sort"]
    return QueryDict(query.urlencode())


@cached_for_readers
def search_page(request):
    filterset = TurnSearchFilter(request.GET or None, queryset=Turn.objects.all())
    data = filterset.cleaned() if filterset.is_bound else {}
    page = search(
        filterset.search_params(page=page_number(request.GET.get("page"))),
        using=router.db_for_read(Turn),  # a replica for readers (archive/routing.py)
    )
    attach_turn_tags(hit.turn for hit in page.hits)
    lang = reader_language(request)
    localise_facets(page, lang)
    query = canonical_query(data)
    chart = ""
    if len(page.years) > 1:
        years = per_year(dict(page.years))
        chart = bar_chart(
            years,
            title="Matches per year",
            unit="quotes",
            links=[
                year_toggled(query, int(label), int(label) == page.params.selected_year)
                for label, _ in years
            ],
        )
    response = render(
        request,
        "interviews/search.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "data": data,
            "page": page,
            "query": query,
            "chart": chart,
            "sorts": [
                (value, label, replaced(query, sort=None if value == RELEVANCE else value))
                for value, label in SORTS
            ],
            "parts": PART_CHOICES,
            "speaker_options": speaker_options(request),
            "lang": lang,
            "export_max": MAX_ROWS,
        },
    )
    return no_store(response) if page.too_broad else response


def localise_facets(page, language: str) -> None:
    """Topic, place and organisation facets labelled in the reader's language (the facet
    rows carry the English names)."""
    if language == "en":
        return
    wanted = {
        facet: [v for v in page.facets.get(facet, ())]
        for facet in ("topic", "place", "organisation")
    }
    topics = Topic.objects.in_bulk([v.key for v in wanted["topic"]])
    entities = Entity.objects.in_bulk([v.key for v in wanted["place"] + wanted["organisation"]])
    for facet, values in wanted.items():
        found = topics if facet == "topic" else entities
        for value in values:
            if value.key in found:
                value.label = capfirst(found[value.key].label(language))


def speaker_suggestions(request):
    """Names for the speaker box as someone types: `?q=stol` -> Jens Stoltenberg, ..."""
    key = fold(request.GET.get("q", "")[:100])
    if len(key) < 2:
        return JsonResponse({"speakers": []})
    speakers = (
        Speaker.objects.people()
        .filter(Q(name_key__startswith=key) | Q(name_key__contains=" " + key))
        .order_by("-turn_count", "name")[:10]
    )
    return JsonResponse(
        {
            "speakers": [
                {"name": s.name, "slug": s.slug, "role": s.role, "quotes": s.turn_count}
                for s in speakers
            ]
        }
    )
