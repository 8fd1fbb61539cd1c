"""Editing after import: an interview's details, topics, participants and turns; the
history of imports and edits, with the original documents. Speakers are in people.py."""

import codecs

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from ..editing import history as history_log
from ..editing import turns as turn_edits
from ..editing.interviews import edit_metadata, edit_participant, set_topics
from ..editing.tags import TagError, edit_tag
from ..editing.turns import TurnError, edit_turn, merge_with_next
from ..forms import (
    InterviewForm,
    ParticipantForm,
    SplitForm,
    TagForm,
    TopicsForm,
    TurnEditForm,
)
from ..models import (
    LANGUAGE_NAMES,
    Entity,
    Interview,
    Participant,
    RetiredTurn,
    Speaker,
    Topic,
)
from ..subjects.reads import attach_turn_tags, interview_tags
from .access import editor_required
from .lookup import Moved, get_by_slug

HISTORY_PAGE = 50


def _interview(slug, url_name="editing:interview", *rest):
    """The interview at this slug; an old slug raises Moved towards the same editing page."""
    return get_by_slug(
        Interview.objects.select_related("source", "publisher"),
        slug,
        redirect_to=lambda found: reverse(url_name, args=[found.slug, *rest]),
    )


def _saved(request, changes: dict, what: str) -> None:
    if changes:
        fields = ", ".join(name for name in changes if name != "slug")
        messages.info(request, f"Saved {what}: {fields}.")
    else:
        messages.info(request, f"Nothing to save: {what} unchanged.")


# --- an interview -------------------------------------------------------------------------


@editor_required
def interview(request, slug):
    try:
        interview = _interview(slug)
    except Moved as moved:
        return moved.response
    if request.method == "POST":
        form = InterviewForm(request.POST)
        if form.is_valid():
            changes = edit_metadata(interview, form.changes(), request.user)
            _saved(request, changes, "the details")
            interview.refresh_from_db()
            return redirect("editing:interview", interview.slug)
    else:
        form = InterviewForm(initial=InterviewForm.initial_from(interview))
    return _interview_page(request, interview, form=form)


def _interview_page(request, interview, *, form=None, topics_form=None, participant_forms=None):
    participants = list(interview.participants.select_related("speaker").order_by("position"))
    participant_forms = participant_forms or {}
    for participant in participants:
        participant.form = participant_forms.get(participant.pk) or ParticipantForm(
            initial={"part": participant.part, "role": participant.role},
            prefix=f"p{participant.pk}",
        )
    topic_names = list(interview.topics.values_list("name", flat=True))
    turns = list(interview.turns.select_related("speaker").order_by("position"))
    attach_turn_tags(turns)
    topics, places = interview_tags(interview)
    return render(
        request,
        "editing/interview.html",
        {
            "interview": interview,
            "form": form or InterviewForm(initial=InterviewForm.initial_from(interview)),
            "topics_form": topics_form or TopicsForm(initial={"topics": ", ".join(topic_names)}),
            "participants": participants,
            "turns": turns,
            "tag_topics": topics,
            "tag_places": places,
            "topic_labels": Topic.objects.filter(retired=False).values_list("name", flat=True),
            "entity_names": Entity.objects.values_list("name", flat=True),
            "recent": history_log.timeline(interview=interview, limit=5),
            "languages": LANGUAGE_NAMES,
        },
    )


@require_POST
@editor_required
def topics(request, slug):
    try:
        interview = _interview(slug)
    except Moved as moved:
        return moved.response
    form = TopicsForm(request.POST)
    if not form.is_valid():
        return _interview_page(request, interview, topics_form=form)
    _saved(request, set_topics(interview, form.names(), request.user), "the topics")
    return redirect(reverse("editing:interview", args=[interview.slug]) + "#topics")


@require_POST
@editor_required
def tags(request, slug):
    """Confirm, remove or add a topic, place or organisation on the interview or a turn."""
    try:
        interview = _interview(slug)
    except Moved as moved:
        return moved.response
    form = TagForm(request.POST)
    anchor = "#tags"
    if form.is_valid():
        data = form.cleaned_data
        if data["turn"]:
            anchor = f"#t-{data['turn']}"
        try:
            changes = edit_tag(
                interview,
                action=data["action"],
                kind=data["kind"],
                target=data["target"],
                turn_key=data["turn"],
                user=request.user,
            )
            messages.info(request, "Saved: " + "; ".join(f"{k} {v[1]}" for k, v in changes.items()))
        except TagError as error:
            messages.info(request, f"Not saved: {error}")
    else:
        messages.info(request, "Not saved: give a name to add.")
    return redirect(reverse("editing:interview", args=[interview.slug]) + anchor)


@require_POST
@editor_required
def participant(request, slug, pk):
    try:
        interview = _interview(slug)
    except Moved as moved:
        return moved.response
    participant = get_object_or_404(Participant, pk=pk, interview=interview)
    form = ParticipantForm(request.POST, prefix=f"p{participant.pk}")
    if not form.is_valid():
        return _interview_page(request, interview, participant_forms={participant.pk: form})
    changes = edit_participant(
        participant,
        part=form.cleaned_data["part"],
        role=form.cleaned_data["role"],
        user=request.user,
    )
    _saved(request, changes, f"{participant.speaker.name}'s part")
    return redirect(reverse("editing:interview", args=[interview.slug]) + "#participants")


@editor_required
def interview_history(request, slug):
    try:
        interview = _interview(slug, "editing:interview_history")
    except Moved as moved:
        return moved.response
    return render(
        request,
        "editing/interview_history.html",
        {
            "interview": interview,
            "entries": history_log.timeline(interview=interview, limit=500),
            "documents": history_log.downloadable(interview.imports.defer("original")),
        },
    )


# --- turns ----------------------------------------------------------------------------------


def _turn(slug, key, url_name="editing:turn"):
    interview = _interview(slug, url_name, key)
    turn = interview.turns.select_related("speaker").filter(key=key).first()
    if turn is None:
        retired = RetiredTurn.objects.filter(interview=interview, key=key).first()
        if retired is not None and retired.replaced_by:
            raise Moved(redirect(url_name, interview.slug, retired.replaced_by))
        raise Http404("No such turn in this interview.")
    return interview, turn


@editor_required
def turn(request, slug, key):
    try:
        interview, turn = _turn(slug, key)
    except Moved as moved:
        return moved.response
    speakers = Speaker.objects.filter(participations__interview=interview).order_by("name")
    if request.method == "POST":
        form = TurnEditForm(request.POST, speakers=speakers)
        if form.is_valid():
            try:
                changes = edit_turn(
                    turn,
                    text=form.cleaned_data["text"],
                    speaker=form.chosen_speaker(),
                    kind=form.cleaned_data["kind"],
                    user=request.user,
                )
            except TurnError as error:
                form.add_error("text", str(error))
            else:
                _saved(request, changes, "the turn")
                return redirect(
                    reverse("editing:interview", args=[interview.slug]) + f"#{turn.anchor}"
                )
    else:
        form = TurnEditForm(
            initial={"text": turn.text, "speaker": turn.speaker_id, "kind": turn.kind},
            speakers=speakers,
        )
    return render(
        request,
        "editing/turn.html",
        {
            "interview": interview,
            "turn": turn,
            "form": form,
            "split_form": SplitForm(paragraphs=turn.paragraphs),
            "next_turn": interview.turns.filter(position=turn.position + 1)
            .select_related("speaker")
            .first(),
        },
    )


@require_POST
@editor_required
def merge_turn(request, slug, key):
    try:
        interview, turn = _turn(slug, key)
    except Moved as moved:
        return moved.response
    try:
        merge_with_next(turn, request.user)
    except TurnError as error:
        messages.info(request, f"Not merged: {error}.")
    else:
        messages.info(request, "Merged with the next turn; its permalink now leads here.")
    return redirect(reverse("editing:interview", args=[interview.slug]) + f"#{turn.anchor}")


@require_POST
@editor_required
def split_turn(request, slug, key):
    try:
        interview, turn = _turn(slug, key)
    except Moved as moved:
        return moved.response
    form = SplitForm(request.POST, paragraphs=turn.paragraphs)
    if not form.is_valid():
        messages.info(request, "Not split: choose the paragraph where the new turn starts.")
        return redirect("editing:turn", interview.slug, turn.key)
    try:
        new = turn_edits.split_turn(turn, form.cleaned_data["at"], request.user)
    except TurnError as error:
        messages.info(request, f"Not split: {error}.")
        return redirect("editing:turn", interview.slug, turn.key)
    messages.info(request, "Split in two: the new turn has a permalink of its own.")
    return redirect(reverse("editing:interview", args=[interview.slug]) + f"#{new.anchor}")


# --- history and documents ------------------------------------------------------------------


@editor_required
def history(request):
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    total = history_log.history_size()
    return render(
        request,
        "editing/history.html",
        {
            "entries": history_log.timeline(limit=HISTORY_PAGE, offset=(page - 1) * HISTORY_PAGE),
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page * HISTORY_PAGE < total else None,
            "total": total,
        },
    )


@editor_required
def download_document(request, pk):
    record = get_object_or_404(history_log.downloadable(), pk=pk)
    raw = bytes(record.original or b"")
    if not raw:
        raise Http404("This import did not keep the document.")
    content_type = history_log.content_type_for(record.file_name)
    charset = _charset(record.encoding)
    if content_type.startswith("text/") and charset:
        content_type += f"; charset={charset}"
    response = HttpResponse(raw, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=record.file_name or f"document-{record.pk}.txt"
    )
    response["Content-Length"] = str(len(raw))
    return response


def _charset(encoding: str) -> str:
    """A charset name browsers know, for the encoding the importer detected."""
    base = (encoding or "").split("+")[0]
    try:
        name = codecs.lookup(base).name
    except LookupError:
        return ""
    if name == "utf-8-sig":
        return "utf-8"
    if name.startswith("cp125"):
        return "windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "iso-8859-" + name.split("-")[1]
    return name
