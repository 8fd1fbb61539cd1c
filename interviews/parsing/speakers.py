"""From labels as printed to people: names, roles, and who asked and who answered."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .labels import CONNECTORS, generic_role, label_key, strip_notes
from .result import INTERVIEWEE, INTERVIEWER, OTHER, ParsedSpeaker
from .text import SMALL_WORDS, TURKISH_LETTERS, fold, is_caps, smart_title, squeeze
from .vocabulary import HONORIFICS, ROLE_WORDS
from .voices import generic_voice

GENERIC_NAMES = {
    "reporter": "Reporter",
    "audience": "Audience member",
    "unidentified": "Unidentified speaker",
    "moderator": "Moderator",
    "interpreter": "Interpreter",
    "operator": "Operator",
    "narrator": "Narrator",
}
GENERIC_PARTS = {"reporter": INTERVIEWER, "audience": INTERVIEWER}

NAME_STOP = {"the", "and", "of", "mr", "ms", "mrs", "dr", "sir", "in", "on", "by", "with", "for"}
CAPITALISED = r"[A-ZÀ-ÖØ-ÞĞİŞĆČŁŃŚŹŻŽ][\w'’-]*\.?"
PERSON = rf"(?:{CAPITALISED}\s+){{0,3}}{CAPITALISED}"

# Phrases in an intro that say who interviewed whom.
INTRO_PATTERNS = [
    (
        re.compile(
            rf"(?P<a>{PERSON})\s+(?:sat down with|spoke (?:with|to)|talked (?:with|to)|interviewed|met with|asked|conversó con|entrevistó a|habló con)\s+(?P<b>{PERSON})"
        ),
        "ab",
    ),
    (
        re.compile(
            rf"(?P<b>{PERSON})\s+(?:gave|granted|has given|gives|concedió|dio)\s+(?:an|a|una|the|su)?\s*(?:exclusive\s+)?(?:interview|entrevista)\s+(?:to|a)\s+(?:the\s+|la\s+|el\s+)?(?P<a>{PERSON})?"
        ),
        "ab",
    ),
    (
        re.compile(
            rf"(?:interview|entrevista|conversation|conversación|röportaj)\s+(?:with|con|a)\s+(?P<b>{PERSON})"
        ),
        "b",
    ),
    (re.compile(rf"(?P<b>{PERSON})\s+(?:told|said to|dijo a)\s+(?P<a>{PERSON})"), "ab"),
]
SENTENCE_START = re.compile(r"(?:^|[.?!:;\"“(—–-])\s*$")


@dataclass
class Candidate:
    labels: list[str]
    name: str
    role: str = ""
    kind: str = "person"  # "person", "group" (Reporter, Moderator) or "anonymous"
    generic: str = ""
    part: str = ""
    count: int = 0
    surname_only: bool = False
    keys: set[str] = field(default_factory=set)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class Context:
    title: str
    intro: str
    body: str
    source: str = ""
    publisher: str = ""
    interviewers: list[str] = field(default_factory=list)
    interviewees: list[str] = field(default_factory=list)
    # For each label in order: does that turn ask something?
    question_flags: list[bool] = field(default_factory=list)

    @functools.cached_property
    def common_words(self) -> frozenset[str]:
        """Words the document writes in lower case: nouns like `harbour master`, not names."""
        return frozenset(
            re.findall(r"\b[a-zà-ÿğış][\w-]+", f"{self.title} {self.intro} {self.body}")
        )


def resolve(labels_in_order: list[str], context: Context) -> tuple[dict[str, Candidate], list[str]]:
    """Map each label key to a Candidate; returns the map and warnings."""
    warnings: list[str] = []
    counts = Counter(label_key(label) for label in labels_in_order)
    printed: dict[str, list[str]] = defaultdict(list)
    for label in labels_in_order:
        key = label_key(label)
        if label not in printed[key]:
            printed[key].append(label)
    intro_people = _intro_people(context.intro)
    candidates: dict[str, Candidate] = {}
    for key, labels in printed.items():
        candidate = _candidate(labels[0], context, intro_people)
        candidate.labels = list(labels)
        candidate.count = counts[key]
        candidate.keys = {key}
        candidates[key] = candidate
    merged = _merge(candidates)
    _assign_parts(merged, labels_in_order, context, intro_people)
    for candidate in {id(c): c for c in merged.values()}.values():
        if candidate.surname_only and candidate.is_person:
            warnings.append(
                f"speaker '{candidate.labels[0]}' is known only as '{candidate.name}': "
                "no fuller name in the title or intro"
            )
    return merged, warnings


# --- one label ----------------------------------------------------------------------


def _candidate(label: str, context: Context, intro_people: dict[str, str]) -> Candidate:
    voice = generic_voice(label)
    if voice:
        # `Speaker 1`, `SPEAKER_00`: one unnamed person of this interview, until named.
        return Candidate([label], voice, kind="anonymous")
    core = strip_notes(label)
    role_kind = generic_role(label)
    if role_kind:
        return Candidate(
            [label],
            GENERIC_NAMES[role_kind],
            kind="group",
            generic=role_kind,
            part=GENERIC_PARTS.get(role_kind, OTHER),
        )
    outlet = _outlet_person(core, context)
    if outlet is not None:
        return outlet
    words = core.split()
    if fold(words[0]) == "the" and all(_is_role_word(w) for w in words[1:]):
        return _role_label(core, context)
    if fold(words[0]).rstrip(".") in HONORIFICS and len(words) >= 2:
        surname = _normalise_name(" ".join(words[1:]))
        return _from_surname(surname, "", context, intro_people)
    role, name = _split_role(core, context.common_words)
    if not name:
        title = smart_title(core) if is_caps(core) else core
        return Candidate([label], title, kind="anonymous", role="")
    name = _normalise_name(name)
    role = _normalise_role(role)
    if len(name.split()) == 1:
        return _from_surname(name, role, context, intro_people)
    return Candidate([label], name, role=role or _appositive_role(name, context))


def _outlet_person(core: str, context: Context) -> Candidate | None:
    """`euronews:` in an interview published by EuroNews is its journalist, named in the intro."""
    key = fold(core).replace(" ", "")
    for outlet in (context.source, context.publisher):
        if outlet and key and key == fold(outlet).replace(" ", ""):
            pattern = re.compile(
                rf"(?i:{re.escape(core)}(?:'s|’s)?\s+(?:(?:correspondent|reporter|journalist|anchor|host)\s+)?)(?P<name>{PERSON})"
            )
            match = pattern.search(context.intro)
            if match:
                name = _trim_person(match.group("name"))
                if name:
                    return Candidate(
                        [core], name, part=INTERVIEWER, role=_appositive_role(name, context)
                    )
            return Candidate(
                [core],
                smart_title(outlet) if is_caps(outlet) else outlet,
                kind="group",
                part=INTERVIEWER,
            )
    return None


def _role_label(core: str, context: Context) -> Candidate:
    """`THE PRESIDENT:` is the president the title or intro names, when it names one."""
    role = _normalise_role(" ".join(core.split()[1:]))
    role_pattern = r"\s+".join(re.escape(w) for w in role.split())
    for text in (context.title, context.intro):
        match = re.search(rf"\b(?i:{role_pattern})\s+(?P<name>{PERSON})", text)
        if match:
            name = _attested(_trim_person(match.group("name")), context)
            if name:
                name = _normalise_name(name)
                if len(name.split()) == 1:
                    full = _full_name(name, context)
                    return Candidate([core], full or name, role=role, surname_only=not full)
                return Candidate([core], name, role=role)
    return Candidate(
        [core], smart_title(core) if is_caps(core) else core, kind="anonymous", role=role
    )


def _from_surname(
    surname: str, role: str, context: Context, intro_people: dict[str, str]
) -> Candidate:
    full = _full_name(surname, context)
    name = full or surname
    found_role = role or _title_role(name, context) or _appositive_role(name, context)
    return Candidate([surname], name, role=found_role, surname_only=not full)


def _split_role(core: str, common_words: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(`President of Russia`, `Vladimir Putin`) from `President of Russia Vladimir Putin`.

    Leading words count as a title when they are known titles, or when the document
    also writes them in lower case (`Harbour Master Ana Silva`) and a name remains.
    """
    if "," in core:
        return _split_at_commas(
            [part.strip() for part in core.split(",") if part.strip()], common_words
        )
    words = core.split()
    index = 0
    while index < len(words):
        word = words[index]
        if _is_role_word(word) or (
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
            (i for i, w in enumerate(words) if _is_role_word(w) and fold(w) != "the"), default=-1
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


def _split_at_commas(parts: list[str], common_words: frozenset[str]) -> tuple[str, str]:
    """`NAME, TITLE` or `TITLE, NAME`; a title may itself contain commas.

    `SECRETARIO DE INFRAESTRUCTURA, COMUNICACIONES Y TRANSPORTES, JESÚS ESTEVA` names the
    person last; `HUGO LÓPEZ-GATELL RAMÍREZ, SUBSECRETARIO DE PREVENCIÓN` first.
    """
    if len(parts) == 1:
        return "", parts[0]

    def title_score(part: str) -> int:
        first = part.split()[0]
        return 2 if _is_role_word(first) else 1 if fold(first) in common_words else 0

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


def _starts_with_role(text: str) -> bool:
    words = text.split()
    return bool(words) and _is_role_word(words[0])


def _is_role_word(word: str) -> bool:
    return fold(word).replace(" ", "-") in ROLE_WORDS or fold(word) in ROLE_WORDS


def _normalise_name(name: str) -> str:
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


def _normalise_role(role: str) -> str:
    if not role:
        return ""
    if is_caps(role):
        return smart_title(role)
    words = []
    for word in role.split():
        if word.islower() and (_is_role_word(word) or "-" in word):
            word = "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
        words.append(word)
    return " ".join(words)


def _trim_person(name: str) -> str:
    """Drop role words and stop words around a captured name."""
    words = [w.rstrip(".,") for w in name.split()]
    while words and (
        _is_role_word(words[0])
        or fold(words[0]) in NAME_STOP
        or fold(words[0]).rstrip(".") in HONORIFICS
    ):
        words.pop(0)
    while words and fold(words[-1]) in NAME_STOP:
        words.pop()
    return " ".join(words)


def _full_name(surname: str, context: Context) -> str:
    """The most frequent `First [Middle] Surname` in the title, intro and text."""
    pattern = re.compile(rf"(?P<first>(?:{CAPITALISED}\s+){{1,3}}){re.escape(surname)}\b")
    found: Counter[str] = Counter()
    for weight, text in ((3, context.title), (3, context.intro), (1, context.body)):
        for match in pattern.finditer(text):
            words = match.group("first").split()
            if weight == 1 and len(words) == 1 and SENTENCE_START.search(text[: match.start()]):
                continue  # "Was Biden ...": a capital that only starts a sentence
            first = _given_names(words)
            if first:
                found[f"{first} {surname}"] += weight
    if not found:
        return ""
    return found.most_common(1)[0][0]


def _given_names(words: list[str]) -> str:
    """Given names just before a surname, read backwards until a title or a stop word."""
    given: list[str] = []
    for word in reversed(words):
        bare = fold(word)
        if (
            not bare
            or (word.endswith(".") and len(word) > 2)  # `Zero.` ends a sentence; `J.` is an initial
            or _is_role_word(word)
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


def _attested(name: str, context: Context) -> str:
    """The longest leading part of a name taken from a Title Case title that the text repeats.

    `Trump Aboard Air Force` (from `President Trump Aboard Air Force One`) -> `Trump`.
    """
    words = name.split()
    for size in range(len(words), 1, -1):
        candidate = " ".join(words[:size])
        if re.search(rf"\b{re.escape(candidate)}\b", f"{context.intro} {context.body}"):
            return candidate
    return words[0] if words else ""


def _title_role(name: str, context: Context) -> str:
    """`Press Secretary` from a title such as `Press Briefing by Press Secretary Jen Psaki`."""
    match = re.search(rf"((?:{CAPITALISED}\s+){{1,4}}){re.escape(name)}", context.title)
    if not match:
        return ""
    words = match.group(1).split()
    role: list[str] = []
    for word in reversed(words):
        if _is_role_word(word) and fold(word) != "the":
            role.insert(0, word)
        else:
            break
    return " ".join(role)


def _appositive_role(name: str, context: Context) -> str:
    """`NATO Secretary-General` from `Jens Stoltenberg, NATO secretary-general, to discuss`."""
    match = re.search(
        rf"{re.escape(name)},\s+(?:the\s+)?(?P<role>[^,.;()]{{3,60}}?)\s*[,.;)]", context.intro
    )
    if match:
        role = match.group("role")
        if any(_is_role_word(w) for w in role.split()) and len(role.split()) <= 7:
            return _normalise_role(role)
    return ""


def _intro_people(intro: str) -> dict[str, str]:
    """Names the intro casts as interviewer ("a") or interviewee ("b")."""
    people: dict[str, str] = {}
    for pattern, groups in INTRO_PATTERNS:
        for match in pattern.finditer(intro):
            for group in groups:
                name = _trim_person(match.group(group) or "")
                if name and len(name.split()) >= 2:
                    people.setdefault(name, INTERVIEWER if group == "a" else INTERVIEWEE)
    return people


# --- several labels, one person ----------------------------------------------------


def _merge(candidates: dict[str, Candidate]) -> dict[str, Candidate]:
    """Labels that name the same person share one Candidate."""
    ordered = sorted(candidates.values(), key=lambda c: (-c.count, -len(c.name)))
    groups: list[Candidate] = []
    mapping: dict[str, Candidate] = {}
    for candidate in ordered:
        target = next((g for g in groups if _same_person(g, candidate)), None)
        if target is None:
            groups.append(candidate)
            for key in candidate.keys:
                mapping[key] = candidate
            continue
        keep = _choose(target, candidate)
        keep.labels = _unique(target.labels + candidate.labels)
        keep.keys = target.keys | candidate.keys
        keep.count = target.count + candidate.count
        keep.role = max((target.role, candidate.role), key=len)
        keep.part = target.part or candidate.part
        keep.surname_only = target.surname_only and candidate.surname_only
        if keep is not target:
            groups[groups.index(target)] = keep
        for key in keep.keys:
            mapping[key] = keep
    return mapping


def _same_person(a: Candidate, b: Candidate) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "group":
        return a.name == b.name
    fa, fb = fold(a.name).split(), fold(b.name).split()
    if fa == fb:
        return True
    if a.kind != "person":
        return False
    shorter, longer = sorted((fa, fb), key=len)
    if len(shorter) == 1:
        return longer[-1] == shorter[0]
    if longer[-len(shorter) :] == shorter or longer[: len(shorter)] == shorter:
        return True
    return fuzz.ratio(" ".join(fa), " ".join(fb)) >= 94


def _choose(a: Candidate, b: Candidate) -> Candidate:
    """Which of two candidates for one person gives the canonical name."""
    la, lb = len(a.name.split()), len(b.name.split())
    if min(la, lb) == 1:
        return a if la >= lb else b
    return a if a.count >= b.count else b


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- who asked, who answered --------------------------------------------------------


def _assign_parts(
    mapping: dict[str, Candidate], labels: list[str], context: Context, intro_people: dict[str, str]
) -> None:
    people = list({id(c): c for c in mapping.values()}.values())
    hints: dict[str, str] = {}
    for name in context.interviewers:
        hints[fold(name)] = INTERVIEWER
    for name in context.interviewees:
        hints[fold(name)] = INTERVIEWEE
    for name, part in intro_people.items():
        hints.setdefault(fold(name), part)
    title = f" {fold(context.title)} "
    for person in people:
        if person.part:
            continue
        if person.kind == "group":
            person.part = OTHER
            continue
        folded = fold(person.name)
        surname = folded.split()[-1] if folded else ""
        hint = hints.get(folded) or next(
            (part for name, part in hints.items() if name.split()[-1:] == [surname]), None
        )
        if hint:
            person.part = hint
        elif person.is_person and surname and f" {surname} " in title:
            person.part = INTERVIEWEE
    undecided = [p for p in people if not p.part]
    if not undecided:
        return
    ratios = _question_ratios(mapping, labels, context)
    has_interviewer = any(p.part == INTERVIEWER for p in people)
    has_interviewee = any(p.part == INTERVIEWEE for p in people)
    press = any(p.generic == "reporter" for p in people)
    for person in undecided:
        ratio = ratios.get(id(person), 0.0)
        if press:
            # At a press conference the reporters ask; everyone named is on the podium.
            person.part = INTERVIEWEE
        elif has_interviewer and not has_interviewee:
            person.part = INTERVIEWEE if ratio < 0.5 else INTERVIEWER
        elif has_interviewer:
            person.part = INTERVIEWER if ratio >= 0.5 else INTERVIEWEE
        elif has_interviewee:
            person.part = INTERVIEWER if ratio >= 0.25 else OTHER
    undecided = [p for p in people if not p.part]
    if undecided:
        # No hint at all (a podcast): whoever opens is the host; voices that ask about
        # as much as the host are co-hosts, the others are guests.
        first_key = next(
            (label_key(label) for label in labels if mapping[label_key(label)] in undecided), None
        )
        host = mapping[first_key] if first_key else undecided[0]
        host.part = INTERVIEWER
        bar = max(0.75 * ratios.get(id(host), 0.0), 0.2)
        for person in undecided:
            if person is not host:
                person.part = INTERVIEWER if ratios.get(id(person), 0.0) >= bar else INTERVIEWEE


def _question_ratios(
    mapping: dict[str, Candidate], labels: list[str], context: Context
) -> dict[int, float]:
    """Share of each speaker's turns that ask something."""
    totals: Counter[int] = Counter()
    questions: Counter[int] = Counter()
    flags = context.question_flags or [False] * len(labels)
    for label, asks in zip(labels, flags, strict=False):
        candidate = mapping.get(label_key(label))
        if candidate is None:
            continue
        totals[id(candidate)] += 1
        questions[id(candidate)] += asks
    return {key: questions[key] / totals[key] for key in totals}


def to_parsed(mapping: dict[str, Candidate]) -> list[ParsedSpeaker]:
    seen: dict[int, ParsedSpeaker] = {}
    for candidate in mapping.values():
        if id(candidate) not in seen:
            seen[id(candidate)] = ParsedSpeaker(
                name=candidate.name,
                role=candidate.role,
                labels=list(candidate.labels),
                part=candidate.part or OTHER,
                kind=candidate.kind,
            )
    return list(seen.values())
