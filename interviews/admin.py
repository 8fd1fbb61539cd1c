"""Django's admin, set up for a newsroom: search everywhere, filters, turns inline."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.text import Truncator

from .consistency import sync_interview
from .editing.interviews import delete_interviews
from .models import (
    EditRecord,
    Entity,
    ImportRecord,
    Interview,
    InterviewEntity,
    InterviewTopic,
    Participant,
    RetiredTurn,
    SlugRedirect,
    Source,
    Speaker,
    Topic,
    Turn,
)

admin.site.site_header = "Interview Archive administration"
admin.site.site_title = "Interview Archive"
admin.site.index_title = "Archive"


# Editors paste addresses without a scheme; assume the secure one.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name", "aliases", "domains"]
    readonly_fields = ["slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "qcode", "level", "slug"]
    list_filter = ["level", "retired"]
    search_fields = ["name", "qcode", "labels", "description"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["slug"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "names"]
    readonly_fields = ["slug"]


class InterviewTopicInline(admin.TabularInline):
    model = InterviewTopic
    extra = 0
    autocomplete_fields = ["topic"]
    verbose_name = "topic"


class InterviewEntityInline(admin.TabularInline):
    model = InterviewEntity
    extra = 0
    autocomplete_fields = ["entity"]
    verbose_name = "place or organisation"


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "turn_count", "interview_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "labels"]
    readonly_fields = ["slug", "turn_count", "interview_count", "created_at"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "part", "role", "labels", "position"]


class TurnInline(admin.StackedInline):
    model = Turn
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = [("position", "speaker", "kind", "label"), "text"]
    ordering = ["position"]
    show_change_link = True
    classes = ["collapse"]
    formfield_overrides = {
        Turn._meta.get_field("text").__class__: {
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 100})
        }
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "date", "source", "language", "turn_count", "imported_at"]
    list_filter = ["language", "source", ("publisher", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["source"]
    date_hierarchy = "date"
    search_fields = ["title", "intro", "url", "file_name"]
    autocomplete_fields = ["source", "publisher"]
    readonly_fields = [
        "slug",
        "turn_count",
        "file_name",
        "checksum",
        "imported_at",
        "imported_by",
        "document",
        "view_on_site_link",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "view_on_site_link",
                    "date",
                    "published",
                    "source",
                    "publisher",
                    "url",
                    "language",
                    "location",
                    "intro",
                ]
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "file_name",
                    "checksum",
                    "imported_at",
                    "imported_by",
                    "document",
                    "turn_count",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [InterviewTopicInline, InterviewEntityInline, ParticipantInline, TurnInline]

    @admin.display(description="On the site")
    def view_on_site_link(self, obj):
        return (
            format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())
            if obj.pk
            else ""
        )

    def save_related(self, request, form, formsets, change):
        before = (
            set(form.instance.participants.values_list("speaker_id", flat=True))
            if change
            else set()
        )
        super().save_related(request, form, formsets, change)
        sync_interview(form.instance, speaker_ids=before)

    def delete_model(self, request, obj):
        delete_interviews([obj], request.user)

    def delete_queryset(self, request, queryset):
        delete_interviews(queryset, request.user)


@admin.register(Turn)
class TurnAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "speaker", "kind", "interview", "date"]
    list_filter = ["kind", "part", "language"]
    list_select_related = ["speaker", "interview"]
    search_fields = ["text", "label", "speaker__name", "key"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["interview"]
    readonly_fields = ["key", "part", "date", "language", "source"]

    @admin.display(description="Text")
    def excerpt(self, obj):
        return Truncator(obj.text).words(16)

    def save_model(self, request, obj, form, change):
        previous = Turn.objects.filter(pk=obj.pk).values_list("speaker_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if not Participant.objects.filter(interview=obj.interview, speaker=obj.speaker).exists():
            Participant.objects.create(interview=obj.interview, speaker=obj.speaker, part=obj.part)
        sync_interview(obj.interview, speaker_ids={previous} if previous else None)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["file_name", "action", "interview", "imported_by", "imported_at"]
    list_filter = ["action"]
    search_fields = ["file_name", "checksum", "message"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields if f.name != "original"]
    exclude = ["original"]

    def has_add_permission(self, request):
        return False


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["kind", "old_slug", "object_id"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]


@admin.register(RetiredTurn)
class RetiredTurnAdmin(admin.ModelAdmin):
    list_display = ["interview", "key", "replaced_by"]
    search_fields = ["key"]
    raw_id_fields = ["interview"]


@admin.register(EditRecord)
class EditRecordAdmin(admin.ModelAdmin):
    """The editors' history, read-only: corrections are made on the editing pages."""

    list_display = ["action", "target", "interview", "speaker", "edited_by", "edited_at"]
    list_filter = ["action"]
    list_select_related = ["interview", "speaker", "edited_by"]
    search_fields = ["target"]
    readonly_fields = [f.name for f in EditRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
