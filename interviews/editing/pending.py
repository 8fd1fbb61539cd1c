"""Documents uploaded for review: accepted, previewed, corrected, then saved or discarded.

An upload becomes a PendingImport holding the bytes; the preview is a fresh parse with the
editor's corrections replayed (see corrections.py); saving hands the corrected parse to
`import_document`, the same service the command uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from .. import parsing
from ..corrections import NEW, CorrectionError, Draft, apply, replay
from ..importing import (
    FAILED,
    ImportOutcome,
    checksum_of,
    find_existing,
    import_document,
    where_of,
)
from ..models import EditRecord, Interview, PendingImport, Speaker
from ..people.resolve import Resolution, Resolver
from . import history
from .speakers import SpeakerFinder


@dataclass
class Refusal:
    """A file that did not reach the preview, and why."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


def max_bytes() -> int:
    return settings.ARCHIVE_MAX_DOCUMENT_BYTES


def human_size(size: int) -> str:
    return filesizeformat(size)


def accept(documents: list[tuple[str, bytes]], user) -> tuple[list[PendingImport], list[Refusal]]:
    """Keep each readable document for review; every other one is refused with its reason."""
    forget_expired()
    accepted, refused = [], []
    for name, raw in documents:
        if len(raw) > max_bytes():
            refused.append(
                Refusal(
                    name,
                    f"the file is too large ({human_size(len(raw))}); "
                    f"the limit is {human_size(max_bytes())}",
                )
            )
            continue
        outcome = import_document(raw, name, dry_run=True)
        if outcome.status == FAILED:
            error = outcome.error
            where = f"line {error.line}: " if error.line else ""
            refused.append(Refusal(name, where + error.reason))
            continue
        accepted.append(
            PendingImport.objects.create(
                owner=user,
                file_name=name[:300],
                original=raw,
                checksum=checksum_of(raw),
                size=len(raw),
            )
        )
    return accepted, refused


def pasted_document(text: str) -> tuple[str, bytes]:
    """Text pasted from a browser, as a document with a name of its own."""
    raw = text.replace("\r\n", "\n").encode("utf-8")
    return f"pasted-{checksum_of(raw)[:10]}.txt", raw


def waiting_for(user):
    forget_expired()
    return PendingImport.objects.filter(owner=user).defer("original").order_by("created_at", "id")


def forget_expired() -> None:
    cutoff = timezone.now() - dt.timedelta(hours=PendingImport.LIFETIME_HOURS)
    PendingImport.objects.filter(updated_at__lt=cutoff).delete()


def draft_of(pending: PendingImport) -> Draft:
    """The document as the editor has corrected it so far. Raises ParseError."""
    parsed = parsing.parse_document(pending.raw, pending.file_name, max_bytes=max_bytes())
    return replay(parsed, pending.corrections)


# --- the preview ----------------------------------------------------------------------


@dataclass
class SpeakerRow:
    index: int
    parsed: parsing.ParsedSpeaker
    turns: int
    labels: list[tuple[str, int]]
    match: Speaker | None  # whom the importer would choose by itself
    target: Speaker | None  # whom the turns will go to; None for a new speaker
    choice: int | str  # the same as a form value: an archive speaker id, or NEW
    resolution: Resolution | None = None  # how the importer would choose by itself
    suggestions: list[Speaker] = field(default_factory=list)


@dataclass
class Preview:
    pending: PendingImport
    draft: Draft
    speakers: list[SpeakerRow]
    existing: Interview | None

    @property
    def parsed(self) -> parsing.ParsedInterview:
        return self.draft.parsed

    @property
    def identical(self) -> bool:
        return self.existing is not None and self.existing.checksum == self.pending.checksum


def preview_of(pending: PendingImport) -> Preview:
    draft = draft_of(pending)
    parsed = draft.parsed
    existing = find_existing(parsed, pending.checksum, pending.file_name)
    resolver, where = Resolver(), where_of(parsed, existing)
    finder = SpeakerFinder()
    counts = draft.turn_counts()
    chosen = Speaker.objects.in_bulk({c for c in draft.choices.values() if c != NEW})
    rows = []
    for index, speaker in enumerate(parsed.speakers):
        resolution = resolver.resolve(speaker, where)
        match = resolution.speaker
        choice = draft.choices.get(index)
        if choice == NEW:
            target = None
        elif choice in chosen:
            target = chosen[choice]
        else:
            target = match
            choice = match.pk if match else NEW
        suggestions = finder.similar(
            [speaker.name, *speaker.labels], exclude={s.pk for s in (match, target) if s}
        )
        rows.append(
            SpeakerRow(
                index=index,
                parsed=speaker,
                turns=counts[index],
                labels=draft.label_counts(index),
                match=match,
                target=target,
                choice=choice,
                resolution=resolution,
                suggestions=suggestions,
            )
        )
    return Preview(pending, draft, rows, existing)


def correct(pending: PendingImport, operations: list[dict]) -> list[str]:
    """Apply the editor's corrections in order; returns the reasons any were refused."""
    draft = draft_of(pending)
    problems = []
    for operation in operations:
        try:
            note = apply(draft, operation)
        except CorrectionError as error:
            problems.append(str(error))
            continue
        pending.corrections.append({**operation, "note": note})
    pending.save(update_fields=["corrections", "updated_at"])
    return problems


def undo(pending: PendingImport) -> str | None:
    if not pending.corrections:
        return None
    last = pending.corrections.pop()
    pending.save(update_fields=["corrections", "updated_at"])
    return last.get("note", "")


class SaveError(Exception):
    pass


def save(pending: PendingImport, user) -> ImportOutcome:
    """Import the corrected document, record the corrections and forget the pending upload.

    All of it happens in one transaction: nothing is written if any part fails.
    """
    draft = draft_of(pending)
    parsed = draft.parsed
    existing = find_existing(parsed, pending.checksum, pending.file_name)
    found = Speaker.objects.in_bulk({c for c in draft.choices.values() if c != NEW})
    resolver, where = Resolver(), where_of(parsed, existing)
    targets: dict[int, Speaker | None] = {}
    for index, speaker in enumerate(parsed.speakers):
        choice = draft.choices.get(index)
        if choice == NEW:
            targets[index] = None
        elif choice in found:
            targets[index] = found[choice]
        else:
            # No choice, or the chosen speaker has since been merged away: as the preview
            # shows, the importer matches by itself.
            draft.choices.pop(index, None)
            targets[index] = resolver.resolve(speaker, where).speaker
    _join_speakers_with_one_target(draft, targets)
    speakers = {
        parsed.speakers[index].name: target
        for index, target in targets.items()
        if index in draft.choices
    }
    notes = [c.get("note", "") for c in pending.corrections]
    with transaction.atomic():
        outcome = import_document(
            pending.raw,
            pending.file_name,
            user=user,
            parsed=draft.for_import(),
            force=bool(pending.corrections),
            speakers=speakers,
        )
        if outcome.status == FAILED:
            raise SaveError(str(outcome.error))
        if notes and outcome.interview is not None:
            history.record(
                EditRecord.PREVIEW,
                user,
                interview=outcome.interview,
                target=pending.file_name,
                changes={"corrections": [[], notes]},
            )
        pending.delete()
    return outcome


def _join_speakers_with_one_target(draft: Draft, targets: dict[int, Speaker | None]) -> None:
    """Two document speakers the editor mapped to one archive speaker become one."""
    parsed = draft.parsed
    first_for: dict[int, int] = {}
    for index, target in list(targets.items()):
        if target is None:
            continue
        if target.pk not in first_for:
            first_for[target.pk] = index
            continue
        keep = parsed.speakers[first_for[target.pk]]
        gone = parsed.speakers[index]
        for turn in parsed.turns:
            if turn.speaker == gone.name:
                turn.speaker = keep.name
        keep.labels = list(dict.fromkeys([*keep.labels, *gone.labels]))
        draft.choices.setdefault(first_for[target.pk], target.pk)
        draft.choices.pop(index, None)
        del targets[index]
