"""What a document may cost to read: ZIP expansion and markup depth, checked before reading.

A Word or OpenDocument file is a ZIP archive whose parts may expand to any size: real
interviews expand to a few megabytes, a "zip bomb" to gigabytes read into memory. Real
pages nest a few dozen elements deep; html.parser pays the depth for every block, and
rescans the rest of the page for every tag left open.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..result import ParseError

MAX_EXPANDED = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_HTML_DEPTH = 512
MAX_UNCLOSED_TAGS = 1000

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_UNCLOSED_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*(?=<|\Z)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr", "param", "keygen"}


def check_expansion(data: bytes, what: str = "Word document") -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ParseError(f"this {what} cannot be read: {exc}") from exc
    if expanded > MAX_EXPANDED or expanded > MAX_RATIO * max(len(data), 1):
        raise ParseError(
            f"this {what} would expand to {expanded / 1024 / 1024:,.0f} MB "
            f"from {len(data) / 1024 / 1024:,.1f} MB: refused as a likely ZIP bomb"
        )


def nesting_depth(html: str) -> int:
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


def check_markup(html: str) -> None:
    depth = nesting_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise ParseError(
            f"the page's markup is nested {depth:,} elements deep (at most {MAX_HTML_DEPTH:,})"
        )
    unclosed = len(_UNCLOSED_TAG.findall(html))
    if unclosed > MAX_UNCLOSED_TAGS:
        raise ParseError(f"the page's markup is broken: {unclosed:,} tags are never closed")
