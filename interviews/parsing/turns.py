"""Cutting the body into the preamble, the labelled turns and the closing lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .labels import LabelHit, generic_role, is_non_speaker, label_key, match_label, shape
from .text import Paragraph, fold, is_caps, squeeze
from .vocabulary import HONORIFICS, ROLE_WORDS
from .voices import is_voice_label

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
            hit = match_label(line)
            if hit is None and index == 0:
                hit = _alone_label(paragraph)
            if hit:
                hits.append((hit, paragraph, index))
    if wrapped:
        # In hard-wrapped text a label opens a paragraph; inside one, only a label the
        # document also prints at the start of a paragraph (two speakers on consecutive
        # lines, no blank line between) or a strong recurring one counts.
        openers = {label_key(h.label) for h, _, i in hits if i == 0}
        stacked_openers = {
            id(p)
            for h, p, i in hits
            if i == 0 and h.style != "alone" and (h.style == "q" or shape(h.label) != "no")
        }
        inner = Counter(label_key(h.label) for h, _, i in hits if i > 0)
        hits = [
            (h, p, i)
            for h, p, i in hits
            if i == 0
            or (h.style == "period" and p.lines[i][:2] == "  ")  # an indented paragraph
            or (
                h.style != "period"
                and (
                    label_key(h.label) in openers
                    or inner[label_key(h.label)] >= 2
                    or (id(p) in stacked_openers and len(h.label.split()) >= 2)
                )
            )
        ]
    counts = Counter(label_key(hit.label) for hit, _, _ in hits)
    # Blocks between rules that open with a name in capitals: the format of a
    # stenographic version (`---` / `PREGUNTA` / text).
    ruled = sum(1 for hit, paragraph, _ in hits if hit.style == "alone" and paragraph.after_rule)
    context_key = f" {fold(context)} "
    common: frozenset[str] | None = None
    asked = any(hit.style == "q" for hit, _, _ in hits)
    # Blocks whose first line is labelled: a label on a later line of such a block is the
    # next speaker, printed without a blank line between (`Ana: ...` / `John: ...`).
    per_block = Counter(id(p) for _, p, _ in hits)
    stacked = {
        id(p)
        for hit, p, index in hits
        if index == 0
        and hit.style != "alone"
        and per_block[id(p)] >= 0.6 * len(p.lines)
        and (hit.style == "q" or shape(hit.label) != "no")
    }
    periods = sum(1 for hit, _, _ in hits if hit.style == "period")
    accepted = set()
    for hit, paragraph, index in hits:
        key = label_key(hit.label)
        if not key or key in accepted or is_non_speaker(hit.label):
            continue
        if hit.style == "q":
            accepted.add(key)
            continue
        if hit.style == "a":
            if asked:  # `A.` answers only where `Q.` asks
                accepted.add(key)
            continue
        if hit.style == "period":
            # `Senator SMITH.`: a title, a name and a full stop, in a document that
            # labels its speakers this way throughout.
            first = hit.label.split()[0]
            titled = first == "The" or fold(first).rstrip(".") in HONORIFICS or is_title_word(first)
            if titled and shape(hit.label) != "no" and (periods >= 2 or counts[key] >= 2):
                accepted.add(key)
            continue
        look = shape(hit.label, alone=hit.style == "alone")
        if look == "no":
            continue
        if hit.style == "alone":
            if look == "caps" and ((paragraph.after_rule and ruled >= 2) or counts[key] >= 2):
                accepted.add(key)
            continue
        if generic_role(hit.label) or is_voice_label(hit.label):
            accepted.add(key)
        elif look == "word":
            if counts[key] >= 2 and index == 0:
                accepted.add(key)
        elif len(key.split()) == 1:
            # A lone surname is trusted when it recurs or the intro names the person,
            # unless the text uses it as an ordinary word ("Dice:", "Comment:").
            if common is None:
                common = common_words(paragraphs)
            if key in common and not (hit.label.isupper() and hit.style in ("bold", "colon")):
                continue
            if counts[key] >= 2 or f" {key} " in context_key:
                accepted.add(key)
        elif index > 0 and counts[key] < 2 and id(paragraph) not in stacked:
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
    second = paragraph.lines[1].strip()
    letters = sum(1 for c in second if c.isalpha())
    if (
        is_caps(second)
        and letters >= 6
        and len(second.split()) > 1
        and not second.endswith((".", "?", "!"))
    ):
        return None  # a heading in capitals over two lines, not a name above its text
    return LabelHit(first.rstrip(":").strip(), "", "alone")


def segment(paragraphs: list[Paragraph], wrapped: bool, context: str) -> Segments:
    accepted = accepted_labels(paragraphs, context, wrapped)
    preamble: list[Paragraph] = []
    turns: list[RawTurn] = []
    warnings: list[str] = []
    for paragraph in paragraphs:
        if turns and _not_speech(paragraph):
            continue
        if turns and ADJOURNED.match(paragraph.first):
            break  # what follows the end of a hearing is its appendix
        pieces: list[tuple[str, int]] = []  # text lines of the current paragraph
        for index, line in enumerate(paragraph.lines):
            number = paragraph.line_numbers[index]
            hit = match_label(line)
            if hit is None and index == 0:
                hit = _alone_label(paragraph)
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
    if MARKDOWN_HEADING.match(first) or PHOTO_CREDIT.search(paragraph.lines[-1]):
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
    paragraphs: list[str] = []
    for line in lines:
        line = squeeze(line)
        if paragraphs and not paragraphs[-1].endswith(CLOSERS) and line[:1].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


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
