"""Captions: WebVTT (voice tags `<v Name>` or `NAME:` inside cues) and SubRip (SRT).

webvtt-py parses both; this module decides who speaks in each cue. A cue without a
speaker continues the speaker before it, so consecutive cues of one voice become one
turn (blocks with the same label are joined by the turn builder), and the turn keeps
the first cue's start as its time offset.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter

from ..result import ParseError
from .blocks import Block, Extract

VOICE = re.compile(r"<v(?:\.[^\s>]+)?\s+([^>]+)>", re.I)
TAG = re.compile(r"</?[a-z][^>]*>|<\d{1,2}:\d{2}[^>]*>", re.I)
# A speaker name at the start of a cue: `Parithosh Jayanthi: `, `>> JOHN SMITH: `, `- Ana: `.
CUE_LABEL = re.compile(
    r"^(?:>>\s*|-\s+)?(?P<label>[^\s:<>\[\](){}\"“”][^:<>\n]{0,59}?)\s*:\s+(?P<rest>\S.*)$", re.S
)
SRT_START = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.S)


def looks_like_srt(text: str) -> bool:
    return bool(SRT_START.match(text.lstrip("\ufeff")[:200]))


def read_captions(text: str, kind: str) -> Extract:
    import webvtt
    from webvtt.errors import MalformedFileError

    body = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        if kind == "srt":
            captions = webvtt.WebVTT.from_buffer(io.StringIO(body), format="srt").captions
        else:
            captions = webvtt.WebVTT.from_string(body).captions
    except MalformedFileError as exc:
        name = "SubRip (SRT)" if kind == "srt" else "WebVTT"
        raise ParseError(f"this {name} caption file cannot be read: {exc}") from exc
    lines = _cue_lines(body)
    cues = []
    for index, caption in enumerate(captions):
        line = lines[index] if index < len(lines) else 0
        for voice, words in _voices(caption.raw_text):
            if words:
                cues.append((voice, words, caption.start_time.in_milliseconds() / 1000, line))
    if not cues:
        raise ParseError(
            "the caption file has no text: no cue holds any words", line=lines[0] if lines else 0
        )
    blocks = _label_cues(cues)
    return Extract("srt" if kind == "srt" else "webvtt", blocks=blocks)


def _cue_lines(body: str) -> list[int]:
    """The line number of each cue's timing line, in order."""
    return [number for number, line in enumerate(body.split("\n"), 1) if "-->" in line]


def _voices(raw: str) -> list[tuple[str, str]]:
    """(voice, text) pieces of one cue: `<v A>hi</v><v B>hello` has two."""
    pieces: list[tuple[str, str]] = []
    parts = VOICE.split(raw)
    if parts[0].strip() or len(parts) == 1:
        pieces.append(("", _plain(parts[0])))
    for index in range(1, len(parts), 2):
        pieces.append((" ".join(parts[index].split()), _plain(parts[index + 1])))
    return pieces


def _plain(text: str) -> str:
    return " ".join(html.unescape(TAG.sub("", text)).split())


def _label_cues(cues: list[tuple[str, str, float, int]]) -> list[Block]:
    """Speakers of cues: voice tags, else names at the start of the cue text.

    A name before a colon counts when it recurs or when most cues carry one (a Zoom
    transcript names the speaker, a display name or a handle, in every cue). In a file
    that names its voices with tags, a colon inside a cue is usually speech ("Note: ..."),
    so there only a recurring, name-shaped label counts.
    """
    voiced = any(voice for voice, _, _, _ in cues)
    found = [CUE_LABEL.match(words) if not voice else None for voice, words, _, _ in cues]
    names = Counter(_key(m.group("label")) for m in found if m and _handle(m.group("label")))
    most = sum(names.values()) >= 0.5 * len(cues)
    blocks = []
    for (voice, words, start, line), match in zip(cues, found, strict=True):
        label = voice
        if match:
            candidate = match.group("label").strip()
            key = _key(candidate)
            if voiced:
                take = names[key] >= 2 and _name_like(candidate)
            else:
                take = _handle(candidate) and (names[key] >= 2 or most)
            if take:
                label, words = candidate, match.group("rest").strip()
        blocks.append(Block(label, words, start, line))
    return blocks


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def _handle(label: str) -> bool:
    """A display name as meeting software shows it: `Ana Ruiz`, `jochem-brouwer`,
    `Daniel Lehrner (Besu)`, `Saulius Grigaitis | Grandine`; not a clause."""
    words = label.split()
    if not words or len(words) > 7 or label[-1:] in ",;":
        return False
    if re.search(r"[?!;\"“”]|\.\s", label):
        return False
    lower = [w for w in words if w[:1].islower() and not re.search(r"[\d_-]", w)]
    return len(lower) <= 1


def _name_like(label: str) -> bool:
    words = label.split()
    return _handle(label) and all(w[:1].isupper() or w[:1] in "(|" for w in words)
