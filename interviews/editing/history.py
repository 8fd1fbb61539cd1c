"""The history of imports and edits: who did what, and when."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from pathlib import PurePath

from django.db.models import Q

from ..models import EditRecord, ImportRecord, Interview, Speaker

CONTENT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".pdf": "application/pdf",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".xml": "application/xml",
}


def record(
    action: str,
    user,
    *,
    interview: Interview | None = None,
    speaker: Speaker | None = None,
    target: str = "",
    changes: dict | None = None,
) -> EditRecord | None:
    """Write one entry of the edit history; an edit that changed nothing leaves none."""
    if changes is not None and not changes:
        return None
    return EditRecord.objects.create(
        action=action,
        interview=interview,
        speaker=speaker,
        target=target[:300],
        changes=changes or {},
        edited_by=user if user is not None and user.is_authenticated else None,
    )


def apply(instance, fields, data: dict) -> dict:
    """Set `fields` from `data` (absent ones keep their value) and save if any changed.

    Returns the changes as `diff` gives them, with `slug` added when the save gave the
    instance a new address; nothing is saved when nothing changed.
    """
    before = {name: getattr(instance, name) for name in fields}
    after = {name: data.get(name, before[name]) for name in fields}
    changes = diff(before, after)
    if not changes:
        return {}
    old_slug = instance.slug
    for name, value in after.items():
        setattr(instance, name, value)
    instance.save()
    if instance.slug != old_slug:
        changes["slug"] = [old_slug, instance.slug]
    return changes


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed, as JSON-friendly values."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if _plain(before.get(name)) != _plain(value)
    }


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass
class Entry:
    """One line of the history: an import or an edit."""

    when: object
    kind: str  # "import" or "edit"
    item: ImportRecord | EditRecord

    @property
    def user(self):
        return self.item.imported_by if self.kind == "import" else self.item.edited_by


def timeline(
    *, interview: Interview | None = None, limit: int = 50, offset: int = 0
) -> list[Entry]:
    """Imports and edits, newest first, optionally of one interview."""
    imports = ImportRecord.objects.select_related("interview", "imported_by").defer("original")
    edits = EditRecord.objects.select_related("interview", "speaker", "edited_by")
    if interview is not None:
        imports = imports.filter(interview=interview)
        edits = edits.filter(interview=interview)
    wanted = offset + limit
    merged = heapq.merge(
        (
            Entry(r.imported_at, "import", r)
            for r in imports.order_by("-imported_at", "-id")[:wanted]
        ),
        (Entry(r.edited_at, "edit", r) for r in edits.order_by("-edited_at", "-id")[:wanted]),
        key=lambda entry: entry.when,
        reverse=True,
    )
    return list(merged)[offset:wanted]


def history_size(*, interview: Interview | None = None) -> int:
    imports, edits = ImportRecord.objects.all(), EditRecord.objects.all()
    if interview is not None:
        imports, edits = imports.filter(interview=interview), edits.filter(interview=interview)
    return imports.count() + edits.count()


def downloadable(queryset=None):
    """Import records that kept the document's bytes."""
    queryset = queryset if queryset is not None else ImportRecord.objects.all()
    return queryset.filter(action__in=[ImportRecord.CREATED, ImportRecord.UPDATED]).filter(
        ~Q(size=0)
    )


def content_type_for(file_name: str) -> str:
    return CONTENT_TYPES.get(PurePath(file_name).suffix.lower(), "application/octet-stream")
