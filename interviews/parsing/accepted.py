"""Which labels really introduce speakers in a document, and which are prose that ends in a colon."""

from __future__ import annotations

import re
from collections import Counter

from .labels import LabelHit, generic_role, is_non_speaker, label_key, match_label, shape
from .text import Paragraph, fold, is_caps
from .vocabulary import HONORIFICS, ROLE_WORDS
from .voices import is_voice_label


def accepted_labels(
    paragraphs: list[Paragraph], context: str, wrapped: bool, ruled: bool
) -> set[str]:
    """The label keys that really introduce speakers in this document.

    A label is trusted when it looks like a name or a part (`Q`, `MODERATOR`), or when it
    recurs: prose that happens to end in a colon ("We often hear:") does neither. In
    hard-wrapped text a label can only open a paragraph; elsewhere a strong one may
    also open a line inside a block. `ruled`: the document announces its speakers after
    rules (`ruled_document`).
    """
    hits: list[tuple[LabelHit, Paragraph, int]] = []
    for paragraph in paragraphs:
        for index, line in enumerate(paragraph.lines):
            hit = match_label(line)
            if hit is None and index == 0:
                hit = alone_label(paragraph)
            if hit:
                hits.append((hit, paragraph, index))
    if wrapped:
        # In hard-wrapped text a label opens a paragraph; inside one, only a label the
        # document also prints at the start of a paragraph (two speakers on consecutive
        # lines, no blank line between) or a strong recurring one counts.
        openers = {label_key(h.label) for h, _, i in hits if i == 0}
        stacked_openers = {
            id(p)
            for h, p, i in hits
            if i == 0 and h.style != "alone" and (h.style == "q" or shape(h.label) != "no")
        }
        inner = Counter(label_key(h.label) for h, _, i in hits if i > 0)
        hits = [
            (h, p, i)
            for h, p, i in hits
            if i == 0
            or (h.style == "period" and p.lines[i][:2] == "  ")  # an indented paragraph
            or (
                h.style != "period"
                and (
                    label_key(h.label) in openers
                    or inner[label_key(h.label)] >= 2
                    or (id(p) in stacked_openers and len(h.label.split()) >= 2)
                )
            )
        ]
    counts = Counter(label_key(hit.label) for hit, _, _ in hits)
    # Blocks between rules that open with a name in capitals: the format of a
    # stenographic version (`---` / `PREGUNTA` / text).
    context_key = f" {fold(context)} "
    common: frozenset[str] | None = None
    asked = any(hit.style == "q" for hit, _, _ in hits)
    # Blocks whose first line is labelled: a label on a later line of such a block is the
    # next speaker, printed without a blank line between (`Ana: ...` / `John: ...`).
    per_block = Counter(id(p) for _, p, _ in hits)
    looks: dict[str, str] = {}

    def look_of(label: str) -> str:
        if label not in looks:
            looks[label] = shape(label)
        return looks[label]

    stacked = {
        id(p)
        for hit, p, index in hits
        if index == 0
        and hit.style != "alone"
        and per_block[id(p)] >= 0.6 * len(p.lines)
        and (hit.style == "q" or look_of(hit.label) != "no")
    }
    periods = sum(1 for hit, _, _ in hits if hit.style == "period")
    accepted = set()
    for hit, paragraph, index in hits:
        key = label_key(hit.label)
        if not key or key in accepted or is_non_speaker(hit.label):
            continue
        if hit.style == "q":
            accepted.add(key)
            continue
        if hit.style == "a":
            if asked:  # `A.` answers only where `Q.` asks
                accepted.add(key)
            continue
        if hit.style == "period":
            # `Senator SMITH.`: a title, a name and a full stop, in a document that
            # labels its speakers this way throughout.
            first = hit.label.split()[0]
            titled = first == "The" or fold(first).rstrip(".") in HONORIFICS or is_title_word(first)
            if titled and shape(hit.label) != "no" and (periods >= 2 or counts[key] >= 2):
                accepted.add(key)
            continue
        if ruled and addresses(hit, index):
            continue
        look = shape(hit.label, alone=hit.style == "alone")
        if look == "no":
            continue
        if hit.style == "alone":
            if look == "caps" and ((paragraph.after_rule and ruled) or counts[key] >= 2):
                accepted.add(key)
            continue
        if generic_role(hit.label) or is_voice_label(hit.label):
            accepted.add(key)
        elif look == "word":
            if counts[key] >= 2 and index == 0:
                accepted.add(key)
        elif len(key.split()) == 1:
            # A lone surname is trusted when it recurs or the intro names the person,
            # unless the text uses it as an ordinary word ("Dice:", "Comment:").
            if common is None:
                common = common_words(paragraphs)
            if key in common and not (hit.label.isupper() and hit.style in ("bold", "colon")):
                continue
            if counts[key] >= 2 or f" {key} " in context_key:
                accepted.add(key)
        elif index > 0 and counts[key] < 2 and id(paragraph) not in stacked:
            continue
        else:
            words = key.split()
            if counts[key] < 2 and set(words[1:]) & PROSE_LINKS and not is_title_word(words[0]):
                # "Moving on to the United Kingdom:" opens a sentence, not a name; an
                # office such as "Ambassador to the United Nations" may contain `to`.
                continue
            accepted.add(key)
    return accepted


def ruled_document(paragraphs: list[Paragraph]) -> bool:
    """Whether speakers are announced in capitals at the top of blocks between rules."""
    ruled = 0
    for paragraph in paragraphs:
        if paragraph.after_rule and paragraph.lines and match_label(paragraph.first) is None:
            hit = alone_label(paragraph)
            ruled += hit is not None
            if ruled >= 2:
                return True
    return False


def addresses(hit: LabelHit, index: int) -> bool:
    """In a ruled document, whether a label inside a block addresses someone.

    There a new speaker is announced in capitals after a rule, so a line such as
    "Presidenta:" or "Presidente Andrés Manuel López Obrador:" inside a speech is the
    speaker turning to someone, even when the same name, in capitals, speaks elsewhere.
    """
    return index > 0 and not hit.rest and not is_caps(hit.label)


def is_title_word(word: str) -> bool:
    return fold(word) in ROLE_WORDS


def common_words(paragraphs: list[Paragraph]) -> frozenset[str]:
    """Words the document writes in lower case somewhere: ordinary words, not names."""
    text = "\n".join(line for paragraph in paragraphs for line in paragraph.lines)
    return frozenset(fold(w) for w in LOWER_WORD.findall(text))


# Small words that join a sentence but rarely a name or a title (`de`, `of` can).
PROSE_LINKS = {"on", "to", "in", "at", "with", "is", "are", "was", "a", "about", "into"}
LOWER_WORD = re.compile(r"(?<![\w-])[a-zà-ÿğış][\w'-]*")


def alone_label(paragraph: Paragraph) -> LabelHit | None:
    """A speaker printed alone on the first line of a block, in capitals, text below."""
    first = paragraph.first.strip()
    if len(paragraph.lines) < 2 or not is_caps(first) or first.endswith((".", "?", "!")):
        return None
    second = paragraph.lines[1].strip()
    if (
        6 <= len(second) <= 80
        and " " in second
        and not second.endswith((".", "?", "!"))
        and is_caps(second)
        and sum(1 for c in second if c.isalpha()) >= 6
    ):
        return None  # a heading in capitals over two lines, not a name above its text
    return LabelHit(first.rstrip(":").strip(), "", "alone")
