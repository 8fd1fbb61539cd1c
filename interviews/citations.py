"""Ready-made citations for a quote, in APA and Chicago styles."""

from __future__ import annotations

from dataclasses import dataclass

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Citation:
    apa: str
    chicago: str


def cite(
    *,
    speaker: str,
    title: str,
    date,
    outlet: str,
    interviewers: list[str],
    url: str,
    publisher: str = "",
    person: bool = True,
) -> Citation:
    """Plain-text citations; `url` is the quote's permalink."""
    return Citation(
        apa=_apa(speaker, title, date, outlet, interviewers, url, publisher, person),
        chicago=_chicago(speaker, title, date, outlet, interviewers, url, publisher),
    )


def _apa(speaker, title, date, outlet, interviewers, url, publisher, person):
    author = _apa_author(speaker) if person else speaker
    when = f"{date.year}, {MONTHS[date.month - 1]} {date.day}" if date else "n.d."
    by = (
        f"Interview by {_join([_apa_initials_first(n) for n in interviewers])}"
        if interviewers
        else "Interview"
    )
    parts = [f"{author} ({when}). {title} [{by}]."]
    if outlet:
        parts.append(f"{outlet}.")
    if publisher and publisher != outlet:
        parts.append(f"Republished by {publisher}.")
    parts.append(url)
    return " ".join(parts)


def _chicago(speaker, title, date, outlet, interviewers, url, publisher):
    pieces = [f"{speaker}, “{title},”"]
    if interviewers:
        pieces.append(f"interview by {_join(interviewers)},")
    if outlet:
        pieces.append(f"{outlet},")
    if date:
        pieces.append(f"{MONTHS[date.month - 1]} {date.day}, {date.year},")
    if publisher and publisher != outlet:
        pieces.append(f"republished by {publisher},")
    pieces.append(f"{url}.")
    return " ".join(pieces)


def _apa_author(name: str) -> str:
    """`Jens Stoltenberg` -> `Stoltenberg, J.`"""
    words = name.split()
    if len(words) < 2:
        return name
    initials = " ".join(f"{w[0]}." for w in words[:-1] if w[:1].isalpha())
    return f"{words[-1]}, {initials}"


def _apa_initials_first(name: str) -> str:
    """`Andrei Beketov` -> `A. Beketov`"""
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join([*(f"{w[0]}." for w in words[:-1] if w[:1].isalpha()), words[-1]])


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
