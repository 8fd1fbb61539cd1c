"""Pages of `limit` rows from `offset`, with `next` and `previous` as full URLs."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# CSV and JSON Lines are read by programs that want the whole list in one file.
MAX_EXPORT_LIMIT = 5_000
EXPORT_FORMATS = {"csv", "jsonl"}


def wants_export(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "") in EXPORT_FORMATS


def limit_of(request, default: int = DEFAULT_LIMIT) -> int:
    """The `limit` asked for: the default for anything that is not a positive number."""
    cap = MAX_EXPORT_LIMIT if wants_export(request) else MAX_LIMIT
    try:
        value = int(str(request.query_params.get("limit", "")).strip())
    except ValueError:
        return default if not wants_export(request) else cap
    return min(cap, value) if value > 0 else default


def offset_of(request) -> int:
    # A REST framework request, or a page's own (the exports of interviews/api/exports.py).
    params = getattr(request, "query_params", request.GET)
    try:
        value = int(str(params.get("offset", "")).strip())
    except ValueError:
        return 0
    return min(max(0, value), 10_000_000)


def page_links(request, offset: int, limit: int, available: int) -> tuple[str | None, str | None]:
    """`next` and `previous` for a window over `available` rows."""
    url = request.build_absolute_uri()
    url = remove_query_param(url, "page")
    next_url = previous = None
    if offset + limit < available:
        next_url = replace_query_param(
            replace_query_param(url, "limit", limit), "offset", offset + limit
        )
    if offset > 0:
        previous = replace_query_param(url, "limit", limit)
        previous = (
            remove_query_param(previous, "offset")
            if offset - limit <= 0
            else replace_query_param(previous, "offset", offset - limit)
        )
    return next_url, previous


class ArchivePagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return limit_of(request, self.default_limit)

    def get_offset(self, request):
        return offset_of(request)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
