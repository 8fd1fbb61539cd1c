"""Text clean-up and the paragraph structure every other parsing step works on."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile("[\u00a0\u2007\u202f\u2002\u2003\u2009]")
# Markdown exporters escape punctuation (`\[`, `\#`, `\_`); the reader wants the character.
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
MULTISPACE = re.compile(r"[ \t]{2,}")
RULE = re.compile(r"^\s*(?:-{3,}|\*\s*\*\s*\*[\s*]*|_{3,}|={3,}|~{3,})\s*$")


def clean_lines(text: str) -> list[str]:
    """Lines with invisible characters removed and odd spaces made plain.

    Leading indentation is kept: a few formats use it (indented `Q` turns).
    """
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rstrip() for line in lines]


def plain(line: str) -> str:
    """A body line with Markdown escapes undone and unusual spaces made plain.

    Front matter is read before this: in YAML `\\_` means a no-break space, not `_`.
    """
    return MARKDOWN_ESCAPE.sub(r"\1", SPACES.sub(" ", line)).rstrip()


def squeeze(text: str) -> str:
    """Collapse runs of spaces (transcripts put two after each full stop)."""
    return MULTISPACE.sub(" ", text.replace("\t", " ")).strip()


@dataclass
class Paragraph:
    lines: list[str]
    line: int  # 1-based number of the first line in the document
    after_rule: bool = False  # preceded by a `---` or `* * *` separator
    line_numbers: list[int] = field(default_factory=list)

    @property
    def first(self) -> str:
        return self.lines[0]

    def text(self, wrapped: bool) -> str:
        return join_lines(self.lines, wrapped)


def join_lines(lines: list[str], wrapped: bool) -> str:
    if wrapped:
        return squeeze(" ".join(line.strip() for line in lines))
    return "\n\n".join(squeeze(line) for line in lines if line.strip())


def split_paragraphs(
    lines: list[str], first_line: int = 1, starts: set[int] | None = None
) -> list[Paragraph]:
    """Blank lines and rules (`---`, `* * *`) separate paragraphs; rules are remembered.

    `starts` lists lines (indexes into `lines`) that open a paragraph of their own
    although no blank line precedes them: an indented first line in printed layouts.
    """
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    numbers: list[int] = []
    after_rule = False
    for offset, line in enumerate(lines):
        number = first_line + offset
        if not line.strip() or RULE.match(line):
            if current:
                paragraphs.append(Paragraph(current, numbers[0], after_rule, numbers))
                current, numbers = [], []
                after_rule = False
            if RULE.match(line):
                after_rule = True
            continue
        if starts and offset in starts and current:
            paragraphs.append(Paragraph(current, numbers[0], after_rule, numbers))
            current, numbers = [], []
            after_rule = False
        current.append(line)
        numbers.append(number)
    if current:
        paragraphs.append(Paragraph(current, numbers[0], after_rule, numbers))
    return paragraphs


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when paragraphs were wrapped at a fixed width and their lines must be joined.

    Wrapped text has many consecutive non-blank lines of similar, moderate length;
    one-paragraph-per-line text has long lines or single lines between blanks.
    """
    lengths = []
    for line, following in itertools.pairwise(lines):
        if line.strip() and following.strip():
            lengths.append(len(line.strip()))
    long_lines = sum(1 for line in lines if len(line.strip()) > 120)
    if len(lengths) < 5:
        return False
    lengths.sort()
    typical = lengths[int(len(lengths) * 0.9)]
    moderate = sum(1 for n in lengths if 40 <= n <= 100)
    return typical <= 100 and moderate >= 0.6 * len(lengths) and long_lines <= 0.05 * len(lines)


def sentence_like(text: str) -> bool:
    """Prose rather than a heading, a place name or a masthead."""
    words = text.split()
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= 2


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    # A dotless or dotted i that lost its case in a Turkish masthead still counts.
    return upper >= 0.9 * len(letters)


SMALL_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "y",
    "e",
    "o",
    "u",
    "a",
    "al",
    "en",
    "con",
    "para",
    "por",
    "sin",
    "of",
    "the",
    "and",
    "von",
    "van",
    "der",
    "den",
    "da",
    "di",
    "du",
    "le",
    "el",
    "bin",
    "ibn",
    "for",
    "on",
    "in",
    "at",
    "to",
}


def smart_title(text: str, turkish: bool | None = None) -> str:
    """Title case for names printed in capitals: `LÓPEZ-GATELL RAMÍREZ` -> `López-Gatell Ramírez`."""
    # Letters only Turkish writes: then a capital I is a dotless ı in lower case.
    if turkish is None:
        turkish = bool(TURKISH_LETTERS.search(text))
    out = []
    for index, word in enumerate(text.split()):
        if index and word.lower() in SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("".join(_title_part(part, turkish) for part in re.split(r"([-'’])", word)))
    return " ".join(out)


TURKISH_LETTERS = re.compile("[ŞĞİşğı]")


def lower_text(text: str, turkish: bool = False) -> str:
    """Lower case without the combining dot Python gives İ; I is ı in Turkish."""
    if turkish:
        text = text.replace("I", "ı")
    return text.replace("İ", "i").lower()


def _title_part(part: str, turkish: bool = False) -> str:
    if part in {"-", "'", "’"} or not part:
        return part
    core = part.strip("()[],.;:")
    # Acronyms (IMSS, UIF) stay as printed: capitals with no vowel after the first letter.
    if (
        core.isupper()
        and len(core) <= 5
        and not any(c in "AEIOUÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÅØÆŒİ" for c in core[1:])
    ):
        return part
    if part.startswith("(") and part.endswith(")"):
        return part
    if part[:1] == "i" and part[1:].isupper():
        # `iNCELEMELERI`: a Turkish capital İ printed as a small i.
        return "İ" + lower_text(part[1:], True)
    lead = len(part) - len(part.lstrip("(["))
    titled = part[:lead] + part[lead : lead + 1].upper() + lower_text(part[lead + 1 :], turkish)
    if titled[lead : lead + 2] == "Mc" and len(titled) > lead + 3:
        titled = titled[: lead + 2] + titled[lead + 2].upper() + titled[lead + 3 :]  # McQuiston
    return titled


def fold(text: str) -> str:
    """A comparison key: case, accents, punctuation and spacing do not matter."""
    text = text.replace("ı", "i").replace("İ", "I")
    if text.isascii():
        # NFKD leaves ASCII as it is and no ASCII character is a combining mark.
        stripped = text
    else:
        stripped = unicodedata.normalize("NFKD", text).translate(COMBINING_MARKS)
    return " ".join(NOT_WORD.sub(" ", stripped.casefold()).split())


NOT_WORD = re.compile(r"[^\w\s]")


class _CombiningMarks(dict):
    """A str.translate table that deletes the characters unicodedata calls combining.

    Filled as characters are met, so each is looked up once per process.
    """

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


COMBINING_MARKS = _CombiningMarks()
