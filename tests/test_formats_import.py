"""Every development document into the real database (SQLite or PostgreSQL), and what an
editor or a reader then sees: generic voices, time offsets, pasted captions, clear errors.
"""

import io
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from interviews.editing.accounts import make_editor
from interviews.editing.speakers import edit_speaker
from interviews.importing import import_document
from interviews.models import ImportRecord, Interview, PendingImport, Speaker, Turn

from .conftest import ROOT, corpus_file

pytestmark = pytest.mark.django_db

# Turns counted in each file by reading it, and the speakers credited with the most turns.
DOCUMENTS = {
    "01_": (73, {"Jen Psaki": 38, "Reporter": 35}),
    "02_": (205, {"Karine Jean-Pierre": 103, "Reporter": 102}),
    "03_": (40, {"Senior Administration Official": 15, "Reporter": 14, "Moderator": 11}),
    "04_": (54, {"Biden": 30, "Reporter": 24}),
    "07_": (105, {"Reporter": 53, "Trump": 52}),
    "08_": (197, {"Reporter": 109, "Karoline Leavitt": 88}),
    "09_": (66, {"Reporter": 28, "Trump": 28, "Narendra Modi": 9}),
    "10_": (157, {"Sid Sijbrandij": 60, "Andrew Thorp": 57, "Adam Stacoviak": 40}),
    "11_": (209, {"Sid Sijbrandij": 95, "Jerod Santo": 68, "Adam Stacoviak": 46}),
    "12_": (214, {"Angelica Hill": 80, "Matthew Sanabria": 37, "Paul Balogh": 32}),
    "15_": (79, {"Andrés Manuel López Obrador": 39, "Reporter": 37}),
    "16_": (36, {"Hugo López-Gatell Ramírez": 16, "Reporter": 14}),
    "17_": (24, {"Claudia Sheinbaum Pardo": 8, "David Kershenobich Stalnikowitz": 4}),
    "19_": (33, {"Jörg Schönenborn": 17, "Vladimir Putin": 16}),
    "21_": (122, {"John Micklethwait": 61, "Vladimir Putin": 61}),
    "22_": (13, {"Vladimir Putin": 5, "Reporter": 4, "Recep Tayyip Erdogan": 4}),
    "30_": (14, {"Michael Young": 3, "Tracy Mitrano": 3, "Gerry Hanley": 3}),
    "31_": (123, {"Parithosh Jayanthi": 47, "jochem-brouwer": 10, "Stefan Starflinger": 9}),
    "32_": (87, {"Michael Kennedy": 38, "Unknown speaker": 32, "Brian Okken": 17}),
    "33_": (94, {"Speaker 02": 34, "Speaker 04": 33, "Speaker 03": 14}),
    "34_": (232, {"Sarah R. Weddington": 60, "Jay Floyd": 55, "Potter Stewart": 39}),
    "35_": (18, {"Julia Lauter": 9, "Felix Stalder": 9}),
    "36_": (23, {"Arvind Parekh": 12, "Kensei Nakada": 11}),
    "38_": (28, {"Sanbra Lane": 14, "Julia Gillard": 14}),
    "39_": (284, {"Arturo Bejar": 122, "Richard Blumenthal": 44, "Marsha Blackburn": 28}),
}


@pytest.mark.parametrize("prefix", sorted(DOCUMENTS))
def test_every_development_document_imports_with_its_turns_and_speakers(prefix, sources):
    path = corpus_file(prefix)
    outcome = import_document(path.read_bytes(), path.name)
    assert outcome.status == "created", outcome.error
    interview = Interview.objects.get(pk=outcome.interview.pk)
    turns, leading = DOCUMENTS[prefix]
    assert interview.turn_count == turns == interview.turns.count()
    stored = Counter(interview.turns.values_list("speaker__name", flat=True))
    assert {name: stored[name] for name in leading} == leading
    # Every turn's speaker takes part in the interview, with the part the parser gave.
    assert set(interview.participants.values_list("speaker__name", flat=True)) == set(stored)


def test_generic_voices_belong_to_their_interview_until_an_editor_names_them(sources):
    first = import_document(corpus_file("33_").read_bytes(), "ep4.txt").interview
    other = (
        "SPEAKER_00: Welcome to another space about the early days.\n\n"
        "SPEAKER_01: Thanks for having me, it is good to be here.\n\n"
        "SPEAKER_00: Let us start with the crowdsale.\n"
    )
    second = import_document(other.encode(), "ep5.txt").interview
    voices = Speaker.objects.filter(name="Speaker 00")
    assert voices.count() == 2 and {s.kind for s in voices} == {Speaker.ANONYMOUS}
    assert not Speaker.objects.filter(kind=Speaker.GROUP, name__startswith="Unidentified").exists()
    host = Speaker.objects.get(name="Speaker 02", participations__interview=first)
    editor = make_editor("editor", email="e@example.org", password="a long pass phrase")[0]
    edit_speaker(
        host,
        {"name": "Bob Summerwill", "kind": Speaker.PERSON, "role": "", "description": ""},
        editor,
    )
    named = Turn.objects.filter(interview=first, speaker__name="Bob Summerwill")
    assert named.count() == 34  # one rename names every one of its turns
    assert not Turn.objects.filter(interview=second, speaker__name="Bob Summerwill").exists()


def test_caption_time_offsets_are_kept_and_shown(client, sources):
    interview = import_document(corpus_file("30_").read_bytes(), "captions.vtt").interview
    codes = list(interview.turns.order_by("position").values_list("timecode", flat=True))
    assert codes[:3] == ["00:00", "00:43", "00:57"]
    page = client.get(interview.get_absolute_url()).content.decode()
    assert re.search(r'class="timecode">.*?00:43', page)


def test_pasted_captions_go_through_the_same_detector(client, sources):
    editor = make_editor("editor", email="e@example.org", password="a long pass phrase")[0]
    client.force_login(editor)
    text = corpus_file("30_").read_text(encoding="utf-8")
    response = client.post(reverse("editing:import"), {"documents": [], "text": text})
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert pending.file_name.endswith(".txt")  # the name says nothing about the format
    page = client.get(reverse("editing:review", args=[pending.pk])).content.decode()
    assert page.count('class="review-turn ') == 14
    assert "Tracy Mitrano" in page and "Michael Young" in page


def test_a_document_that_fails_writes_nothing_but_its_failure(sources):
    outcome = import_document(b'{"name": "config", "items": [1, 2]}', "config.json")
    assert outcome.status == "failed" and "holds no transcript" in outcome.error.reason
    assert not Interview.objects.exists() and not Speaker.objects.exists()
    assert ImportRecord.objects.get().action == ImportRecord.FAILED


def test_command_reports_the_file_and_line_of_a_bad_caption_file(tmp_path, sources):
    bad = tmp_path / "silent.vtt"
    bad.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_interviews", str(bad), "--no-progress", stdout=io.StringIO(), stderr=err
        )
    assert f"{bad}, line 3: the caption file has no text" in err.getvalue()


def test_an_unmigrated_database_says_to_migrate_for_a_dry_run_too(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    for extra in (["--dry-run"], []):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_interviews", str(corpus_file("30_")), *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1
        assert "run `manage.py migrate` first" in result.stderr
        assert "Traceback" not in result.stderr
