"""The hits of the shown page: its turns read with who, where and when, scored again by
the one ranking model, near-copies folded, snippets marked, and the questions answered.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr

from ..models import ANSWER, QUESTION, Participant, Turn
from . import ranking
from .highlight import Matcher, excerpt, snippet
from .params import SearchParams
from .query import Query
from .results import Hit

QUESTION_LOOKBACK = 6  # how far back an answer's question may be, in turns
# What a result shows: the turn, its speaker, interview and outlet.
PAGE_FIELDS = [
    *("id", "key", "text", "kind", "part", "date", "language", "position", "label"),
    *("interview", "speaker", "source", "speaker__name", "speaker__slug"),
    *("speaker__kind", "interview__slug", "interview__title", "interview__date"),
    *("source__name", "source__slug", "source__short_name"),
    # What the API's and the exports' rows (api/serializers.py) and the search feed show
    # of every hit: without them each hit read its speaker and interview once more.
    *("speaker__role", "speaker__person_id", "interview__created_at", "interview__updated_at"),
]


# The speaker's role at the interview of the turn, not their latest.
_ROLE_THEN = Subquery(
    Participant.objects.filter(interview=OuterRef("interview_id"), speaker=OuterRef("speaker_id"))
    .order_by()
    .values("role")[:1]
)


def page_hits(
    ids: list[int], scores, query: Query, languages, using: str, params: SearchParams, offset
) -> list[Hit]:
    folded: dict[int, int] = {}
    if offset is not None and query:
        # Only the shown page is read as whole turns, with who, where and when: the other
        # candidates are scored on their text alone (a tenth of the cost of model rows).
        ids, folded, scores = _rescore(_candidates(ids, using), query, languages, params)
        ids = ids[offset : offset + params.per_page]
    turns = {
        turn.pk: turn
        for turn in Turn.objects.using(using)
        .filter(pk__in=ids)
        .select_related("speaker", "interview", "source")
        .annotate(role_then=_ROLE_THEN)
        .only(*PAGE_FIELDS)
    }
    ordered = [turns[pk] for pk in ids if pk in turns]
    questions = _questions([t for t in ordered if t.kind == ANSWER], using)
    matcher = Matcher.for_query(query, languages) if query else None
    hits = []
    for turn in ordered:
        question = questions.get(turn.pk)
        shown = snippet(turn.text, turn.language, matcher)
        hits.append(
            Hit(
                turn=turn,
                score=scores.get(turn.pk, 0.0),
                snippet=shown,
                question=question,
                question_excerpt=excerpt(question.text, question.language) if question else None,
                role=turn.role_then or "",
                similar=folded.get(turn.pk, 0),
                cut=shown.startswith("… ") or shown.endswith(" …"),
            )
        )
    return hits


class Candidate(NamedTuple):
    pk: int
    text: str  # its first ranking.READ_CHARS characters
    length: int  # of the whole text, in characters
    kind: str
    language: str


def _candidates(ids: list[int], using: str) -> list[Candidate]:
    """The candidates to score again, in the first pass's order."""
    rows = (
        Turn.objects.using(using)
        .filter(pk__in=ids)
        .annotate(read=Substr("text", 1, ranking.READ_CHARS), length=Length("text"))
        .values_list("pk", "read", "length", "kind", "language")
    )
    found = {row[0]: Candidate(*row) for row in rows}
    return [found[pk] for pk in ids if pk in found]


def _rescore(candidates: list[Candidate], query: Query, languages, params: SearchParams):
    """The candidates' ids in the order of the one scoring model, near-copies folded;
    {kept id: number folded into it}; {id: score}."""
    ranker = ranking.Ranker(query, languages, questions_weigh_less=not params.parts)
    scored, budget = {}, ranking.READ_WORDS
    for candidate in candidates:
        if budget <= 0:
            break
        scored[candidate.pk] = ranker.score(
            candidate.text, candidate.language, candidate.kind, length=candidate.length
        )
        budget -= len(scored[candidate.pk].keys)
    # Ties keep the first pass's order (which breaks its own ties by date and id); turns
    # past the budget follow in that order.
    place = {candidate.pk: index for index, candidate in enumerate(candidates)}
    ranked = sorted(scored, key=lambda pk: (-scored[pk].score, place[pk]))
    kept, folded = ranking.fold(ranked, lambda pk: scored[pk].keys)
    kept += [candidate.pk for candidate in candidates if candidate.pk not in scored]
    return kept, folded, {pk: value.score for pk, value in scored.items()}


def _questions(answers: list[Turn], using: str) -> dict[int, Turn]:
    """The question each answer answers: the nearest question shortly before it."""
    if not answers:
        return {}
    near = Q()
    for answer in answers:
        near |= Q(
            interview_id=answer.interview_id,
            position__lt=answer.position,
            position__gte=answer.position - QUESTION_LOOKBACK,
        )
    candidates = (
        Turn.objects.using(using)
        .filter(near, kind=QUESTION)
        .select_related("speaker")
        .only("id", "text", "language", "position", "interview_id", "key", "speaker__name")
    )
    by_interview: dict[int, list[Turn]] = {}
    for question in candidates:
        by_interview.setdefault(question.interview_id, []).append(question)
    found = {}
    for answer in answers:
        before = [
            q for q in by_interview.get(answer.interview_id, []) if q.position < answer.position
        ]
        if before:
            question = max(before, key=lambda q: q.position)
            # Its permalink names the interview the answer already carries.
            question.interview = answer.interview
            found[answer.pk] = question
    return found
