"""XML exports of transcript archives.

Two shapes: turns as elements (`<turn speaker="...">`, TEI `<u who="...">`,
`<sp><speaker>...</speaker><p>...</p></sp>`), or a record whose metadata sits in
elements beside a body of HTML paragraphs inside CDATA (PM Transcripts, many CMS
exports). Metadata elements are read by what their names say (`title`, `*date*`,
`source`, `url`), and an element holding a person's name (`<prime-minister>Gillard,
Julia</prime-minister>`) names a speaker whose labels may be the office (`PM`).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from ..dates import coerce_date
from ..header import Header
from ..result import ParseError
from ..text import squeeze
from .blocks import Block, Extract, seconds_of

TURN_TAGS = {"turn", "utterance", "u", "sp", "speech", "segment", "statement", "entry"}
SPEAKER_ATTRS = ("speaker", "who", "name", "by", "person", "spk")
TITLE_TAGS = {"title", "headline", "name"}
SOURCE_TAGS = {"source", "publisher", "outlet", "programme", "program", "station", "network"}
URL_TAGS = {"url", "link", "uri", "href", "permalink"}
SKIP_PERSON_TAGS = TITLE_TAGS | SOURCE_TAGS | URL_TAGS | {
    "type", "release-type", "subjects", "subject", "document", "id", "language", "period",
    "period-of-service", "category", "keywords", "tags", "status",
}  # fmt: skip
PERSON = re.compile(
    r"^(?:(?P<last>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?),\s*(?P<first>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)?)"
    r"|(?P<full>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,3}))$"
)


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def read_xml(text: str) -> Extract:
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ElementTree.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise ParseError(f"this XML cannot be read: {exc}", line=line) from exc
    header, people = _metadata(root)
    blocks = _turn_elements(root)
    if blocks:
        return Extract("xml", blocks=blocks, header=header, people=people)
    body = _body(root)
    if not body:
        raise ParseError("this XML holds no transcript: no turns and no text body found")
    if "<" in body and re.search(r"</?(?:p|div|br|strong|b|em)\b", body, re.I):
        from .webpage import html_text

        body = html_text(f"<html><body>{body}</body></html>")
    if header.title:
        body = f"{header.title}\n\n{body}"
    return Extract("xml", text=body, header=header, people=people)


def _metadata(root) -> tuple[Header, dict[str, tuple[str, str]]]:
    header = Header()
    people: dict[str, tuple[str, str]] = {}
    for element in root.iter():
        if len(element):
            continue
        tag = local(element.tag)
        value = squeeze(element.text or "")
        if not value or len(value) > 300:
            continue
        if tag in TITLE_TAGS and not header.title:
            header.title = value
        elif "date" in tag and header.date is None:
            header.date = coerce_date(value)
        elif tag in SOURCE_TAGS and not header.source:
            header.source = value
        elif tag in URL_TAGS and not header.url and value.startswith("http"):
            header.url = value
        elif tag in {"language", "lang"} and not header.language:
            header.language = value[:2].lower()
        elif tag not in SKIP_PERSON_TAGS and (match := PERSON.match(value)):
            name = match.group("full") or f"{match.group('first')} {match.group('last')}"
            role = " ".join(w.capitalize() for w in re.split(r"[-_]", tag) if w)
            acronym = "".join(w[0] for w in re.split(r"[-_]", tag) if w).upper()
            header.interviewees.append(name)
            for label in {acronym, role.upper(), role}:
                if len(label) >= 2:
                    people[label] = (name, role)
    return header, people


def _turn_elements(root) -> list[Block]:
    blocks = []
    for element in root.iter():
        if local(element.tag) not in TURN_TAGS:
            continue
        label = next((element.get(a) for a in SPEAKER_ATTRS if element.get(a)), "")
        parts = []
        for child in element:
            if local(child.tag) == "speaker":
                label = label or squeeze("".join(child.itertext()))
            else:
                parts.append(squeeze("".join(child.itertext())))
        if not parts:
            parts = [squeeze(element.text or "")]
        words = "\n\n".join(p for p in parts if p)
        if label and words:
            start = element.get("start") or element.get("begin") or element.get("time")
            blocks.append(Block(label.lstrip("#"), words, seconds_of(start)))
    return blocks


def _body(root) -> str:
    """The element with the most text: the transcript itself."""
    best = ""
    for element in root.iter():
        text = (element.text or "").strip()
        if len(text) > len(best):
            best = text
    return best
