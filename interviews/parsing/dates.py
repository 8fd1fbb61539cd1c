"""Finding dates in headers and datelines, in any language dateparser knows."""

from __future__ import annotations

import datetime as dt
import functools
import re

ORDINAL = r"(?:º|°|ª|st|nd|rd|th|er|\.)?"
MONTH_WORD = r"[^\W\d_]{3,12}\.?"
DATE_PATTERNS = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"),
    # 25 May 2017 / 1º de agosto de 2019 / 25 Mayıs 2017 / 3. März 2020
    re.compile(
        rf"\b\d{{1,2}}{ORDINAL}\s*(?:de\s+)?{MONTH_WORD},?\s+(?:de\s+|del\s+)?\d{{4}}\b", re.I
    ),
    # May 25, 2017 / January 25th 2025
    re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
]
ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:º|°|ª)")
LANGUAGES = ["en", "es", "tr", "fr", "de", "pt", "it", "ru"]


def find_dates(text: str, languages: list[str] | None = None) -> list[tuple[int, int, dt.date]]:
    """Every date in `text` as (start, end, date), in order of appearance."""
    found = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = parse_date(match.group(0), tuple(languages or LANGUAGES))
            if value:
                found.append((match.start(), match.end(), value))
                taken.append((match.start(), match.end()))
    found.sort()
    return found


def first_date(text: str, languages: list[str] | None = None) -> dt.date | None:
    dates = find_dates(text, languages)
    return dates[0][2] if dates else None


def date_line(line: str) -> dt.date | None:
    """The date when the whole line is a dateline such as `- 26.05.2017` or `(January 25, 2025)`."""
    stripped = line.strip().strip("-–—()[]|·•").strip()
    if not stripped or len(stripped) > 60:
        return None
    dates = find_dates(stripped)
    if len(dates) != 1:
        return None
    start, end, value = dates[0]
    rest = (stripped[:start] + stripped[end:]).strip(" ,.;:-–—()")
    # A weekday or a place may stand beside the date ("Jueves 1 de agosto, 2019").
    if len(rest.split()) > 2:
        return None
    return value


def coerce_date(value) -> dt.date | None:
    """A date from a header value: a date object, an ISO string or any written date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return first_date(text)


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, languages: tuple[str, ...] = tuple(LANGUAGES)) -> dt.date | None:
    text = ORDINAL_SUFFIX.sub("", text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if month > 12 >= day:  # 05/26/2017: the American order
            day, month = month, day
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    import dateparser  # slow to import; most documents never need it

    parsed = dateparser.parse(
        text,
        languages=list(languages),
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
        },
    )
    if parsed is None or not 1800 <= parsed.year <= 2200:
        return None
    return parsed.date()
