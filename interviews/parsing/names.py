"""Printed labels and name mentions split into title or office and name. Pure Python.

`President of Russia Vladimir Putin` is the office `President of Russia` and the name
`Vladimir Putin`; `MS. PSAKI` is the honorific `Ms.` and the surname `Psaki`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from nameparser.config import CONSTANTS as NAME_CONSTANTS
from rapidfuzz import distance, process

from .labels import CONNECTORS
from .text import SMALL_WORDS, TURKISH_LETTERS, fold, is_caps, smart_title, squeeze
from .vocabulary import (
    HONORIFICS,
    OFFICE_WORDS,
    RELATION_WORDS,
    ROLE_EQUIVALENTS,
    ROLE_WORDS,
    SENTENCE_WORDS,
)

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
        if (
            is_role_word(word)
            or (index and fold(word) in OFFICE_WORDS)
            or (word[:1].isupper() and word.lower() in common_words and len(words) - index > 2)
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


# The archive's own title words in three languages, and nameparser's English ones (Judge,
# Rabbi, Commissioner, ...), less the few that are more often given names or surnames.
TITLE_WORDS = ROLE_WORDS | (
    frozenset(fold(t) for t in NAME_CONSTANTS.titles if t.isalpha())
    - {"major", "field", "nanny", "ab", "pres", "mark", "don"}
)


def is_role_word(word: str) -> bool:
    key = fold(word)
    return key.replace(" ", "-") in TITLE_WORDS or key in TITLE_WORDS or _misspelt_role(key)


LONG_ROLE_WORDS = sorted(w for w in ROLE_WORDS if len(w) >= 8)


@functools.lru_cache(maxsize=4096)
def _misspelt_role(key: str) -> bool:
    """`Adminstrator`, `Secreatry`: a long title with a letter or two out of place."""
    if len(key) < 8 or not key.isalpha():
        return False
    found = process.extractOne(
        key, LONG_ROLE_WORDS, scorer=distance.DamerauLevenshtein.distance, score_cutoff=2
    )
    return found is not None and found[0][0] == key[0]


def normalise_name(name: str) -> str:
    """Names printed in capitals, wholly or in part (`Vladimir PUTIN`), in title case."""
    words = name.split()
    turkish = bool(TURKISH_LETTERS.search(name))
    out = []
    for index, word in enumerate(words):
        if is_caps(word) or (len(word) == 1 and is_caps(name)):
            # Particles inside a name are small (`Ramírez de la O`), never the surname itself.
            small = 0 < index < len(words) - 1 and word.lower() in SMALL_WORDS
            word = word.lower() if small else smart_title(word, turkish)
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


def given_names(words: list[str], *, before: str = "", mixed_case: bool = True) -> str:
    """Given names just before a surname, read backwards: at most two words.

    Stops at a title, an office word, an honorific, an acronym or a word that opens
    sentences (`I’m Jeff Zients` gives `Jeff`). `before` is the word in front of
    `words`: after a connector the first capitalised word belongs to an office
    (`Ambassador to Mexico Ken Salazar` gives `Ken`). An initial alone is not enough.
    """
    given: list[str] = []
    for word in reversed(words):
        if not plausible_given(word, mixed_case=mixed_case):
            break
        if given and is_initial(word):
            break  # `J. Trump` may have a middle initial, never a first one before it
        if word.endswith(".") and not is_initial(word):
            break  # `Thank you, Brad. Greg Murphy`: a full stop ends the sentence before
        given.insert(0, word)
        if len(given) == 2:
            break
    if len(given) == 2:
        index = len(words) - 2
        preceding = words[index - 1] if index > 0 else before
        if fold(preceding) in CONNECTORS:
            given.pop(0)
    if not any(not is_initial(word) for word in given):
        return ""
    return " ".join(given)


def is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]\.?", word))


# Honorifics that are also given names (`Don Lemon`).
GIVEN_HONORIFICS = {"don"}


def plausible_given(word: str, *, mixed_case: bool = True) -> bool:
    """Could this capitalised word be a given name (or a middle initial)?"""
    core = word.strip('.,;:()[]"“”')
    if not core or not core[0].isupper() or any(c.isdigit() for c in core):
        return False
    if "'" in core or "’" in core:
        # `O’Brien`, `D'Souza`; not `I’m`, `It’s`, `We’re`.
        return bool(re.fullmatch(r"[^\W\d_]{1,2}['’][A-ZÀ-ÞĞİŞ][^\W\d_]+", core))
    key = fold(core)
    if (
        key in SENTENCE_WORDS
        or key in TITLE_WORDS
        or key in RELATION_WORDS
        or key in OFFICE_WORDS
        or key in CONNECTORS
        or key in NAME_STOP
        or (key in HONORIFICS and key not in GIVEN_HONORIFICS)
    ):
        return False
    # In mixed-case text a word in capitals is an acronym (`NSC`, `APNSA`), not a name.
    return not (mixed_case and len(core) >= 2 and core.isupper())


def unjoin(label: str) -> str:
    """`VladimirPUTIN`, `VladimirPutin` -> `Vladimir PUTIN`, `Vladimir Putin`: a given name
    run into the surname. Three small letters at least before it (`McDONALD` stays)."""
    label = re.sub(r"(?<=[a-zà-ÿğış]{3})(?=[A-ZÀ-ÞĞİŞ]{2,}\b)", " ", label)
    return re.sub(r"\b([A-ZÀ-ÞĞİŞ][a-zà-ÿğış]{3,})([A-ZÀ-ÞĞİŞ][a-zà-ÿğış]{2,})\b", r"\1 \2", label)


def without_opening(label: str) -> str:
    """`And to President Biden` -> `President Biden`, `For Dr. Fauci` -> `Dr. Fauci`: words
    that open a sentence stand before a label only when a line of prose was taken for one."""
    words = label.split()
    while (
        len(words) > 1
        and (fold(words[0]) in SENTENCE_WORDS or fold(words[0]) in {"and", "y", "to", "for", "de"})
        and not is_role_word(words[0])
    ):
        words.pop(0)
    return " ".join(words)


def strip_titles(name: str) -> str:
    """`DOCTOR JULIO BERDEGUÉ`, `Dr. Fauci`: titles left at the front of a name part."""
    words = name.split()
    while len(words) > 1 and (
        fold(words[0]).rstrip(".") in HONORIFICS - GIVEN_HONORIFICS or is_role_word(words[0])
    ):
        words.pop(0)
    return " ".join(words)


# A honorific with a letter lost or a stray letter in front: `S. PSAKI`, `QMS. PSAKI`.
HONORIFIC_TAILS = {"s": "ms", "rs": "mrs", "r": "mr"}


def garbled_honorific(token: str) -> str:
    """The honorific a misprinted one stands for, or "" when it is not one."""
    if not re.fullmatch(r"[^\W\d_]{1,4}\.", token):
        return ""
    key = fold(token)
    if key in HONORIFICS:
        return key
    if len(key) >= 3 and key[1:] in HONORIFICS:
        return key[1:]
    return HONORIFIC_TAILS.get(key, "")


NAME_SUFFIXES = frozenset(NAME_CONSTANTS.suffix_not_acronyms) | {"phd", "md"}


def name_words(name: str) -> list[str]:
    """A name's folded words without initials and suffixes: `Donald J. Trump` -> donald, trump."""
    words = []
    tokens = name.replace(",", " ").split()
    for index, token in enumerate(tokens):
        # A double-barrelled name is one word: `Jean-Pierre` is found as `jeanpierre`.
        key = fold(re.sub(r"(?<=\w)[-‐](?=\w)", "", token))
        if not key or key in NAME_SUFFIXES:
            continue
        last = index == len(tokens) - 1
        if is_initial(token) and not (last and index and fold(tokens[index - 1]) in CONNECTORS):
            continue  # an initial, but not the `O` of `Ramírez de la O`
        words.extend(key.split())
    return words


@functools.lru_cache(maxsize=16384)
def _words(name: str) -> tuple[str, ...]:
    # Comparing every pair of an archive's people asks for the same names thousands of times.
    return tuple(name_words(name))


def surname_keys(name: str) -> tuple[str, str]:
    """The folded last word of a name and, in names of three words or more, the one before.

    Spanish names carry two family names and are cited by the first (`López` for Andrés
    Manuel López Obrador); particles (`de la`) are passed over.
    """
    words = name_words(name)
    if not words:
        return "", ""
    if len(words) < 3:
        return words[-1], ""
    before = [w for w in words[1:-1] if w not in CONNECTORS]
    return words[-1], (before[-1] if before else "")


def given_key(name: str) -> str:
    """The folded first given name (or its initial: `J. Stoltenberg` -> `j`); "" for a surname."""
    tokens = name.split()
    if len(tokens) >= 2 and is_initial(tokens[0]):
        return fold(tokens[0])
    words = name_words(name)
    return words[0] if len(words) >= 2 else ""


def given_compatible(a: str, b: str) -> bool:
    """Can these two first names (or initials) belong to one person?

    `J.` and `Jake` can, `Jen` and `Jennifer`, `Tony` and `Anthony` (English nicknames from
    the `nicknames` dataset), `Pepe` and `José` (data/hypocorisms_es.txt); `Lara` and
    `Donald` cannot.
    """
    a, b = fold(a), fold(b)
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b or a.startswith(b) or b.startswith(a) or _nickname_of(a, b)


def spelt_alike(a: str, b: str) -> bool:
    """Two printings of one full name that differ by a slip or a transliteration.

    `Ariadna`/`Arianda Montiel Reyes`, `Leticia Ramírez`/`Remírez Amaya`, `Sergei`/`Sergey
    Donskoy`: the same number of words, every word but at most two letters alike, each
    changed word of four letters or more with its first letter kept. `John Kerry` and `John
    Berry` are two people; so are two names that differ in a short word.
    """
    words_a, words_b = _words(a), _words(b)
    if len(words_a) < 2 or len(words_a) != len(words_b) or words_a == words_b:
        return False
    if sum(map(len, words_a)) < 10:
        return False
    changed = 0
    for x, y in zip(words_a, words_b, strict=True):
        if x == y:
            continue
        if len(x) < 4 or len(y) < 4 or x[0] != y[0]:
            return False
        changed += distance.Levenshtein.distance(x, y)
        if changed > 2:
            return False
    return True


def printed_more_fully(a: str, b: str) -> bool:
    """One person's name, printed more or less fully.

    `donald trump` and `donald j trump` (initials already gone): first and last agree and
    the shorter name's words all appear in the longer; `icela rodriguez velazquez` and
    `rosa icela rodriguez velazquez`: three words or more that end the longer name.
    Whether the shorter printing names that person or another is for its caller to say:
    it is only when no other person fits.
    """
    words_a, words_b = _words(a), _words(b)
    if len(words_a) < 2 or len(words_b) < 2:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) >= 3 and longer[-len(shorter) :] == shorter:
        return True
    if words_a[0] != words_b[0] or words_a[-1] != words_b[-1]:
        return False
    return set(shorter) <= set(longer)


def familiar_printing(a: str, b: str) -> bool:
    """One name printed with a given name and with its familiar form.

    `Ali Mayorkas` and `Alejandro Mayorkas`, `Tony Blinken` and `Antony Blinken`: the
    same words but the first, which the nickname data say are one name. A prefix is not
    enough here (`Chris` begins `Christine` and `Christopher`), unlike in resolution,
    where the label already narrows the candidates to one document's people.
    """
    words_a, words_b = _words(a), _words(b)
    if len(words_a) < 2 or len(words_a) != len(words_b) or words_a[1:] != words_b[1:]:
        return False
    first_a, first_b = words_a[0], words_b[0]
    return (
        first_a != first_b
        and min(len(first_a), len(first_b)) >= 2
        and _nickname_of(first_a, first_b)
    )


@functools.lru_cache(maxsize=1)
def _hypocorisms() -> dict[str, frozenset[str]]:
    """Familiar forms by given name, both ways, folded: `pepe` -> {`jose`}, `jose` -> {`pepe`}."""
    forms: dict[str, set[str]] = {}
    for line in HYPOCORISMS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, familiar = line.partition(":")
        for form in familiar.split(","):
            a, b = fold(name.strip()), fold(form.strip())
            forms.setdefault(a, set()).add(b)
            forms.setdefault(b, set()).add(a)
    return {name: frozenset(others) for name, others in forms.items()}


HYPOCORISMS = Path(__file__).parent / "data" / "hypocorisms_es.txt"


@functools.lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


@functools.lru_cache(maxsize=8192)
def _nickname_of(a: str, b: str) -> bool:
    if b in _hypocorisms().get(a, ()):
        return True
    names = _nicknamer()
    return b in names.nicknames_of(a) or a in names.nicknames_of(b)


# Words that qualify a title without changing which title it is.
ROLE_MODIFIERS = {
    "acting",
    "interim",
    "former",
    "senior",
    "principal",
    "the",
    "white",
    "house",
    "national",
    "special",
    "assistant",
    "chief",
    "first",
    "u.s.",
    "us",
    "titular",
    "general",
    "genel",
}


def role_heads(role: str) -> frozenset[str]:
    """The titles a role names, for telling whether two roles can be one person's.

    `Principal Deputy Press Secretary` -> {deputy, press, secretary}; `Vice President` ->
    {vice president}: a vice president is not a president.
    """
    words = fold(role).split()
    heads = set()
    index = 0
    while index < len(words):
        word = words[index]
        if word in {"vice", "under", "sub"} and index + 1 < len(words):
            heads.add(f"{word} {words[index + 1]}")
            index += 2
            continue
        if word in ROLE_WORDS and word not in ROLE_MODIFIERS and word not in CONNECTORS:
            heads.add(ROLE_EQUIVALENTS.get(word, word))
        index += 1
    return frozenset(heads)


def roles_fit(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two sets of titles share one, allowing a misprint (`Administration` for
    `Administrator` in `ACTING ADMINISTRATION SLAVITT`)?"""
    if a & b:
        return True
    return any(
        len(x) >= 8 and len(y) >= 8 and distance.DamerauLevenshtein.distance(x, y) <= 2
        for x in a
        for y in b
    )


def office_key(role: str) -> str:
    """The folded role as an office's `role_keys` list it: `THE PRESIDENT` -> `president`."""
    key = fold(role)
    return key[4:] if key.startswith("the ") else key
