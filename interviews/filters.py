"""FilterSets: the query string of the list pages, validated in one place."""

import unicodedata

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import (
    LANGUAGE_NAMES,
    PART_CHOICES,
    Entity,
    Interview,
    InterviewEntity,
    InterviewTopic,
    Participant,
    Source,
    Speaker,
    Topic,
    Turn,
)
from .parsing.text import fold
from .search import RELEVANCE, SORTS, SearchParams, filter_queryset, page_number, subjects
from .search.subjects import narrower


def language_choices():
    codes = Interview.objects.order_by().values_list("language", flat=True).distinct()
    return sorted(((c, LANGUAGE_NAMES.get(c, c)) for c in codes if c), key=lambda c: c[1])


def date_bound(lookup: str, label: str) -> django_filters.DateFilter:
    """One end of a date range, with the browser's date picker."""
    return django_filters.DateFilter(
        field_name="date",
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class InterviewFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        method="filter_source",
        label="Outlet",
        empty_label="Any outlet",
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="Speaker",
        widget=forms.TextInput(attrs={"list": "speaker-names", "placeholder": "Name"}),
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topic",
        empty_label="Any topic",
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Entity.objects.all(),
        to_field_name="slug",
        method="filter_place",
        label="Place or organisation",
        # Reached from place and organisation pages; a list of every country is no help.
        widget=forms.HiddenInput,
    )
    language = django_filters.ChoiceFilter(
        choices=language_choices, label="Language", empty_label="Any language"
    )
    year = django_filters.NumberFilter(
        field_name="date__year",
        label="Year",
        # A year past 9999 is no date: the lookup's bounds would overflow (a 500 before).
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 1900, "max": 2100}),
    )
    date_from = date_bound("gte", "From")
    date_to = date_bound("lte", "To")

    class Meta:
        model = Interview
        fields = ["source", "speaker", "topic", "place", "language", "year", "date_from", "date_to"]

    # The API's schema (interviews/api) shows these as the slugs the query string takes.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_topic(self, queryset, name, value):
        """Interviews tagged with the topic or a narrower one (automatically or not)."""
        ids = narrower([value.pk])
        return queryset.filter(
            Exists(InterviewTopic.objects.filter(interview=OuterRef("pk"), topic_id__in=ids))
        )

    @extend_schema_field(OpenApiTypes.STR)
    def filter_place(self, queryset, name, value):
        return queryset.filter(
            Exists(InterviewEntity.objects.filter(interview=OuterRef("pk"), entity=value))
        )

    def filter_source(self, queryset, name, value):
        # An outlet's page lists what it published and what it republished.
        return queryset.filter(source=value) | queryset.filter(publisher=value)

    def filter_speaker(self, queryset, name, value):
        """A speaker by slug, or by name as typed into the box."""
        value = value.strip()
        speakers = Speaker.objects.filter(slug=value)
        if not speakers.exists():
            speakers = Speaker.objects.filter(name__iexact=value)
        return queryset.filter(
            Exists(Participant.objects.filter(interview=OuterRef("pk"), speaker__in=speakers))
        )

    @property
    def selected_speaker(self):
        value = self.form.cleaned_data.get("speaker") if self.form.is_valid() else None
        if not value:
            return None
        return (
            Speaker.objects.filter(slug=value).first()
            or Speaker.objects.filter(name__iexact=value).first()
        )


class SpeakerFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name contains"
    )
    initial = django_filters.CharFilter(method="filter_initial", label="Initial")

    class Meta:
        model = Speaker
        fields = ["name", "initial"]

    def filter_initial(self, queryset, name, value):
        value = value.strip()[:1].lower()
        if not value:
            return queryset
        if value == "#":
            return queryset.exclude(name_key__regex=r"^[a-z]")
        return queryset.filter(name_key__startswith=value)


# --- search ------------------------------------------------------------------------------


def _sanitize(value: str) -> str:
    """A query-string value without control characters, at most a few thousand characters."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in value[:4000])


class SpeakerNamesField(forms.Field):
    """Speakers by slug or by name as typed (`Jens Stoltenberg`, `stoltenberg`), one or more."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"unknown": "No speaker is called “%(value)s”."}

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))[:20]

    def clean(self, value):
        values = super().clean(value)
        if not values:
            return []
        keys = {value: fold(value) for value in values}
        named = Q(slug__in=values) | Q(name_key__in=[k for k in keys.values() if k])
        for key in {k for k in keys.values() if k and " " not in k}:
            named |= Q(name_key__endswith=" " + key)
        found = list(Speaker.objects.filter(named).order_by("-turn_count", "name")[:200])
        speakers = []
        for value, key in keys.items():
            matches = (
                [s for s in found if s.slug == value]
                or [s for s in found if key and s.name_key == key]
                or [s for s in found if key and " " not in key and s.name_key.endswith(" " + key)]
            )
            if not matches:
                raise forms.ValidationError(
                    self.error_messages["unknown"], code="unknown", params={"value": value}
                )
            speakers += [s for s in matches if s not in speakers]
        return speakers


class SpeakerNamesFilter(django_filters.Filter):
    field_class = SpeakerNamesField


class TurnSearchFilter(django_filters.FilterSet):
    """The query string of /search/. `q` hands over to the search backend.

    `qs` is the ORM version of a search (matching turns, unranked); the search page uses
    `search_params()` with `interviews.search.search`, which ranks a bounded candidate set
    and reads only the shown page.
    """

    q = django_filters.CharFilter(
        method="filter_q",
        label="Words",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Words, “a phrase”, OR, -excluded"}
        ),
    )
    speaker = SpeakerNamesFilter(method="filter_speaker", label="Speaker")
    part = django_filters.MultipleChoiceFilter(
        choices=PART_CHOICES,
        field_name="part",
        label="Speaking as",
        widget=forms.CheckboxSelectMultiple,
    )
    source = django_filters.ModelMultipleChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        field_name="source__slug",
        label="Outlet",
        widget=forms.MultipleHiddenInput,
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_subjects",
        label="Topic",
        widget=forms.MultipleHiddenInput,
    )
    place = django_filters.ModelMultipleChoiceFilter(
        queryset=Entity.objects.filter(kind__in=Entity.PLACE_KINDS),
        to_field_name="slug",
        method="filter_subjects",
        label="Place",
        widget=forms.MultipleHiddenInput,
    )
    organisation = django_filters.ModelMultipleChoiceFilter(
        queryset=Entity.objects.filter(kind=Entity.ORGANISATION),
        to_field_name="slug",
        method="filter_subjects",
        label="Organisation",
        widget=forms.MultipleHiddenInput,
    )
    language = django_filters.MultipleChoiceFilter(
        choices=sorted(LANGUAGE_NAMES.items(), key=lambda c: c[1]),
        field_name="language",
        label="Language",
        widget=forms.SelectMultiple(attrs={"size": 1}),
    )
    date_from = date_bound("gte", "From")
    date_to = date_bound("lte", "To")
    interview = django_filters.ModelChoiceFilter(
        queryset=Interview.objects.only("id", "slug", "title", "date", "turn_count"),
        to_field_name="slug",
        field_name="interview",
        label="Interview",
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_sort", label="Sort", empty_label=None
    )

    class Meta:
        model = Turn
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            clean = QueryDict(mutable=True)
            for key in list(data.keys())[:40]:
                values = data.getlist(key) if hasattr(data, "getlist") else data[key]
                if isinstance(values, str) or not isinstance(values, list | tuple):
                    values = [values]
                clean.setlist(_sanitize(str(key)), [_sanitize(str(v)) for v in values[:20]])
            data = clean
        super().__init__(data, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        languages = self.form.cleaned_data.get("language") or ()
        return filter_queryset(queryset, value, languages=languages)

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=value) if value else queryset

    def filter_subjects(self, queryset, name, value):
        """Turns on these topics (or narrower ones), places or organisations: see
        search/subjects.py for when a turn is on one."""
        if not value:
            return queryset
        sql, args = subjects.condition(name, [v.pk for v in value], connections[queryset.db])
        ids = RawSQL(f"SELECT t.id FROM {Turn._meta.db_table} t WHERE {sql}", args)
        return queryset.filter(pk__in=ids)

    def filter_sort(self, queryset, name, value):
        return queryset  # the order is the search's business

    def cleaned(self) -> dict:
        """The valid parameters (an invalid one is left out and shown as an error)."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def search_params(self, page: int = 1) -> SearchParams:
        data = self.cleaned()
        return SearchParams(
            q=data.get("q") or "",
            speakers=data.get("speaker") or (),
            parts=data.get("part") or (),
            sources=data.get("source") or (),
            topics=data.get("topic") or (),
            places=data.get("place") or (),
            organisations=data.get("organisation") or (),
            languages=data.get("language") or (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            interview=data.get("interview"),
            sort=data.get("sort") or RELEVANCE,
            page=page,
        )


def search_params(data) -> SearchParams:
    """SearchParams from the search page's GET parameters (a QueryDict or a dict),
    validated as the page validates them: an invalid value is left out."""
    if not isinstance(data, QueryDict):
        query = QueryDict(mutable=True)
        for key, value in dict(data).items():
            query.setlist(
                key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            )
        data = query
    filterset = TurnSearchFilter(data, queryset=Turn.objects.all())
    return filterset.search_params(page=page_number(data.get("page")))
