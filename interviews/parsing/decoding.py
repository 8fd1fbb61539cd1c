"""Bytes to text: the encodings a newsroom meets, and mojibake repaired when it is certain."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy
from ftfy import badness

from .result import ParseError

# Single-byte code pages seen in newsroom files. charset-normalizer ranks them; the
# Western family is then settled below, because on short texts it cannot tell
# Windows-1252 from Windows-1254 (they differ in six letters only).
CANDIDATE_ENCODINGS = [
    "cp1252",
    "cp1254",
    "iso8859_9",
    "iso8859_15",
    "latin_1",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1257",
    "mac_roman",
]
WESTERN = {"cp1252", "cp1254", "iso8859_9", "iso8859_15", "latin_1", "iso8859_1", "mac_roman"}
# Bytes that are Turkish letters in Windows-1254 (Ğ İ Ş ğ ı ş) and Icelandic ones in
# Windows-1252 (Ð Ý Þ ð ý þ). In a press archive the Turkish reading is the likely one.
TURKISH_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")
# Ť Ź ť Ą ą in Windows-1250: unused or symbols (¥ ¹) in Windows-1252.
LATIN2_ONLY_BYTES = frozenset(b"\x8d\x8f\x9d\xa5\xb9")
# UTF-8 read as a Windows code page leaves a Latin-1 letter followed by a continuation
# byte's character (`Ã©`, `â€™`, `ÄŸ`); text without such a pair has nothing to repair.
MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


# Deleting these bytes leaves the control characters that plain text does not contain.
NOT_CONTROL = bytes([9, 10, 12, 13, 27, *range(32, 256)])


def looks_binary(data: bytes) -> int | None:
    """Offset of the first sign that `data` is not text, or None."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    nul = head.find(b"\x00")
    if nul != -1:
        return nul
    controls = len(head.translate(None, NOT_CONTROL))
    if head and controls / len(head) > 0.05:
        return next(i for i, b in enumerate(head) if b < 32 and b not in (9, 10, 12, 13, 27))
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises ParseError for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return _repair(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _repair(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise ParseError(f"invalid UTF-16 text at byte {exc.start}") from exc
    offset = looks_binary(data)
    if offset is not None:
        raise ParseError(
            f"this looks like a binary file, not a text document (byte {offset} is not text)",
            line=data[:offset].count(b"\n") + 1,
        )
    try:
        return _repair(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_single_byte(data)
    return _repair(data.decode(encoding, errors="replace")), encoding


def _guess_single_byte(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess in WESTERN or guess in {"cp1250", "iso8859_2"}:
        high = {b for b in data if b >= 0x80}
        if high & TURKISH_BYTES:
            return "cp1254"
        # Latin-2 readings win only when they explain letters Windows-1252 cannot.
        if guess in {"cp1250", "iso8859_2"} and not high & LATIN2_ONLY_BYTES:
            return "cp1252"
        if guess in WESTERN:
            return "cp1252"
    return guess


def _repair(text: str) -> str:
    # ftfy only rewrites sequences it is confident are mojibake; it leaves curly quotes,
    # dashes and non-Latin scripts alone with these settings. Its badness check is one
    # regular expression, so clean text (nearly all of it) skips the line-by-line pass.
    text = text.replace("\r\n", "\n")
    if not MOJIBAKE_HINT.search(text) or not badness.is_bad(text):
        return unicodedata.normalize("NFC", text)
    return ftfy.fix_text(
        text,
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=True,
        normalization="NFC",
    )
