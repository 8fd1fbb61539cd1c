"""Keeping copied fields in step after an edit, and checking that they are (check_archive).

Turns carry copies of their interview's date, language and outlet and of their speaker's
part, so that search filters need no joins; speakers carry their counts. Anything that
edits interviews, participants or turns outside the importer calls these afterwards.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from . import revision
from .models import Interview, Participant, Speaker, Turn


def sync_interview(interview: Interview, speaker_ids: set[int] | None = None) -> None:
    """Copy the interview's fields onto its turns and recount everything that may have moved."""
    Turn.objects.filter(interview=interview).update(
        date=interview.date, language=interview.language, source=interview.source
    )
    for participant in interview.participants.all():
        Turn.objects.filter(interview=interview, speaker_id=participant.speaker_id).exclude(
            part=participant.part
        ).update(part=participant.part)
    turn_count = Turn.objects.filter(interview=interview).count()
    if turn_count != interview.turn_count:
        Interview.objects.filter(pk=interview.pk).update(turn_count=turn_count)
        interview.turn_count = turn_count
    ids = set(speaker_ids or ())
    ids.update(interview.participants.values_list("speaker_id", flat=True))
    ids.update(
        Turn.objects.filter(interview=interview).values_list("speaker_id", flat=True).distinct()
    )
    Speaker.objects.refresh_counts(ids)
    revision.changed()


def speakers_without_turns_in(interview: Interview) -> list[int]:
    """Participants who no longer speak in the interview (after an edit moved their turns)."""
    speaking = dict(
        Turn.objects.filter(interview=interview)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [p.speaker_id for p in interview.participants.all() if p.speaker_id not in speaking]


def speaker_tally(interview: Interview) -> Counter:
    """(speaker id, "turns"/"interviews") -> count, for this interview."""
    tally: Counter = Counter()
    for speaker_id, n in (
        Turn.objects.filter(interview=interview)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        tally[(speaker_id, "turns")] = n
    for speaker_id in interview.participants.values_list("speaker_id", flat=True):
        tally[(speaker_id, "interviews")] = 1
    return tally


def update_speaker_counts(before: Counter, after: Counter) -> None:
    """Apply the change in each speaker's turn and interview counts as one update per speaker."""
    deltas: dict[int, dict[str, int]] = {}
    for speaker_id, what in set(before) | set(after):
        change = after[(speaker_id, what)] - before[(speaker_id, what)]
        if change:
            deltas.setdefault(speaker_id, {})[what] = change
    for speaker_id, change in deltas.items():
        Speaker.objects.filter(pk=speaker_id).update(
            turn_count=F("turn_count") + change.get("turns", 0),
            interview_count=F("interview_count") + change.get("interviews", 0),
        )


# --- checking every stored count and copy ---------------------------------------------


@dataclass
class Drift:
    """One kind of stored value that disagrees with the rows it is kept from."""

    what: str
    rows: int
    examples: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        shown = f" (e.g. {'; '.join(self.examples)})" if self.examples else ""
        return f"{self.what}: {self.rows}{shown}"


def check_archive(*, fix: bool = False, using: str = "default") -> list[Drift]:
    """Every stored count and copy against the rows, repaired with `fix`.

    Speakers' turn and interview counts and current role, interviews' turn counts, the
    copies a turn keeps of its interview (date, language, outlet) and of its participant
    (part), participants for every speaker who speaks, and the search index's rows.
    """
    drifts = [
        _speaker_counts(fix, using),
        _interview_counts(fix, using),
        _turn_copies(fix, using),
        _silent_participants(fix, using),
        _speaker_roles(fix, using),
        _search_rows(fix, using),
    ]
    found = [d for d in drifts if d is not None and d.rows]
    if fix and found:
        revision.changed()
    return found


def _speaker_counts(fix: bool, using: str) -> Drift | None:
    turns = dict(
        Turn.objects.using(using).values_list("speaker_id").annotate(n=Count("id")).order_by()
    )
    interviews = dict(
        Participant.objects.using(using)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    wrong = [
        (pk, name, t, i)
        for pk, name, t, i in Speaker.objects.using(using).values_list(
            "pk", "name", "turn_count", "interview_count"
        )
        if t != turns.get(pk, 0) or i != interviews.get(pk, 0)
    ]
    if fix and wrong:
        Speaker.objects.using(using).refresh_counts([pk for pk, *_ in wrong])
    return Drift(
        "speakers' turn or interview counts",
        len(wrong),
        [
            f"{name} {t}/{i} stored, {turns.get(pk, 0)}/{interviews.get(pk, 0)} real"
            for pk, name, t, i in wrong[:3]
        ],
    )


def _interview_counts(fix: bool, using: str) -> Drift | None:
    real = dict(
        Turn.objects.using(using).values_list("interview_id").annotate(n=Count("id")).order_by()
    )
    wrong = [
        (pk, stored)
        for pk, stored in Interview.objects.using(using).values_list("pk", "turn_count")
        if stored != real.get(pk, 0)
    ]
    if fix:
        for pk, _ in wrong:
            Interview.objects.using(using).filter(pk=pk).update(turn_count=real.get(pk, 0))
    return Drift("interviews' turn counts", len(wrong), [f"#{pk}" for pk, _ in wrong[:3]])


def _turn_copies(fix: bool, using: str) -> Drift | None:
    interview = Interview.objects.using(using).filter(pk=OuterRef("interview_id"))
    stale = Turn.objects.using(using).annotate(
        i_date=Subquery(interview.values("date")[:1]),
        i_language=Subquery(interview.values("language")[:1]),
        i_source=Subquery(interview.values("source_id")[:1]),
    )
    wrong_interviews = set(
        stale.exclude(Q(date=F("i_date")) | Q(date__isnull=True, i_date__isnull=True)).values_list(
            "interview_id", flat=True
        )
    )
    wrong_interviews |= set(
        stale.exclude(language=F("i_language")).values_list("interview_id", flat=True)
    )
    wrong_interviews |= set(
        stale.exclude(
            Q(source_id=F("i_source")) | Q(source__isnull=True, i_source__isnull=True)
        ).values_list("interview_id", flat=True)
    )
    part = Participant.objects.using(using).filter(
        interview_id=OuterRef("interview_id"), speaker_id=OuterRef("speaker_id")
    )
    wrong_interviews |= set(
        Turn.objects.using(using)
        .annotate(p_part=Subquery(part.values("part")[:1]))
        .filter(p_part__isnull=False)
        .exclude(part=F("p_part"))
        .values_list("interview_id", flat=True)
    )
    if fix:
        for interview_obj in Interview.objects.using(using).filter(pk__in=wrong_interviews):
            sync_interview(interview_obj)
    return Drift(
        "interviews whose turns' copies (date, language, outlet, part) disagree",
        len(wrong_interviews),
        [f"#{pk}" for pk in sorted(wrong_interviews)[:3]],
    )


def _silent_participants(fix: bool, using: str) -> Drift | None:
    """A speaker who speaks in an interview is one of its participants."""
    missing = list(
        Turn.objects.using(using)
        .exclude(
            Exists(
                Participant.objects.using(using).filter(
                    interview_id=OuterRef("interview_id"), speaker_id=OuterRef("speaker_id")
                )
            )
        )
        .values_list("interview_id", "speaker_id", "part")
        .distinct()
    )
    if fix:
        for interview_id, speaker_id, part in missing:
            Participant.objects.using(using).get_or_create(
                interview_id=interview_id, speaker_id=speaker_id, defaults={"part": part}
            )
        if missing:
            Speaker.objects.using(using).refresh_counts({s for _, s, _ in missing})
    return Drift(
        "speakers who speak in an interview without taking part in it",
        len(missing),
        [f"speaker #{s} in interview #{i}" for i, s, _ in missing[:3]],
    )


def _speaker_roles(fix: bool, using: str) -> Drift | None:
    """A person's role is the latest printed (Speaker.objects.refresh_roles)."""
    latest = (
        Participant.objects.using(using)
        .filter(speaker=OuterRef("pk"))
        .exclude(role="")
        .order_by(F("interview__date").desc(nulls_last=True), "-interview_id")
        .values("role")[:1]
    )
    wrong = list(
        Speaker.objects.using(using)
        .filter(kind=Speaker.PERSON)
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .exclude(role=F("latest"))
        .values_list("pk", "name")
    )
    if fix and wrong:
        Speaker.objects.using(using).refresh_roles([pk for pk, _ in wrong])
    return Drift("people whose role is not their latest", len(wrong), [n for _, n in wrong[:3]])


def _search_rows(fix: bool, using: str) -> Drift | None:
    """SQLite's full-text table has one row per turn (PostgreSQL's vector is a column)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return None
    from .search.sqlite import TABLE

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM interviews_turn t WHERE NOT EXISTS "
            f"(SELECT 1 FROM {TABLE} f WHERE f.rowid = t.id)"
        )
        missing = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT count(*) FROM {TABLE} f WHERE NOT EXISTS "
            f"(SELECT 1 FROM interviews_turn t WHERE t.id = f.rowid)"
        )
        extra = cursor.fetchone()[0]
    if fix and (missing or extra):
        from .search import refresh_index

        list(refresh_index(using=using, rebuild=True))
    return Drift(
        "search index rows missing or left over",
        missing + extra,
        [f"{missing} missing, {extra} extra"] if missing + extra else [],
    )
