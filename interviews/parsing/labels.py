"""Speaker labels: spotting them at the start of a line and judging whether they are names."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .text import fold, is_caps
from .vocabulary import CONNECTORS, GENERIC_LABELS, NON_SPEAKER, NON_SPEAKER_PHRASES
from .voices import is_voice_label

BOLD = re.compile(r"^\*\*(?P<label>[^*\n]{1,120}?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<rest>.*)$")
COLON = re.compile(r"^(?P<label>[^\s:*][^:\n]{0,119}?)\s*:(?:\s+(?P<rest>\S.*)|\s*$)")
# `**AP: That's awesome! ...**`: a label inside a bold question.
BOLD_OPEN = re.compile(r"^\*\*(?P<label>[^*:\n]{1,60}?)\s*:\s+(?P<rest>\S.*)$")
# Hearing style: `Senator SMITH.`, `The CHAIRMAN.`, `Mr. Bejar.`, `Chair Blumenthal.`
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĘĚĞİŁŃŇŐŒŘŚŞŠŢŤŰŸŹŻŽ"
PERIOD = re.compile(
    rf"^(?P<label>[{UPPER}][\w’'-]*\.?\s+(?:[{UPPER}][\w’'-]*\s+){{0,2}}[{UPPER}][\w’'-]*[^\W\d_]"
    rf"|The\s+[{UPPER}]{{3,}}[\w’'-]*)(?:\s*\[[^\]\n]{{1,30}}\])?\.\s+(?P<rest>\S.*)$"
)
ANSWER = re.compile(r"^(?P<label>A)(?:\s*[.:]\s+|\t+\s*)(?P<rest>\S.*)$")
QUESTION = re.compile(r"^(?P<label>Q)(?:\s*[.:]\s*|\s{2,}|\t+\s*|\s(?=[A-Z¿¡\"“‘']))(?P<rest>.*)$")
QUESTION_ALONE = re.compile(r"^(?P<label>Q)[.:]?$")
DOMAIN = re.compile(
    r"^(?:[a-z0-9-]+\.)+(?:com|org|net|de|fr|es|it|uk|tr|ru|eu|info|news|tv|fm|io|co|gov|edu|[a-z]{2})$",
    re.I,
)
DOTTED_INITIAL = re.compile(r"^[^\W\d_]\.[^\W\d_]{2,}$")
NOTES = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")

# Labels that introduce something other than speech.


@dataclass(frozen=True)
class LabelHit:
    label: str  # as printed, without markup: `MS. PSAKI`, `Jörg Schönenborn (retranslated)`
    rest: str  # text after the label on the same line
    style: str  # "bold", "colon", "q", "a", "period" or "alone"


def match_label(line: str) -> LabelHit | None:
    """A label at the start of `line`, judged on its syntax only.

    Each line is asked twice (which labels a document uses, then where turns begin), so
    answers are remembered; a line that cannot hold a label is told apart cheaply.
    """
    return _match_label(line)


@functools.lru_cache(maxsize=65536)
def _match_label(line: str) -> LabelHit | None:
    stripped = line.strip()
    if (
        ":" not in stripped[:200]
        and ". " not in stripped[:60]
        and not stripped.startswith(("Q", "A", "**"))
    ):
        return None
    for pattern, style in (
        (BOLD, "bold"),
        (BOLD_OPEN, "bold"),
        (QUESTION, "q"),
        (QUESTION_ALONE, "q"),
        (COLON, "colon"),  # before `A.`: `A. Repik: ...` is a name with an initial
        (ANSWER, "a"),
    ):
        match = pattern.match(stripped)
        if match:
            label = match.group("label").strip().strip("*").strip()
            if label:
                return LabelHit(label, (match.groupdict().get("rest") or "").strip(), style)
    if stripped[:1].isupper() and ". " in stripped[:60]:
        match = PERIOD.match(stripped)
        if match:
            return LabelHit(match.group("label"), match.group("rest").strip(), "period")
    return None


def strip_notes(label: str) -> str:
    """`Jörg Schönenborn (retranslated)` -> `Jörg Schönenborn`.

    Pages converted from HTML sometimes print the name twice after a run of spaces
    (`Maxim Sokolov     Sokolov Maxim`): the first copy is the label.
    """
    label = re.split(r"\s{3,}|\s+\|\s+", label.strip(), maxsplit=1)[0]
    return " ".join(NOTES.sub(" ", label).split()).strip(" ,.-–—")


@functools.lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    return fold(strip_notes(label))


def shape(label: str, *, alone: bool = False) -> str:
    """How a label candidate looks.

    "name": capitalised words (with connectors), "caps": printed in capitals,
    "word": one lower-case word (`euronews`), "no": prose, a URL, a sentence.
    """
    core = strip_notes(label)
    if not core or len(core) > (200 if alone else 120):
        return "no"
    if re.search(r"[?!;\"“”«»…/=<>@|]|https?:|www\.", core):
        return "no"
    words = core.split()
    if words[-1].lower() in CONNECTORS or words[-1].endswith(","):
        return "no"
    # Numbers only number a generic voice: `SPEAKER 2`, `Participant 3`.
    if any(any(c.isdigit() for c in w) for w in words) and not (
        (len(words) == 2 and words[1].isdigit() and fold(words[0]) in GENERIC_LABELS)
        or is_voice_label(core)
    ):
        return "no"
    caps = is_caps(core)
    if len(words) > (30 if alone or caps else 12):
        return "no"
    if DOMAIN.match(core):
        return "word"  # an outlet's domain asking the questions: `cnn.com`
    for word in words:
        if DOTTED_INITIAL.match(word):
            continue  # `C.YARALI`: an initial glued to the surname
        if "." in word.rstrip(".") or (word.endswith(".") and len(word.rstrip(".")) > 4):
            return "no"
    if "," in core and not caps:
        return "no"
    if caps:
        return "caps"
    if len(words) == 1 and words[0][:1].islower():
        return "word" if words[0].isalpha() else "no"
    for index, word in enumerate(words):
        first = word[:1]
        if first.isupper() or first.isdigit():
            continue
        if index and word.lower() in CONNECTORS:
            continue
        return "no"
    return "name"


def generic_role(label: str) -> str | None:
    key = label_key(label)
    if key in GENERIC_LABELS:
        return GENERIC_LABELS[key]
    # `SPEAKER 2`, `Participant 3`
    base = re.sub(r"\s*\d+$", "", key)
    return GENERIC_LABELS.get(base) if base != key else None


def is_non_speaker(label: str) -> bool:
    key = label_key(label)
    return key in NON_SPEAKER or key in NON_SPEAKER_PHRASES
