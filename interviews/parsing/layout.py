"""Page layouts that plain text inherits from print, undone before paragraphs are cut.

- Markdown links `[words](https://...)` read as their words.
- Paragraphs marked by indentation rather than blank lines (the Government Publishing
  Office's hearing texts: a four-space indent opens each paragraph).
- Words hyphenated at a line break (`Blumen-` / `thal`): joined, without the hyphen when
  the document spells the word whole elsewhere, with it otherwise (`15-year-` / `olds`).
"""

from __future__ import annotations

import itertools
import re

MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,300})\]\((?:https?://|/|#|mailto:)[^)\s]*\)")
INDENTED = re.compile(r"^ {2,8}\S")
FLUSH = re.compile(r"^\S")
BROKEN_WORD = re.compile(r"([^\W\d_]+)-[ \t]*\n([ \t]*)([^\W\d_][\w’']*)(\S*)")
WORD = re.compile(r"[^\W\d_]{3,}")


def prepare_text(text: str) -> str:
    """The text with links and broken words undone; its lines keep their numbers."""
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if "-\n" in text or "- \n" in text:
        text = _join_broken_words(text)
    return text


def indented_starts(lines: list[str]) -> set[int]:
    """Indexes of the lines that open a paragraph by their indentation, when that is how
    this text marks paragraphs; empty otherwise (blank lines do it)."""
    if len(lines) < 40:
        return set()
    indented = glued = flush = 0
    for previous, line in itertools.pairwise(lines):
        if INDENTED.match(line):
            indented += 1
            glued += bool(previous.strip())
        elif FLUSH.match(line):
            flush += 1
    if indented < 10 or flush < indented or glued < 0.5 * indented:
        return set()
    return {i for i, line in enumerate(lines) if INDENTED.match(line)}


def _join_broken_words(text: str) -> str:
    whole: set[str] | None = None

    def join(match: re.Match) -> str:
        nonlocal whole
        if whole is None:
            whole = {w.lower() for w in WORD.findall(text)}
        head, indent, tail, after = match.groups()
        joined = f"{head}{tail}"
        word = joined if tail[:1].islower() and joined.lower() in whole else f"{head}-{tail}"
        return f"{word}{after}\n{indent}"

    return BROKEN_WORD.sub(join, text)
