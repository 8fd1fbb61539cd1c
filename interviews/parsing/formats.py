"""Other document types to text: Word files, saved web pages and Markdown."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from .decoding import decode
from .result import ParseError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".docx", *HTML_SUFFIXES, ""}


def to_text(data: bytes | str, filename: str = "") -> tuple[str, str]:
    """Return (text, encoding or format) for a document's raw content."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(f"unsupported file type '{suffix}': use .txt, .md, .html or .docx")
    if isinstance(data, str):
        text, encoding = data, "text"
    elif suffix == ".docx" or (data[:2] == b"PK" and _is_docx(data)):
        return _docx_text(data), "docx"
    else:
        text, encoding = decode(data)
    if suffix in HTML_SUFFIXES or (not suffix and _looks_like_html(text)):
        return html_text(text), f"{encoding}+html"
    return text, encoding


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


# A Word document is a ZIP archive: its parts may expand to any size. Real interviews
# expand to a few megabytes; a "zip bomb" to gigabytes, which would be read into memory.
MAX_DOCX_EXPANDED = 100 * 1024 * 1024
MAX_DOCX_RATIO = 200


def _check_expansion(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ParseError(f"this Word document cannot be read: {exc}") from exc
    if expanded > MAX_DOCX_EXPANDED or expanded > MAX_DOCX_RATIO * max(len(data), 1):
        raise ParseError(
            f"this Word document would expand to {expanded / 1024 / 1024:,.0f} MB "
            f"from {len(data) / 1024 / 1024:,.1f} MB: refused as a likely ZIP bomb"
        )


def _docx_text(data: bytes) -> str:
    import docx

    _check_expansion(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken files
        raise ParseError(f"this Word document cannot be read: {exc}") from exc
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        bold = text and all(run.bold for run in paragraph.runs if run.text.strip())
        if bold and len(text) < 120 and not text.endswith(":"):
            # A speaker name set in bold on its own line.
            text = text + ":"
        lines.append(text)
        lines.append("")
    return "\n".join(lines)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<p>" in head and "</p>" in head)


# Real pages nest a few dozen elements deep; reading blocks costs the depth for each one.
MAX_HTML_DEPTH = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_UNCLOSED_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*(?=<|\Z)")
MAX_UNCLOSED_TAGS = 1000
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr", "param", "keygen"}


def _nesting_depth(html: str) -> int:
    """The deepest nesting of elements, counted as html.parser builds the tree."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_text(html: str) -> str:
    """Readable text of a saved web page: its title, then one paragraph per block."""
    from bs4 import BeautifulSoup

    depth = _nesting_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise ParseError(
            f"the page's markup is nested {depth:,} elements deep (at most {MAX_HTML_DEPTH:,})"
        )
    # Python's html.parser rescans the rest of the page for every tag left open.
    unclosed = len(_UNCLOSED_TAG.findall(html))
    if unclosed > MAX_UNCLOSED_TAGS:
        raise ParseError(f"the page's markup is broken: {unclosed:,} tags are never closed")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(
        ["script", "style", "noscript", "nav", "footer", "form", "aside", "iframe", "svg"]
    ):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for element in root.find_all(["h1", "h2", "h3", "p", "li", "blockquote", "dt", "dd", "pre"]):
        if element.find(["p", "li", "blockquote"]):
            continue
        text = re.sub(r"\s+", " ", element.get_text(" ", strip=True)).strip()
        strong = element.find(["strong", "b"])
        if strong and text.startswith(strong.get_text(" ", strip=True)):
            label = strong.get_text(" ", strip=True).rstrip(":")
            rest = text[len(strong.get_text(" ", strip=True)) :].lstrip(" :")
            if label and len(label) < 80 and rest:
                text = f"{label}: {rest}"
        if text:
            blocks.append(text)
    if title and (not blocks or blocks[0] != title):
        h1 = root.find("h1")
        blocks.insert(0, h1.get_text(" ", strip=True) if h1 else title)
    return (
        "\n\n".join(dict.fromkeys(blocks))
        if len(set(blocks)) == len(blocks)
        else "\n\n".join(blocks)
    )
