"""An editor's corrections to a parsed document, kept as small operations and replayed.

The import preview stores the uploaded bytes and a list of operations such as
`{"op": "kind", "turn": 3, "kind": "answer"}`; every request parses the bytes afresh
and replays the list, so a correction is never more than a few bytes and the saved
interview is exactly the parse the editor saw. Pure Python: nothing here touches the
database.

Operations (speakers are addressed by their index in the document's speaker list, which
only ever grows; turns by their position at the time of the operation):

    set          field, value        title, date, published, source, publisher, url,
                                     language, location, intro, topics
    speaker      index, field, value name, part, kind or role of a speaker
    add_speaker  name, part          a speaker the parser did not find
    use          index, speaker      the archive speaker to use: an id, or "new"
    label        label, speaker      every turn printed with this label is by that speaker
    turn_speaker turn, speaker       one turn is by that speaker
    kind         turn, kind          question, answer or remark
    merge        turn                the turn and the next become one
    split        turn, at            the turn becomes two, before paragraph `at`
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from .parsing.kinds import classify_turns
from .parsing.result import (
    ANSWER,
    INTERVIEWEE,
    INTERVIEWER,
    KINDS,
    PARTS,
    QUESTION,
    REMARK,
    ParsedInterview,
    ParsedSpeaker,
    ParsedTurn,
)

NEW = "new"
KIND_OF_PART = {INTERVIEWER: QUESTION, INTERVIEWEE: ANSWER}
SPEAKER_KINDS = ("person", "group", "anonymous")
TEXT_FIELDS = {
    "title": 500,
    "source": 200,
    "publisher": 200,
    "url": 1000,
    "language": 12,
    "location": 300,
}
FIELDS = (*TEXT_FIELDS, "date", "published", "intro", "topics")


class CorrectionError(ValueError):
    """An operation that does not fit the document as it stands."""


@dataclass
class Draft:
    """A parse with the editor's corrections applied."""

    parsed: ParsedInterview
    # Speaker index -> the archive speaker chosen for it (an id) or NEW.
    choices: dict[int, int | str] = field(default_factory=dict)
    # Whether any turn moved to another speaker (labels are then recounted).
    moved: bool = False

    def turn_counts(self) -> list[int]:
        counts = {s.name: 0 for s in self.parsed.speakers}
        for turn in self.parsed.turns:
            counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
        return [counts[s.name] for s in self.parsed.speakers]

    def label_counts(self, index: int) -> list[tuple[str, int]]:
        """The labels printed for a speaker's turns in this document, with how often."""
        name = self.parsed.speakers[index].name
        counts: dict[str, int] = {}
        for turn in self.parsed.turns:
            if turn.speaker == name and turn.label:
                counts[turn.label] = counts.get(turn.label, 0) + 1
        return list(counts.items())

    def for_import(self) -> ParsedInterview:
        """The parse to save: speakers left without turns are dropped."""
        parsed = copy.deepcopy(self.parsed)
        speaking = {turn.speaker for turn in parsed.turns}
        parsed.speakers = [s for s in parsed.speakers if s.name in speaking]
        return parsed


def replay(parsed: ParsedInterview, operations: list[dict]) -> Draft:
    """Apply stored operations to a fresh parse. One that no longer fits is skipped."""
    draft = Draft(copy.deepcopy(parsed))
    for operation in operations:
        try:
            apply(draft, operation)
        except CorrectionError:
            continue
    return draft


def apply(draft: Draft, operation: dict) -> str:
    """Apply one operation in place; returns a sentence describing it for the history."""
    try:
        handler = HANDLERS[operation["op"]]
        return handler(draft, operation)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        if isinstance(error, CorrectionError):
            raise
        raise CorrectionError(f"this correction does not fit the document ({error})") from error


# --- operations ----------------------------------------------------------------------


def _set(draft: Draft, op: dict) -> str:
    parsed = draft.parsed
    name, value = op["field"], op["value"]
    if name in TEXT_FIELDS:
        value = " ".join(str(value or "").split())[: TEXT_FIELDS[name]]
        if name == "title" and not value:
            raise CorrectionError("an interview needs a title")
        before = getattr(parsed, name)
    elif name in ("date", "published"):
        value = dt.date.fromisoformat(value) if value else None
        before = getattr(parsed, name)
    elif name == "intro":
        paragraphs = [" ".join(p.split()) for p in str(value or "").split("\n\n")]
        value = [p for p in paragraphs if p]
        before = parsed.intro
    elif name == "topics":
        value = list(dict.fromkeys(" ".join(str(t).split())[:120] for t in value if str(t).strip()))
        before = parsed.topics
    else:
        raise CorrectionError(f"unknown field {name!r}")
    setattr(parsed, name, value)
    return f"{name}: {_show(before)} → {_show(value)}"


def _speaker(draft: Draft, op: dict) -> str:
    speaker = _speaker_at(draft, op["index"])
    name, value = op["field"], " ".join(str(op["value"]).split())
    before = getattr(speaker, name) if name in ("name", "part", "kind", "role") else None
    if name == "name":
        value = value[:200]
        if not value:
            raise CorrectionError("a speaker needs a name")
        if any(s.name == value for s in draft.parsed.speakers if s is not speaker):
            raise CorrectionError(
                f"another speaker in this document is called {value!r}: "
                "move the turns to that speaker instead"
            )
        for turn in draft.parsed.turns:
            if turn.speaker == speaker.name:
                turn.speaker = value
    elif name == "part":
        _check(value, PARTS, "part")
        speaker.part = value
        # Who asks and who answers follows from the parts: classify the turns again.
        classify_turns(draft.parsed.turns, {s.name: s for s in draft.parsed.speakers})
    elif name == "kind":
        _check(value, SPEAKER_KINDS, "kind of speaker")
    elif name == "role":
        value = value[:300]
    else:
        raise CorrectionError(f"unknown speaker field {name!r}")
    setattr(speaker, name, value)
    return f"speaker {before if name == 'name' else speaker.name}: {name} {_show(before)} → {_show(value)}"


def _add_speaker(draft: Draft, op: dict) -> str:
    name = " ".join(str(op["name"]).split())[:200]
    part = op.get("part") or "other"
    _check(part, PARTS, "part")
    if not name:
        raise CorrectionError("a speaker needs a name")
    if any(s.name == name for s in draft.parsed.speakers):
        raise CorrectionError(f"{name!r} is already a speaker in this document")
    draft.parsed.speakers.append(ParsedSpeaker(name=name, part=part))
    return f"speaker added: {name} ({part})"


def _use(draft: Draft, op: dict) -> str:
    index = op["index"]
    speaker = _speaker_at(draft, index)
    choice = op["speaker"]
    if choice == NEW:
        draft.choices[index] = NEW
        return f"speaker {speaker.name}: a new speaker in the archive"
    if choice is None or choice == "":
        draft.choices.pop(index, None)
        return f"speaker {speaker.name}: matched automatically"
    draft.choices[index] = int(choice)
    return f"speaker {speaker.name}: archive speaker #{int(choice)}"


def _label(draft: Draft, op: dict) -> str:
    label = op["label"]
    speaker = _speaker_at(draft, op["speaker"])
    turns = [t for t in draft.parsed.turns if t.label == label]
    if not turns:
        raise CorrectionError(f"no turn is labelled {label!r}")
    for turn in turns:
        if turn.speaker != speaker.name:
            turn.speaker = speaker.name
            draft.moved = True
    _relabel(draft)
    return f"label “{label}”: {len(turns)} turn(s) → {speaker.name}"


def _turn_speaker(draft: Draft, op: dict) -> str:
    position = op["turn"]
    turn = _turn_at(draft, position)
    speaker = _speaker_at(draft, op["speaker"])
    before = turn.speaker
    turn.speaker = speaker.name
    if before != speaker.name:
        draft.moved = True
        _relabel(draft)
        previous = draft.parsed.speaker(before)
        if previous is None or previous.part != speaker.part:
            turn.kind = KIND_OF_PART.get(speaker.part, REMARK)
    return f"turn {position + 1}: speaker {before} → {speaker.name}"


def _kind(draft: Draft, op: dict) -> str:
    position = op["turn"]
    turn = _turn_at(draft, position)
    _check(op["kind"], KINDS, "kind of turn")
    before, turn.kind = turn.kind, op["kind"]
    return f"turn {position + 1}: {before} → {turn.kind}"


def _merge(draft: Draft, op: dict) -> str:
    position = op["turn"]
    first = _turn_at(draft, position)
    second = _turn_at(draft, position + 1)
    first.paragraphs = [*first.paragraphs, *second.paragraphs]
    del draft.parsed.turns[position + 1]
    if second.speaker != first.speaker:
        draft.moved = True
        _relabel(draft)
    return f"turns {position + 1} and {position + 2} merged"


def _split(draft: Draft, op: dict) -> str:
    position, at = op["turn"], op["at"]
    turn = _turn_at(draft, position)
    if not 0 < at < len(turn.paragraphs):
        raise CorrectionError("a turn splits between two of its paragraphs")
    rest = ParsedTurn(
        speaker=turn.speaker,
        label=turn.label,
        kind=turn.kind,
        paragraphs=turn.paragraphs[at:],
        line=turn.line,
    )
    turn.paragraphs = turn.paragraphs[:at]
    draft.parsed.turns.insert(position + 1, rest)
    return f"turn {position + 1} split before paragraph {at + 1}"


HANDLERS = {
    "set": _set,
    "speaker": _speaker,
    "add_speaker": _add_speaker,
    "use": _use,
    "label": _label,
    "turn_speaker": _turn_speaker,
    "kind": _kind,
    "merge": _merge,
    "split": _split,
}


# --- helpers ------------------------------------------------------------------------


def _speaker_at(draft: Draft, index) -> ParsedSpeaker:
    index = int(index)
    if not 0 <= index < len(draft.parsed.speakers):
        raise CorrectionError(f"no speaker number {index + 1}")
    return draft.parsed.speakers[index]


def _turn_at(draft: Draft, position) -> ParsedTurn:
    position = int(position)
    if not 0 <= position < len(draft.parsed.turns):
        raise CorrectionError(f"no turn number {position + 1}")
    return draft.parsed.turns[position]


def _check(value: str, allowed, what: str) -> None:
    if value not in allowed:
        raise CorrectionError(f"{value!r} is not a {what}")


def _relabel(draft: Draft) -> None:
    """Each speaker's labels are the labels printed on their turns, once turns have moved."""
    labels: dict[str, list[str]] = {s.name: [] for s in draft.parsed.speakers}
    for turn in draft.parsed.turns:
        if turn.label and turn.label not in labels[turn.speaker]:
            labels[turn.speaker].append(turn.label)
    for speaker in draft.parsed.speakers:
        speaker.labels = labels[speaker.name]


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”"
