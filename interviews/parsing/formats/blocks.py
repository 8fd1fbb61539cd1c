"""What every reader hands back: text to parse as a document, or blocks already labelled."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..header import Header


@dataclass
class Block:
    """One stretch of speech as a format delivers it: a cue, a segment, a JSON turn.

    `label` is the speaker as printed ("" continues the previous block's speaker);
    `offset` is the start in seconds from the beginning of the recording, when known.
    """

    label: str
    text: str
    offset: float | None = None
    line: int = 0
    # A service's own speaker header starts a turn even when the voice is the same one
    # (Otter prints `Unknown Speaker` for two people in a row); caption cues do not.
    new_turn: bool = False


@dataclass
class Extract:
    """A document read by its format's reader.

    Text formats (plain text, Markdown, web pages, PDF, Word) give `text`, which the text
    parser cuts into turns; structured formats (captions, service exports, JSON) give
    `blocks` whose labels are known. `header` holds what the format's metadata says
    (title, date, outlet, people); `people` maps a label to the full name and role the
    document's own metadata gives for it (`PM` -> Julia Gillard, Prime Minister).
    """

    format: str
    text: str = ""
    blocks: list[Block] | None = None
    header: Header = field(default_factory=Header)
    people: dict[str, tuple[str, str]] = field(default_factory=dict)
    encoding: str = ""
    # A second reading of the same document, tried when `text` holds no turns (a web
    # page whose extracted main text left the dialogue out).
    fallback_text: str = ""


def bold_paragraph(text: str) -> str:
    """A paragraph set wholly in bold: a speaker's name alone, or a magazine's question."""
    if len(text) < 120 and not text.endswith((":", "?", ".", "!")) and len(text.split()) <= 8:
        return text + ":"
    return f"**{text}**"


def timecode(seconds: float | None) -> str:
    """`83.4` -> `01:23`, `3723` -> `1:02:03`: as a reader would cite the recording."""
    if seconds is None or seconds < 0:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def seconds_of(value) -> float | None:
    """Seconds from `12.5`, `"00:01:02.500"`, `"1:02"` or `"01:02:03,250"`; None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value >= 0 else None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text) if float(text) >= 0 else None
    except ValueError:
        pass
    parts = text.split(":")
    if not 2 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    total = 0.0
    for number in numbers:
        total = total * 60 + number
    return total
