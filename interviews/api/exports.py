"""Exports of the search page and the interview list: CSV, JSON Lines and JSON, streamed.

The rows are the API's rows (serializers.py: a search row is a `HitSerializer` row, an
interview row an `InterviewSerializer` row), and the query string is the page's, read
by the page's FilterSet: an export holds what the page lists, in the page's order, all
pages at once. At most `MAX_ROWS` rows per file; `limit` asks for fewer and `offset`
skips some, and a JSON file says where the rest is (`next`), as the API's lists do.

Rows are read a batch at a time while the answer is sent, so a long export never holds
more than a batch in memory. The database is chosen before the answer starts (a
replica for readers, archive/routing.py), since the routing decision ends with the view.

The API's CSV and JSON Lines answers (`?format=csv`, views.py) are written by the same
writers from the same rows, streamed too; only their window is the API's (`limit`,
`offset`, `page`) and they come as answers rather than attachments.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.text import slugify

from ..filters import InterviewFilter, TurnSearchFilter
from ..models import Turn
from ..search import SearchPage, SearchParams, search
from . import reads
from .pagination import MAX_EXPORT_LIMIT, offset_of, page_links
from .serializers import HitSerializer, InterviewSerializer, columns, flat

MAX_ROWS = MAX_EXPORT_LIMIT
# The search service's largest page: one search statement per hundred quotes.
SEARCH_BATCH = 100
INTERVIEW_BATCH = 200
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "json": "application/json",
}


@dataclass
class Export:
    """What a file holds: its rows (serialised lazily), their columns and the window."""

    name: str
    count: int
    rows: Iterable[dict]
    columns: list[str]
    next: str | None = None
    previous: str | None = None


def export_limit(request) -> int:
    """`limit` as asked, at most MAX_ROWS; MAX_ROWS when absent or not a positive number."""
    try:
        value = int(str(request.GET.get("limit", "")).strip())
    except ValueError:
        return MAX_ROWS
    return min(MAX_ROWS, value) if value > 0 else MAX_ROWS


def search_hits(
    params: SearchParams, *, offset: int, limit: int, batch: int, using: str
) -> tuple[SearchPage, Iterator]:
    """The first page (read now: its count and pages) and, lazily, the `limit` hits from
    `offset`, read `batch` at a time. A batch is a page of the search service, whose size
    also bounds how far a date-sorted search can be read, so a caller keeps its own."""
    number = offset // batch + 1
    first = search(replace(params, page=number, per_page=batch), using=using, facets=False)

    def hits() -> Iterator:
        page, skip, left = first, offset - (number - 1) * batch, limit
        while left > 0 and page.hits and page.number == page.params.page:
            for hit in page.hits[skip : skip + left]:
                yield hit
                left -= 1
            if not page.has_next:
                return
            skip = 0
            page = search(replace(page.params, page=page.number + 1), using=using, facets=False)

    return first, hits()


def hit_rows(hits: Iterable, context: dict) -> Iterator[dict]:
    return (HitSerializer(hit, context=context).data for hit in hits)


def object_rows(
    queryset, serializer_class, context: dict, *, offset: int, limit: int, batch: int
) -> Iterator[dict]:
    """The window's rows, read `batch` objects (and their prefetches) at a time."""
    window = queryset[offset : offset + limit]
    return (
        serializer_class(obj, context=context).data for obj in window.iterator(chunk_size=batch)
    )


def search_export(request, using: str) -> Export:
    filterset = TurnSearchFilter(request.GET or None, queryset=Turn.objects.all())
    params = filterset.search_params()
    offset, limit = offset_of(request), export_limit(request)
    first, hits = search_hits(params, offset=offset, limit=limit, batch=SEARCH_BATCH, using=using)
    reachable = min(first.count, first.num_pages * SEARCH_BATCH)
    next_url, previous = page_links(request, offset, limit, reachable)
    words = slugify(params.q)[:40].strip("-")
    return Export(
        name=f"search-{words}" if words else "search",
        count=first.count,
        rows=hit_rows(hits, {"request": request}),
        columns=columns(HitSerializer()),
        next=next_url,
        previous=previous,
    )


def interview_export(request, using: str) -> Export:
    queryset = reads.interviews().using(using)
    filterset = InterviewFilter(request.GET or None, queryset=queryset)
    # As on the page: filters that are not valid are left out, never an error.
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    offset, limit = offset_of(request), export_limit(request)
    count = queryset.count()
    next_url, previous = page_links(request, offset, limit, count)
    rows = object_rows(
        queryset,
        InterviewSerializer,
        {"request": request},
        offset=offset,
        limit=limit,
        batch=INTERVIEW_BATCH,
    )
    return Export(
        name="interviews",
        count=count,
        rows=rows,
        columns=columns(InterviewSerializer()),
        next=next_url,
        previous=previous,
    )


# --- the file formats -------------------------------------------------------------------


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def csv_lines(export: Export) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=export.columns, restval="", extrasaction="ignore")

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield taken()
    for row in export.rows:
        writer.writerow(flat(row))
        yield taken()


def jsonl_lines(export: Export) -> Iterator[str]:
    for row in export.rows:
        yield _json(row) + "\n"


def json_document(export: Export) -> Iterator[str]:
    """{"count", "next", "previous", "results"}, as the API's lists answer."""
    head = {"count": export.count, "next": export.next, "previous": export.previous}
    yield _json(head)[:-1] + ', "results": ['
    for number, row in enumerate(export.rows):
        yield ("," if number else "") + "\n" + _json(row)
    yield "\n]}\n"


WRITERS = {"csv": csv_lines, "jsonl": jsonl_lines, "json": json_document}


def streamed_answer(export: Export, fmt: str) -> StreamingHttpResponse:
    """The file as an answer (the API's): written while it is sent."""
    return StreamingHttpResponse(WRITERS[fmt](export), content_type=FORMATS[fmt])


def streamed(export: Export, fmt: str) -> StreamingHttpResponse:
    """The file as an attachment (the pages' exports), with its window in the headers."""
    response = streamed_answer(export, fmt)
    response["Content-Disposition"] = f'attachment; filename="{export.name}.{fmt}"'
    response["X-Total-Count"] = str(export.count)
    links = [
        f'<{url}>; rel="{rel}"'
        for rel, url in (("next", export.next), ("prev", export.previous))
        if url
    ]
    if links:
        response["Link"] = ", ".join(links)
    return response
