"""Documents of every family to text or labelled blocks: detect.py decides, a reader reads.

read(data) -> Extract    (raises ParseError)

Text families (plain text, Markdown, web pages, XML with an HTML body, PDF, Word,
OpenDocument, RTF) become text that the text parser cuts into turns; structured
families (captions, service exports, JSON) become blocks whose speakers are known.
"""

from __future__ import annotations

from ..decoding import decode
from ..result import ParseError
from . import detect
from .blocks import Block, Extract, timecode

__all__ = ["SUPPORTED_SUFFIXES", "Block", "Extract", "read", "timecode"]

# What a folder import picks up; a file named explicitly is read whatever its name.
SUPPORTED_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".docx",
    ".odt",
    ".rtf",
    ".pdf",
    ".vtt",
    ".srt",
    ".json",
    ".xml",
    "",
}


def read(data: bytes | str) -> Extract:
    if isinstance(data, bytes):
        family = detect.detect_binary(data)
        if family == detect.PDF:
            from .pdf import read_pdf

            return _printed(read_pdf(data), "pdf")
        if family == detect.DOCX:
            from .office import docx_text

            return _printed(Extract("docx", text=docx_text(data)), "docx")
        if family == detect.ODT:
            from .office import odt_text

            return _printed(Extract("odt", text=odt_text(data)), "odt")
        if family == detect.RTF:
            from .office import rtf_text

            return _printed(Extract("rtf", text=rtf_text(data)), "rtf")
        if family == detect.ZIP:
            raise ParseError(
                "this is a zip archive but not a Word or OpenDocument text: unzip it and "
                "import the documents inside"
            )
        text, encoding = decode(data)
    else:
        text, encoding = data, "text"
    extract = read_text(text)
    if extract.format not in ("text", "service"):
        extract.encoding = f"{encoding}+{extract.format}"
    else:
        extract.encoding = encoding
    return extract


def _printed(extract: Extract, kind: str) -> Extract:
    """A word processor's or a PDF's text; a service's export saved that way (Teams gives
    its transcripts as .docx) is read as the export it is."""
    extract.encoding = kind
    from .services import looks_like_service, read_service

    if looks_like_service(extract.text):
        service = read_service(extract.text)
        if service is not None:
            service.header, service.encoding = extract.header, kind
            return service
    return extract


def read_text(text: str) -> Extract:
    family = detect.detect_text(text)
    if family in (detect.WEBVTT, detect.SRT):
        from .captions import read_captions

        return read_captions(text, family)
    if family == detect.JSON:
        from .transcript_json import read_json

        return read_json(text)
    if family == detect.HTML:
        from .webpage import read_html

        return read_html(text)
    if family == detect.XML:
        from .xmlexport import read_xml

        return read_xml(text)
    if family == detect.SERVICE:
        from .services import read_service

        extract = read_service(text)
        if extract is not None:
            return extract
    return Extract("text", text=text)
