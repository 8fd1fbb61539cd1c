"""Who asks and who answers, where a document says so by its shape rather than its header."""

from __future__ import annotations

import re

from .header import Header
from .text import fold
from .vocabulary import HONORIFICS, ROLE_WORDS

NAME_WORD = r"[A-ZÀ-ÖØ-ÞĞİŞĆČŁŃŚŹŻŽ][\w'’-]+"
TITLE_INTERVIEWER = re.compile(
    rf"\binterview(?:ed)?\s+(?:with|by)\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})",
    re.I,
)


def title_interviewers(title: str, interviewees: list[str]) -> list[str]:
    """`Transcript of interview with Sabra Lane, ABC AM` when the interviewee is known."""
    if not interviewees:
        return []
    match = TITLE_INTERVIEWER.search(title or "")
    if not match:
        return []
    name = match.group("name")
    surnames = {fold(n).split()[-1] for n in interviewees if fold(n)}
    return [] if fold(name).split()[-1] in surnames else [name]


LEGISLATORS = {
    "senator", "sen", "chair", "chairman", "chairwoman", "representative", "rep",
    "congressman", "congresswoman", "ranking", "vice", "diputado", "diputada", "senador",
    "senadora", "milletvekili",
}  # fmt: skip
COURTESY = {"mr", "ms", "mrs", "miss", "dr", "prof", "sr", "sra", "dra"}


def sides(header: Header, labels: list[str], names: dict[str, str]) -> None:
    """Who asks and who answers, where the document says so without a hint in its header.

    A hearing: members titled `Senator`, `Chair`, `Representative` question witnesses
    addressed as `Mr.`, `Ms.`, `Dr.`. A transcript titled `Interview with X` whose
    interviewee its metadata names: X asked the questions.
    """
    if not header.interviewers and not header.authors:
        header.interviewers = title_interviewers(header.title, header.interviewees)
    if header.interviewers or header.interviewees:
        return
    askers, answerers = [], []
    for label in dict.fromkeys(labels):
        first = fold(label).split()[:1]
        if not first:
            continue
        name = names.get(label, label)
        if first[0] in LEGISLATORS:
            askers.append(name)
        elif first[0] in COURTESY:
            answerers.append(name)
    if len(askers) >= 2 and answerers:
        header.interviewers = [_bare(n) for n in askers]
        header.interviewees = [_bare(n) for n in answerers]


def _bare(name: str) -> str:
    words = name.split()
    while len(words) > 1 and (
        fold(words[0]).rstrip(".") in HONORIFICS | COURTESY | LEGISLATORS
        or fold(words[0]) in ROLE_WORDS
    ):
        words.pop(0)
    return " ".join(words)
