"""From a document's speaker to an archive speaker: one ordered pipeline.

The parser says how the document names each speaker (`ParsedSpeaker.evidence`): a full
name in the label, a name the title or intro gives, a fuller name found only in the
spoken text, a bare surname, or an office alone (`THE PRESIDENT`). Resolution then asks,
in this order, and the first step that answers wins:

    document   the full name the document itself prints (label, title, intro, header)
    alias      a name the registry or an editor's merge knows, valid on the interview's date
    office     the holder of the printed office on that date, in the document's jurisdiction
    surname    the one person of that surname (and a fitting role) among this archive's people
    unresolved the label as printed, marked for editors

A step refuses rather than guesses: two people who fit equally, a given name that
contradicts the one printed (`Lara` is not `Donald`), a role the person never held.
The same document in the same archive state always resolves the same way.

Nothing here writes except `Resolver.speaker()`; `Resolver.resolve()` is what a dry run
and the editors' preview show.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..models import (
    Membership,
    Office,
    Participant,
    SlugRedirect,
    Speaker,
    SpeakerName,
    Turn,
    first_free_slug,
    slug_candidates,
)
from ..parsing import ParsedSpeaker
from ..parsing.kinds import asks_something
from ..parsing.names import (
    given_compatible,
    given_key,
    name_words,
    office_key,
    printed_more_fully,
    role_heads,
    roles_fit,
    surname_keys,
)
from ..parsing.text import fold
from ..rowids import RowIds

DOCUMENT, ALIAS, OFFICE, SURNAME, UNRESOLVED, EDITOR = (
    "document",
    "alias",
    "office",
    "surname",
    "unresolved",
    "editor",
)
STRONG = {"label", "document"}
ANSWER_SAMPLE = 200  # turns read to tell someone who answers from someone who asks  # evidence that prints the person's own full name


@dataclass(frozen=True)
class Where:
    """What resolution needs to know of the interview a speaker appears in."""

    date: dt.date | None = None
    jurisdiction: str = ""
    interview_id: int | None = None


@dataclass
class Resolution:
    speaker: Speaker | None  # None: a new speaker named `name`
    name: str
    resolved_by: str
    unresolved: bool = False

    @property
    def person_id(self) -> str | None:
        return (self.speaker.person_id or None) if self.speaker is not None else None


def jurisdiction_of(source=None, publisher=None, url: str = "") -> str:
    """Whose offices a document speaks of: its outlet's, else its web address's country."""
    for organisation in (source, publisher):
        if organisation is not None and organisation.jurisdiction:
            return organisation.jurisdiction
    host = (urlsplit(url).hostname or "") if url else ""
    if host.endswith((".gov", ".mil")):
        return "US"
    tail = host.rsplit(".", 1)[-1]
    return tail.upper() if len(tail) == 2 and tail.isalpha() else ""


class Resolver:
    """Resolves a run of documents' speakers, asking the database once per name or surname.

    Lookups are remembered for the run; speakers it creates are added to what it
    remembers. After a failed transaction call `forget()`, since its writes are gone.
    A bulk writer may ask for new speakers to be kept (`speaker(..., keep=True)`) and
    written together by `write_kept()`, before anything refers to them.
    """

    def __init__(self):
        self._ids = RowIds(Speaker)
        self.forget()

    def forget(self) -> None:
        self._kept: dict[int, Speaker] = {}  # new, with an id, not yet written
        self._changed: dict[int, tuple[Speaker, set[str]]] = {}  # stored, fields to write
        self._ids.forget()
        self._by_name: dict[str, list[int]] = {}
        self._by_surname: dict[str, list[int]] = {}
        self._speakers: dict[int, Speaker] = {}
        self._profiles: dict[int, tuple[set, set, set]] = {}
        self._answering: dict[int, bool] = {}
        self._other_names: dict[str, list] = {}
        self._offices: list[Office] | None = None
        self._holders: dict[int, list[Membership]] = {}
        self._groups: dict[tuple[str, str], Speaker] = {}
        self._present: tuple[set[str], set[str], set[str]] | None = None
        self._slugs: tuple[set[str], set[str]] | None = None

    def preload(self) -> None:
        """Learn which names, surnames and other names the archive holds (keys only).

        Most names of a large import are new: without this, each costs a query that
        finds nothing. For a run of many documents (bulk_import calls it once per batch,
        so that what other imports wrote since is seen at the next batch).
        """
        people = Speaker.objects.filter(kind=Speaker.PERSON).order_by()
        names, surnames = set(), set()
        for name_key, surname_key, surname2_key in people.values_list(
            "name_key", "surname_key", "surname2_key"
        ):
            names.add(name_key)
            surnames.update((surname_key, surname2_key))
        others = set(SpeakerName.objects.order_by().values_list("name_key", flat=True))
        self._present = (names, surnames, others)
        # And the slugs in use, so that a new speaker's costs no query either.
        self._slugs = (
            set(Speaker.objects.order_by().values_list("slug", flat=True)),
            set(
                SlugRedirect.objects.filter(kind="speaker")
                .order_by()
                .values_list("old_slug", flat=True)
            ),
        )

    def _absent(self, which: int, key: str) -> bool:
        """Known not to be in the archive (only after preload())."""
        return self._present is not None and key not in self._present[which]

    # --- resolving (reads only) ------------------------------------------------------

    def resolve(self, parsed: ParsedSpeaker, where: Where) -> Resolution:
        if parsed.kind == Speaker.GROUP:
            return self._group(parsed)
        if parsed.kind == Speaker.ANONYMOUS:
            return self._anonymous(parsed, where)
        for step in (self._document, self._alias, self._office, self._surname):
            found = step(parsed, where)
            if found is not None:
                return found
        return self._unresolved(parsed, where)

    def _group(self, parsed: ParsedSpeaker) -> Resolution:
        key = fold(parsed.name)
        speaker = self._groups.get((parsed.kind, key))
        if speaker is None:
            speaker = Speaker.objects.filter(kind=parsed.kind, name_key=key).order_by("id").first()
            if speaker is not None:
                self._groups[(parsed.kind, key)] = speaker
        return Resolution(speaker, parsed.name, DOCUMENT)

    def _anonymous(self, parsed: ParsedSpeaker, where: Where) -> Resolution:
        """`THE PRESIDENT` with no name anywhere is the holder that day, if the registry knows.

        Otherwise an unnamed official is someone different in every interview.
        """
        holder = self._office(parsed, where)
        if holder is not None:
            return holder
        speaker = None
        if where.interview_id:
            speaker = Speaker.objects.filter(
                kind=Speaker.ANONYMOUS,
                name_key=fold(parsed.name),
                participations__interview_id=where.interview_id,
            ).first()
        return Resolution(speaker, parsed.name, UNRESOLVED)

    def _document(self, parsed: ParsedSpeaker, where: Where) -> Resolution | None:
        """A full name the document prints, and the one archive person of that name.

        A full name the archive does not know yet is a new person, unless another name or
        an office tells who it is: `_unresolved` makes them once the other steps are asked.
        Two people of one name are told apart by an alias or an office, or not at all.
        """
        if parsed.evidence not in STRONG or len(name_words(parsed.name)) < 2:
            return None
        exact = [
            s for s in self._named(parsed.name) if not s.unresolved and self._fits(s, parsed, where)
        ]
        if len(exact) == 1:
            return Resolution(exact[0], exact[0].name, DOCUMENT)
        return None

    def _alias(self, parsed: ParsedSpeaker, where: Where) -> Resolution | None:
        """Another known name of someone: the registry's, or a merged speaker's."""
        if len(name_words(parsed.name)) < 2:
            return None
        key = fold(parsed.name)
        ids = [
            speaker_id
            for speaker_id, valid in self._aliases(key)
            if valid is None or valid(where.date)
        ]
        # The name is one they are known by: its given name is theirs, whatever the script.
        found = {
            s.pk: s
            for s in (self._speaker_by_id(i) for i in ids)
            if s and self._fits(s, parsed, where, given=False)
        }
        if not found:
            # The same given name and surname, with or without middle names and initials:
            # `Donald J. Trump` is `Donald Trump`.
            found = {
                s.pk: s
                for s in self._with_surname(surname_keys(parsed.name)[0])
                if not s.unresolved
                and printed_more_fully(parsed.name, s.name)
                and self._fits(s, parsed, where)
            }
        if len(found) == 1:
            speaker = next(iter(found.values()))
            exact = fold(speaker.name) == key
            return Resolution(speaker, speaker.name, DOCUMENT if exact else ALIAS)
        return None

    def _office(self, parsed: ParsedSpeaker, where: Where) -> Resolution | None:
        """The person who held the printed office on the interview's date."""
        if not parsed.role or where.date is None:
            return None
        offices = self._offices_for(parsed.role, where.jurisdiction)
        holders = [
            m for office in offices for m in self._office_holders(office) if m.held_on(where.date)
        ]
        # On a handover day both hold it: the one who has just taken office speaks.
        holders.sort(key=lambda m: m.start_date or dt.date.min, reverse=True)
        for membership in holders[:1]:
            speaker = self._speaker_by_id(membership.speaker_id)
            if speaker is not None and self._office_fits(speaker, parsed):
                return Resolution(speaker, speaker.name, OFFICE)
        return None

    def _surname(self, parsed: ParsedSpeaker, where: Where) -> Resolution | None:
        """The one archive person with this surname whose given name and role fit."""
        if parsed.evidence in STRONG and len(name_words(parsed.name)) >= 2:
            return None  # a full name nobody has: a new person, not a namesake
        surname = _printed_surname(parsed)
        if not surname:
            return None
        candidates = [
            s
            for s in self._with_surname(surname[-1])
            if not s.unresolved
            and _has_surname(s, surname)
            and self._fits(s, parsed, where, role_required=True)
        ]
        if len(candidates) > 1:
            # Officials speak in their own government's documents: `MR. MUNOZ` of the White
            # House is not a Muñoz of the Mexican presidency's conferences.
            candidates = [s for s in candidates if where.jurisdiction in self._profile(s.pk)[2]]
        if len(candidates) == 1:
            return Resolution(candidates[0], candidates[0].name, SURNAME)
        return None

    def _unresolved(self, parsed: ParsedSpeaker, where: Where) -> Resolution:
        """No one fits: the name as printed, marked for editors.

        An unresolved name is taken for the same person in another document only where the
        printed role fits too (`ACTING ADMINISTRATOR SLAVITT` at every briefing); a bare
        `MR. WRIGHT` may be anyone, and each document gets its own until an editor says.
        """
        name = parsed.name
        full = parsed.evidence in {"label", "document", "text"} and len(name_words(name)) >= 2
        if full:
            # A full name found in the text: a person of their own, the document's word.
            return Resolution(None, name, DOCUMENT)
        heads = role_heads(parsed.role)
        if heads:
            same = [
                s
                for s in self._named(name)
                if s.unresolved
                and where.jurisdiction in self._profile(s.pk)[2]
                and any(roles_fit(heads, held) for held in self._profile(s.pk)[0])
            ]
            if len(same) == 1:
                return Resolution(same[0], same[0].name, UNRESOLVED, unresolved=True)
        return Resolution(None, name, UNRESOLVED, unresolved=True)

    # --- what fits -------------------------------------------------------------------

    def _fits(
        self,
        speaker: Speaker,
        parsed: ParsedSpeaker,
        where: Where,
        *,
        role_required: bool = False,
        given: bool = True,
    ) -> bool:
        """Given names do not contradict, and a printed role is one this person has held."""
        if speaker.kind != Speaker.PERSON:
            return False
        mine = given_key(parsed.name) if given and parsed.evidence != "surname" else ""
        if mine and not given_compatible(mine, given_key(speaker.name)):
            return False
        if not role_required or not parsed.role:
            return True
        heads = role_heads(parsed.role)
        if not heads:
            return True
        roles, _, _ = self._profile(speaker.pk)
        if roles:
            return any(roles_fit(heads, held) for held in roles)
        # No title known for them: someone who answers, at least. A governor is not the
        # anchor of the same surname who only ever asked questions.
        return self._answers(speaker.pk)

    def _office_fits(self, speaker: Speaker, parsed: ParsedSpeaker) -> bool:
        """The holder's surname must be the one printed; a given name only the label or the
        title and intro may contradict, not a namesake found in the text."""
        if parsed.evidence == "office":
            return True
        if not _has_surname(speaker, _printed_surname(parsed)):
            return False
        if parsed.evidence in STRONG:
            return given_compatible(given_key(parsed.name), given_key(speaker.name))
        return True

    # --- lookups, remembered for the run ---------------------------------------------

    def _named(self, name: str) -> list[Speaker]:
        key = fold(name)
        if key not in self._by_name and self._absent(0, key):
            self._by_name[key] = []
        if key not in self._by_name:
            speakers = list(Speaker.objects.filter(kind=Speaker.PERSON, name_key=key))
            speakers += [s for s in self._kept.values() if s.is_person and s.name_key == key]
            self._remember(speakers)
            self._by_name[key] = [s.pk for s in speakers]
        return [self._speakers[i] for i in self._by_name[key]]

    def _aliases(self, key: str) -> list[tuple[int, object]]:
        if key not in self._other_names and self._absent(2, key):
            self._other_names[key] = []
        if key not in self._other_names:
            rows = SpeakerName.objects.filter(name_key=key).only(
                "speaker_id", "start_date", "end_date"
            )
            self._other_names[key] = [(row.speaker_id, row.valid_on) for row in rows]
        return self._other_names[key]

    def _with_surname(self, key: str) -> list[Speaker]:
        if not key:
            return []
        if key not in self._by_surname and self._absent(1, key):
            self._by_surname[key] = []
        if key not in self._by_surname:
            speakers = list(
                Speaker.objects.filter(kind=Speaker.PERSON, surname_key=key)
                | Speaker.objects.filter(kind=Speaker.PERSON, surname2_key=key)
            )
            speakers += [
                s
                for s in self._kept.values()
                if s.is_person and key in (s.surname_key, s.surname2_key)
            ]
            self._remember(speakers)
            self._by_surname[key] = sorted(s.pk for s in speakers)
        return [self._speakers[i] for i in self._by_surname[key]]

    def _speaker_by_id(self, pk: int) -> Speaker | None:
        if pk not in self._speakers:
            speaker = Speaker.objects.filter(pk=pk).first()
            if speaker is None:
                return None
            self._remember([speaker])
        return self._speakers[pk]

    def _remember(self, speakers: list[Speaker]) -> None:
        for speaker in speakers:
            self._speakers.setdefault(speaker.pk, speaker)

    def _profile(self, speaker_id: int) -> tuple[set[frozenset[str]], set[str], set[str]]:
        """A person's roles (as title sets), parts and jurisdictions, from what is stored."""
        if speaker_id not in self._profiles:
            roles, parts, places = set(), set(), set()
            for role, part, place in (
                Participant.objects.filter(speaker_id=speaker_id)
                .values_list("role", "part", "interview__source__jurisdiction")
                .distinct()
            ):
                roles.add(role)
                parts.add(part)
                places.add(place or "")
            for role, place in Membership.objects.filter(speaker_id=speaker_id).values_list(
                "role", "office__jurisdiction"
            ):
                roles.add(role)
                places.add(place or "")
            speaker = self._speakers.get(speaker_id)
            if speaker is not None and speaker.role:
                roles.add(speaker.role)
            heads = {role_heads(r) for r in roles if r} - {frozenset()}
            self._profiles[speaker_id] = (heads, parts, places)
        return self._profiles[speaker_id]

    def _answers(self, speaker_id: int) -> bool:
        """Do most of this person's words answer or remark rather than ask?

        Read from the words (a question mark, a question word), not from the turn kinds:
        on a town-hall stage everyone named is on the podium, the host included.
        """
        if speaker_id not in self._answering:
            texts = list(
                Turn.objects.filter(speaker_id=speaker_id)
                .order_by("id")
                .values_list("text", flat=True)[:ANSWER_SAMPLE]
            )
            asked = sum(1 for text in texts if asks_something(text))
            self._answering[speaker_id] = bool(texts) and asked < len(texts) / 2
        return self._answering[speaker_id]

    def _offices_for(self, role: str, jurisdiction: str) -> list[Office]:
        if self._offices is None:
            self._offices = list(Office.objects.all())
        key = office_key(role)
        named = [o for o in self._offices if key in o.role_keys]
        if len(named) > 1:
            named = [o for o in named if o.jurisdiction == jurisdiction]
        return named

    def _office_holders(self, office: Office) -> list[Membership]:
        if office.pk not in self._holders:
            self._holders[office.pk] = list(Membership.objects.filter(office=office))
        return self._holders[office.pk]

    # --- writing ---------------------------------------------------------------------

    def speaker(
        self, parsed: ParsedSpeaker, resolution: Resolution, where: Where, *, keep: bool = False
    ) -> Speaker:
        """The archive speaker for a resolution: learn what the document adds, or create it.

        With `keep`, a new speaker gets its id now and its row at `write_kept()`.
        """
        speaker = resolution.speaker
        if speaker is None:
            speaker = Speaker(
                name=resolution.name[:200],
                kind=parsed.kind,
                role=parsed.role[:300],
                labels=list(parsed.labels),
                unresolved=resolution.unresolved and parsed.kind == Speaker.PERSON,
            )
            if self._slugs is not None:
                taken, redirected = self._slugs
                candidates, stem = slug_candidates(
                    speaker.name, max_length=speaker.slug_max_length, suffix=speaker.slug_suffix()
                )
                speaker.slug = first_free_slug(candidates, stem, taken, redirected)
                taken.add(speaker.slug)
            if keep and self._slugs is not None:  # a kept row needs its slug chosen here
                speaker.fill_keys()
                speaker.pk = self._ids.take()
                self._kept[speaker.pk] = speaker
            else:
                speaker.save()
            self._learn_new(speaker)
            self._profiles[speaker.pk] = (set(), set(), set())
            self._learn_profile(speaker, parsed, where)
            return speaker
        labels = list(dict.fromkeys([*speaker.labels, *parsed.labels]))
        fields = []
        if labels != speaker.labels:
            speaker.labels = labels
            fields.append("labels")
        if parsed.role and not speaker.role and speaker.kind == Speaker.PERSON:
            speaker.role = parsed.role[:300]
            fields.append("role")
        if fields and speaker.pk not in self._kept:  # a kept row is written as it is then
            if keep:
                self._changed.setdefault(speaker.pk, (speaker, set()))[1].update(fields)
            else:
                # Only these fields: the counts on this copy may be stale.
                Speaker.objects.filter(pk=speaker.pk).update(
                    **{name: getattr(speaker, name) for name in fields}
                )
        self._learn_profile(speaker, parsed, where)
        return speaker

    def write_kept(self) -> None:
        """Write what `speaker(..., keep=True)` kept: the new speakers in one statement, and
        the labels and roles learnt of stored ones in one per set of fields."""
        if self._kept:
            Speaker.objects.bulk_create(self._kept.values())
            for speaker in self._kept.values():
                speaker._saved_slug_source = speaker.name  # as save() leaves it
        by_fields: dict[tuple[str, ...], list[Speaker]] = {}
        for speaker, fields in self._changed.values():
            by_fields.setdefault(tuple(sorted(fields)), []).append(speaker)
        for fields, speakers in by_fields.items():
            # Only these fields: the counts on these copies may be stale.
            Speaker.objects.bulk_update(speakers, fields, batch_size=500)
        self._kept, self._changed = {}, {}
        self._ids.forget()

    def _learn_profile(self, speaker: Speaker, parsed: ParsedSpeaker, where: Where) -> None:
        """What this participation adds to the person's remembered profile."""
        profile = self._profiles.get(speaker.pk)
        if profile is None:
            return  # read afresh, with this participation, when next needed
        heads = role_heads(parsed.role)
        if heads:
            profile[0].add(heads)
        profile[1].add(parsed.part)
        profile[2].add(where.jurisdiction)

    def _learn_new(self, speaker: Speaker) -> None:
        self._speakers[speaker.pk] = speaker
        if speaker.kind == Speaker.GROUP:
            self._groups[(speaker.kind, speaker.name_key)] = speaker
            return
        if speaker.kind != Speaker.PERSON:
            return
        if speaker.name_key not in self._by_name:
            self._named(speaker.name_key)  # the namesakes stored before, so the list is whole
        if speaker.pk not in self._by_name[speaker.name_key]:
            self._by_name[speaker.name_key].append(speaker.pk)
        if self._present is not None:
            self._present[0].add(speaker.name_key)
            self._present[1].update((speaker.surname_key, speaker.surname2_key))
        for key in (speaker.surname_key, speaker.surname2_key):
            if key and key in self._by_surname:
                self._by_surname[key].append(speaker.pk)


def _printed_surname(parsed: ParsedSpeaker) -> list[str]:
    """The surname the document prints, as name words: all of them when only a surname is
    known (`López Obrador`), else the last."""
    words = name_words(parsed.name)
    if parsed.evidence in {"surname", "office"}:
        return words
    return words[-1:]


def _has_surname(speaker: Speaker, surname: list[str]) -> bool:
    """`Kirby` of John Kirby, `López Obrador` or `López` of Andrés Manuel López Obrador."""
    if not surname:
        return True
    words = name_words(speaker.name)
    if words[-len(surname) :] == surname:
        return True
    return len(surname) == 1 and speaker.surname2_key == surname[0]


def resolve_all(
    resolver: Resolver, speakers: list[ParsedSpeaker], where: Where
) -> dict[str, Resolution]:
    """Each of a document's speakers resolved, by parsed name."""
    return {s.name: resolver.resolve(s, where) for s in speakers}


def roles_over_time(speaker: Speaker) -> list[dict]:
    """The roles a person was printed with, each with its first and last interview date."""
    spans: dict[str, list] = defaultdict(lambda: [None, None, 0, ""])
    for role, date in (
        Participant.objects.filter(speaker=speaker)
        .exclude(role="")
        .values_list("role", "interview__date")
    ):
        key = fold(role)
        span = spans[key]
        span[3] = span[3] or role
        span[2] += 1
        if date is not None:
            span[0] = date if span[0] is None or date < span[0] else span[0]
            span[1] = date if span[1] is None or date > span[1] else span[1]
    rows = [
        {"role": role, "first": first, "last": last, "interviews": n}
        for first, last, n, role in spans.values()
    ]
    rows.sort(key=lambda r: (r["first"] or dt.date.max, r["role"]))
    return rows
