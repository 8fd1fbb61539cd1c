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


def _docx_text(data: bytes) -> str:
    import docx

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


def html_text(html: str) -> str:
    """Readable text of a saved web page: its title, then one paragraph per block."""
    from bs4 import BeautifulSoup

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
