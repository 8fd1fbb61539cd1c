"""FilterSets: the query string of the list pages, validated in one place."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from .models import LANGUAGE_NAMES, Interview, Participant, Source, Speaker, Topic


def language_choices():
    codes = Interview.objects.order_by().values_list("language", flat=True).distinct()
    return sorted(((c, LANGUAGE_NAMES.get(c, c)) for c in codes if c), key=lambda c: c[1])


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
        field_name="topics",
        label="Topic",
        empty_label="Any topic",
    )
    language = django_filters.ChoiceFilter(
        choices=language_choices, label="Language", empty_label="Any language"
    )
    year = django_filters.NumberFilter(
        field_name="date__year",
        label="Year",
        widget=forms.NumberInput(attrs={"min": 1900, "max": 2100}),
    )
    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Interview
        fields = ["source", "speaker", "topic", "language", "year", "date_from", "date_to"]

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
