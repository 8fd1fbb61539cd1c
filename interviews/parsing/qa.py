"""Magazine Q&A: questions set in bold, answers in plain type, labels printed once or never.

A magazine prints `fluter.de:` and `Felix Stalder:` on the first exchange, then only
sets the questions in bold. Each unlabelled bold paragraph is then the interviewer's,
and the plain paragraph after it opens the interviewee's answer: they are given the
labels last printed for each side (`Interviewer` and `Interviewee` when none was), so
that the turn segmenter sees a labelled dialogue.
"""

from __future__ import annotations

import re

from .labels import match_label, shape
from .text import Paragraph

BOLD_LABEL = re.compile(r"^\*\*[^*]{1,60}?:\s*\*\*\s*")
ASKER, ANSWERER = "Interviewer", "Interviewee"


def is_bold(paragraph: Paragraph) -> bool:
    text = " ".join(line.strip() for line in paragraph.lines).strip()
    text = BOLD_LABEL.sub("**", text, count=1) if text.startswith("**") else text
    return (
        len(text) > 6 and text.startswith("**") and text.endswith("**") and "**" not in text[2:-2]
    )


def label_bold_questions(paragraphs: list[Paragraph]) -> None:
    """Give the unlabelled questions and answers of a bold-question Q&A their labels."""
    if sum(1 for p in paragraphs[:400] if p.lines[0].lstrip().startswith("**")) < 2:
        return
    bold = [is_bold(p) for p in paragraphs]
    questions = sum(bold)
    printed = any(_label(p) for p in paragraphs[:400])
    if questions < (2 if printed else 3):
        return  # a short Q&A shows who speaks at least once; bold headings do not
    answered = sum(
        1 for i, b in enumerate(bold) if b and i + 1 < len(paragraphs) and not bold[i + 1]
    )
    unlabelled = sum(1 for p, b in zip(paragraphs, bold, strict=True) if b and not _label(p))
    if answered < 0.6 * questions or unlabelled < 1:
        return
    asker = answerer = ""
    after_question = False
    for paragraph, strong in zip(paragraphs, bold, strict=True):
        label = _label(paragraph)
        if strong:
            if label:
                asker = label
            else:
                paragraph.lines[0] = f"{asker or ASKER}: {paragraph.lines[0].strip()}"
            after_question = True
            continue
        if after_question:
            if label:
                answerer = label
            elif asker or answerer or unlabelled:
                paragraph.lines[0] = f"{answerer or ANSWERER}: {paragraph.lines[0].strip()}"
        after_question = False


def _label(paragraph: Paragraph) -> str:
    hit = match_label(paragraph.lines[0])
    if hit is None or hit.style not in ("bold", "colon", "q") or shape(hit.label) == "no":
        return ""  # `Das ist das Worst-Case-Szenario: ...` opens a sentence, not a turn
    return hit.label
