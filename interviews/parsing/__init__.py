"""Interview documents in, ParsedInterview out. Pure Python: nothing here touches the database.

parse_document(data, filename) -> ParsedInterview   (raises ParseError)

formats/ detects the family of a document by its content and reads it into text or
into labelled blocks; both end as the same segments (labels, paragraphs, time offsets)
from which speakers are resolved and turns classified.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from . import formats
from .formats import Extract
from .formats.blocks import Block, timecode
from .header import Header, merge_header, read_header, read_preamble
from .initials import expand_labels
from .kinds import asks_something, classify_turns
from .labels import label_key
from .language import detect_language
from .layout import indented_starts, prepare_text
from .qa import label_bold_questions
from .result import (
    ANSWER,
    INTERVIEWEE,
    INTERVIEWER,
    KINDS,
    OTHER,
    PARTS,
    QUESTION,
    REMARK,
    ParsedInterview,
    ParsedSpeaker,
    ParsedTurn,
    ParseError,
)
from .sides import sides
from .speakers import Context, resolve, to_parsed
from .text import clean_lines, is_hard_wrapped, plain, split_paragraphs, squeeze
from .turns import RawTurn, Segments, segment

__all__ = [
    "ANSWER",
    "INTERVIEWEE",
    "INTERVIEWER",
    "KINDS",
    "MAX_DOCUMENT_BYTES",
    "OTHER",
    "PARTS",
    "QUESTION",
    "REMARK",
    "ParseError",
    "ParsedInterview",
    "ParsedSpeaker",
    "ParsedTurn",
    "parse_document",
    "parse_text",
]

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024


def parse_document(
    data: bytes | str, filename: str = "", *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> ParsedInterview:
    """Parse one document of any supported family; the file name is only reported."""
    try:
        size = len(data if isinstance(data, bytes) else data.encode("utf-8"))
        if size > max_bytes:
            raise ParseError(
                f"the file is too large ({_megabytes(size)}); the limit is {_megabytes(max_bytes)}"
            )
        if not (data.strip() if isinstance(data, (bytes, str)) else data):
            raise ParseError("the file is empty")
        extract = formats.read(data)
        parsed = parse_extract(extract, filename)
        parsed.encoding = extract.encoding
        return parsed
    except ParseError as error:
        error.file = error.file or filename
        raise


def parse_extract(extract: Extract, filename: str = "") -> ParsedInterview:
    if extract.blocks is not None:
        return parse_blocks(extract.blocks, filename, meta=extract.header, people=extract.people)
    try:
        return parse_text(extract.text, filename, meta=extract.header, people=extract.people)
    except ParseError as error:
        if not error.reason.startswith("no speaker turns"):
            raise
        if extract.fallback_text:
            try:
                return parse_text(
                    extract.fallback_text, filename, meta=extract.header, people=extract.people
                )
            except ParseError:
                pass
        if extract.format == "html":
            raise ParseError(
                "this web page holds no interview: its main text has no speaker turns "
                "(labels such as 'Name:', 'Q:' or questions in bold)"
            ) from error
        if extract.format == "pdf":
            raise ParseError(f"this PDF holds no interview: {error.reason}") from error
        raise


def parse_text(
    text: str,
    filename: str = "",
    *,
    meta: Header | None = None,
    people: dict[str, tuple[str, str]] | None = None,
) -> ParsedInterview:
    lines = clean_lines(prepare_text(text))
    if not any(line.strip() for line in lines):
        raise ParseError("the document has no text")
    header, body_start = read_header(lines)
    if meta is not None:
        merge_header(header, meta)
    body = [plain(line) for line in lines[body_start:]]
    paragraphs = split_paragraphs(body, body_start + 1, indented_starts(body))
    label_bold_questions(paragraphs)
    wrapped = is_hard_wrapped(body)
    context_text = " ".join(lines[: body_start + 40])
    segments = segment(paragraphs, wrapped, context_text)
    if not segments.turns:
        first = paragraphs[0].line if paragraphs else body_start + 1
        raise ParseError(
            "no speaker turns found: expected lines that start with a speaker label such as "
            "'Name:', 'Q', '**Name:**' or a name in capitals above the text",
            line=first,
        )
    read_preamble(segments.preamble, header, wrapped)
    preamble = "\n".join(line.strip() for p in segments.preamble for line in p.lines)[:60000]
    return _interview(segments, header, filename, text, preamble, people or {})


def parse_blocks(
    blocks: list[Block],
    filename: str = "",
    *,
    meta: Header | None = None,
    people: dict[str, tuple[str, str]] | None = None,
) -> ParsedInterview:
    """An interview from blocks whose labels a format already gave (captions, JSON, exports).

    Consecutive blocks of one speaker are one turn; the turn keeps the first block's time.
    """
    header = meta or Header()
    turns: list[RawTurn] = []
    previous = None
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        key = label_key(block.label) if block.label else previous
        if key is None:
            raise ParseError(
                "the first words have no speaker: expected a speaker for each turn",
                line=block.line,
            )
        paragraphs = [squeeze(p) for p in text.split("\n\n") if p.strip()]
        if turns and key == previous and not block.new_turn:
            last = turns[-1]
            if last.paragraphs and not last.paragraphs[-1].endswith(JOIN_CLOSERS):
                last.paragraphs[-1] = f"{last.paragraphs[-1]} {paragraphs[0]}"
                paragraphs = paragraphs[1:]
            last.paragraphs.extend(paragraphs)
            continue
        turns.append(RawTurn(block.label, block.line, paragraphs, timecode(block.offset)))
        previous = key
    if not turns:
        raise ParseError("no speaker turns found: the document holds no text")
    segments = Segments([], turns)
    text = "\n\n".join(f"{t.label}: {' '.join(t.paragraphs)}" for t in turns)
    return _interview(segments, header, filename, text, "", people or {})


# A caption cut mid-sentence runs on into the next cue of the same voice.
JOIN_CLOSERS = (".", "!", "?", "…", '"', "”", "’", ")", "]", "»")


def _interview(
    segments: Segments,
    header: Header,
    filename: str,
    text: str,
    preamble: str,
    people: dict[str, tuple[str, str]],
) -> ParsedInterview:
    """Speakers resolved and turns classified: the same for every family of document."""
    warnings = list(segments.warnings)
    if not header.title:
        header.title = _title_from_filename(filename)
        warnings.append("no title found: the file name was used")
    if not header.url and segments.footer_url:
        header.url = segments.footer_url

    turn_texts = [" ".join(t.paragraphs) for t in segments.turns]
    labels = [t.label for t in segments.turns]
    body = " ".join(turn_texts[:400])
    names, final = expand_labels(labels, header, preamble, body, people)
    sides(header, labels, names)
    context = Context(
        title=header.title,
        intro=" ".join(header.intro),
        body=body,
        source=header.source,
        publisher=header.publisher,
        interviewers=header.interviewers or header.authors,
        interviewees=header.interviewees,
        question_flags=[asks_something(text) for text in turn_texts],
    )
    # Labels that stand for a fuller name the document gives elsewhere (`KN`, `C.YARALI`,
    # `Senator HAWLEY`, an outlet's domain): resolved under that name, shown as printed.
    resolved = [names.get(label, label) for label in labels]
    mapping, speaker_warnings = resolve(resolved, context)
    for label, name in final.items():
        candidate = mapping[label_key(names[label])]
        candidate.name, candidate.surname_only = name, False
        if label in people:
            candidate.role = people[label][1]
    warnings.extend(w for w in speaker_warnings if not _needless(w, final))
    speakers = to_parsed(mapping)
    by_key = {key: candidate.name for key, candidate in mapping.items()}
    turns = [
        ParsedTurn(
            speaker=by_key[label_key(name)],
            label=raw.label,
            kind=REMARK,
            paragraphs=raw.paragraphs,
            line=raw.line,
            timecode=raw.timecode,
        )
        for raw, name in zip(segments.turns, resolved, strict=True)
    ]
    _printed_labels(speakers, turns, people)
    classify_turns(turns, {s.name: s for s in speakers})
    language = header.language or detect_language(" ".join(turn_texts)[:20000])
    if not header.date:
        warnings.append("no date found")
    return ParsedInterview(
        file=filename,
        title=header.title,
        turns=turns,
        speakers=speakers,
        date=header.date,
        published=header.published,
        source=header.source,
        publisher=header.publisher,
        url=header.url,
        language=language,
        location=header.location,
        intro=header.intro,
        topics=header.topics,
        warnings=warnings,
        text=text,
    )


def _needless(warning: str, final: dict[str, str]) -> bool:
    """A "known only as" warning about a name that is full after all."""
    match = re.search(r"is known only as '(?P<name>[^']+)'", warning)
    return bool(match) and (
        len(match.group("name").split()) > 1 or match.group("name") in final.values()
    )


def _printed_labels(
    speakers: list[ParsedSpeaker], turns: list[ParsedTurn], people: dict[str, tuple[str, str]]
) -> None:
    """Each speaker's labels as printed, and the role the document's metadata gives."""
    printed: dict[str, list[str]] = {}
    for turn in turns:
        printed.setdefault(turn.speaker, [])
        if turn.label not in printed[turn.speaker]:
            printed[turn.speaker].append(turn.label)
    for speaker in speakers:
        speaker.labels = printed.get(speaker.name, speaker.labels)
        roles = [people[label][1] for label in speaker.labels if label in people]
        if roles and roles[0] and not speaker.role:
            speaker.role = roles[0]


def _title_from_filename(filename: str) -> str:
    stem = PurePath(filename).stem if filename else "Untitled interview"
    stem = re.sub(r"^\d+[_-]+", "", stem)
    return squeeze(re.sub(r"[_-]+", " ", stem)).capitalize() or "Untitled interview"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
