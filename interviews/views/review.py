"""Importing from the browser: upload or paste, review what the importer understood, save."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .. import tagging
from ..editing import pending as pending_imports
from ..forms import ReviewForms, UploadForm
from ..importing import CREATED, UNCHANGED, UPDATED
from ..models import LANGUAGE_NAMES, PendingImport
from ..parsing import ParseError
from ..uploads import DocumentLimits
from .access import editor_required


@csrf_exempt  # the check runs in _import_documents, once the upload limits are in place
@editor_required
def import_documents(request):
    limits = None
    if request.method == "POST":
        # Upload handlers must be in place before the body is read, which the CSRF check
        # would do: hence csrf_exempt here and csrf_protect on the view that does the work.
        limits = DocumentLimits(
            request,
            max_files=settings.ARCHIVE_MAX_UPLOAD_FILES,
            max_bytes=settings.ARCHIVE_MAX_DOCUMENT_BYTES,
        )
        request.upload_handlers.insert(0, limits)
    return _import_documents(request, limits)


@csrf_protect
def _import_documents(request, limits):
    refused = []
    if request.method == "POST":
        files = request.FILES  # reading the body fills limits.refused
        refused = [pending_imports.Refusal(name, reason) for name, reason in limits.refused]
        form = UploadForm(request.POST, files, refused=len(refused))
        if form.is_valid():
            accepted, unreadable = pending_imports.accept(
                form.uploaded(pending_imports.pasted_document), request.user
            )
            refused += unreadable
            if accepted and not refused:
                if len(accepted) == 1:
                    return redirect("editing:review", accepted[0].pk)
                messages.info(request, f"{len(accepted)} documents are ready for review.")
                return redirect("editing:import")
            if accepted:
                messages.info(
                    request,
                    f"{len(accepted)} document{'s' if len(accepted) != 1 else ''} ready for review; "
                    f"{len(refused)} not imported (see below).",
                )
            form = UploadForm()
    else:
        form = UploadForm()
    return render(
        request,
        "editing/import.html",
        {
            "form": form,
            "refused": refused,
            "waiting": pending_imports.waiting_for(request.user),
            "max_files": settings.ARCHIVE_MAX_UPLOAD_FILES,
            "max_size": pending_imports.human_size(settings.ARCHIVE_MAX_DOCUMENT_BYTES),
        },
    )


@editor_required
def review(request, pk):
    pending = get_object_or_404(PendingImport, pk=pk, owner=request.user)
    action = request.POST.get("action", "apply") if request.method == "POST" else None
    if action == "discard":
        pending.delete()
        messages.info(request, f"{pending.file_name} was discarded: nothing was imported.")
        return redirect("editing:import")
    try:
        preview = pending_imports.preview_of(pending)
    except ParseError as error:
        pending.delete()
        messages.info(request, f"{pending.file_name} can no longer be read ({error.reason}).")
        return redirect("editing:import")
    problems = []
    if request.method == "POST":
        if request.POST.get("revision") != str(len(pending.corrections)):
            messages.info(
                request,
                "This preview was changed in another window: here it is as it now stands. "
                "Please make your last corrections again.",
            )
            return redirect("editing:review", pending.pk)
        if action == "undo":
            note = pending_imports.undo(pending)
            messages.info(request, f"Undone: {note}." if note else "There was nothing to undo.")
            return redirect("editing:review", pending.pk)
        forms = ReviewForms(preview, request.POST)
        if forms.is_valid():
            operations = forms.operations() + _button_operation(action)
            problems = pending_imports.correct(pending, operations)
            if action == "save" and not problems:
                return _save(request, pending)
            if not problems:
                anchor = _anchor(action)
                return redirect(reverse("editing:review", args=[pending.pk]) + anchor)
            preview = pending_imports.preview_of(pending)
            forms = ReviewForms(preview)
    else:
        forms = ReviewForms(preview)
    tags = tagging.contract(preview.parsed)  # what the import will tag, as --json reports it
    return render(
        request,
        "editing/review.html",
        {
            "preview": preview,
            "pending": pending,
            "forms": forms,
            "rows": list(zip(preview.speakers, forms.speakers, strict=True)),
            "tags": tags,
            "turns": list(zip(preview.parsed.turns, forms.turns, tags["turns"], strict=True)),
            "problems": problems,
            "languages": LANGUAGE_NAMES,
            "waiting": pending_imports.waiting_for(request.user).exclude(pk=pending.pk).count(),
        },
    )


def _button_operation(action: str) -> list[dict]:
    """The merge and split buttons next to each turn."""
    parts = (action or "").split(":")
    try:
        if parts[0] == "merge" and len(parts) == 2:
            return [{"op": "merge", "turn": int(parts[1])}]
        if parts[0] == "split" and len(parts) == 3:
            return [{"op": "split", "turn": int(parts[1]), "at": int(parts[2])}]
    except ValueError:
        pass
    return []


def _anchor(action: str) -> str:
    parts = (action or "").split(":")
    if parts[0] in ("merge", "split") and len(parts) > 1 and parts[1].isdigit():
        return f"#turn-{int(parts[1]) + 1}"
    return ""


def _save(request, pending):
    try:
        outcome = pending_imports.save(pending, request.user)
    except pending_imports.SaveError as error:
        messages.info(request, f"Not saved: {error}")
        return redirect("editing:review", pending.pk)
    interview = outcome.interview
    if outcome.status == UNCHANGED:
        messages.info(
            request, f"“{interview.title}” is already in the archive, unchanged: nothing to save."
        )
    elif outcome.status in (CREATED, UPDATED):
        verb = "Imported" if outcome.status == CREATED else "Updated"
        messages.info(
            request,
            f"{verb} “{interview.title}”: {interview.turn_count} turns. "
            "Every turn has its permalink.",
        )
    left = pending_imports.waiting_for(request.user).count()
    if left:
        messages.info(
            request, f"{left} more document{'s' if left != 1 else ''} waiting for review."
        )
    return redirect(interview)
