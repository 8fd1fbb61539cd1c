"""The editors' pages for people: a speaker's name, other names and roles over time,
merging duplicates, and the speakers the report finds suspect."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..editing.speakers import (
    SpeakerFinder,
    add_membership,
    add_other_name,
    edit_speaker,
    merge_many,
    merge_speakers,
    remove_membership,
    remove_other_name,
)
from ..forms import SpeakerEditForm, SpeakerMergeForm
from ..forms.people import ClusterMergeForm, MembershipForm, OtherNameForm
from ..models import EditRecord, Speaker
from ..people.report import build_report
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
        return _speaker_page(request, speaker, form=form)
    return _speaker_page(request, speaker)


def _speaker_page(
    request, speaker, *, form=None, merge_form=None, name_form=None, membership_form=None
):
    candidates = SpeakerFinder().similar([speaker.name, *speaker.labels], exclude={speaker.pk})
    if form is None:
        form = SpeakerEditForm(
            initial={
                "name": speaker.name,
                "kind": speaker.kind,
                "role": speaker.role,
                "description": speaker.description,
            }
        )
    return render(
        request,
        "editing/speaker.html",
        {
            "speaker": speaker,
            "form": form,
            "merge_form": merge_form or SpeakerMergeForm(speaker=speaker, candidates=candidates),
            "name_form": name_form or OtherNameForm(),
            "membership_form": membership_form or MembershipForm(),
            "other_names": speaker.other_names.order_by("name_key"),
            "memberships": speaker.memberships.select_related("office").order_by(
                "-start_date", "-id"
            ),
            "edits": EditRecord.objects.filter(speaker=speaker).select_related("edited_by")[:20],
        },
    )


@require_POST
@editor_required
def other_names(request, slug):
    return _add_or_remove(
        request,
        slug,
        rows="other_names",
        form_class=OtherNameForm,
        form_name="name_form",
        add=add_other_name,
        remove=remove_other_name,
        anchor="names",
        said=lambda speaker, alias: (
            f"Documents that print “{alias.name}” now find {speaker.name}."
            if alias is not None
            else f"{speaker.name} already has that name."
        ),
    )


@require_POST
@editor_required
def memberships(request, slug):
    return _add_or_remove(
        request,
        slug,
        rows="memberships",
        form_class=MembershipForm,
        form_name="membership_form",
        add=add_membership,
        remove=remove_membership,
        anchor="roles",
        said=lambda speaker, row: (
            "Role added. Run resolve_speakers to apply it to stored interviews."
        ),
    )


def _add_or_remove(request, slug, *, rows, form_class, form_name, add, remove, anchor, said):
    """A speaker's other name or role: `remove=<id>` takes one away, the form adds one."""
    try:
        speaker = _speaker(slug)
    except Moved as moved:
        return moved.response
    back = redirect(reverse("editing:speaker", args=[speaker.slug]) + f"#{anchor}")
    remove_id = request.POST.get("remove", "")
    if remove_id:
        row = getattr(speaker, rows).filter(pk=remove_id if remove_id.isdigit() else 0).first()
        if row is not None:
            remove(speaker, row, request.user)
            messages.info(request, f"Removed: {row}.")
        return back
    form = form_class(request.POST)
    if not form.is_valid():
        return _speaker_page(request, speaker, **{form_name: form})
    messages.info(request, said(speaker, add(speaker, form.cleaned_data, request.user)))
    return back


REPORT_CLUSTERS = 60


@editor_required
def suspects(request):
    """Speakers that look wrong: one-word names, titles in names, likely duplicates."""
    report = build_report()
    clusters = report.clusters[:REPORT_CLUSTERS]
    forms = {}
    if request.method == "POST":
        index = request.POST.get("cluster", "")
        if index.isdigit() and int(index) < len(clusters):
            cluster = clusters[int(index)]
            form = ClusterMergeForm(request.POST, speakers=cluster.speakers)
            if form.is_valid():
                keep = form.speakers[form.cleaned_data["keep"]]
                others = [form.speakers[pk] for pk in form.cleaned_data["others"]]
                kept = merge_many(keep, others, request.user)
                messages.info(
                    request,
                    f"{', '.join(o.name for o in others)} merged into {kept.name}: "
                    f"{kept.turn_count} turns in {kept.interview_count} interviews.",
                )
                return redirect("editing:suspects")
            forms[int(index)] = form
    rows = [
        (
            index,
            cluster,
            forms.get(index)
            or ClusterMergeForm(
                speakers=cluster.speakers, initial={"keep": cluster.speakers[0].pk}
            ),
        )
        for index, cluster in enumerate(clusters)
    ]
    return render(
        request,
        "editing/suspects.html",
        {
            "report": report,
            "figures": report.figures(),
            "rows": rows,
            "suspects": report.suspects[:100],
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
        return _speaker_page(request, speaker, merge_form=form)
    gone = form.duplicate_speaker
    kept = merge_speakers(speaker, gone, request.user)
    messages.info(
        request,
        f"{gone.name} merged into {kept.name}: {kept.turn_count} turns in "
        f"{kept.interview_count} interviews; the old address now leads here.",
    )
    return redirect("editing:speaker", kept.slug)
