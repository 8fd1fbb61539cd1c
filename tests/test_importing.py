"""The import service and command, against the real database (SQLite or PostgreSQL)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from interviews import importing
from interviews.importing import import_document
from interviews.models import (
    ImportRecord,
    Interview,
    Participant,
    RetiredTurn,
    SlugRedirect,
    Source,
    Speaker,
    Turn,
)

from .conftest import CORPUS, SEED, corpus_file

pytestmark = pytest.mark.django_db


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_interviews", *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


# --- the seed in the database ----------------------------------------------------------


def test_seed_imports_with_every_fact(seed_interview):
    interview = Interview.objects.get(pk=seed_interview.pk)
    assert interview.title == "NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG"
    assert interview.date == dt.date(2017, 5, 25)
    assert interview.published == dt.date(2017, 5, 26)
    assert interview.source.name == "EuroNews"
    assert interview.publisher.name == "Center for Eurasian Studies"
    assert interview.publisher.short_name == "AVİM"
    assert interview.language == "en"
    assert interview.intro_paragraphs[1].startswith(
        "euronews Andrei Beketov sat down with Jens Stoltenberg"
    )
    assert interview.file_name == SEED.name and len(interview.checksum) == 64
    assert interview.document.original == SEED.read_bytes()
    assert interview.turn_count == 8


def test_seed_speakers_and_parts(seed_interview):
    parts = {
        p.speaker.name: (p.part, p.role, p.labels)
        for p in Participant.objects.filter(interview=seed_interview)
    }
    assert parts == {
        "Jens Stoltenberg": ("interviewee", "NATO Secretary-General", ["Stoltenberg"]),
        "Andrei Beketov": ("interviewer", "", ["euronews"]),
    }
    stoltenberg = Speaker.objects.get(name="Jens Stoltenberg")
    assert stoltenberg.role == "NATO Secretary-General" and stoltenberg.labels == ["Stoltenberg"]
    assert stoltenberg.slug == "jens-stoltenberg"


def test_seed_turns_in_order_with_stable_keys(seed_interview):
    turns = list(seed_interview.turns.order_by("position").select_related("speaker"))
    assert [t.kind for t in turns] == ["question", "answer"] * 4
    assert [t.speaker.name for t in turns] == ["Andrei Beketov", "Jens Stoltenberg"] * 4
    assert [t.label for t in turns] == ["euronews", "Stoltenberg"] * 4
    assert turns[3].paragraphs[1] == (
        "NATO is not going into a combat role. What NATO is doing is to training and capacity building."
    )
    assert len({t.key for t in turns}) == 8
    assert all(t.date == dt.date(2017, 5, 25) and t.language == "en" for t in turns)
    assert {t.part for t in turns} == {"interviewer", "interviewee"}
    assert turns[1].get_absolute_url() == f"/interviews/{seed_interview.slug}/t/{turns[1].key}/"


def test_same_document_gets_the_same_permalinks_in_any_archive(seed_interview):
    keys = list(seed_interview.turns.order_by("position").values_list("key", flat=True))
    Interview.objects.all().delete()
    again = import_document(SEED.read_bytes(), SEED.name).interview
    assert list(again.turns.order_by("position").values_list("key", flat=True)) == keys


# --- re-imports and corrections ----------------------------------------------------


def test_reimporting_the_same_document_changes_nothing(seed_interview):
    before = list(Turn.objects.order_by("id").values_list("id", "key", "text"))
    updated_at = Interview.objects.get(pk=seed_interview.pk).updated_at
    outcome = import_document(SEED.read_bytes(), SEED.name)
    assert outcome.status == "unchanged" and outcome.interview.pk == seed_interview.pk
    assert list(Turn.objects.order_by("id").values_list("id", "key", "text")) == before
    assert Interview.objects.get(pk=seed_interview.pk).updated_at == updated_at
    assert Interview.objects.count() == 1 and Speaker.objects.count() == 2


def test_a_corrected_version_updates_in_place_and_keeps_permalinks(seed_interview):
    old_keys = list(seed_interview.turns.order_by("position").values_list("key", flat=True))
    old_slug = seed_interview.slug
    corrected = (
        SEED.read_text()
        .replace("NATO TO JOIN ANTI-ISIS COALITION", "NATO TO JOIN THE ANTI-ISIS COALITION")
        .replace("Isnt it time", "Isn't it time")  # a typo fixed in the first question
        .replace("He expects European NATO allies", "He expects the European NATO allies")
    )
    outcome = import_document(corrected.encode(), SEED.name)
    assert outcome.status == "updated"
    interview = Interview.objects.get()
    assert interview.pk == seed_interview.pk
    assert (
        interview.title == "NATO TO JOIN THE ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG"
    )
    new_keys = list(interview.turns.order_by("position").values_list("key", flat=True))
    assert new_keys == old_keys
    assert "Isn't it time" in interview.turns.get(position=0).text
    # The old address of the interview still leads to it.
    assert SlugRedirect.objects.filter(
        kind="interview", old_slug=old_slug, object_id=interview.pk
    ).exists()
    assert (
        ImportRecord.objects.filter(interview=interview).values_list("action", flat=True).count()
        == 2
    )


def test_a_removed_turn_leaves_a_retired_permalink(seed_interview):
    turns = list(seed_interview.turns.order_by("position"))
    shortened = SEED.read_text().replace(
        "euronews: And what about boots on the ground. Or is it just symbolic?\n\n", ""
    )
    import_document(shortened.encode(), SEED.name)
    interview = Interview.objects.get()
    assert interview.turns.count() == 7
    assert RetiredTurn.objects.filter(interview=interview, key=turns[2].key).exists()
    remaining = set(interview.turns.values_list("key", flat=True))
    assert remaining == {t.key for t in turns} - {turns[2].key}


def test_speakers_are_shared_across_interviews(sources):
    for prefix in ("19_", "21_"):
        path = corpus_file(prefix)
        assert import_document(path.read_bytes(), path.name).status == "created"
    putin = Speaker.objects.get(name="Vladimir Putin")
    assert putin.participations.count() == 2
    assert set(putin.labels) >= {
        "President of Russia Vladimir Putin",
        "Vladimir Putin",
        "Vladimir PUTIN",
    }
    # Both came from en.kremlin.ru: the source is known by its domain.
    assert set(Interview.objects.values_list("source__name", flat=True)) == {"President of Russia"}


def test_a_surname_alone_joins_the_archive_person_with_that_surname(sources):
    for prefix in ("07_", "09_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    assert Speaker.objects.filter(name="Trump").count() == 1
    assert Speaker.objects.get(name="Trump").participations.count() == 2


def test_reporters_are_one_collective_voice_and_officials_stay_apart(sources):
    for prefix in ("01_", "03_", "08_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    reporter = Speaker.objects.get(name="Reporter")
    assert reporter.kind == Speaker.GROUP and reporter.participations.count() == 3
    assert (
        Speaker.objects.filter(
            name="Senior Administration Official", kind=Speaker.ANONYMOUS
        ).count()
        == 1
    )


# --- atomicity and bad input ------------------------------------------------------


def test_an_import_that_fails_midway_leaves_nothing(sources, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "insert_turns", explode)
    with pytest.raises(RuntimeError):
        import_document(SEED.read_bytes(), SEED.name)
    assert Interview.objects.count() == 0
    assert Speaker.objects.count() == 0
    assert Participant.objects.count() == 0


def test_a_bad_file_is_recorded_and_nothing_else_is_written(db):
    outcome = import_document(b"\x00\x01\x02binary", "photo.txt")
    assert outcome.status == "failed" and "binary" in outcome.error.reason
    assert Interview.objects.count() == 0
    record = ImportRecord.objects.get()
    assert record.action == "failed" and "photo.txt" in record.message


def test_a_windows_1254_file_keeps_its_turkish_letters(tmp_path, db):
    text = (
        "Başlık: Dışişleri Bakanı ile söyleşi\nTarih: 12 Mayıs 2018\n\n"
        "Soru: Sayın Bakan, Şırnak ve Iğdır'daki gelişmeleri nasıl değerlendiriyorsunuz?\n\n"
        "Mevlüt Çavuşoğlu: Ağır bir süreç; çiçekler yine açacak.\n"
    )
    path = tmp_path / "soylesi.txt"
    path.write_bytes(text.encode("cp1254"))
    _, err, error = run_command(str(path))
    assert error is None, err
    interview = Interview.objects.get()
    assert interview.title == "Dışişleri Bakanı ile söyleşi"
    assert interview.language == "tr"
    turns = list(interview.turns.order_by("position"))
    assert turns[0].text.startswith("Sayın Bakan, Şırnak ve Iğdır'daki")
    assert turns[1].speaker.name == "Mevlüt Çavuşoğlu"
    assert interview.document.encoding == "cp1254"


# --- the command ----------------------------------------------------------------------


def test_command_imports_folders_and_reports_a_summary(sources):
    out, err, error = run_command(str(CORPUS))
    assert error is None, err
    # 17 text documents and 9 of other families (.vtt, .json, .html, .md, .xml).
    assert "26 created, 0 updated, 0 unchanged, 0 failed" in out
    assert Interview.objects.count() == 26
    out, _, error = run_command(str(CORPUS / "0*.txt"))
    assert "0 created, 0 updated, 7 unchanged, 0 failed" in out


def test_command_reports_bad_files_by_name_and_line_and_imports_the_rest(tmp_path, sources):
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "prose.txt").write_text("Headline\n\nJust prose, no speakers at all.\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [oops\n---\n\nQ: Hi?\n\nJane Roe: Hello.\n")
    out, err, error = run_command(str(tmp_path), str(tmp_path / "missing.txt"))
    assert error is not None and "4 of 5 documents failed" in str(error)
    assert "empty.txt: the file is empty" in err
    assert "prose.txt, line 1: no speaker turns found" in err
    assert "broken.md, line 2: the front matter is not valid YAML" in err
    assert "missing.txt: no such file" in err
    assert "1 created, 0 updated, 0 unchanged, 4 failed" in out
    assert Interview.objects.count() == 1


def test_dry_run_writes_nothing(sources):
    out, _, error = run_command(str(SEED), "--dry-run")
    assert error is None
    assert "8 turns" in out and "Jens Stoltenberg (interviewee)" in out
    assert Interview.objects.count() == 0 and Speaker.objects.count() == 0


def test_dry_run_json_prints_exactly_the_documented_shape(tmp_path, sources, people):
    (tmp_path / "empty.txt").write_bytes(b"")
    out, _, error = run_command(str(SEED), str(tmp_path / "empty.txt"), "--dry-run", "--json")
    assert error is not None  # one document failed
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 2
    seed, empty = data
    assert set(seed) == {
        "file",
        "title",
        "date",
        "published",
        "source",
        "publisher",
        "url",
        "language",
        "intro",
        "speakers",
        "turns",
        "warnings",
        "topics",
        "places",
        "organisations",
    }
    assert seed["file"] == str(SEED)
    assert seed["title"] == "NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG"
    assert (seed["date"], seed["published"]) == ("2017-05-25", "2017-05-26")
    assert (seed["source"], seed["publisher"], seed["language"]) == (
        "EuroNews",
        "Center for Eurasian Studies",
        "en",
    )
    assert seed["speakers"] == [
        {
            "name": "Jens Stoltenberg",
            "role": "NATO Secretary-General",
            "labels": ["Stoltenberg"],
            "part": "interviewee",
            "resolved_by": "document",
            "person": "jens-stoltenberg",
        },
        {
            "name": "Andrei Beketov",
            "role": "",
            "labels": ["euronews"],
            "part": "interviewer",
            "resolved_by": "document",
            "person": "andrei-beketov",
        },
    ]
    assert [t["kind"] for t in seed["turns"]] == ["question", "answer"] * 4
    assert seed["turns"][3]["text"].endswith(
        "coalition partners.\n\nNATO is not going into a combat role. What NATO is doing is to training and capacity building."
    )
    assert set(seed["turns"][0]) == {
        *("speaker", "label", "kind", "text"),
        *("topics", "places", "organisations"),
    }
    assert empty == {"file": str(tmp_path / "empty.txt"), "error": "the file is empty"}
    assert Interview.objects.count() == 0


def test_json_requires_dry_run(db):
    _, _, error = run_command(str(SEED), "--json")
    assert error is not None and "--dry-run" in str(error)


def test_sources_file_is_idempotent_and_keeps_editors_changes(sources):
    source = Source.objects.get(name="EuroNews")
    source.description = "Edited by an editor."
    source.save()
    call_command("load_sources", str(SEED.parent / "sources.json"), stdout=io.StringIO())
    assert Source.objects.get(name="EuroNews").description == "Edited by an editor."
    assert Source.objects.count() == 6


def test_speaker_counts_follow_imports_and_corrections(seed_interview):
    stoltenberg = Speaker.objects.get(name="Jens Stoltenberg")
    assert (stoltenberg.turn_count, stoltenberg.interview_count) == (4, 1)
    shortened = SEED.read_text().replace(
        "euronews: And what about boots on the ground. Or is it just symbolic?\n\n", ""
    )
    import_document(shortened.encode(), SEED.name)
    assert Speaker.objects.get(name="Andrei Beketov").turn_count == 3
    path = corpus_file("19_")
    import_document(path.read_bytes(), path.name)
    counts = dict(Speaker.objects.values_list("name", "turn_count"))
    assert (
        counts["Vladimir Putin"]
        == Turn.objects.filter(speaker__name="Vladimir Putin").count()
        == 16
    )
    Speaker.objects.update(turn_count=0, interview_count=0)
    Speaker.objects.refresh_counts()
    assert dict(Speaker.objects.values_list("name", "turn_count")) == counts
