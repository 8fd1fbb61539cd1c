"""From labels as printed to people: names, roles, and who asked and who answered."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .labels import generic_role, label_key, strip_notes
from .names import (
    garbled_honorific,
    given_names,
    is_role_word,
    normalise_name,
    normalise_role,
    plausible_given,
    role_heads,
    split_role,
    strip_titles,
    trim_person,
    unjoin,
    without_opening,
)
from .result import INTERVIEWEE, INTERVIEWER, OTHER, ParsedSpeaker
from .text import fold, is_caps, smart_title
from .vocabulary import CONNECTORS, HONORIFICS, NUMBER_WORDS, OFFICE_WORDS
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
# `THE PRESIDENT`, `LA PRESIDENTA`: an article and an office, no name.
ARTICLES = {"the", "la", "el", "le", "los", "las"}
EVIDENCE = ["label", "document", "text", "surname", "office", ""]
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
    # How the document names this person, strongest first: "label" (the label prints a
    # full name), "document" (the title, intro or header gives it), "text" (found only in
    # the spoken text), "surname", "office" (`THE PRESIDENT` and no name anywhere).
    evidence: str = ""
    office_label: bool = False  # the label is an office (`THE PRESIDENT`), not a name

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
    core = without_opening(unjoin(core))
    words = core.split()
    if (
        len(words) >= 2
        and fold(words[-1]) in NUMBER_WORDS
        and all(is_role_word(w) for w in words[:-1])
    ):
        # `SENIOR ADMINISTRATION OFFICIAL ONE`: a numbered unnamed official of this call.
        title = smart_title(core) if is_caps(core) else core
        return Candidate([label], title, kind="anonymous", evidence="office")
    if fold(words[0]) in ARTICLES and all(is_role_word(w) for w in words[1:]):
        return _role_label(core, context)
    if len(words) >= 2 and _is_honorific(words[0], words[1:], context):
        surname = normalise_name(" ".join(words[1:]))
        candidate = _from_surname(surname, "", context, intro_people)
        if len(words) > 2 and candidate.surname_only:
            candidate.evidence = "label"  # `MS. NATALIE BIDEN`, `MR. FERNÁNDEZ HERNÁNDEZ`
        return candidate
    role, name = split_role(core, context.common_words)
    if name and len(name.split()) > 1 and is_role_word(name.split()[-1]):
        name = ""  # `AIR FORCE ONE CREW MEMBER`: a description of someone, not a name
        role = core
    if not name:
        title = smart_title(core) if is_caps(core) else core
        # `PRESIDENTE:` alone: an office, whose holder the registry may know.
        return Candidate(
            [label], title, kind="anonymous", role=normalise_role(role), evidence="office"
        )
    name = normalise_name(strip_titles(name))
    role = normalise_role(role)
    if len(name.split()) == 1:
        return _from_surname(name, role, context, intro_people)
    return Candidate([label], name, role=role or _appositive_role(name, context), evidence="label")


def _is_honorific(word: str, rest: list[str], context: Context) -> bool:
    """`MS.` in `MS. PSAKI`; also a misprinted `S.` or `QMS.` when no given name fits it."""
    if fold(word).rstrip(".") in HONORIFICS:
        return True
    if not garbled_honorific(word):
        return False
    if len(fold(word)) > 2:
        return True  # `QMS.` is no initial
    # `S. PSAKI` in a briefing by Jen Psaki: the `S.` is what is left of `MS.`.
    surname = normalise_name(" ".join(rest))
    full = _full_name(surname, context)[0]
    return bool(full) and not fold(full).startswith(fold(word))


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
                name = trim_person(match.group("name"))
                if name:
                    return Candidate(
                        [core],
                        name,
                        part=INTERVIEWER,
                        role=_appositive_role(name, context),
                        evidence="document",
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
    role = normalise_role(" ".join(core.split()[1:]))
    role_pattern = r"\s+".join(re.escape(w) for w in role.split())
    for text in (context.title, context.intro):
        match = re.search(rf"\b(?i:{role_pattern})\s+(?P<name>{PERSON})", text)
        if match:
            name = _attested(trim_person(match.group("name")), context)
            if name:
                name = normalise_name(name)
                if len(name.split()) == 1:
                    # Only the title and intro may give the office holder's other names,
                    # and not where they name someone else of that surname (`President
                    # Biden and First Lady Jill Biden`); the text may quote anybody.
                    full, where = _full_name(name, context, office=role)
                    if where != "document":
                        full = ""
                    return Candidate(
                        [core],
                        full or name,
                        role=role,
                        surname_only=not full,
                        evidence="document" if full else "surname",
                        office_label=True,
                    )
                return Candidate([core], name, role=role, evidence="document", office_label=True)
    return Candidate(
        [core],
        smart_title(core) if is_caps(core) else core,
        kind="anonymous",
        role=role,
        evidence="office",
        office_label=True,
    )


def _from_surname(
    surname: str, role: str, context: Context, intro_people: dict[str, str]
) -> Candidate:
    full, where = _full_name(surname, context)
    name = full or surname
    found_role = role or _title_role(name, context) or _appositive_role(name, context)
    return Candidate(
        [surname],
        name,
        role=found_role,
        surname_only=not full,
        evidence=where if full else "surname",
    )


def _full_name(surname: str, context: Context, office: str = "") -> tuple[str, str]:
    """The most frequent `First [Middle] Surname` in the title, intro and text.

    Returns the name and where it was found: "document" (the title or intro) or "text".
    With `office`, a mention that a different title precedes names someone else.
    """
    pattern = re.compile(
        rf"(?P<before>\S+\s+)?(?P<first>(?:{CAPITALISED}\s+){{1,3}}){re.escape(surname)}\b"
    )
    found: Counter[str] = Counter()
    sources: dict[str, str] = {}
    for weight, where, text in (
        (3, "document", context.title),
        (3, "document", context.intro),
        (1, "text", context.body),
    ):
        mixed = not is_caps(text)
        for match in pattern.finditer(text):
            words = match.group("first").split()
            start = match.start("first")
            if weight == 1 and len(words) == 1 and SENTENCE_START.search(text[:start]):
                continue  # "Was Biden ...": a capital that only starts a sentence
            before = (match.group("before") or "").strip()
            first = given_names(words, before=before, mixed_case=mixed)
            if not first:
                continue
            if office and _titled_otherwise(words, first, before, office):
                continue
            name = f"{first} {surname}"
            found[name] += weight
            if sources.get(name) != "document":
                sources[name] = where
    if not found:
        return "", ""
    name = found.most_common(1)[0][0]
    return name, sources[name]


def _titled_otherwise(words: list[str], first: str, before: str, office: str) -> bool:
    """Is this mention preceded by a title other than `office`? (`First Lady Jill Biden`)"""
    lead = words[: len(words) - len(first.split())]
    if not lead and before:
        lead = [before]
    titles = [w for w in lead if is_role_word(w) and fold(w) != "the"]
    return bool(titles) and not set(map(fold, titles)) <= set(fold(office).split())


def _attested(name: str, context: Context) -> str:
    """The longest leading part of a name taken from a Title Case title that the text repeats.

    `Trump Aboard Air Force` (from `President Trump Aboard Air Force One`) -> `Trump`.
    """
    words = name.split()
    # A title goes on after the name with words no name has (`Aboard`, `During`).
    for index, word in enumerate(words[1:], 1):
        if not plausible_given(word):
            words = words[:index]
            break
    for size in range(len(words), 1, -1):
        candidate = " ".join(words[:size])
        if re.search(rf"\b{re.escape(candidate)}\b", f"{context.intro} {context.body}"):
            return candidate
    if len(words) >= 2 and re.search(
        rf"\b{re.escape(words[1])}\b", f"{context.intro} {context.body}"
    ):
        # `First Lady Jill Biden` in a text that never repeats it but says `Biden`.
        return " ".join(words[:2])
    return words[0] if words else ""


def _title_role(name: str, context: Context) -> str:
    """`NSC Coordinator for Strategic Communications` from a title that names the person.

    Read backwards from the name over titles, office words and their connectors.
    """
    match = re.search(rf"((?:[\w.-]+\s+){{1,8}}){re.escape(name)}", context.title)
    if not match:
        return ""
    role: list[str] = []
    for word in reversed(match.group(1).split()):
        key = fold(word)
        titled = (is_role_word(word) and key != "the") or (
            word[:1].isupper() and (key in OFFICE_WORDS or word.isupper())
        )
        linking = bool(role) and key in CONNECTORS and key not in {"and", "y", "e"}
        if not (titled or linking):
            break
        role.insert(0, word)
    while role and (fold(role[0]) in CONNECTORS or not is_role_word(role[0])):
        role.pop(0)  # `for Strategic Communications` alone is no title
    while role and fold(role[-1]).rstrip(".") in HONORIFICS:
        role.pop()  # `Chief Medical Advisor to the President Dr. Anthony Fauci`
    return " ".join(role)


def _appositive_role(name: str, context: Context) -> str:
    """`NATO Secretary-General` from `Jens Stoltenberg, NATO secretary-general, to discuss`."""
    match = re.search(
        rf"{re.escape(name)},\s+(?:the\s+)?(?P<role>[^,.;()]{{3,60}}?)\s*[,.;)]", context.intro
    )
    if match:
        role = match.group("role")
        if any(is_role_word(w) for w in role.split()) and len(role.split()) <= 7:
            return normalise_role(role)
    return ""


def _intro_people(intro: str) -> dict[str, str]:
    """Names the intro casts as interviewer ("a") or interviewee ("b")."""
    people: dict[str, str] = {}
    for pattern, groups in INTRO_PATTERNS:
        for match in pattern.finditer(intro):
            for group in groups:
                name = trim_person(match.group(group) or "")
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
        keep.evidence = min((target.evidence, candidate.evidence), key=EVIDENCE.index)
        keep.office_label = target.office_label or candidate.office_label
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
    if a.office_label != b.office_label and "label" in (a.evidence, b.evidence):
        # `THE PRESIDENT` (President Biden) is not `MS. NATALIE BIDEN` of the same page.
        return False
    if a.office_label and b.office_label and not role_heads(a.role) & role_heads(b.role):
        return False  # `THE PRESIDENT` and `THE FIRST LADY`: two offices, two people
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
    ratios = _question_ratios(mapping, labels, context)
    _host_among_guests(people, ratios)
    undecided = [p for p in people if not p.part]
    if not undecided:
        return
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


def _host_among_guests(people: list[Candidate], ratios: dict[int, float]) -> None:
    """`Remarks by President Biden in a CNN Town Hall with Anderson Cooper` names both in
    the title; with nobody else to ask, the one who asks is the interviewer."""
    if any(p.part == INTERVIEWER or p.generic == "reporter" for p in people):
        return
    named = [p for p in people if p.part == INTERVIEWEE and p.is_person]
    askers = [p for p in named if ratios.get(id(p), 0.0) >= 0.5]
    if askers and len(askers) < len(named) and any(ratios.get(id(p), 0.0) < 0.25 for p in named):
        for person in askers:
            person.part = INTERVIEWER


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
                evidence=candidate.evidence,
            )
    return list(seen.values())
