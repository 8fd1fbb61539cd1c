"""Interview documents in, ParsedInterview out. Pure Python: nothing here touches the database.

parse_document(data, filename) -> ParsedInterview   (raises ParseError)
"""

from __future__ import annotations

import re
from pathlib import PurePath

from . import formats
from .header import read_header, read_preamble
from .kinds import asks_something, classify_turns
from .labels import label_key
from .language import detect_language
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
from .speakers import Context, resolve, to_parsed
from .text import clean_lines, is_hard_wrapped, plain, split_paragraphs, squeeze
from .turns import segment

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
    """Parse one document of any supported type (.txt, .md, .html, .docx)."""
    try:
        size = len(data if isinstance(data, bytes) else data.encode("utf-8"))
        if size > max_bytes:
            raise ParseError(
                f"the file is too large ({_megabytes(size)}); the limit is {_megabytes(max_bytes)}"
            )
        if not (data.strip() if isinstance(data, (bytes, str)) else data):
            raise ParseError("the file is empty")
        text, encoding = formats.to_text(data, filename)
        parsed = parse_text(text, filename)
        parsed.encoding = encoding
        return parsed
    except ParseError as error:
        error.file = error.file or filename
        raise


def parse_text(text: str, filename: str = "") -> ParsedInterview:
    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ParseError("the document has no text")
    header, body_start = read_header(lines)
    body = [plain(line) for line in lines[body_start:]]
    paragraphs = split_paragraphs(body, first_line=body_start + 1)
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
    warnings = list(segments.warnings)
    if not header.title:
        header.title = _title_from_filename(filename)
        warnings.append("no title found: the file name was used")
    if not header.url and segments.footer_url:
        header.url = segments.footer_url

    turn_texts = [" ".join(t.paragraphs) for t in segments.turns]
    labels = [t.label for t in segments.turns]
    context = Context(
        title=header.title,
        intro=" ".join(header.intro),
        body=" ".join(turn_texts[:400]),
        source=header.source,
        publisher=header.publisher,
        interviewers=header.interviewers,
        interviewees=header.interviewees,
        question_flags=[asks_something(text) for text in turn_texts],
    )
    mapping, speaker_warnings = resolve(labels, context)
    warnings.extend(speaker_warnings)
    speakers = to_parsed(mapping)
    by_key = {key: candidate.name for key, candidate in mapping.items()}
    turns = [
        ParsedTurn(
            speaker=by_key[label_key(raw.label)],
            label=raw.label,
            kind=REMARK,
            paragraphs=raw.paragraphs,
            line=raw.line,
            timecode=raw.timecode,
        )
        for raw in segments.turns
    ]
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


def _title_from_filename(filename: str) -> str:
    stem = PurePath(filename).stem if filename else "Untitled interview"
    stem = re.sub(r"^\d+[_-]+", "", stem)
    return squeeze(re.sub(r"[_-]+", " ", stem)).capitalize() or "Untitled interview"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
