"""Forms for the editing pages. They validate and describe changes; services in editing/ write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ..corrections import NEW
from ..editing.speakers import find_by_name
from ..models import KIND_CHOICES, PART_CHOICES, Source, Speaker
from ..parsing.formats import SUPPORTED_SUFFIXES

ACCEPT = ",".join(sorted(s for s in SUPPORTED_SUFFIXES if s))


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _squeeze(value) -> str:
    return " ".join(str(value or "").split())


def _paragraphs(value) -> list[str]:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (_squeeze(block) for block in text.split("\n\n")) if p]


def _topic_names(value) -> list[str]:
    return list(
        dict.fromkeys(name for name in (_squeeze(n) for n in str(value or "").split(",")) if name)
    )


class Form(forms.Form):
    """Labels without a trailing colon, as on the rest of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- uploading ---------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the import service, which names it when refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


class UploadForm(Form):
    documents = MultipleFileField(
        required=False,
        label="Documents",
        help_text=(
            "Text, Markdown, a saved web page, captions (.vtt, .srt), a transcription "
            "service's export, JSON, XML, PDF, Word, OpenDocument or RTF."
        ),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste the text of an interview",
        help_text=(
            "Copied from a web page, an e-mail, a caption file or a transcription service: "
            "the title, date and outlet first if you have them."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, refused: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused

    def clean(self):
        data = super().clean()
        if not data.get("documents") and not (data.get("text") or "").strip() and not self.refused:
            raise ValidationError("Choose one or more files, or paste the text of an interview.")
        return data

    def uploaded(self, pasted_name) -> list[tuple[str, bytes]]:
        """(file name, bytes) for every file, then for the pasted text if any."""
        found = [(upload.name, upload.read()) for upload in self.cleaned_data["documents"]]
        text = self.cleaned_data.get("text") or ""
        if text.strip():
            found.append(pasted_name(text))
        return found


# --- the import preview ---------------------------------------------------------------


class DocumentForm(Form):
    """The interview's details as the importer understood them."""

    title = forms.CharField(max_length=500)
    date = forms.DateField(required=False, widget=_date_widget(), label="Date of the interview")
    published = forms.DateField(
        required=False, widget=_date_widget(), label="Republished on", help_text="If a copy."
    )
    source = forms.CharField(required=False, max_length=200, label="Outlet")
    publisher = forms.CharField(required=False, max_length=200, label="Republished by")
    url = forms.URLField(
        required=False, max_length=1000, assume_scheme="https", label="Address of the original"
    )
    language = forms.CharField(
        required=False,
        max_length=12,
        help_text="A language code such as en, es, tr.",
        widget=forms.TextInput(attrs={"list": "language-codes"}),
    )
    location = forms.CharField(required=False, max_length=300, label="Place")
    topics = forms.CharField(required=False, max_length=2000, help_text="Separated by commas.")
    intro = forms.CharField(
        required=False,
        label="Introduction",
        help_text="The context printed before the first turn; paragraphs separated by a blank line.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    @staticmethod
    def initial_from(parsed) -> dict:
        return {
            "title": parsed.title,
            "date": parsed.date,
            "published": parsed.published,
            "source": parsed.source,
            "publisher": parsed.publisher,
            "url": parsed.url,
            "language": parsed.language,
            "location": parsed.location,
            "topics": ", ".join(parsed.topics),
            "intro": "\n\n".join(parsed.intro),
        }

    def operations(self) -> list[dict]:
        operations = []
        for name in self.fields:
            before, after = (
                self._value(name, self.initial.get(name)),
                self._value(name, self.cleaned_data.get(name)),
            )
            if before != after:
                operations.append({"op": "set", "field": name, "value": after})
        return operations

    @staticmethod
    def _value(name, value):
        if name in ("date", "published"):
            return value.isoformat() if value else None
        if name == "topics":
            return _topic_names(value)
        if name == "intro":
            return "\n\n".join(_paragraphs(value))
        return _squeeze(value)


class SpeakerForm(Form):
    """One speaker of the document: name, part, kind, role, and who it is in the archive."""

    name = forms.CharField(max_length=200)
    part = forms.ChoiceField(choices=PART_CHOICES)
    kind = forms.ChoiceField(choices=Speaker.KIND_CHOICES, label="Kind")
    role = forms.CharField(required=False, max_length=300)
    use = forms.ChoiceField(label="In the archive")
    other = forms.CharField(
        required=False,
        max_length=200,
        label="Or another speaker in the archive",
        help_text="Their name as the archive spells it.",
    )

    def __init__(self, *args, row, names: list[str], **kwargs):
        parsed = row.parsed
        kwargs["initial"] = {
            "name": parsed.name,
            "part": parsed.part,
            "kind": parsed.kind,
            "role": parsed.role,
            "use": str(row.choice),
        }
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields["use"].choices = self._archive_choices(row)
        self.labels = []
        for number, (label, count) in enumerate(row.labels):
            field = forms.ChoiceField(
                choices=[(str(i), name) for i, name in enumerate(names)],
                label=f"Turns printed as “{label}” ({count}) are by",
                initial=str(row.index),
            )
            self.fields[f"label{number}"] = field
            self.labels.append((f"label{number}", label))
        self.other_speaker = None

    def label_fields(self):
        return [self[name] for name, _ in self.labels]

    @staticmethod
    def _archive_choices(row) -> list[tuple[str, str]]:
        choices, seen = [], set()

        def add(speaker, note):
            if speaker is not None and speaker.pk not in seen:
                seen.add(speaker.pk)
                role = f", {speaker.role}" if speaker.role else ""
                turns = f"{speaker.turn_count} turn{'s' if speaker.turn_count != 1 else ''}"
                choices.append((str(speaker.pk), f"{speaker.name}{role} ({note}; {turns})"))

        add(row.target, "chosen" if row.target != row.match else "same name")
        add(row.match, "same name")
        for speaker in row.suggestions:
            add(speaker, "similar name")
        choices.append((NEW, f"A new speaker: {row.parsed.name}"))
        return choices

    def clean_other(self):
        text = self.cleaned_data.get("other", "").strip()
        if text:
            self.other_speaker = find_by_name(text)
            if self.other_speaker is None:
                raise ValidationError(f"No speaker called “{text}” is in the archive.")
        return text

    def operations(self) -> list[list[dict]]:
        """(speaker changes, archive choice, label moves): applied in that order overall."""
        index, data = self.row.index, self.cleaned_data
        fields = []
        for name in ("name", "part", "kind", "role"):
            if _squeeze(data.get(name)) != _squeeze(self.initial.get(name)):
                fields.append(
                    {"op": "speaker", "index": index, "field": name, "value": _squeeze(data[name])}
                )
        choice = []
        if self.other_speaker is not None:
            choice.append({"op": "use", "index": index, "speaker": self.other_speaker.pk})
        elif data.get("use") != self.initial["use"]:
            value = data["use"]
            choice.append(
                {"op": "use", "index": index, "speaker": NEW if value == NEW else int(value)}
            )
        moves = []
        for field_name, label in self.labels:
            target = int(data[field_name])
            if target != index:
                moves.append({"op": "label", "label": label, "speaker": target})
        return [fields, choice, moves]


class AddSpeakerForm(Form):
    name = forms.CharField(
        required=False, max_length=200, label="Add a speaker the importer missed", help_text="Name."
    )
    part = forms.ChoiceField(choices=PART_CHOICES, initial="other", label="Part")

    def operations(self) -> list[dict]:
        name = _squeeze(self.cleaned_data.get("name"))
        if not name:
            return []
        return [{"op": "add_speaker", "name": name, "part": self.cleaned_data["part"]}]


class TurnReviewForm(Form):
    speaker = forms.ChoiceField(label="Speaker")
    kind = forms.ChoiceField(choices=KIND_CHOICES, label="Kind")

    def __init__(self, *args, position: int, turn, names: list[str], **kwargs):
        kwargs["initial"] = {"speaker": str(names.index(turn.speaker)), "kind": turn.kind}
        super().__init__(*args, **kwargs)
        self.position = position
        self.turn = turn
        self.fields["speaker"].choices = [(str(i), name) for i, name in enumerate(names)]
        self.fields["speaker"].label = f"Speaker of turn {position + 1}"
        self.fields["kind"].label = f"Kind of turn {position + 1}"

    def operations(self) -> tuple[list[dict], list[dict]]:
        moves, kinds = [], []
        if self.cleaned_data["speaker"] != self.initial["speaker"]:
            moves.append(
                {
                    "op": "turn_speaker",
                    "turn": self.position,
                    "speaker": int(self.cleaned_data["speaker"]),
                }
            )
        if self.cleaned_data["kind"] != self.initial["kind"]:
            kinds.append({"op": "kind", "turn": self.position, "kind": self.cleaned_data["kind"]})
        return moves, kinds


class ReviewForms:
    """Every form of the preview page, read and validated together, turned into operations."""

    def __init__(self, preview, data=None):
        parsed = preview.parsed
        names = [s.name for s in parsed.speakers]
        self.document = DocumentForm(data, initial=DocumentForm.initial_from(parsed), prefix="doc")
        self.speakers = [
            SpeakerForm(data, row=row, names=names, prefix=f"s{row.index}")
            for row in preview.speakers
        ]
        self.add_speaker = AddSpeakerForm(data, prefix="add")
        self.turns = [
            TurnReviewForm(data, position=n, turn=turn, names=names, prefix=f"t{n}")
            for n, turn in enumerate(parsed.turns)
        ]

    def all(self):
        return [self.document, *self.speakers, self.add_speaker, *self.turns]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all()])

    @property
    def has_errors(self) -> bool:
        return any(form.is_bound and form.errors for form in self.all())

    def operations(self) -> list[dict]:
        fields, choices, labels, moves, kinds = [], [], [], [], []
        for form in self.speakers:
            changed, choice, moved = form.operations()
            fields += changed
            choices += choice
            labels += moved
        for form in self.turns:
            moved, kind = form.operations()
            moves += moved
            kinds += kind
        return [
            *self.document.operations(),
            *fields,
            *self.add_speaker.operations(),
            *choices,
            *labels,
            *moves,
            *kinds,
        ]


# --- editing after import -----------------------------------------------------------------


class InterviewForm(Form):
    title = forms.CharField(max_length=500)
    date = forms.DateField(required=False, widget=_date_widget(), label="Date of the interview")
    published = forms.DateField(
        required=False, widget=_date_widget(), label="Republished on", help_text="If a copy."
    )
    source = forms.ModelChoiceField(Source.objects.order_by("name"), required=False, label="Outlet")
    publisher = forms.ModelChoiceField(
        Source.objects.order_by("name"), required=False, label="Republished by"
    )
    url = forms.URLField(
        required=False, max_length=1000, assume_scheme="https", label="Address of the original"
    )
    language = forms.CharField(
        required=False,
        max_length=12,
        help_text="A language code such as en, es, tr.",
        widget=forms.TextInput(attrs={"list": "language-codes"}),
    )
    location = forms.CharField(required=False, max_length=300, label="Place")
    intro = forms.CharField(
        required=False,
        label="Introduction",
        help_text="Paragraphs separated by a blank line.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    @staticmethod
    def initial_from(interview) -> dict:
        return {
            "title": interview.title,
            "date": interview.date,
            "published": interview.published,
            "source": interview.source,
            "publisher": interview.publisher,
            "url": interview.url,
            "language": interview.language,
            "location": interview.location,
            "intro": interview.intro,
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("title", "language", "location"):
            data[name] = _squeeze(data[name])
        data["intro"] = "\n\n".join(_paragraphs(data["intro"]))
        return data


class TopicsForm(Form):
    topics = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Separated by commas. Remove a name to remove the topic; a new name makes a new topic.",
    )

    def names(self) -> list[str]:
        return _topic_names(self.cleaned_data["topics"])


class TagForm(Form):
    """One decision on a tag: the buttons and the "add" boxes of the editor's page."""

    action = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("remove", "Remove"), ("add", "Add")]
    )
    kind = forms.ChoiceField(choices=[("topic", "Topic"), ("place", "Place or organisation")])
    target = forms.CharField(max_length=200, label="Name")
    turn = forms.CharField(max_length=12, required=False)


class ParticipantForm(Form):
    part = forms.ChoiceField(choices=PART_CHOICES)
    role = forms.CharField(required=False, max_length=300, help_text="Their role at the time.")


class TurnEditForm(Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=False,
        help_text="Paragraphs separated by a blank line.",
    )
    speaker = forms.ModelChoiceField(Speaker.objects.none(), required=False, empty_label=None)
    other = forms.CharField(
        required=False,
        max_length=200,
        label="Or someone else",
        help_text="A name: the archive's speaker of that name, or a new speaker.",
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES)

    def __init__(self, *args, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = speakers

    def clean(self):
        data = super().clean()
        if not data.get("speaker") and not _squeeze(data.get("other")):
            raise ValidationError("Choose who said this.")
        if not "".join(_paragraphs(data.get("text"))):
            self.add_error("text", "A turn needs some text: to join it to another, merge them.")
        return data

    def chosen_speaker(self) -> Speaker | str:
        """The speaker to credit: an archive speaker, or the name of a new one."""
        other = _squeeze(self.cleaned_data.get("other"))
        if not other:
            return self.cleaned_data["speaker"]
        return find_by_name(other) or other


class SplitForm(Form):
    at = forms.TypedChoiceField(coerce=int, label="Start a new turn at")

    def __init__(self, *args, paragraphs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].choices = [
            (n, f"paragraph {n + 1}: {' '.join(text.split()[:8])}…")
            for n, text in enumerate(paragraphs)
            if n > 0
        ]


class SpeakerEditForm(Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Speaker.KIND_CHOICES)
    role = forms.CharField(
        required=False, max_length=300, help_text="Short description, e.g. NATO Secretary-General."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["name"] = _squeeze(data["name"])
        data["role"] = _squeeze(data["role"])
        data["description"] = (data["description"] or "").strip()
        return data


class SpeakerMergeForm(Form):
    duplicate = forms.ChoiceField(
        required=False, label="The same person as", help_text="Speakers with similar names."
    )
    other = forms.CharField(
        required=False,
        max_length=200,
        label="Or another speaker",
        help_text="Their name or address.",
    )
    confirm = forms.BooleanField(required=True, label="Yes, these are the same person")

    def __init__(self, *args, speaker, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.speaker = speaker
        self.fields["duplicate"].choices = [("", "Choose…")] + [
            (str(s.pk), f"{s.name}{', ' + s.role if s.role else ''} ({s.turn_count} turns)")
            for s in candidates
        ]
        self.duplicate_speaker = None

    def clean(self):
        data = super().clean()
        other = _squeeze(data.get("other"))
        if other:
            found = find_by_name(other)
            if found is None:
                self.add_error("other", f"No speaker called “{other}” is in the archive.")
                return data
        elif data.get("duplicate"):
            found = Speaker.objects.filter(pk=data["duplicate"]).first()
        else:
            raise ValidationError("Choose the speaker who is the same person.")
        if found is None or found.pk == self.speaker.pk:
            raise ValidationError("Choose another speaker than this one.")
        self.duplicate_speaker = found
        return data
