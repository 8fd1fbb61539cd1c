"""What the parser hands to the importer: plain dataclasses, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

INTERVIEWER = "interviewer"
INTERVIEWEE = "interviewee"
OTHER = "other"
PARTS = (INTERVIEWER, INTERVIEWEE, OTHER)

QUESTION = "question"
ANSWER = "answer"
REMARK = "remark"
KINDS = (QUESTION, ANSWER, REMARK)


class ParseError(Exception):
    """A document the parser cannot turn into an interview.

    `line` is 1-based; 0 means the problem concerns the whole file.
    """

    def __init__(self, reason: str, line: int = 0, file: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.file = file

    def __str__(self) -> str:
        where = self.file or "<document>"
        if self.line:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.reason}"


@dataclass
class ParsedSpeaker:
    name: str
    role: str = ""
    labels: list[str] = field(default_factory=list)
    part: str = OTHER
    # "person"; "group" for collective voices (Reporter, Moderator) shared across the
    # archive; "anonymous" for an unnamed individual (a senior official) of one interview.
    kind: str = "person"
    # How the document names them (see parsing/speakers.py): "label", "document", "text",
    # "surname", "office", or "" for collective voices.
    evidence: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "labels": list(self.labels),
            "part": self.part,
        }


@dataclass
class ParsedTurn:
    speaker: str
    label: str
    kind: str
    paragraphs: list[str]
    line: int = 0
    timecode: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def as_json(self) -> dict:
        return {"speaker": self.speaker, "label": self.label, "kind": self.kind, "text": self.text}


@dataclass
class ParsedInterview:
    file: str
    title: str
    turns: list[ParsedTurn]
    speakers: list[ParsedSpeaker]
    date: dt.date | None = None
    published: dt.date | None = None
    source: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    location: str = ""
    intro: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    encoding: str = ""

    @property
    def intro_text(self) -> str:
        return "\n\n".join(self.intro)

    def speaker(self, name: str) -> ParsedSpeaker | None:
        return next((s for s in self.speakers if s.name == name), None)

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "publisher": self.publisher,
            "url": self.url,
            "language": self.language,
            "intro": self.intro_text,
            "speakers": [s.as_json() for s in self.speakers],
            "turns": [t.as_json() for t in self.turns],
            "warnings": list(self.warnings),
        }
