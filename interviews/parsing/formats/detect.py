"""Which family a document belongs to, judged by its content and structure alone.

File names lie (a `.txt` that is a caption file, a page saved as `.php`, text pasted
into a form has none), so nothing here looks at them.
"""

from __future__ import annotations

import re

from .captions import looks_like_srt
from .office import zip_names
from .services import looks_like_service
from .webpage import looks_like_html

PDF, DOCX, ODT, RTF, ZIP = "pdf", "docx", "odt", "rtf", "zip"
WEBVTT, SRT, JSON, XML, HTML, SERVICE, TEXT = (
    "webvtt",
    "srt",
    "json",
    "xml",
    "html",
    "service",
    "text",
)
XML_START = re.compile(r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<[A-Za-z_][\w:.-]*[\s>/]", re.S)


def detect_binary(data: bytes) -> str | None:
    """A family recognised from the first bytes, or None for text."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    if data[:4] == b"PK\x03\x04":
        names = zip_names(data)
        if "word/document.xml" in names:
            return DOCX
        if "content.xml" in names:
            return ODT
        return ZIP
    if head.startswith(b"{\\rtf"):
        return RTF
    return None


def detect_text(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("WEBVTT"):
        return WEBVTT
    if looks_like_srt(head):
        return SRT
    if head[:1] in "{[" and _json_like(head):
        return JSON
    if head[:1] == "<":
        lower = head.lower()
        root = XML_START.match(head)
        if root and "<html" not in lower and "<!doctype html" not in lower:
            return XML
        if looks_like_html(head) or root:
            return HTML
    elif looks_like_html(head):
        return HTML
    if looks_like_service(text):
        return SERVICE
    return TEXT


def _json_like(head: str) -> bool:
    """`{...` or `[{`, `[[`, `["`: JSON; `[00:01] Name` is a timestamped transcript."""
    if head[:1] == "{":
        return True
    rest = head[1:].lstrip()
    return (
        rest[:1] in '{["]' or rest[:4] in ("true", "null") or bool(re.match(r"-?\d+\s*[,\]]", rest))
    )
