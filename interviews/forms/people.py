"""Forms for people: other names, roles with dates, and merging several records into one."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ..models import Office, Speaker
from . import Form, _date_widget, _squeeze


class OtherNameForm(Form):
    name = forms.CharField(
        max_length=200,
        label="Another name",
        help_text="A spelling, a maiden name, a name in another script: imports that print it "
        "will find this person.",
    )
    start_date = forms.DateField(required=False, label="From", widget=_date_widget())
    end_date = forms.DateField(required=False, label="Until", widget=_date_widget())

    def clean_name(self):
        return _squeeze(self.cleaned_data["name"])

    def clean(self):
        return _ordered_dates(super().clean())


class MembershipForm(Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.order_by("jurisdiction", "label"),
        required=False,
        label="Office",
        help_text="An office of the registry: labels such as THE PRESIDENT find its holder.",
    )
    role = forms.CharField(required=False, max_length=300, help_text="Or any role, as printed.")
    organisation = forms.CharField(required=False, max_length=200)
    start_date = forms.DateField(required=False, label="From", widget=_date_widget())
    end_date = forms.DateField(required=False, label="Until", widget=_date_widget())

    def clean(self):
        data = _ordered_dates(super().clean())
        data["role"] = _squeeze(data.get("role"))
        data["organisation"] = _squeeze(data.get("organisation"))
        if not data.get("office") and not data["role"]:
            raise ValidationError("Choose an office or write a role.")
        return data


class ClusterMergeForm(Form):
    """One cluster of suspected duplicates: which to keep, which are the same person."""

    keep = forms.TypedChoiceField(coerce=int, label="Keep", widget=forms.RadioSelect)
    merge = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="The same person",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, speakers: list[Speaker], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.pk, f"{s.name} ({s.turn_count} turns)") for s in speakers]
        self.fields["keep"].choices = choices
        self.fields["merge"].choices = choices
        self.speakers = {s.pk: s for s in speakers}

    def clean(self):
        data = super().clean()
        keep = data.get("keep")
        others = [pk for pk in data.get("merge", []) if pk != keep]
        if keep is not None and not others:
            raise ValidationError("Tick the records that are the same person as the one kept.")
        data["others"] = others
        return data


def _ordered_dates(data: dict) -> dict:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError("The end date comes before the start date.")
    return data
