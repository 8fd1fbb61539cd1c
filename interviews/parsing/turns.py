"""Cutting the body into the preamble, the labelled turns and the closing lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .labels import LabelHit, generic_role, is_non_speaker, label_key, match_label, shape
from .text import Paragraph, fold, is_caps, squeeze
from .vocabulary import ROLE_WORDS

TIMECODE = re.compile(r"^\[(?P<code>\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)\]\s*")
END_LINE = re.compile(r"^\s*(?:END|FIN)\b[\s\d:.APMapm]*(?:[A-Z]{2,5})?\s*$")
TIME_LINE = re.compile(
    r"^\s*\(?\s*\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*(?:[A-Z]{2,5}|horas|hrs\.?|h)?\s*\)?\s*$"
)
HASHES = re.compile(r"^\s*(?:#{2,}|-\s*30\s*-|\*{3,})\s*$")
FOOTER = re.compile(
    r"^\s*(?:source|sources|kaynak|fuente|quelle|via|credit|copyright|©)"
    r"(?:\s*/\s*[^\W\d_]+)*\s*:?\s*(?P<url>https?://\S+)?\s*$",
    re.I,
)
# Labelled lines that mark a pause in the recording, not a speaker.
INTERRUPTIONS = {"break", "ad", "advertisement", "sponsor", "sponsors", "music"}
URL_LINE = re.compile(r"^\s*<?(?P<url>https?://\S+?)>?\s*$")


@dataclass
class RawTurn:
    label: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    timecode: str = ""


@dataclass
class Segments:
    preamble: list[Paragraph]
    turns: list[RawTurn]
    footer_url: str = ""
    warnings: list[str] = field(default_factory=list)


def accepted_labels(paragraphs: list[Paragraph], context: str, wrapped: bool) -> set[str]:
    """The label keys that really introduce speakers in this document.

    A label is trusted when it looks like a name or a part (`Q`, `MODERATOR`), or when it
    recurs: prose that happens to end in a colon ("We often hear:") does neither. In
    hard-wrapped text a label can only open a paragraph; elsewhere a strong one may
    also open a line inside a block.
    """
    hits: list[tuple[LabelHit, Paragraph, int]] = []
    for paragraph in paragraphs:
        for index, line in enumerate(paragraph.lines):
            if index and wrapped:
                break
            hit = match_label(line)
            if hit is None and index == 0:
                hit = _alone_label(paragraph)
            if hit:
                hits.append((hit, paragraph, index))
    counts = Counter(label_key(hit.label) for hit, _, _ in hits)
    # Blocks between rules that open with a name in capitals: the format of a
    # stenographic version (`---` / `PREGUNTA` / text).
    ruled = sum(1 for hit, paragraph, _ in hits if hit.style == "alone" and paragraph.after_rule)
    context_key = f" {fold(context)} "
    common: frozenset[str] | None = None
    accepted = set()
    for hit, paragraph, index in hits:
        key = label_key(hit.label)
        if not key or key in accepted or is_non_speaker(hit.label):
            continue
        if hit.style == "q":
            accepted.add(key)
            continue
        look = shape(hit.label, alone=hit.style == "alone")
        if look == "no":
            continue
        if hit.style == "alone":
            if look == "caps" and ((paragraph.after_rule and ruled >= 2) or counts[key] >= 2):
                accepted.add(key)
            continue
        if generic_role(hit.label):
            accepted.add(key)
        elif look == "word":
            if counts[key] >= 2 and index == 0:
                accepted.add(key)
        elif len(key.split()) == 1:
            # A lone surname is trusted when it recurs or the intro names the person,
            # unless the text uses it as an ordinary word ("Dice:", "Comment:").
            if common is None:
                common = common_words(paragraphs)
            if key in common:
                continue
            if counts[key] >= 2 or f" {key} " in context_key:
                accepted.add(key)
        elif index > 0 and counts[key] < 2:
            continue
        else:
            words = key.split()
            if counts[key] < 2 and set(words[1:]) & PROSE_LINKS and not is_title_word(words[0]):
                # "Moving on to the United Kingdom:" opens a sentence, not a name; an
                # office such as "Ambassador to the United Nations" may contain `to`.
                continue
            accepted.add(key)
    return accepted


def is_title_word(word: str) -> bool:
    return fold(word) in ROLE_WORDS


def common_words(paragraphs: list[Paragraph]) -> frozenset[str]:
    """Words the document writes in lower case somewhere: ordinary words, not names."""
    text = "\n".join(line for paragraph in paragraphs for line in paragraph.lines)
    return frozenset(fold(w) for w in LOWER_WORD.findall(text))


# Small words that join a sentence but rarely a name or a title (`de`, `of` can).
PROSE_LINKS = {"on", "to", "in", "at", "with", "is", "are", "was", "a", "about", "into"}
LOWER_WORD = re.compile(r"(?<![\w-])[a-zà-ÿğış][\w'-]*")


def _alone_label(paragraph: Paragraph) -> LabelHit | None:
    """A speaker printed alone on the first line of a block, in capitals, text below."""
    first = paragraph.first.strip()
    if len(paragraph.lines) < 2 or not is_caps(first) or first.endswith((".", "?", "!")):
        return None
    return LabelHit(first.rstrip(":").strip(), "", "alone")


def segment(paragraphs: list[Paragraph], wrapped: bool, context: str) -> Segments:
    accepted = accepted_labels(paragraphs, context, wrapped)
    preamble: list[Paragraph] = []
    turns: list[RawTurn] = []
    warnings: list[str] = []
    for paragraph in paragraphs:
        pieces: list[tuple[str, int]] = []  # text lines of the current paragraph
        for index, line in enumerate(paragraph.lines):
            number = paragraph.line_numbers[index]
            hit = match_label(line)
            if hit is None and index == 0:
                hit = _alone_label(paragraph)
            if hit and turns and label_key(hit.label) in INTERRUPTIONS:
                _flush(turns, pieces, wrapped)
                pieces = []
                warnings.append(f"line {number}: skipped '{hit.label}' (not speech)")
                continue
            if hit and label_key(hit.label) in accepted:
                if turns:
                    _flush(turns, pieces, wrapped)
                elif pieces:
                    preamble.append(_paragraph_of(pieces, paragraph))
                pieces = []
                turns.append(RawTurn(hit.label, number))
                if hit.rest:
                    pieces.append((hit.rest, number))
                continue
            pieces.append((line, number))
        if not pieces:
            continue
        if turns:
            _flush(turns, pieces, wrapped)
        else:
            preamble.append(_paragraph_of(pieces, paragraph))
    for turn in turns:
        _take_timecode(turn)
    footer_url = _strip_closing_lines(turns)
    turns = [turn for turn in turns if turn.paragraphs]
    return Segments(preamble, turns, footer_url, warnings)


def _paragraph_of(pieces: list[tuple[str, int]], paragraph: Paragraph) -> Paragraph:
    return Paragraph(
        [p for p, _ in pieces], pieces[0][1], paragraph.after_rule, [n for _, n in pieces]
    )


def _flush(turns: list[RawTurn], pieces: list[tuple[str, int]], wrapped: bool) -> None:
    lines = [text for text, _ in pieces if text.strip()]
    if not lines:
        return
    if wrapped:
        turns[-1].paragraphs.append(squeeze(" ".join(line.strip() for line in lines)))
    else:
        turns[-1].paragraphs.extend(unwrap(lines))


def unwrap(lines: list[str]) -> list[str]:
    """One paragraph per line, except where a line plainly runs on into the next.

    A line that stops without closing punctuation, followed by one that starts in lower
    case, was broken mid-sentence.
    """
    # Each paragraph as a list of its lines, joined once at the end: appending to a
    # string per line made a long run-on paragraph cost the square of its length.
    paragraphs: list[list[str]] = []
    for line in lines:
        line = squeeze(line)
        if paragraphs and not paragraphs[-1][-1].endswith(CLOSERS) and line[:1].islower():
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(parts) for parts in paragraphs]


CLOSERS = tuple('.!?…:;"”’)]»—-')


def _take_timecode(turn: RawTurn) -> None:
    if turn.paragraphs:
        match = TIMECODE.match(turn.paragraphs[0])
        if match:
            turn.timecode = match.group("code")
            turn.paragraphs[0] = turn.paragraphs[0][match.end() :].strip()
            if not turn.paragraphs[0]:
                turn.paragraphs.pop(0)


def closing_line(text: str) -> bool:
    return bool(
        END_LINE.match(text) or TIME_LINE.match(text) or HASHES.match(text) or FOOTER.match(text)
    )


def _strip_closing_lines(turns: list[RawTurn]) -> str:
    """Drop `END 1:52 P.M. EST`, `###`, `Kaynak/Source:` and the like after the last words."""
    url = ""
    while turns:
        paragraphs = turns[-1].paragraphs
        if not paragraphs:
            break
        last = paragraphs[-1]
        footer = FOOTER.match(last)
        url_line = URL_LINE.match(last)
        if footer or url_line:
            url = url or (footer or url_line).group("url") or ""
        elif not (END_LINE.match(last) or TIME_LINE.match(last) or HASHES.match(last)):
            break
        paragraphs.pop()
        if not paragraphs and len(turns) > 1:
            break
    return url


def generic_labels(turns: list[RawTurn]) -> dict[str, str]:
    return {t.label: role for t in turns if (role := generic_role(t.label))}
