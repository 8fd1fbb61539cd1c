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
WORD_END = re.compile(r"([^\W\d_]+)-$")
WORD_START = re.compile(r"([^\W\d_][\w’']*)(\S*)")
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
        if line[:1] == " ":
            if INDENTED.match(line):
                indented += 1
                glued += bool(previous.strip())
        elif line and not line[:1].isspace():
            flush += 1
    if indented < 10 or flush < indented or glued < 0.5 * indented:
        return set()
    return {i for i, line in enumerate(lines) if INDENTED.match(line)}


def _join_broken_words(text: str) -> str:
    lines = text.split("\n")
    broken = [i for i, line in enumerate(lines[:-1]) if line.rstrip(" \t").endswith("-")]
    if not broken:
        return text
    lowered = text.lower()
    for index in broken:
        line = lines[index].rstrip(" \t")
        head = WORD_END.search(line)
        nxt = lines[index + 1]
        indent = nxt[: len(nxt) - len(nxt.lstrip(" \t"))]
        tail = WORD_START.match(nxt, len(indent))
        if not head or not tail or line.endswith("--"):
            continue
        word, rest = tail.group(1), tail.group(2)
        joined = head.group(1) + word
        hyphen = "" if word[:1].islower() and joined.lower() in lowered else "-"
        lines[index] = f"{line[: head.start(1)]}{head.group(1)}{hyphen}{word}{rest}"
        lines[index + 1] = indent + nxt[tail.end() :].lstrip(" ")
    return "\n".join(lines)
