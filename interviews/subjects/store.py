"""Writing tags: an interview's topics, places and organisations, and each turn's.

    write_tags(interview, tags, declared)       one interview (import, retag)
    write_batch([(interview, tags, declared)])  new interviews of a bulk import

`tags` is the tagger's `DocumentTags`; `declared` the topic names of the document's own
header. Automatic tags are written `auto=True`; the header's topics and every tag an
editor confirmed or added `auto=False`; a tag an editor removed is not written (see
choices.py). Turn tags follow the turns by their permalink key, so an editor's choice
on a turn outlives a re-import that keeps the turn's key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from ..models import (
    InterviewEntity,
    InterviewTopic,
    TagChoice,
    Topic,
    Turn,
    TurnEntity,
    TurnTopic,
)
from ..tagging import DocumentTags, topic_for_name
from .load import entity_ids, topic_ids

TOPIC, ENTITY = "topic", "entity"


def resolve(auto: Sequence[int], declared: Sequence[int], choices: dict[int, bool]):
    """[(id, auto)]: declared first, then the automatic ones; editors' choices win."""
    out: dict[int, bool] = {}
    for pk in declared:
        out[pk] = False
    for pk in auto:
        out.setdefault(pk, True)
    for pk, keep in choices.items():
        if keep:
            out[pk] = False
        else:
            out.pop(pk, None)
    return list(out.items())


def local_topic(name: str) -> Topic:
    """The archive's own topic of this name (one the vocabulary does not have)."""
    name = " ".join(name.split())[:120]
    topic = Topic.objects.filter(qcode=None, name__iexact=name).first()
    if topic is None:
        topic = Topic(name=name)
        topic.save()
    return topic


def declared_topic_ids(names: Iterable[str], cache: dict[str, int] | None = None) -> list[int]:
    """Topic ids for names a document or an editor wrote: the vocabulary's topic a label
    names (in any language), or else a topic of the archive's own."""
    cache = {} if cache is None else cache
    wanted = [" ".join(n.split()) for n in names if n and n.strip()]
    qcodes = {n: topic_for_name(n) for n in wanted if n not in cache}
    known = topic_ids(q for q in qcodes.values() if q)
    for name, qcode in qcodes.items():
        cache[name] = known[qcode] if qcode in known else local_topic(name).pk
    return list(dict.fromkeys(cache[n] for n in wanted))


def _choices(interview_ids: Iterable[int]) -> dict[tuple[int, str, str], dict[int, bool]]:
    """(interview id, turn key, kind) -> {topic or entity id: keep}."""
    found: dict[tuple[int, str, str], dict[int, bool]] = {}
    for interview_id, key, topic_id, entity_id, keep in (
        TagChoice.objects.filter(interview_id__in=list(interview_ids))
        .order_by("id")
        .values_list("interview_id", "turn_key", "topic_id", "entity_id", "keep")
    ):
        kind, pk = (TOPIC, topic_id) if topic_id else (ENTITY, entity_id)
        found.setdefault((interview_id, key, kind), {})[pk] = keep
    return found


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """New rows with the database's fastest bulk path (as importing.insert_turns does)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _codes(tags: DocumentTags) -> tuple[set[str], set[str]]:
    topics = set(tags.topics)
    entities = set(tags.places) | set(tags.organisations)
    for turn in tags.turns:
        topics.update(turn.topics)
        entities.update(turn.places)
        entities.update(turn.organisations)
    return topics, entities


def _rows(items, choices) -> tuple[list, list, list, list]:
    """The link rows of these (interview, tags, declared ids, turns) items."""
    all_topics, all_entities = set(), set()
    for _interview, tags, _declared, _turns in items:
        topics, entities = _codes(tags)
        all_topics |= topics
        all_entities |= entities
    topic_map, entity_map = topic_ids(all_topics), entity_ids(all_entities)
    interview_topics, interview_entities, turn_topics, turn_entities = [], [], [], []
    for interview, tags, declared, turns in items:
        pk = interview.pk

        def final(codes, mapping, kind, key="", declared=(), pk=pk):
            ids = [mapping[c] for c in codes if c in mapping]
            return resolve(ids, declared, choices.get((pk, key, kind), {}))

        for topic_id, auto in final(tags.topics, topic_map, TOPIC, declared=declared):
            interview_topics.append((pk, topic_id, auto))
        codes = [*tags.places, *tags.organisations]
        for entity_id, auto in final(codes, entity_map, ENTITY):
            interview_entities.append((pk, entity_id, auto))
        for (turn_id, key), turn in zip(turns, tags.turns, strict=False):
            for topic_id, auto in final(turn.topics, topic_map, TOPIC, key):
                turn_topics.append((turn_id, topic_id, auto))
            codes = [*turn.places, *turn.organisations]
            for entity_id, auto in final(codes, entity_map, ENTITY, key):
                turn_entities.append((turn_id, entity_id, auto))
        # A choice on a turn the parse no longer has, or on a tag no tagger gave: added.
        for (choice_pk, key, kind), chosen in choices.items():
            if choice_pk != pk or not key:
                continue
            turn_id = dict((k, i) for i, k in turns).get(key)
            if turn_id is None:
                continue
            target = turn_topics if kind == TOPIC else turn_entities
            present = {(t, x) for t, x, _ in target}
            for other, keep in chosen.items():
                if keep and (turn_id, other) not in present:
                    target.append((turn_id, other, False))
    return interview_topics, interview_entities, turn_topics, turn_entities


def _turns(interview_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = {pk: [] for pk in interview_ids}
    for interview_id, turn_id, key in (
        Turn.objects.filter(interview_id__in=interview_ids)
        .order_by("interview_id", "position")
        .values_list("interview_id", "id", "key")
    ):
        found[interview_id].append((turn_id, key))
    return found


def write_tags(
    interview, tags: DocumentTags, declared: Sequence[int] = (), *, new: bool = False
) -> None:
    """Replace the tags of one interview and of its turns (`new`: it has none yet)."""
    if not new:
        InterviewTopic.objects.filter(interview=interview).delete()
        InterviewEntity.objects.filter(interview=interview).delete()
        TurnTopic.objects.filter(turn__interview=interview).delete()
        TurnEntity.objects.filter(turn__interview=interview).delete()
    turns = _turns([interview.pk])[interview.pk]
    choices = {} if new else _choices([interview.pk])
    _write(*_rows([(interview, tags, declared, turns)], choices))


def write_batch(items: Sequence[tuple[object, DocumentTags, Sequence[int]]]) -> None:
    """The tags of new interviews (no tags or choices yet), a few statements in all."""
    if not items:
        return
    turns = _turns([interview.pk for interview, _, _ in items])
    rows = _rows([(i, t, d, turns[i.pk]) for i, t, d in items], {})
    _write(*rows)


def _write(interview_topics, interview_entities, turn_topics, turn_entities) -> None:
    _insert(InterviewTopic, ["interview_id", "topic_id", "auto"], interview_topics)
    _insert(InterviewEntity, ["interview_id", "entity_id", "auto"], interview_entities)
    _insert(TurnTopic, ["turn_id", "topic_id", "auto"], turn_topics)
    _insert(TurnEntity, ["turn_id", "entity_id", "auto"], turn_entities)


def tag_interview(interview, parsed, *, new: bool = False) -> None:
    """The tagging step of an import: the tags of this parse, with the header's topics."""
    from ..tagging import tags_of

    write_tags(interview, tags_of(parsed), declared_topic_ids(parsed.topics), new=new)
