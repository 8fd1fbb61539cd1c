"""An editor's decision on one tag: confirm, remove or add a topic, place or organisation,
on an interview or on one of its turns. The decision outlives re-imports and re-tagging
(subjects/choices.py); each is in the edit history."""

from __future__ import annotations

from django.db.models import Q

from ..models import EditRecord, Entity, Interview, Topic, Turn
from ..parsing.text import fold
from ..subjects.choices import choose
from ..subjects.store import declared_topic_ids
from . import history

CONFIRM, REMOVE, ADD = "confirm", "remove", "add"
TOPIC, PLACE = "topic", "place"


class TagError(ValueError):
    """Why a tag could not be set, in words for the editor."""


def find_entity(text: str) -> Entity | None:
    """A place or organisation by slug, code or name (in any of its languages)."""
    text = " ".join(text.split())
    if not text:
        return None
    found = Entity.objects.filter(Q(slug=text) | Q(code__iexact=text)).first()
    if found is not None:
        return found
    key = fold(text)
    for entity in Entity.objects.only("id", "name", "names", "code", "slug", "kind"):
        if key in {fold(entity.name), *(fold(n) for n in entity.names.values())}:
            return entity
    return None


def _target(kind: str, action: str, text: str):
    if kind == TOPIC:
        if action == ADD:
            ids = declared_topic_ids([text])
            return Topic.objects.get(pk=ids[0]) if ids else None
        return Topic.objects.filter(slug=text).first()
    entity = find_entity(text)
    if entity is None and action == ADD:
        from ..subjects.load import load_gazetteer

        load_gazetteer()  # the archive may predate its gazetteer's rows
        entity = find_entity(text)
    return entity


def edit_tag(interview: Interview, *, action: str, kind: str, target: str, turn_key="", user=None):
    """Apply one decision; returns the change ({name: [before, after]}) for the history."""
    turn = None
    if turn_key:
        turn = Turn.objects.filter(interview=interview, key=turn_key).first()
        if turn is None:
            raise TagError(f"This interview has no turn {turn_key}.")
    tag = _target(kind, action, target)
    if tag is None:
        what = "topic" if kind == TOPIC else "place or organisation"
        raise TagError(f"No {what} is called “{target}”.")
    choose(interview, tag, keep=action != REMOVE, turn=turn, user=user)
    where = f"turn {turn.key}" if turn is not None else "interview"
    state = {CONFIRM: "confirmed", REMOVE: "removed", ADD: "added"}[action]
    changes = {f"{kind}: {tag.name}": ["", f"{state} on the {where}"]}
    history.record(
        EditRecord.TOPICS,
        user,
        interview=interview,
        target=f"{interview.title} · {where}",
        changes=changes,
    )
    return changes
