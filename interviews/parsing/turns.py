"""Cutting the body into the preamble, the labelled turns and the closing lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .accepted import accepted_labels, addresses, alone_label, ruled_document
from .labels import generic_role, label_key, match_label
from .text import Paragraph, is_caps, squeeze

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


def segment(paragraphs: list[Paragraph], wrapped: bool, context: str) -> Segments:
    ruled = ruled_document(paragraphs)
    accepted = accepted_labels(paragraphs, context, wrapped, ruled)
    preamble: list[Paragraph] = []
    turns: list[RawTurn] = []
    warnings: list[str] = []
    for paragraph in paragraphs:
        if turns and _not_speech(paragraph):
            continue
        if turns and paragraph.first.lstrip()[:1] in "[(" and ADJOURNED.match(paragraph.first):
            break  # what follows the end of a hearing is its appendix
        pieces: list[tuple[str, int]] = []  # text lines of the current paragraph
        for index, line in enumerate(paragraph.lines):
            number = paragraph.line_numbers[index]
            hit = match_label(line)
            if hit is None and index == 0:
                hit = alone_label(paragraph)
            elif (
                hit is not None
                and index
                and wrapped
                and hit.style in ("period", "a")
                and line[:2] != "  "
            ):
                hit = None  # `Dr. Walensky.` wrapped onto a new line is prose
            if hit and turns and label_key(hit.label) in INTERRUPTIONS:
                _flush(turns, pieces, wrapped)
                pieces = []
                warnings.append(f"line {number}: skipped '{hit.label}' (not speech)")
                continue
            if hit and ruled and addresses(hit, index):
                hit = None
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


# Between turns: Markdown headings (section titles, pull quotes), headings in capitals
# centred on the page, photo captions with their credit.
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
PHOTO_CREDIT = re.compile(
    r"\((?:foto|photo|bild|image|fotoğraf|imagen|credit|crédit)s?\s*:[^()]{2,120}\)\s*$", re.I
)
ADJOURNED = re.compile(
    r"^\s*[\[(]\s*(?:whereupon\b|the (?:hearing|meeting|session|committee|subcommittee|"
    r"press conference|briefing)\b[^\])]{0,60}\b(?:adjourned|concluded|ended))",
    re.I,
)


def _not_speech(paragraph: Paragraph) -> bool:
    first = paragraph.first
    if "#" in first[:4] and MARKDOWN_HEADING.match(first):
        return True
    last = paragraph.lines[-1].rstrip()
    if last.endswith(")") and PHOTO_CREDIT.search(last[-160:]):
        return True
    return first.startswith("      ") and all(is_caps(line) for line in paragraph.lines)


def _paragraph_of(pieces: list[tuple[str, int]], paragraph: Paragraph) -> Paragraph:
    return Paragraph(
        [p for p, _ in pieces], pieces[0][1], paragraph.after_rule, [n for _, n in pieces]
    )


def _flush(turns: list[RawTurn], pieces: list[tuple[str, int]], wrapped: bool) -> None:
    lines = [_unbold(text) for text, _ in pieces if text.strip()]
    if not lines:
        return
    if wrapped:
        turns[-1].paragraphs.append(squeeze(" ".join(line.strip() for line in lines)))
    else:
        turns[-1].paragraphs.extend(unwrap(lines))


def _unbold(line: str) -> str:
    """Markdown bold (`**`) marks who speaks or asks; the words are kept without it."""
    return line.replace("**", "") if "**" in line else line


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
        elif not (
            END_LINE.match(last)
            or TIME_LINE.match(last)
            or HASHES.match(last)
            or (len(paragraphs) > 1 and _note(last))  # `*Au revoir.*` alone is speech
        ):
            break
        paragraphs.pop()
        if not paragraphs and len(turns) > 1:
            break
    return url


ITALIC_NOTE = re.compile(r"^\s*[*_](?![*_\s]).{10,600}(?<![*_\s])[*_]\s*$")


def _note(text: str) -> bool:
    """A closing paragraph wholly in italics: the interviewee's biography, a credit."""
    return bool(ITALIC_NOTE.match(text))


def generic_labels(turns: list[RawTurn]) -> dict[str, str]:
    return {t.label: role for t in turns if (role := generic_role(t.label))}
