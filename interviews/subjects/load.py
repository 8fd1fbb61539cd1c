"""Topic and Entity rows from the vocabulary (IPTC Media Topics) and the gazetteer.

`load_vocabulary()` and `load_gazetteer()` are idempotent: a second run changes nothing,
a new release updates labels, hierarchy and retirements in place (slugs, and so links,
are kept). `topic_ids()` and `entity_ids()` make the rows a tagging needs when they are
missing, so an archive tags correctly before anyone ran `load_topics`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from .. import revision
from ..models import Entity, SlugRedirect, Topic
from ..tagging import gazetteer as gaz
from ..tagging.taggers import get_tagger
from ..tagging.vocabulary import Concept, ancestors, vocabulary


def _taken_slugs(model) -> set[str]:
    kind = model._meta.model_name
    return set(model.objects.values_list("slug", flat=True)) | set(
        SlugRedirect.objects.filter(kind=kind).values_list("old_slug", flat=True)
    )


def _free_slug(text: str, taken: set[str], max_length: int) -> str:
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, number = base, 2
    while slug in taken:
        slug = f"{base[: max_length - 6]}-{number}"
        number += 1
    taken.add(slug)
    return slug


def _topic_fields(concept: Concept, concepts: dict[str, Concept]) -> dict:
    labels = concept.labels
    return {
        "name": (labels.get("en") or concept.qcode)[:120],
        "labels": dict(sorted(labels.items())),
        "definitions": dict(sorted(concept.definitions.items())),
        "description": concept.definitions.get("en", ""),
        "level": len(ancestors(concept.qcode, concepts)) + 1,
        "retired": concept.retired,
    }


def _sync_topics(wanted: list[Concept], concepts: dict[str, Concept]) -> dict[str, int]:
    """Create or update these concepts' rows, then their parents; returns counts."""
    existing = {t.qcode: t for t in Topic.objects.filter(qcode__in=[c.qcode for c in wanted])}
    taken = _taken_slugs(Topic) if len(existing) < len(wanted) else set()
    created, updated = [], []
    for concept in wanted:
        fields = _topic_fields(concept, concepts)
        topic = existing.get(concept.qcode)
        if topic is None:
            topic = Topic(qcode=concept.qcode, slug=_free_slug(fields["name"], taken, 140))
            for name, value in fields.items():
                setattr(topic, name, value)
            created.append(topic)
        elif any(getattr(topic, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(topic, name, value)
            updated.append(topic)
    Topic.objects.bulk_create(created, batch_size=500)
    if updated:
        Topic.objects.bulk_update(updated, list(_topic_fields(wanted[0], concepts)), batch_size=500)
    ids = dict(
        Topic.objects.filter(
            qcode__in=[c.qcode for c in wanted] + [c.broader for c in wanted if c.broader]
        ).values_list("qcode", "id")
    )
    reparented = []
    for topic in Topic.objects.filter(qcode__in=[c.qcode for c in wanted]).only(
        "id", "qcode", "parent_id"
    ):
        broader = concepts[topic.qcode].broader
        parent_id = ids.get(broader) if broader else None
        if topic.parent_id != parent_id:
            topic.parent_id = parent_id
            reparented.append(topic)
    Topic.objects.bulk_update(reparented, ["parent"], batch_size=500)
    return {"created": len(created), "updated": len(updated), "reparented": len(reparented)}


@transaction.atomic
def load_vocabulary(path: str | None = None) -> dict[str, int]:
    """Every concept of the release (active and retired) as a Topic row."""
    concepts = vocabulary(path)
    counts = _sync_topics(list(concepts.values()), concepts)
    if counts["created"] or counts["updated"] or counts["reparented"]:
        revision.changed()
    counts["topics"] = len(concepts)
    return counts


def _entity_fields(entry: gaz.Entry) -> dict:
    return {
        "kind": entry.kind,
        "name": entry.name[:200],
        "names": dict(sorted(entry.names.items())),
    }


@transaction.atomic
def load_gazetteer(codes: Iterable[str] | None = None) -> dict[str, int]:
    """Places and organisations as Entity rows (all of them, or these codes)."""
    entries = get_tagger().gazetteer.entries
    wanted = [entries[c] for c in (codes if codes is not None else entries) if c in entries]
    existing = {e.code: e for e in Entity.objects.filter(code__in=[e.code for e in wanted])}
    taken = _taken_slugs(Entity) if len(existing) < len(wanted) else set()
    created, updated = [], []
    for entry in wanted:
        fields = _entity_fields(entry)
        entity = existing.get(entry.code)
        if entity is None:
            entity = Entity(code=entry.code, slug=_free_slug(fields["name"], taken, 220), **fields)
            created.append(entity)
        elif any(getattr(entity, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(entity, k, v)
            updated.append(entity)
    Entity.objects.bulk_create(created, batch_size=500)
    Entity.objects.bulk_update(updated, ["kind", "name", "names"], batch_size=500)
    if created or updated:
        revision.changed()
    return {"entities": len(wanted), "created": len(created), "updated": len(updated)}


def topic_ids(qcodes: Iterable[str]) -> dict[str, int]:
    """qcode -> Topic id for these qcodes, making missing rows (and their broader ones)."""
    qcodes = set(qcodes)
    if not qcodes:
        return {}
    found = dict(Topic.objects.filter(qcode__in=qcodes).values_list("qcode", "id"))
    missing = qcodes - set(found)
    if missing:
        concepts = vocabulary()
        chain = {q for q in missing if q in concepts}
        for qcode in list(chain):
            chain.update(ancestors(qcode, concepts))
        _sync_topics([concepts[q] for q in sorted(chain)], concepts)
        found = dict(Topic.objects.filter(qcode__in=qcodes).values_list("qcode", "id"))
    return found


def entity_ids(codes: Iterable[str]) -> dict[str, int]:
    """code -> Entity id, making missing rows from the gazetteer."""
    codes = set(codes)
    if not codes:
        return {}
    found = dict(Entity.objects.filter(code__in=codes).values_list("code", "id"))
    if codes - set(found):
        load_gazetteer(codes - set(found))
        found = dict(Entity.objects.filter(code__in=codes).values_list("code", "id"))
    return found
