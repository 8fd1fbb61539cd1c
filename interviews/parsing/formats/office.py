"""Word processor documents to text: Word (.docx), OpenDocument (.odt) and RTF."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from ..result import ParseError
from .blocks import bold_paragraph
from .limits import check_expansion

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
ODF_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def docx_text(data: bytes) -> str:
    import docx

    check_expansion(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken files
        raise ParseError(f"this Word document cannot be read: {exc}") from exc
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        bold = text and all(run.bold for run in paragraph.runs if run.text.strip())
        lines.append(bold_paragraph(text) if bold else text)
        lines.append("")
    return "\n".join(lines)


def odt_text(data: bytes) -> str:
    """Paragraphs and headings of an OpenDocument text, bold paragraphs marked as in Markdown.

    The format is a zip of XML files; its `content.xml` is all a reader needs, so no
    library is required (the one there is, odfpy, has not been released since 2020).
    """
    check_expansion(data, "OpenDocument file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ParseError(f"this OpenDocument file cannot be read: {exc}") from exc
    bold_styles = {
        style.get(f"{{{ODF_STYLE}}}name")
        for style in root.iter(f"{{{ODF_STYLE}}}style")
        if any(
            props.get(f"{{{ODF_FO}}}font-weight") == "bold"
            for props in style.iter(f"{{{ODF_STYLE}}}text-properties")
        )
    }
    lines = []
    body = root.find(f"{{{ODF_OFFICE}}}body")
    for element in (body if body is not None else root).iter():
        if element.tag not in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"):
            continue
        text = " ".join(_odf_text(element).split())
        if not text:
            continue
        spans = [s for s in element.iter(f"{{{ODF_TEXT}}}span") if (s.text or "").strip()]
        bold = element.get(f"{{{ODF_TEXT}}}style-name") in bold_styles or (
            spans
            and all(s.get(f"{{{ODF_TEXT}}}style-name") in bold_styles for s in spans)
            and len("".join(s.text or "" for s in spans).strip()) >= len(text) - 1
        )
        lines.extend([bold_paragraph(text) if bold else text, ""])
    return "\n".join(lines)


def _odf_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{ODF_TEXT}}}c", "1")))
        elif tag in ("tab", "line-break"):
            parts.append(" ")
        elif tag not in ("note", "annotation"):
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    try:
        raw = data.decode("latin-1")  # RTF is 7-bit; its escapes name the real code page
        text = rtf_to_text(raw, errors="ignore")
    except Exception as exc:  # striprtf raises plain exceptions on broken groups
        raise ParseError(f"this RTF document cannot be read: {exc}") from exc
    return text.replace("\r\n", "\n")
