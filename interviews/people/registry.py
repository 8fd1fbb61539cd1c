"""The people registry: known people, their other names, the offices they held and when.

The file is Popolo JSON, the shape TheyWorkForYou and EveryPolitician use:

    {"persons": [{"id", "name", "other_names": [{"name", "start_date", "end_date"}],
                  "identifiers": [{"scheme", "identifier"}]}],
     "organizations": [{"id", "name", "area_id"}],
     "posts": [{"id", "label", "role", "organization_id", "other_labels": [{"name"}]}],
     "memberships": [{"person_id", "post_id" or "organization_id", "role",
                      "start_date", "end_date"}]}

Loading is idempotent. A registry person becomes (or adopts) one archive speaker; the
registry's names, offices and memberships are replaced by the file's on every load,
while what editors added (names, roles) is left alone, and a speaker an editor renamed
keeps the editor's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from .. import revision
from ..models import Membership, Office, Speaker, SpeakerName
from ..parsing.names import office_key
from ..parsing.text import fold


class RegistryError(ValueError):
    """A registry file that cannot be loaded; says which entry and why."""


@dataclass
class LoadResult:
    created: int = 0
    adopted: int = 0  # archive speakers the registry now knows
    updated: int = 0
    offices: int = 0
    memberships: int = 0
    names: int = 0
    warnings: list[str] = field(default_factory=list)


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise RegistryError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from error


def _entries(data: dict, key: str) -> list[dict]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RegistryError(f"`{key}` must be a list of objects")
    return entries


def load_registry(data: dict) -> LoadResult:
    """Write the registry into the archive, in one transaction."""
    if not isinstance(data, dict):
        raise RegistryError("a registry is a JSON object with `persons`, `posts`, `memberships`")
    result = LoadResult()
    with transaction.atomic():
        areas = {
            o.get("id"): (o.get("area_id") or "").upper() or o.get("id", "").upper()
            for o in _entries(data, "organizations")
        }
        names = {o.get("id"): o.get("name", "") for o in _entries(data, "organizations")}
        offices = {}
        for index, post in enumerate(_entries(data, "posts")):
            offices[post.get("id")] = _office(post, index, areas, names, result)
        people = {}
        for index, person in enumerate(_entries(data, "persons")):
            people[person.get("id")] = _person(person, index, result)
        Membership.objects.filter(speaker__in=people.values(), origin=Membership.REGISTRY).delete()
        rows = []
        for index, entry in enumerate(_entries(data, "memberships")):
            where = f"memberships[{index}]"
            speaker = people.get(entry.get("person_id"))
            if speaker is None:
                raise RegistryError(f"{where}: no person with id {entry.get('person_id')!r}")
            office = offices.get(entry.get("post_id")) if entry.get("post_id") else None
            if entry.get("post_id") and office is None:
                raise RegistryError(f"{where}: no post with id {entry.get('post_id')!r}")
            role = entry.get("role") or (office.role if office else "")
            if not role:
                raise RegistryError(f"{where}: a membership needs a role or a post")
            rows.append(
                Membership(
                    speaker=speaker,
                    office=office,
                    role=role[:300],
                    organisation=(
                        names.get(entry.get("organization_id"), "")
                        or (office.organisation if office else "")
                    )[:200],
                    start_date=_date(entry.get("start_date"), where),
                    end_date=_date(entry.get("end_date"), where),
                    origin=Membership.REGISTRY,
                )
            )
        Membership.objects.bulk_create(rows)
        result.memberships = len(rows)
        revision.changed()
    return result


def _office(post: dict, index: int, areas: dict, names: dict, result: LoadResult) -> Office:
    where = f"posts[{index}]"
    key, label = post.get("id"), post.get("label")
    if not key or not label:
        raise RegistryError(f"{where}: a post needs an `id` and a `label`")
    role = post.get("role") or label
    labels = [label, role, *(n.get("name", "") for n in post.get("other_labels", []))]
    organisation = post.get("organization_id")
    office, _ = Office.objects.update_or_create(
        key=key,
        defaults={
            "label": label[:200],
            "role": role[:120],
            "role_keys": sorted({office_key(text) for text in labels if text}),
            "organisation": names.get(organisation, "")[:200],
            "jurisdiction": (post.get("area_id") or areas.get(organisation, ""))[:20],
        },
    )
    result.offices += 1
    return office


def _person(person: dict, index: int, result: LoadResult) -> Speaker:
    where = f"persons[{index}]"
    person_id, name = person.get("id"), " ".join(str(person.get("name", "")).split())
    if not person_id or not name:
        raise RegistryError(f"{where}: a person needs an `id` and a `name`")
    other = [
        (" ".join(str(n.get("name", "")).split()), n)
        for n in person.get("other_names", [])
        if isinstance(n, dict)
    ]
    speaker = Speaker.objects.filter(person_id=person_id).first()
    if speaker is None:
        keys = {fold(name), *(fold(n) for n, _ in other)}
        found = list(
            Speaker.objects.filter(kind=Speaker.PERSON, person_id="", name_key__in=keys).order_by(
                "-turn_count", "id"
            )[:2]
        )
        if len(found) > 1:
            result.warnings.append(
                f"{person_id}: several archive speakers are called {name!r}; the most quoted "
                "is now the registry's (merge the others in the editors' pages)"
            )
        if found:
            speaker = found[0]
            speaker.person_id = person_id
            if speaker.name != name:
                other.append((speaker.name, {}))
                speaker.name = name
            speaker.unresolved = False
            result.adopted += 1
        else:
            speaker = Speaker(name=name, kind=Speaker.PERSON, person_id=person_id)
            result.created += 1
    else:
        result.updated += 1
    identifiers = [
        {"scheme": str(i.get("scheme", "")), "identifier": str(i.get("identifier", ""))}
        for i in person.get("identifiers", [])
        if isinstance(i, dict) and i.get("scheme") and i.get("identifier")
    ]
    if identifiers:
        speaker.identifiers = identifiers
    speaker.save()
    kept = set()
    for index_name, (other_name, entry) in enumerate(other):
        if not other_name or fold(other_name) == speaker.name_key:
            continue
        spot = f"{where}.other_names[{index_name}]"
        alias, _ = SpeakerName.objects.update_or_create(
            speaker=speaker,
            name_key=fold(other_name),
            defaults={
                "name": other_name[:200],
                "origin": SpeakerName.REGISTRY,
                "start_date": _date(entry.get("start_date"), spot),
                "end_date": _date(entry.get("end_date"), spot),
                "note": str(entry.get("note", ""))[:200],
            },
        )
        kept.add(alias.pk)
        result.names += 1
    SpeakerName.objects.filter(speaker=speaker, origin=SpeakerName.REGISTRY).exclude(
        pk__in=kept
    ).delete()
    return speaker
