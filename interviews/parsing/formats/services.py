"""Exports of transcription services: a speaker header with a time, then the words.

The services differ in punctuation, not in shape:
    Rev       `Jane Doe (00:01):` then the text, or on the same line
    Otter     `Jane Doe  0:03` then the text (Teams, Zoom and Descript print the same
              with `00:01:02`)
    Trint     `[00:00:12] Jane Doe` then the text
    Sonix     `Jane Doe: [00:00:05] text`, Descript `[00:01:02] Jane Doe: text`
    analytics `Jane Doe  00:00:03 - 00:00:15  (12s)` (a time range and a duration), with
              lines of figures (`Words: 45`, `Sentiment: positive`) before the text
    diarisation `[00:00.000 --> 00:05.000] SPEAKER_00: text` (Whisper, pyannote)
A header is recognised by its time, so the name can be anything a service prints:
`Speaker 1`, `SPEAKER_00`, `Unknown Speaker` or a person.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from .blocks import Block, Extract, seconds_of

TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
RANGE = rf"{TS}(?:\s*(?:-->|–|—|-|to)\s*{TS})?"
BRACKETED = rf"(?P<time>\[\s*{RANGE}\s*\]|\(\s*{RANGE}\s*\)|{RANGE})"
DURATION = (
    r"(?:[\[(]\s*)?\d+(?:[.,]\d+)?\s*(?:s|sec|secs|seconds|m|min|mins|minutes|ms)\.?(?:\s*[\])])?"
)
NAME = r"(?P<name>[^\W\d][^\n:\[\]()]{0,58}?(?:\s*\([^()\n]{1,40}\))?)"

HEADERS = [
    # Name  00:01:02 [- 00:01:30] [(28s)] [:]    Otter, Zoom, Teams, Rev, analytics
    re.compile(rf"^{NAME}\s*(?:[|·•,-]\s*)?{BRACKETED}(?:\s*[|·•,-]?\s*{DURATION})?\s*:?$"),
    # [00:00:12] Name [:]                       Trint
    re.compile(rf"^{BRACKETED}\s*[-–|·]?\s*{NAME}\s*:?$"),
]
INLINE = [
    # [00:00.000 --> 00:05.000] SPEAKER_00: text   Descript, Whisper
    re.compile(rf"^{BRACKETED}\s*[-–|·]?\s*{NAME}\s*:\s+(?P<text>\S.*)$"),
    # Name (00:01): text                          Rev
    re.compile(rf"^{NAME}\s*{BRACKETED}\s*:\s*(?P<text>\S.*)$"),
    # Name: [00:00:05] text                       Sonix
    re.compile(rf"^{NAME}\s*:\s*(?P<time>\[\s*{RANGE}\s*\]|\(\s*{RANGE}\s*\))\s*(?P<text>\S.*)$"),
]
# A time at the start of every line (a converter's column): stripped before reading.
LINE_TIME = re.compile(rf"^\s*[\[(]?{TS}[\])]?\s+")
ANALYTICS = re.compile(
    r"^\s*(?:[\w .%/-]{1,30}:\s*[\w.,%:/-]{0,20}\s*%?|[\d.,:%\s()smin/-]+|" + TS + r".*-->.*)$"
)
CLOSING = re.compile(r"^\s*(?:transcribed by|transcription by|transcript by)\b", re.I)


def read_service(text: str) -> Extract | None:
    """Blocks of a service export, or None when the text is not one."""
    lines = _strip_line_times(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    heads = [_header(line) for line in lines]
    found = [h for h in heads if h is not None]
    if len(found) < 2 or len({h[0].casefold() for h in found}) > max(3, 0.6 * len(found)):
        # Headers name the same few voices over and over; a list of events does not.
        return None
    blocks: list[Block] = []
    pending: Block | None = None
    for number, (line, head) in enumerate(zip(lines, heads, strict=True), 1):
        if head is not None:
            name, start, rest = head
            pending = Block(name, rest, start, number, new_turn=True)
            blocks.append(pending)
            continue
        stripped = line.strip()
        if pending is None or not stripped or CLOSING.match(stripped):
            continue
        if not pending.text and ANALYTICS.match(stripped):
            continue  # figures a service prints under the header (`Words: 45`)
        pending.text = f"{pending.text}\n{stripped}" if pending.text else stripped
    for block in blocks:
        block.text = "\n\n".join(p for p in (squeeze(p) for p in block.text.split("\n")) if p)
    blocks = [b for b in blocks if b.text]
    if len(blocks) < 2 and not any(b.text for b in blocks):
        return None
    return Extract("service", blocks=blocks)


def squeeze(text: str) -> str:
    return " ".join(text.split())


TIME_HINT = re.compile(r"\d:\d\d")


def _header(line: str) -> tuple[str, float | None, str] | None:
    stripped = line.strip()
    if "**" in stripped:
        stripped = stripped.replace("**", "")  # `**Jane Doe** [00:01:02]` in Markdown
    if not stripped or len(stripped) > 2000 or not TIME_HINT.search(stripped, 0, 160):
        return None
    if len(stripped) <= 120:
        for pattern in HEADERS:
            match = pattern.match(stripped)
            if match and _name_ok(match.group("name")):
                return match.group("name").strip(), _start(match.group("time")), ""
    if ":" in stripped[:140]:
        for pattern in INLINE:
            match = pattern.match(stripped)
            if match and _name_ok(match.group("name")):
                return (
                    match.group("name").strip(),
                    _start(match.group("time")),
                    match.group("text").strip(),
                )
    return None


FIRST_TIME = re.compile(TS)


def _start(time: str) -> float | None:
    match = FIRST_TIME.search(time)
    return seconds_of(match.group(0)) if match else None


def _name_ok(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 6:
        return False
    return not re.search(r"[.?!;,]\s|[?!;]$|https?:", name)


def _strip_line_times(lines: list[str]) -> list[str]:
    """Drop a time that opens (nearly) every line, as some converters print one per line,
    when the speaker headers are found behind it (`0:00 Michael Kennedy  00:00`)."""
    filled = [line for line in lines if line.strip()]
    if not filled or not LINE_TIME.match(filled[0]):
        return lines
    timed = sum(1 for line in filled if LINE_TIME.match(line))
    if timed < 0.9 * len(filled) or timed < 4:
        return lines
    stripped = [LINE_TIME.sub("", line, count=1) for line in lines]
    sample = range(min(len(lines), 400))
    behind = sum(1 for i in sample if _header(stripped[i]) is not None)
    before = sum(1 for i in sample if _header(lines[i]) is not None)
    return stripped if behind > before else lines


def looks_like_service(text: str) -> bool:
    """A cheap first look: do several early lines carry a time beside a short name?"""
    head = text[:20000]
    hints = list(itertools.islice(TIME_HINT.finditer(head), 2000))
    if len(hints) < 2 or hints[0].start() > 8000:
        return False
    first = head.lstrip()[:40]
    if LINE_TIME.match(first):
        # A time opens the lines (`0:00 ...`): look behind it, line by line.
        lines = _strip_line_times(head.split("\n", 400)[:400])
        found = [h for h in map(_header, lines) if h is not None]
        filled = sum(1 for line in lines if line.strip())
    else:
        found, seen = [], -1
        for hint in hints:  # only the lines that hold a time can be headers
            start = head.rfind("\n", 0, hint.start()) + 1
            if start <= seen:
                continue
            seen = start
            end = head.find("\n", hint.end())
            header = _header(head[start : end if end != -1 else len(head)])
            if header is not None:
                found.append(header)
        filled = 0 if len(found) < 2 else sum(1 for line in head.split("\n") if line.strip())
    hits = Counter(h[0].casefold() for h in found)
    total = sum(hits.values())
    # The same few voices again and again, or headers that are the document's structure.
    return (total >= 3 and total >= 2 * len(hits) - 1) or (total >= 2 and total >= 0.3 * filled)
