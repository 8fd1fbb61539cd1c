"""JSON transcripts: a list of turns, flat or nested, with metadata beside it.

Shapes met in the wild, all read by one walk:
    [{"speaker": "Ana", "text": "..."}, ...]                      flat arrays
    {"title": ..., "date": ..., "turns"|"messages"|"segments"|"utterances"|
     "conversation"|"monologues"|"transcript": [...]}             a list inside an object
    {"transcript": {"sections": [{"turns": [...]}, ...]}}         lists of lists (Oyez)
    {"segments": [{"start": 0.0, "speaker": "SPEAKER_00", "text": ...}]}  WhisperX
    {"monologues": [{"speaker": 0, "elements": [{"value": "Hi"}, ...]}]}  Rev
A speaker may be a string, a number (a diarised voice), or an object with a name and
roles; the text may be a string or a list of pieces (`text_blocks`, `elements`,
`sentences`). The longest family of such lists (same path, any index) is the transcript.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..dates import coerce_date, first_date
from ..header import Header
from ..result import ParseError
from ..text import squeeze
from .blocks import Block, Extract, seconds_of

SPEAKER_KEYS = (
    "speaker_name",
    "speakerName",
    "speaker",
    "speaker_label",
    "speakerLabel",
    "name",
    "author",
    "from",
    "participant",
    "role",
    "user",
    "who",
    "spk",
    "speaker_id",
    "speakerId",
    "channel",
)
TEXT_KEYS = ("text", "content", "utterance", "transcript", "body", "message", "value", "words")
PIECE_KEYS = ("text_blocks", "elements", "sentences", "paragraphs", "blocks", "words", "items")
START_KEYS = ("start", "start_time", "startTime", "begin", "offset", "timestamp", "ts", "time")
MS_KEYS = ("startMs", "start_ms", "offsetMs", "offset_ms")
TITLE_KEYS = ("title", "headline", "name", "episode", "case_name")
DATE_KEYS = (
    "date",
    "recorded",
    "recorded_at",
    "date_recorded",
    "published",
    "created",
    "created_at",
)
PEOPLE_KEYS = ("speakers", "participants", "people", "members")


def read_json(text: str) -> Extract:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"this is not valid JSON: {exc.msg}", line=exc.lineno) from exc
    families = _turn_lists(data)
    if not families:
        raise ParseError(
            "this JSON holds no transcript: expected a list of objects with a speaker and a "
            'text, such as [{"speaker": "Ana Ruiz", "text": "..."}]'
        )
    path, lists = max(
        families.items(), key=lambda item: (sum(len(x) for x in item[1]), -len(item[0]))
    )
    names = _speaker_names(data)
    blocks: list[Block] = []
    people: dict[str, tuple[str, str]] = {}
    for items in lists:
        for item in items:
            if not isinstance(item, dict):
                continue
            label, role, record = _speaker(item, names)
            words = _text(item)
            if not words:
                continue
            blocks.append(Block(label, words, _start(item)))
            if label and record and label not in people:
                # A speaker given as a record (name, roles) is named as the record says.
                people[label] = (label, role)
    if not blocks:
        raise ParseError("this JSON transcript has no text: every turn is empty")
    if not any(b.label for b in blocks):
        raise ParseError(
            "this JSON transcript names no speakers: expected a 'speaker' or 'name' beside "
            "each text"
        )
    header = _metadata(data, path)
    return Extract("json", blocks=blocks, header=header, people=people)


def _turn_lists(data) -> dict[tuple, list[list]]:
    """Lists of turn-like objects, grouped by their path with indices wildcarded."""
    families: dict[tuple, list[list]] = defaultdict(list)

    def walk(node, path):
        if isinstance(node, list):
            objects = [x for x in node if isinstance(x, dict)]
            if objects and sum(1 for x in objects if _is_turn(x)) >= 0.5 * len(objects):
                families[path].append(node)
                return
            for child in node:
                walk(child, (*path, "*"))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, (list, dict)):
                    walk(value, (*path, key))

    walk(data, ())
    return dict(families)


def _is_turn(item: dict) -> bool:
    has_text = any(isinstance(item.get(k), str) and item[k].strip() for k in TEXT_KEYS) or any(
        isinstance(item.get(k), list) and item[k] and isinstance(item[k][0], dict)
        for k in PIECE_KEYS
    )
    return has_text and any(item.get(k) not in (None, "") for k in SPEAKER_KEYS)


def _speaker(item: dict, names: dict[str, str]) -> tuple[str, str, bool]:
    for key in SPEAKER_KEYS:
        value = item.get(key)
        if value in (None, "") or (key == "name" and not isinstance(value, (str, dict))):
            continue
        if isinstance(value, dict):
            name = value.get("name") or value.get("display_name") or value.get("label") or ""
            return squeeze(str(name)), _role(value), True
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            key_text = str(int(value)) if not isinstance(value, str) else value
            return names.get(key_text, f"Speaker {key_text}"), "", key_text in names
        value = squeeze(str(value))
        if re.fullmatch(r"[A-Z]", value):  # AssemblyAI's voices A, B, C
            return names.get(value, f"Speaker {value}"), "", value in names
        return names.get(value, value), "", False
    return "", "", False


def _role(person: dict) -> str:
    roles = person.get("roles") or person.get("role") or ""
    if isinstance(roles, list):
        roles = roles[0] if roles else ""
    if isinstance(roles, dict):
        roles = roles.get("role_title") or roles.get("title") or roles.get("name") or ""
    return squeeze(str(roles)) if isinstance(roles, str) else ""


def _text(item: dict) -> str:
    for key in TEXT_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return "\n\n".join(squeeze(p) for p in re.split(r"\n\s*\n", value) if p.strip())
    for key in PIECE_KEYS:
        pieces = item.get(key)
        if isinstance(pieces, list) and pieces and isinstance(pieces[0], dict):
            texts = [p.get("text") or p.get("value") or p.get("word") or "" for p in pieces]
            texts = [t for t in texts if isinstance(t, str)]
            if key == "elements":  # Rev: the pieces carry their own spaces and punctuation
                return squeeze("".join(texts))
            joiner = " " if key in ("words", "sentences", "items") else "\n\n"
            return joiner.join(squeeze(t) for t in texts if t.strip())
    return ""


def _start(item: dict) -> float | None:
    for key in MS_KEYS:
        if isinstance(item.get(key), (int, float)):
            return item[key] / 1000
    for key in START_KEYS:
        if key in item:
            return seconds_of(item[key])
    return None


def _speaker_names(data) -> dict[str, str]:
    """Speaker ids to names from a `speakers`/`participants` list beside the turns."""
    names: dict[str, str] = {}
    if not isinstance(data, dict):
        return names
    for key in PEOPLE_KEYS:
        people = data.get(key)
        if isinstance(people, list):
            for person in people:
                if isinstance(person, dict):
                    ident = person.get("id", person.get("speaker", person.get("label")))
                    name = person.get("name") or person.get("display_name")
                    if ident is not None and name:
                        names[str(ident)] = squeeze(str(name))
        elif isinstance(people, dict):
            for ident, name in people.items():
                if isinstance(name, str):
                    names[str(ident)] = squeeze(name)
    return names


def _metadata(data, path: tuple) -> Header:
    """Title, date, outlet and address from the objects on the way to the turns."""
    header = Header()
    node = data
    levels = [node]
    for key in path:
        if key == "*" or not isinstance(node, dict):
            break
        node = node.get(key)
        if isinstance(node, dict):
            levels.append(node)
    for level in levels:
        if not isinstance(level, dict):
            continue
        if not header.title:
            title = next((level[k] for k in TITLE_KEYS if isinstance(level.get(k), str)), "")
            header.title = squeeze(title)
        if header.date is None:
            value = next((level[k] for k in DATE_KEYS if level.get(k)), None)
            header.date = coerce_date(value) if isinstance(value, str) else None
        header.source = header.source or _string(
            level, ("source", "outlet", "publisher", "show", "podcast")
        )
        header.url = header.url or _string(level, ("url", "link", "href", "permalink"))
        header.language = header.language or _string(level, ("language", "lang"))[:2].lower()
    if header.date is None and header.title:
        header.date = first_date(header.title)
    return header


def _string(level: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = level.get(key)
        if isinstance(value, str) and value.strip():
            return squeeze(value)
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return squeeze(value["name"])
    return ""
