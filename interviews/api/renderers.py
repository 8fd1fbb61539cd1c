"""Export formats of the API's own answers: the serialisation is the same, the layout differs."""

from __future__ import annotations

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import renderers

from . import transcripts
from .serializers import flat


def _rows(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if data else []


class CSVRenderer(renderers.BaseRenderer):
    """CSV for an answer that is not streamed, which is an error: its own columns (what
    was wrong, by parameter). Lists and searches are streamed with the exports' writers
    and header (exports.py, views.py), so they never come here."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = [flat(row) for row in _rows(data) if isinstance(row, dict)]
        names = list(dict.fromkeys(key for row in rows for key in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=names, restval="", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
        return out.getvalue().encode("utf-8")


class JSONLinesRenderer(renderers.BaseRenderer):
    """One result per line (JSON Lines), for streaming tools and `jq -c`; as with CSV, a
    list or search streams its own lines and this renders an error."""

    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        lines = (json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) for row in _rows(data))
        return "".join(line + "\n" for line in lines).encode("utf-8")


class TranscriptRenderer(renderers.BaseRenderer):
    """An interview as a transcript; anything else (an error) as its message."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict) or "turns" not in data:
            detail = data.get("detail", data) if isinstance(data, dict) else data
            return (str(detail) + "\n").encode("utf-8")
        return self.transcript(data).encode("utf-8")


class PlainTextRenderer(TranscriptRenderer):
    media_type = "text/plain"
    format = "txt"

    def transcript(self, data: dict) -> str:
        return transcripts.plain_text(data)


class MarkdownRenderer(TranscriptRenderer):
    media_type = "text/markdown"
    format = "md"

    def transcript(self, data: dict) -> str:
        return transcripts.markdown(data)
