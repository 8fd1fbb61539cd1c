"""Printed labels and name mentions split into title or office and name. Pure Python.

`President of Russia Vladimir Putin` is the office `President of Russia` and the name
`Vladimir Putin`; `MS. PSAKI` is the honorific `Ms.` and the surname `Psaki`.
"""

from __future__ import annotations

from .labels import CONNECTORS
from .text import SMALL_WORDS, fold, is_caps, smart_title, squeeze
from .vocabulary import HONORIFICS, ROLE_WORDS

# Words that end a run of given names read backwards from a surname.
NAME_STOP = {"the", "and", "of", "mr", "ms", "mrs", "dr", "sir", "in", "on", "by", "with", "for"}


def split_role(core: str, common_words: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(`President of Russia`, `Vladimir Putin`) from `President of Russia Vladimir Putin`.

    Leading words count as a title when they are known titles, or when the document
    also writes them in lower case (`Harbour Master Ana Silva`) and a name remains.
    """
    if "," in core:
        return split_at_commas(
            [part.strip() for part in core.split(",") if part.strip()], common_words
        )
    words = core.split()
    index = 0
    while index < len(words):
        word = words[index]
        if is_role_word(word) or (
            word[:1].isupper() and word.lower() in common_words and len(words) - index > 2
        ):
            index += 1
            continue
        if fold(word) in CONNECTORS and index > 0:
            # `President of Russia`: a connector brings the capitalised words after it.
            index += 1
            while index < len(words) and fold(words[index]) in CONNECTORS:
                index += 1
            if index < len(words):
                index += 1
            continue
        break
    if index == 0:
        # `Irkutsk Region Governor Sergei Levchenko`: the title ends at its last title word.
        last = max(
            (i for i, w in enumerate(words) if is_role_word(w) and fold(w) != "the"), default=-1
        )
        if 0 < last <= len(words) - 3:
            return " ".join(words[: last + 1]), " ".join(words[last + 1 :])
        return "", core
    if index >= len(words):
        return core, ""
    role, name = words[:index], words[index:]
    # `President of the Russian Academy of Sciences Vladimir Fortov`: an institution's
    # name may follow the title; the person's name comes after its last `of`.
    links = [i for i, w in enumerate(name[:-2]) if w.lower() in {"of", "for", "from", "at"}]
    if links:
        cut = links[-1] + 2
        role, name = role + name[:cut], name[cut:]
    return " ".join(role), " ".join(name)


def split_at_commas(parts: list[str], common_words: frozenset[str]) -> tuple[str, str]:
    """`NAME, TITLE` or `TITLE, NAME`; a title may itself contain commas.

    `SECRETARIO DE INFRAESTRUCTURA, COMUNICACIONES Y TRANSPORTES, JESÚS ESTEVA` names the
    person last; `HUGO LÓPEZ-GATELL RAMÍREZ, SUBSECRETARIO DE PREVENCIÓN` first.
    """
    if len(parts) == 1:
        return "", parts[0]

    def title_score(part: str) -> int:
        first = part.split()[0]
        return 2 if is_role_word(first) else 1 if fold(first) in common_words else 0

    def name_score(part: str) -> tuple[int, int]:
        # Lower is more name-like: no title word first, then two to five words.
        return (title_score(part), 0 if 2 <= len(part.split()) <= 5 else 1)

    first, last = parts[0], parts[-1]
    if name_score(last) < name_score(first):
        return ", ".join(parts[:-1]), last
    if name_score(first) < name_score(last):
        return ", ".join(parts[1:]), first
    # Neither side looks more like a name: the shorter one is.
    if len(last.split()) < len(first.split()):
        return ", ".join(parts[:-1]), last
    return ", ".join(parts[1:]), first
    # Neither side opens with a title: the shorter side is the name.
    if len(parts[-1].split()) < len(parts[0].split()):
        return ", ".join(parts[:-1]), parts[-1]
    return ", ".join(parts[1:]), parts[0]


def starts_with_role(text: str) -> bool:
    words = text.split()
    return bool(words) and is_role_word(words[0])


def is_role_word(word: str) -> bool:
    return fold(word).replace(" ", "-") in ROLE_WORDS or fold(word) in ROLE_WORDS


def normalise_name(name: str) -> str:
    """Names printed in capitals, wholly or in part (`Vladimir PUTIN`), in title case."""
    words = name.split()
    out = []
    for index, word in enumerate(words):
        if is_caps(word) or (len(word) == 1 and is_caps(name)):
            # Particles inside a name are small (`Ramírez de la O`), never the surname itself.
            small = 0 < index < len(words) - 1 and word.lower() in SMALL_WORDS
            word = word.lower() if small else smart_title(word)
        out.append(word)
    return squeeze(" ".join(out))


def normalise_role(role: str) -> str:
    if not role:
        return ""
    if is_caps(role):
        return smart_title(role)
    words = []
    for word in role.split():
        if word.islower() and (is_role_word(word) or "-" in word):
            word = "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
        words.append(word)
    return " ".join(words)


def trim_person(name: str) -> str:
    """Drop role words and stop words around a captured name."""
    words = [w.rstrip(".,") for w in name.split()]
    while words and (
        is_role_word(words[0])
        or fold(words[0]) in NAME_STOP
        or fold(words[0]).rstrip(".") in HONORIFICS
    ):
        words.pop(0)
    while words and fold(words[-1]) in NAME_STOP:
        words.pop()
    return " ".join(words)


def given_names(words: list[str]) -> str:
    """Given names just before a surname, read backwards until a title or a stop word."""
    given: list[str] = []
    for word in reversed(words):
        bare = fold(word)
        if (
            not bare
            or is_role_word(word)
            or bare in NAME_STOP
            or bare in HONORIFICS
            or bare
            in {
                "your",
                "my",
                "our",
                "dear",
                "excellency",
                "friend",
                "mister",
                "madam",
            }
        ):
            break
        given.insert(0, word)
        if len(given) == 2:
            break
    return " ".join(given)
