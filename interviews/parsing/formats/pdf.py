"""PDF transcripts with a text layer (pypdf); a scanned PDF has none and is refused."""

from __future__ import annotations

import io
import re
from collections import Counter

from ..dates import coerce_date
from ..header import Header
from ..result import ParseError
from ..text import squeeze
from .blocks import Extract

PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.I)


def read_pdf(data: bytes) -> Extract:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about odd but readable files
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise ParseError("this PDF is encrypted: no text to import") from exc
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata or {}
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ParseError(f"this PDF cannot be read: {exc}") from exc
    if not any(re.search(r"[^\W\d_]{2}", page) for page in pages):
        raise ParseError(
            "scanned PDF: no text to import (the pages are images without a text layer)"
        )
    header = Header()
    title = squeeze(str(info.get("/Title") or ""))
    if title and not re.search(r"\.(?:docx?|pdf|indd)$|^untitled|^microsoft", title, re.I):
        header.title = title
    created = str(info.get("/CreationDate") or "")
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if match:
        header.published = coerce_date("-".join(match.groups()))
    return Extract("pdf", text=_join_pages(pages), header=header)


def _page_text(page) -> str:
    """The page's text with its vertical gaps as blank lines: paragraphs stay apart."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode gives up on some odd pages; plain extraction does not
        return page.extract_text() or ""


def _join_pages(pages: list[str]) -> str:
    """Pages as one text, without the running heads, feet and page numbers they repeat."""
    split = [page.replace("\r", "").split("\n") for page in pages]
    edges: Counter[str] = Counter()
    for lines in split:
        filled = [line.strip() for line in lines if line.strip()]
        for line in set(filled[:2] + filled[-2:]):
            edges[re.sub(r"\d+", "#", line)] += 1
    repeated = {line for line, n in edges.items() if len(split) >= 3 and n >= 0.6 * len(split)}
    out = []
    for lines in split:
        kept = [
            line
            for line in lines
            if not PAGE_NUMBER.match(line) and re.sub(r"\d+", "#", line.strip()) not in repeated
        ]
        out.append("\n".join(kept).strip("\n"))
    return "\n".join(out)
