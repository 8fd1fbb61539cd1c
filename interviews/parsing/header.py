"""Document metadata: front matter, `Key: value` headers and the lines above the first turn."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .dates import coerce_date, date_line, find_dates
from .result import ParseError
from .text import Paragraph, fold, is_caps, join_lines, plain, sentence_like, smart_title, squeeze
from .turns import TIME_LINE, URL_LINE
from .vocabulary import HEADER_KEYS, LANGUAGE_NAMES, ORGANISATION_WORDS

KEY_LINE = re.compile(r"^(?P<key>[^\W\d][\w ’'.-]{0,30}?)\s*:\s*(?P<value>.*)$")


@dataclass
class Header:
    title: str = ""
    date: dt.date | None = None
    published: dt.date | None = None
    source: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    location: str = ""
    topics: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    interviewees: list[str] = field(default_factory=list)
    # A byline: who wrote the piece, the interviewer of a magazine Q&A.
    authors: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    masthead: str = ""
    alternate_names: list[str] = field(default_factory=list)


def read_header(lines: list[str]) -> tuple[Header, int]:
    """Front matter or a `Key: value` block at the top; returns the header and the first body line index."""
    header = Header()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == "---":
        end = next(
            (
                i
                for i in range(start + 1, min(len(lines), start + 80))
                if lines[i].strip() in {"---", "..."}
            ),
            None,
        )
        if end is not None and _looks_like_yaml(lines[start + 1 : end]):
            try:
                data = yaml.safe_load("\n".join(lines[start + 1 : end]))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = start + 2 + (mark.line if mark else 0)
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                raise ParseError(
                    f"the front matter is not valid YAML: {problem}", line=line
                ) from exc
            if isinstance(data, dict):
                _apply(header, {str(k): v for k, v in data.items()})
                return header, end + 1
    pairs: dict[str, object] = {}
    index = start
    while index < len(lines) and lines[index].strip():
        match = KEY_LINE.match(lines[index].strip())
        if not match or fold(match.group("key")) not in HEADER_KEYS:
            break
        pairs[match.group("key")] = match.group("value").strip()
        index += 1
    known = {HEADER_KEYS[fold(k)] for k in pairs}
    if len(known) >= 2 and ("title" in known or "date" in known):
        _apply(header, pairs)
        return header, index
    return header, start


def _looks_like_yaml(block: list[str]) -> bool:
    meaningful = [line for line in block if line.strip() and not line.startswith((" ", "\t", "-"))]
    return bool(meaningful) and all(":" in line for line in meaningful)


def _apply(header: Header, pairs: dict[str, object]) -> None:
    for key, value in pairs.items():
        if isinstance(value, str):
            value = plain(value)
        field_name = HEADER_KEYS.get(fold(key).replace("_", " "))
        if field_name is None and fold(key) == "source url":
            field_name = "url"
        if field_name is None or value in (None, ""):
            continue
        if field_name in {"date", "published"}:
            if getattr(header, field_name) is None:
                setattr(header, field_name, coerce_date(value))
        elif field_name == "topics":
            items = value if isinstance(value, list) else re.split(r"[,;]", str(value))
            header.topics.extend(squeeze(str(t)) for t in items if str(t).strip())
        elif field_name == "author":
            items = value if isinstance(value, list) else re.split(r"[,;]| and | y ", str(value))
            header.authors.extend(squeeze(str(t)) for t in items if str(t).strip())
        elif field_name in {"interviewer", "interviewee"}:
            items = value if isinstance(value, list) else re.split(r"[,;]| and | y ", str(value))
            getattr(header, field_name + "s").extend(
                squeeze(str(t)) for t in items if str(t).strip()
            )
        elif field_name == "language":
            header.language = language_code(str(value))
        elif field_name == "source":
            header.source = clean_source(str(value))
        elif field_name in {"title", "publisher", "url", "location"} and not getattr(
            header, field_name
        ):
            setattr(header, field_name, squeeze(str(value)))


def language_code(value: str) -> str:
    value = fold(value)
    if value in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[value]
    return value[:2] if re.fullmatch(r"[a-z]{2}(?:[-_ ][a-z]{2,4})?", value) else ""


def clean_source(value: str) -> str:
    """`Presidencia de la República (gob.mx), versión estenográfica, via github.com/x` -> the outlet."""
    value = re.split(r"\s+\(|,\s*via\s|\s+via\s", value, maxsplit=1)[0]
    return squeeze(value.split(",")[0]).strip(" .")


OUTLET_DATE = re.compile(
    r"^(?P<outlet>[^()\d][^()]{1,80}?)\s*[(\[](?P<date>[^()\]]{6,40})[)\]]\s*\.?$"
)


def read_preamble(paragraphs: list[Paragraph], header: Header, wrapped: bool) -> None:
    """Fill the header from the lines above the first turn: mastheads, titles, datelines, intro."""
    dates: list[dt.date] = []
    original_source = ""
    original_date = None
    organisation = ""
    locations: list[str] = []
    had_header_title = bool(header.title)
    for position, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.lines if line.strip()]
        if not lines:
            continue
        if position == 0 and not header.masthead and _is_masthead(lines):
            names = _masthead_names(lines)
            header.masthead = names[-1] if names else ""
            header.alternate_names = names[:-1]
            continue
        for unit in _units(lines, wrapped):
            key_value = KEY_LINE.match(unit)
            if (
                key_value
                and fold(key_value.group("key")) in HEADER_KEYS
                and key_value.group("value")
            ):
                _apply(header, {key_value.group("key"): key_value.group("value")})
                had_header_title = had_header_title or bool(header.title)
                continue
            if URL_LINE.match(unit):
                header.url = header.url or URL_LINE.match(unit).group("url")
                continue
            if TIME_LINE.match(unit) or set(unit) <= set("_-=*# "):
                continue
            if _editorial(unit):
                continue
            match = OUTLET_DATE.match(unit)
            if match and (value := _single_date(match.group("date"))):
                original_source, original_date = squeeze(match.group("outlet")), value
                continue
            value = date_line(unit)
            if value:
                dates.append(value)
                continue
            if not header.title and _title_like(unit, first=position == 0):
                header.title = squeeze(unit.lstrip("#").strip().lstrip("-–—•* "))
                continue
            if fold(unit) == fold(header.title) or (
                is_caps(unit) and fold(unit) in fold(header.title)
            ):
                continue  # the title again, often in capitals
            if sentence_like(unit) and (len(unit) > 60 or unit.endswith((".", "!", "?", ":"))):
                header.intro.append(squeeze(unit))
                continue
            if _is_organisation(unit):
                organisation = organisation or (
                    smart_title(unit) if is_caps(unit) else squeeze(unit)
                )
                continue
            if is_caps(unit) and had_header_title:
                continue
            if len(unit.split()) <= 8 and len(locations) < 3:
                locations.append(squeeze(unit))
            else:
                header.intro.append(squeeze(unit))
    if original_source:
        header.source = header.source or original_source
        header.date = header.date or original_date
        if header.masthead:
            header.publisher = header.publisher or header.masthead
        if dates and not header.published and dates[0] != header.date:
            header.published = dates[0]
    else:
        header.source = header.source or organisation or header.masthead
        if dates and not header.date:
            header.date = dates[0]
    if locations and not header.location:
        header.location = ", ".join(locations)


def _editorial(unit: str) -> bool:
    """`[Senate Hearing 118-663]`, `of the`: a printer's note or a fragment of a cover page."""
    if unit.startswith("[") and unit.endswith("]"):
        return True
    words = unit.split()
    return len(words) <= 3 and all(w.islower() for w in words)


def _units(lines: list[str], wrapped: bool) -> list[str]:
    """The pieces of a preamble paragraph to classify one by one.

    Wrapped prose is one unit; a block of short header lines (title, date, URL) or text
    with one paragraph per line is a unit per line.
    """
    short = all(len(x) < 50 and not x.endswith((".", ",")) for x in lines)
    if (
        wrapped
        and len(lines) > 1
        and not short
        and not any(URL_LINE.match(x) or date_line(x) for x in lines)
    ):
        if not all(is_caps(x) for x in lines):
            return [join_lines(lines, True)]
        return [squeeze(" ".join(lines))]  # a title in capitals, wrapped
    return lines


def _title_like(unit: str, first: bool) -> bool:
    words = unit.split()
    if not words or len(words) > (40 if first else 25):
        return False
    if first:
        return len(words) <= 15 or not unit.endswith(".")
    return not unit.endswith((".", ":", ";", ","))


def _single_date(text: str) -> dt.date | None:
    found = find_dates(text)
    return found[0][2] if len(found) == 1 else None


def _is_masthead(lines: list[str]) -> bool:
    """A logo block: several short lines in capitals naming an organisation."""
    if len(lines) < 2 or not all(is_caps(line) and len(line.split()) <= 4 for line in lines):
        return False
    return any(set(fold(line).split()) & ORGANISATION_WORDS for line in lines)


def _masthead_names(lines: list[str]) -> list[str]:
    """Bilingual logos print the name twice; each ends on an organisation word."""
    names, current = [], []
    for line in lines:
        current.append(line)
        last = fold(line).split()[-1] if fold(line).split() else ""
        if last in ORGANISATION_WORDS:
            names.append(smart_title(" ".join(current)))
            current = []
    if current:
        if names:
            names[-1] = smart_title(names[-1] + " " + " ".join(current))
        else:
            names.append(smart_title(" ".join(current)))
    english = [
        n
        for n in names
        if set(fold(n).split()) & {"for", "of", "the", "and", "center", "institute"}
    ]
    if english:
        names.remove(english[0])
        names.append(english[0])
    return names


def _is_organisation(line: str) -> bool:
    words = fold(line).split()
    return 0 < len(words) <= 8 and bool(set(words) & ORGANISATION_WORDS)


def merge_header(header: Header, meta: Header) -> None:
    """Fill what the document's own header left empty from its format's metadata."""
    for name in (
        "title",
        "date",
        "published",
        "source",
        "publisher",
        "url",
        "language",
        "location",
    ):
        if not getattr(header, name) and getattr(meta, name):
            setattr(header, name, getattr(meta, name))
    for name in ("topics", "interviewers", "interviewees", "authors", "intro"):
        if not getattr(header, name) and getattr(meta, name):
            setattr(header, name, list(getattr(meta, name)))
