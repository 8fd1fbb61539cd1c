"""Export formats of the API's own answers: the serialisation is the same, the layout differs."""

from __future__ import annotations

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import renderers

from .serializers import flat


def _rows(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if data else []


class CSVRenderer(renderers.BaseRenderer):
    """The results as a spreadsheet: nested fields as `speaker.name` columns."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = [flat(row) for row in _rows(data) if isinstance(row, dict)]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
        return out.getvalue().encode("utf-8")


class JSONLinesRenderer(renderers.BaseRenderer):
    """One result per line (JSON Lines), for streaming tools and `jq -c`."""

    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        lines = (json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) for row in _rows(data))
        return "".join(line + "\n" for line in lines).encode("utf-8")


def _speaker_names(data: dict) -> dict[str, str]:
    return {p["speaker"]["slug"]: p["speaker"]["name"] for p in data.get("participants", [])}


def _byline(data: dict) -> list[str]:
    source = (data.get("source") or {}).get("name", "")
    parts = [p for p in (source, data.get("date") or "", data.get("location", "")) if p]
    return [" · ".join(str(p) for p in parts)] if parts else []


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
        lines = [data["title"], *_byline(data), data["page_url"], ""]
        if data.get("intro"):
            lines += [data["intro"], ""]
        for turn in data["turns"]:
            name = turn["label"] or turn["speaker_name"]
            lines += [f"{name.upper()}: {turn['text']}", ""]
        return "\n".join(lines)


def _md_escape(text: str) -> str:
    # A turn that starts like a heading or a list must not become one.
    return "\n".join(
        "\\" + line if line[:1] in "#>-*+=|" or line[:2].rstrip(".").isdigit() else line
        for line in text.split("\n")
    )


class MarkdownRenderer(TranscriptRenderer):
    media_type = "text/markdown"
    format = "md"

    def transcript(self, data: dict) -> str:
        lines = [f"# {data['title']}", ""]
        lines += [f"*{line}*" for line in _byline(data)]
        lines += [f"<{data['page_url']}>", ""]
        if data.get("intro"):
            lines += [_md_escape(data["intro"]), ""]
        for turn in data["turns"]:
            name = turn["label"] or turn["speaker_name"]
            text = _md_escape(turn["text"])
            if turn["kind"] == "question":
                text = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
                lines += [f"**{name}** [¶]({turn['permalink']})", "", text, ""]
            else:
                lines += [f"**{name}** [¶]({turn['permalink']})", "", text, ""]
        return "\n".join(lines)
