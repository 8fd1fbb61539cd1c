"""One serialisation of the archive's objects: the API, the exports and the feeds share it.

Field names are part of the versioning promise (README, "API"): within /api/v1/ fields
are only ever added, never renamed or removed. Every object carries `page_url` (the
reader's page) and, where it has one, `api_url`.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Participant, Speaker, Turn


def absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class LinkField(serializers.Field):
    """An absolute URL computed from the object (read only)."""

    def __init__(self, build, **kwargs):
        self.build = build
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = self.build(value)
        return absolute(self.context, path) if path else None


LinkField = extend_schema_field(OpenApiTypes.URI)(LinkField)


class SlugOf(serializers.CharField):
    """The slug of a related object that may be missing."""

    def to_representation(self, value):
        return value.slug

    def get_attribute(self, instance):
        return getattr(instance, self.source_attrs[-1], None)


def api_url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


class SourceRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    page_url = LinkField(lambda s: s.get_absolute_url())
    api_url = LinkField(lambda s: api_url("source-detail", s.slug))


class SourceSerializer(SourceRefSerializer):
    website = serializers.CharField(source="url")
    description = serializers.CharField()
    jurisdiction = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    domains = serializers.ListField(child=serializers.CharField())
    interview_count = serializers.IntegerField(required=False, allow_null=True)


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    qcode = serializers.CharField(allow_null=True)
    level = serializers.IntegerField()
    parent = SlugOf(allow_null=True, help_text="The broader topic's slug.")
    labels = serializers.DictField(child=serializers.CharField())
    description = serializers.CharField()
    page_url = LinkField(lambda t: t.get_absolute_url())
    api_url = LinkField(lambda t: api_url("topic-detail", t.slug))


class SpeakerRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Speaker.KIND_CHOICES)
    role = serializers.CharField()
    person_id = serializers.CharField(help_text="The id in the people registry, or empty.")
    page_url = LinkField(lambda s: s.get_absolute_url())
    api_url = LinkField(lambda s: api_url("speaker-detail", s.slug))


class IdentifierSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    identifier = serializers.CharField()


class SpeakerSerializer(SpeakerRefSerializer):
    turn_count = serializers.IntegerField()
    interview_count = serializers.IntegerField()
    identifiers = IdentifierSerializer(many=True)


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    origin = serializers.CharField()
    note = serializers.CharField()


class OfficeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    organisation = serializers.CharField()
    jurisdiction = serializers.CharField()


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    organisation = serializers.CharField()
    office = OfficeSerializer(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    origin = serializers.CharField()


class PrintedRoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    first = serializers.DateField(allow_null=True)
    last = serializers.DateField(allow_null=True)
    interviews = serializers.IntegerField()


class SpeakerDetailSerializer(SpeakerSerializer):
    description = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField())
    other_names = OtherNameSerializer(many=True, source="api_other_names")
    memberships = MembershipSerializer(many=True, source="api_memberships")
    printed_roles = PrintedRoleSerializer(
        many=True, source="api_printed_roles", help_text="Roles as interviews printed them."
    )


class ParticipantSerializer(serializers.Serializer):
    speaker = SpeakerRefSerializer()
    part = serializers.ChoiceField(choices=Participant._meta.get_field("part").choices)
    role = serializers.CharField(help_text="Their role at the time.")
    printed_name = serializers.CharField()


class InterviewRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    page_url = LinkField(lambda i: i.get_absolute_url())
    api_url = LinkField(lambda i: api_url("interview-detail", i.slug))


class InterviewSerializer(InterviewRefSerializer):
    published = serializers.DateField(allow_null=True)
    source = SourceRefSerializer(allow_null=True)
    publisher = SourceRefSerializer(allow_null=True)
    original_url = serializers.CharField(source="url")
    language = serializers.CharField()
    location = serializers.CharField()
    turn_count = serializers.IntegerField()
    participants = ParticipantSerializer(many=True, source="api_participants")


class TurnSerializer(serializers.Serializer):
    """A turn inside its interview (the interview is around it)."""

    key = serializers.CharField(help_text="Stable: the permalink's last part.")
    position = serializers.IntegerField()
    speaker = serializers.CharField(source="speaker.slug")
    speaker_name = serializers.CharField(source="speaker.name")
    label = serializers.CharField(help_text="The label as printed.")
    kind = serializers.ChoiceField(choices=Turn._meta.get_field("kind").choices)
    part = serializers.ChoiceField(choices=Turn._meta.get_field("part").choices)
    timecode = serializers.CharField()
    text = serializers.CharField(help_text="Paragraphs separated by a blank line.")
    permalink = LinkField(lambda t: t.get_absolute_url())


class InterviewDetailSerializer(InterviewSerializer):
    intro = serializers.CharField()
    topics = TopicSerializer(many=True, source="api_topics")
    turns = TurnSerializer(many=True, source="api_turns")


class QuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    speaker_name = serializers.CharField(source="speaker.name")
    text = serializers.CharField()
    permalink = LinkField(lambda t: t.get_absolute_url())


class TurnDetailSerializer(serializers.Serializer):
    """A turn on its own, as its permalink shows it."""

    key = serializers.CharField()
    position = serializers.IntegerField()
    interview = InterviewRefSerializer()
    source = SourceRefSerializer(source="interview.source", allow_null=True)
    speaker = SpeakerRefSerializer()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=Turn._meta.get_field("kind").choices)
    part = serializers.ChoiceField(choices=Turn._meta.get_field("part").choices)
    date = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    timecode = serializers.CharField()
    text = serializers.CharField()
    question = QuestionSerializer(
        source="api_question", allow_null=True, help_text="The question this turn answers."
    )
    permalink = LinkField(lambda t: t.get_absolute_url())
    oembed_url = LinkField(
        lambda t: f"{api_url('oembed')}?url={t.get_absolute_url()}", help_text="oEmbed for it."
    )


# --- search -----------------------------------------------------------------------------


class HitSerializer(serializers.Serializer):
    """One quote of a search, as the search page shows it."""

    key = serializers.CharField(source="turn.key")
    text = serializers.CharField(source="turn.text")
    snippet_html = serializers.CharField(
        source="snippet", help_text="An escaped excerpt, the words found in <mark>."
    )
    score = serializers.FloatField()
    kind = serializers.CharField(source="turn.kind")
    part = serializers.CharField(source="turn.part")
    date = serializers.DateField(source="turn.date", allow_null=True)
    language = serializers.CharField(source="turn.language")
    speaker = SpeakerRefSerializer(source="turn.speaker")
    role = serializers.CharField(help_text="The speaker's role at that interview.")
    interview = InterviewRefSerializer(source="turn.interview")
    source = SourceRefSerializer(source="turn.source", allow_null=True)
    question = QuestionSerializer(allow_null=True)
    permalink = LinkField(lambda hit: hit.turn.get_absolute_url())


class FacetValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField(help_text="What to put in the query string to select it.")
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    speaker = FacetValueSerializer(many=True, required=False)
    source = FacetValueSerializer(many=True, required=False)
    topic = FacetValueSerializer(many=True, required=False)
    place = FacetValueSerializer(many=True, required=False)
    organisation = FacetValueSerializer(many=True, required=False)
    year = FacetValueSerializer(many=True, required=False)
    part = FacetValueSerializer(many=True, required=False)


# --- flat rows for CSV ------------------------------------------------------------------


def columns(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    """The CSV columns of a serialiser, whatever its rows hold: a missing (null) nested
    object still has its columns, so every export of one kind has the same header."""
    out = []
    for name, field in serializer.fields.items():
        key = f"{prefix}{name}"
        if isinstance(field, serializers.Serializer):
            out += columns(field, key + ".")
        else:
            out.append(key)
    return out


def flat(row: dict, prefix: str = "") -> dict:
    """A nested representation as one CSV row: `speaker.name`, lists joined by "; "."""
    out = {}
    for name, value in row.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            out.update(flat(value, key + "."))
        elif isinstance(value, list):
            out[key] = "; ".join(
                (v.get("name") or v.get("slug") or str(v)) if isinstance(v, dict) else str(v)
                for v in value
            )
        else:
            out[key] = "" if value is None else value
    return out
