"""Labels that stand for a fuller name the document gives elsewhere.

Magazines and transcripts shorten the names they print before each turn: initials
(`KN` for the Kensei Nakada of the intro, `AP` for the byline's Arvind Parekh), a
given name (`Kensei`), an initial and a surname (`C.YARALI`, `C. YARALI` for the
Cemil Yaralı who names himself), an outlet's domain for its journalist (`fluter.de`
when the byline names one interviewer), an office or a host for the people the
metadata names (`PM`, `HOST`), a surname whose full name only the member lists of a
hearing print (`Senator HAWLEY` for `JOSH HAWLEY, Missouri`).

expand_labels(...) maps such labels to the name under which they are resolved, and
says which of those names are final (the metadata's, or an initial and surname that
no title or honorific reading may change); the turn keeps the label as printed. Each
rule is a small function; none guesses between two people: an ambiguous label stays.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from .header import Header
from .sides import title_interviewers
from .text import TURKISH_LETTERS, fold, is_caps, lower_text, smart_title
from .vocabulary import CONNECTORS, GENERIC_LABELS, HONORIFICS, ROLE_WORDS

UPPER = "A-ZÀ-ÖØ-ÞĞİŞĆČŁŃŚŹŻŽ"
NAME_WORD = rf"[{UPPER}][\w'’-]+"
PERSON = re.compile(rf"\b{NAME_WORD}(?:\s+[{UPPER}]\.)?(?:\s+{NAME_WORD}){{1,2}}\b")
INITIALS = re.compile(rf"^(?:[{UPPER}]\.?\s?){{1,4}}$")
DOTTED = re.compile(rf"^(?P<initial>[{UPPER}])\.\s?(?P<surname>[^\W\d_][\w'’-]+)$")
WORDS = re.compile(r"[^\W\d_][\w'’-]*")
DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)
HOSTS = {"host", "interviewer", "presenter", "anchor", "entrevistador", "entrevistadora"}
QUESTIONS = {k for k, v in GENERIC_LABELS.items() if v == "reporter"}
ANSWERS = {"a", "answer", "cevap", "yanit", "respuesta", "resposta", "reponse", "antwort", "r"}
INVERTED = re.compile(
    rf"\b(?P<last>[{UPPER}][a-zà-ÿğışćčłńśźżž'’-]+),\s+(?:Hon\.\s+|Dr\.\s+|Mr\.\s+|Ms\.\s+|Mrs\.\s+)?"
    rf"(?P<first>{NAME_WORD}(?:\s+[{UPPER}]\.)?)"
)


def expand_labels(
    labels: list[str],
    header: Header,
    preamble: str,
    body: str,
    people: dict[str, tuple[str, str]],
) -> tuple[dict[str, str], dict[str, str]]:
    """(printed label -> name to resolve it under, printed label -> final name)."""
    distinct = list(dict.fromkeys(labels))
    keys = {fold(label) for label in distinct}
    interviewers = list(header.interviewers or header.authors)
    if not interviewers:
        interviewers = title_interviewers(header.title, header.interviewees)
    questioned = bool(keys & QUESTIONS)
    found: dict[str, str] = {}
    final: dict[str, str] = {}
    people_named: list[list[str]] = []

    def named() -> list[str]:  # the intro's and byline's people, read once if asked
        if not people_named:
            people_named.append(named_people(header, preamble))
        return people_named[0]

    def answerable() -> list[str]:
        others = {fold(n) for n in interviewers}
        return [n for n in named() if fold(n) not in others]

    def text() -> str:  # only an initialled label needs the whole document's words
        return f"{header.title} {' '.join(header.intro)} {preamble} {body} {' . '.join(distinct)}"

    outlets = outlet_keys(header)
    for label in distinct:
        fixed = from_metadata(label, people) or (
            DOTTED.match(label.strip()) and dotted_name(label, text())
        )
        if fixed:
            found[label] = final[label] = fixed
            continue
        name = (
            outlet_journalist(label, outlets, interviewers)
            or host_person(label, interviewers)
            or answerer(label, questioned, header.interviewees, answerable)
            or from_initials(label, named, questioned)
            or given_name(label, named)
            or listed_surname(label, header, preamble, body)
        )
        if name and fold(name) != fold(label):
            found[label] = name
    return found, final


def named_people(header: Header, preamble: str) -> list[str]:
    """People the document names outside the turns: header, byline, title, intro."""
    names = [*header.interviewers, *header.interviewees, *header.authors]
    for text in (header.title, " ".join(header.intro), preamble[:5000]):
        names.extend(m.group(0) for m in PERSON.finditer(text) if _person_like(m.group(0)))
    return list(dict.fromkeys(n for n in names if len(n.split()) >= 2))


def _person_like(name: str) -> bool:
    words = name.split()
    return not any(fold(w).rstrip(".") in ROLE_WORDS | HONORIFICS for w in words)


def from_metadata(label: str, people: dict[str, tuple[str, str]]) -> str:
    if label in people:
        return people[label][0]
    key = fold(label)
    return next((name for printed, (name, _) in people.items() if fold(printed) == key), "")


def outlet_keys(header: Header) -> set[str]:
    """The document's outlet, publisher and web host, as compact keys."""
    outlets = {fold(o).replace(" ", "") for o in (header.source, header.publisher) if o}
    host = re.sub(r"^https?://(?:www\.)?([^/]+).*$", r"\1", header.url or "")
    if host:
        outlets.add(fold(host).replace(" ", ""))
    return outlets


def outlet_journalist(label: str, outlets: set[str], interviewers: list[str]) -> str:
    """`fluter.de:` or `BBC News:` asking the questions: the one journalist the byline names."""
    if len(interviewers) != 1:
        return ""
    compact = fold(label).replace(" ", "")
    if not (DOMAIN.match(label.strip()) or (compact and compact in outlets)):
        return ""
    return interviewers[0] if len(interviewers) == 1 else ""


def host_person(label: str, interviewers: list[str]) -> str:
    if fold(label) in HOSTS and len(interviewers) == 1:
        return interviewers[0]
    return ""


def answerer(label: str, questioned: bool, interviewees: list[str], named) -> str:
    """`A`, `Cevap`, `Respuesta` beside `Q`/`Soru`/`Pregunta`: the one interviewee named.

    `named` gives, when called, the people the document names who are not its interviewers.
    """
    if fold(label) not in ANSWERS or not questioned:
        return ""
    if len(interviewees) == 1:
        return interviewees[0]
    if not interviewees and len(people := named()) == 1:
        return people[0]  # `Ayşe Yılmaz ile söyleşi`: the one person the document names
    return "Interviewee"


def from_initials(label: str, named, questioned: bool) -> str:
    """`KN` -> Kensei Nakada; `A` -> the one named person whose name starts with A.

    `named` gives, when called, the people the document names outside its turns.
    """
    text = label.strip()
    if not INITIALS.match(text) or (questioned and fold(text) in ANSWERS):
        return ""
    letters = re.sub(r"[.\s]", "", text).upper()
    if fold(letters) in GENERIC_LABELS:
        return ""
    people = named()
    matches = [n for n in people if _initials(n) == letters]
    if not matches and len(letters) == 1:
        matches = [n for n in people if _initials(n)[:1] == letters]
    matches = list(dict.fromkeys(matches))
    return matches[0] if len(matches) == 1 else ""


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if fold(w) not in CONNECTORS]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def dotted_name(label: str, text: str) -> str:
    """`C.YARALI` or `C. YARALI` -> `Cemil Yaralı` when the text names him, `M. Sezer` when
    nothing names anyone of that surname; "" when another reading should decide."""
    match = DOTTED.match(label.strip())
    if not match:
        return ""
    initial, surname = match.group("initial"), match.group("surname")
    target, letter = fold(surname), fold(initial)
    found: Counter[str] = Counter()
    others = 0
    words = WORDS.findall(text)
    for given, family in itertools.pairwise(words):
        if fold(family) != target or not given[:1].isupper() or len(given) < 2:
            continue
        if fold(given[:1]) == letter and not given.isupper():
            found[f"{given} {family}"] += 1
        else:
            others += 1
    if found:
        return found.most_common(1)[0][0]
    if others:
        return ""  # `M. PSAKI` in a briefing by Jen Psaki: a typo the resolution settles
    return f"{initial}. {smart_title(surname) if is_caps(surname) else surname}"


def given_name(label: str, named) -> str:
    """`Kensei` -> Kensei Nakada, when one person the document names has that first name."""
    words = label.strip().split()
    if len(words) != 1 or not words[0][:1].isupper() or INITIALS.match(words[0]):
        return ""
    key = fold(words[0])
    matches = list(dict.fromkeys(n for n in named() if fold(n).split()[0] == key))
    return matches[0] if len(matches) == 1 else ""


def listed_surname(label: str, header: Header, preamble: str, body: str) -> str:
    """`Senator HAWLEY` -> `Senator Josh Hawley` from a list printing `JOSH HAWLEY, Missouri`.

    Such lists (members in capitals, `Bejar, Arturo` in a table of contents) are what
    the ordinary reading of the title and intro cannot see, and what it would misread
    (`WITNESS Bejar`), so they are taken when they name one person of that surname.
    """
    words = label.strip().split()
    if not words:
        return ""
    titles = []
    while len(words) > 1 and (
        fold(words[0]).rstrip(".") in HONORIFICS or fold(words[0]) in ROLE_WORDS
    ):
        titles.append(words.pop(0))
    if len(words) != 1 or not words[0][:1].isupper():
        return ""
    surname = words[0]
    target = fold(surname)
    if not titles and not is_caps(surname):
        return ""
    if target in ROLE_WORDS or target in GENERIC_LABELS or target.rstrip("s") in GENERIC_LABELS:
        return ""  # `THE PRESIDENT`, `MODERATOR`, `PARTICIPANTS`: offices and voices
    lower = surname.lower()
    if lower in body and re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", body):
        return ""  # a word the turns write in lower case is no surname
    capitals = _capitals(surname, preamble)
    inverted: Counter[str] = Counter()
    for match in INVERTED.finditer(preamble):
        if fold(match.group("last")) == target:
            inverted[f"{match.group('first')} {match.group('last')}"] += 1
    # A member list in capitals is the surer source; `Surname, Given` forms may also be
    # a list of surnames (`Present: Senators Klobuchar, Coons, ...`).
    for found in (capitals, inverted):
        firsts = {fold(name).split()[0] for name in found}
        if len(firsts) == 1:
            full = max(found, key=lambda name: (found[name], len(name)))
            return f"{' '.join(titles)} {full}" if titles else full
    return ""


LIST_STOP = {"of", "on", "the", "and", "hon", "committee", "subcommittee", "senate", "house"}


def _capitals(surname: str, text: str) -> Counter[str]:
    """Full names printed in capitals before `surname` (`RICHARD J. DURBIN, Illinois`)."""
    found: Counter[str] = Counter()
    # A member list: `JOSH HAWLEY, Missouri`; a heading in capitals runs on without a comma.
    for match in re.finditer(rf"(?<![\w-]){re.escape(surname.upper())}(?=\s*,|\s*$)", text, re.M):
        given: list[str] = []
        before = text[max(0, match.start() - 60) : match.start()].rsplit("\n", 1)[-1]
        for word in reversed(before.split()):
            bare = fold(word)
            if not is_caps(word) and not re.fullmatch(rf"[{UPPER}]\.", word):
                break
            if (
                bare in LIST_STOP
                or bare in CONNECTORS
                or bare in ROLE_WORDS
                or bare.rstrip(".") in HONORIFICS
                or (len(bare) < 2 and not re.fullmatch(rf"[{UPPER}]\.", word))
            ):
                break
            if word.endswith((",", ";", ":")):
                break
            given.insert(0, word)
            if sum(1 for g in given if not g.endswith(".")) == 2:
                break
        # A list prints each name at the start of a line or of a column; a heading in
        # capitals (`... HUMAN SERVICES ROBERT F. KENNEDY, JR.`) runs on from other words.
        lead = before[: len(before.rstrip())]
        head = lead[: len(lead) - len(" ".join(given))] if given else lead
        listed = not head.strip() or head.endswith("   ")
        if given and listed and not re.fullmatch(rf"[{UPPER}]\.", given[0]):
            found[_name_case(" ".join([*given, surname]))] += 1
    return found


def _name_case(name: str) -> str:
    """`AMY KLOBUCHAR` -> `Amy Klobuchar`, `MAZIE K. HIRONO` -> `Mazie K. Hirono`."""
    turkish = bool(TURKISH_LETTERS.search(name))
    words = []
    for word in name.split():
        parts = re.split(r"([-'’])", word)
        words.append(
            "".join(p[:1] + lower_text(p[1:], turkish) if p.isalpha() else p for p in parts)
        )
    return " ".join(words)
