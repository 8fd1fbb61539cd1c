"""The editors' pages for people: a speaker's name and role, merging duplicates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..editing.speakers import SpeakerFinder, edit_speaker, merge_speakers
from ..forms import SpeakerEditForm, SpeakerMergeForm
from ..models import EditRecord, Speaker
from .access import editor_required
from .editing import _saved
from .lookup import Moved, get_by_slug

# --- speakers -------------------------------------------------------------------------------


def _speaker(slug):
    return get_by_slug(
        Speaker.objects.all(),
        slug,
        redirect_to=lambda found: reverse("editing:speaker", args=[found.slug]),
    )


@editor_required
def speaker(request, slug):
    try:
        speaker = _speaker(slug)
    except Moved as moved:
        return moved.response
    if request.method == "POST":
        form = SpeakerEditForm(request.POST)
        if form.is_valid():
            changes = edit_speaker(speaker, form.changes(), request.user)
            _saved(request, changes, "the speaker")
            speaker.refresh_from_db()
            return redirect("editing:speaker", speaker.slug)
    else:
        form = SpeakerEditForm(
            initial={
                "name": speaker.name,
                "kind": speaker.kind,
                "role": speaker.role,
                "description": speaker.description,
            }
        )
    return _speaker_page(request, speaker, form=form)


def _speaker_page(request, speaker, *, form=None, merge_form=None):
    candidates = SpeakerFinder().similar([speaker.name, *speaker.labels], exclude={speaker.pk})
    return render(
        request,
        "editing/speaker.html",
        {
            "speaker": speaker,
            "form": form,
            "merge_form": merge_form or SpeakerMergeForm(speaker=speaker, candidates=candidates),
            "edits": EditRecord.objects.filter(speaker=speaker).select_related("edited_by")[:20],
        },
    )


@require_POST
@editor_required
def merge_speaker(request, slug):
    try:
        speaker = _speaker(slug)
    except Moved as moved:
        return moved.response
    candidates = SpeakerFinder().similar([speaker.name, *speaker.labels], exclude={speaker.pk})
    form = SpeakerMergeForm(request.POST, speaker=speaker, candidates=candidates)
    if not form.is_valid():
        edit_form = SpeakerEditForm(
            initial={
                "name": speaker.name,
                "kind": speaker.kind,
                "role": speaker.role,
                "description": speaker.description,
            }
        )
        return _speaker_page(request, speaker, form=edit_form, merge_form=form)
    gone = form.duplicate_speaker
    kept = merge_speakers(speaker, gone, request.user)
    messages.info(
        request,
        f"{gone.name} merged into {kept.name}: {kept.turn_count} turns in "
        f"{kept.interview_count} interviews; the old address now leads here.",
    )
    return redirect("editing:speaker", kept.slug)
