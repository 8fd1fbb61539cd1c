"""Every family of document: detection by content, the real samples read by hand, bad input.

The expected turns and speakers of 30-39 were counted in the files themselves (labels,
voice tags, speaker headers, JSON turns), not taken from the parser's output.
"""

import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from interviews.parsing import ParseError, parse_document
from interviews.parsing.formats import detect

from .conftest import CORPUS, ROOT, corpus_file

# 37's licence is unclear: it stays in the development corpus beside the repository.
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def parse_corpus(prefix):
    path = corpus_file(prefix)
    return parse_document(path.read_bytes(), path.name)


def tally(parsed) -> dict[str, int]:
    return dict(Counter(t.speaker for t in parsed.turns))


def speaker(parsed, name):
    found = parsed.speaker(name)
    assert found is not None, [s.name for s in parsed.speakers]
    return found


# --- the development corpus, 30-39 ---------------------------------------------------


def test_webvtt_voice_tags_make_one_turn_of_consecutive_cues():
    parsed = parse_corpus("30_")
    assert parsed.encoding == "utf-8+webvtt"
    # 14 voice tags; untagged cues continue the voice before them.
    assert len(parsed.turns) == 14
    assert tally(parsed) == {
        "Michael Young": 3,
        "Tracy Mitrano": 3,
        "Gerry Hanley": 3,
        "Pablo Molinda": 2,
        "Edward Ray": 2,
        "Bruce Maas": 1,
    }
    # `Pablo Molinda` is a misspelling of `Pablo Molina` in one voice tag: one person.
    assert set(speaker(parsed, "Pablo Molinda").labels) == {"Pablo Molina", "Pablo Molinda"}
    first = parsed.turns[0]
    assert first.timecode == "00:00" and first.label == "Michael Young"
    assert first.text.startswith(
        "We are committed to the notion that everyone should have an opportunity to "
        "participate in higher education whether it be from the learning perspective"
    )
    assert parsed.turns[1].timecode == "00:43" and parsed.turns[1].speaker == "Tracy Mitrano"
    assert parsed.turns[-1].text.endswith("there's no such thing as a bad time to start.")


def test_zoom_webvtt_names_in_every_cue():
    parsed = parse_corpus("31_")
    assert len(parsed.turns) == 123  # 335 cues, 123 changes of speaker
    assert tally(parsed) == {
        "Parithosh Jayanthi": 47,
        "jochem-brouwer": 10,
        "Stefan Starflinger": 9,
        "Barnabas": 8,
        "Toni Wahrstätter": 8,
        "Potuz": 6,
        "CPerezz": 6,
        "Fabio Di Fabio": 4,
        "Maria Silva": 3,
        "Łukasz Rozmej": 3,
        "Jen": 3,
        "Marc": 2,
        "Mario Vega": 2,
        "spencer-tb": 2,
        "Ben Adams": 2,
        "danceratopz": 1,
        "Daniel Lehrner": 1,
        "Stefan Bratanov": 1,
        "nflaig": 1,
        "Saulius Grigaitis": 1,
        "Caleb": 1,
        "Justin Traglia": 1,
        "pk910": 1,
    }
    # Display names keep their printed form as the label; the affiliation is not the name.
    assert speaker(parsed, "Daniel Lehrner").labels == ["Daniel Lehrner (Besu)"]
    assert speaker(parsed, "Saulius Grigaitis").labels == ["Saulius Grigaitis | Grandine"]
    assert parsed.turns[0].timecode == "05:28"
    # Cues of one speaker: a cue that ends a sentence ends a paragraph.
    assert parsed.turns[0].paragraphs == [
        "Hey everyone, let's just give it another half a minute, then we can start.",
        "Okay, let's get started. First up is an update from the testing team. Is Dan already "
        "on the call?",
        "Yes. Dan, do you want to give the structure update? I can share my screen so that "
        "people have something to look at.",
    ]
    # A cue cut mid-sentence runs on into the next one.
    assert parsed.turns[1].paragraphs[0] == (
        "Yeah, hi, thanks, Perry. Yeah, it's just a quick heads up. I hope it doesn't affect "
        "anyone badly, but this is basically, a heads up for client teams or anyone that "
        "consumes our test fixture releases."
    )
    assert parsed.turns[1].speaker == "danceratopz"
    assert "Parithosh" not in parsed.turns[1].text


def test_otter_export_with_a_time_on_every_line():
    parsed = parse_corpus("32_")
    assert parsed.encoding == "utf-8"
    # 87 speaker headers; Otter prints `Unknown Speaker` for two voices in a row.
    assert len(parsed.turns) == 87
    assert tally(parsed) == {"Michael Kennedy": 38, "Unknown speaker": 32, "Brian Okken": 17}
    unknown = speaker(parsed, "Unknown speaker")
    assert unknown.kind == "anonymous" and unknown.labels == ["Unknown Speaker"]
    assert parsed.turns[0].text.startswith("Hello, and welcome to python bytes")
    assert [t.timecode for t in parsed.turns[:3]] == ["00:00", "00:10", "00:12"]
    assert [t.text for t in parsed.turns[1:3]] == [
        "And I am Brian Aachen.",
        "And I'm Adam Hopkins.",
    ]
    assert "0:00" not in parsed.turns[0].text
    assert "otter.ai" not in parsed.turns[-1].text
    assert parsed.turns[-1].text.startswith("Wow. That's awesome.")


def test_whisperx_diarisation_keeps_voices_generic():
    parsed = parse_corpus("33_")
    # 93 `SPEAKER_0n:` paragraphs and one `UNKNOWN: Yeah.`
    assert len(parsed.turns) == 94
    assert tally(parsed) == {
        "Speaker 02": 34,
        "Speaker 04": 33,
        "Speaker 03": 14,
        "Speaker 01": 11,
        "Speaker 00": 1,
        "Unknown speaker": 1,
    }
    assert all(s.kind == "anonymous" for s in parsed.speakers)
    assert speaker(parsed, "Speaker 02").labels == ["SPEAKER_02"]
    assert parsed.turns[0].text == "That little love. Fantastic."


def test_oyez_json_nested_sections_and_speaker_records():
    parsed = parse_corpus("34_")
    assert parsed.encoding == "utf-8+json"
    assert parsed.title == "Oral Argument - December 13, 1971"
    assert parsed.date == dt.date(1971, 12, 13)
    # transcript.sections[0..2].turns: 119 + 69 + 44 turns.
    assert len(parsed.turns) == 232
    assert tally(parsed) == {
        "Sarah R. Weddington": 60,
        "Jay Floyd": 55,
        "Potter Stewart": 39,
        "Byron R. White": 29,
        "William J. Brennan, Jr.": 25,
        "Thurgood Marshall": 12,
        "Warren E. Burger": 10,
        "Harry A. Blackmun": 2,
    }
    assert speaker(parsed, "Warren E. Burger").role == "Chief Justice of the United States"
    assert parsed.turns[0].paragraphs == [
        "We will hear arguments in number 18 Roe against Wade.",
        "Mrs. Weddington you may proceed whenever you are ready.",
    ]
    assert parsed.turns[0].timecode == "00:00"


def test_whole_saved_web_page_with_bold_questions():
    parsed = parse_corpus("35_")
    assert parsed.encoding == "utf-8+html"
    assert parsed.title == "„Es bricht eine andere Zeit der Datennutzung an“"
    assert parsed.date == dt.date(2020, 3, 31)  # the page's <time>, not og:updated_time
    assert parsed.source == "fluter.de"
    assert parsed.url == "https://www.fluter.de/corona-big-data-suedkorea-vorbild-fuer-deutschland"
    assert parsed.language == "de"
    # 9 bold questions, each followed by its answer; labels only on the first exchange.
    assert len(parsed.turns) == 18
    assert [t.speaker for t in parsed.turns] == ["Julia Lauter", "Felix Stalder"] * 9
    assert speaker(parsed, "Julia Lauter").part == "interviewer"  # "Interview: Julia Lauter"
    assert speaker(parsed, "Julia Lauter").labels == ["fluter.de"]
    assert speaker(parsed, "Felix Stalder").part == "interviewee"
    texts = "\n".join(t.text for t in parsed.turns)
    assert "Foto:" not in texts  # a photo caption between the paragraphs of an answer
    assert "Titelbild" not in texts and "Professor für Digitale Kultur" not in texts
    assert "Mehr zum Thema" not in texts and "**" not in texts
    assert not any(p.startswith("„Wir sollten") for t in parsed.turns for p in t.paragraphs)
    assert parsed.turns[1].text.startswith("Zu wissen, mit wem Corona-Patienten Kontakt hatten")
    assert parsed.turns[-1].text.endswith("den sehr wenigen mächtigen Akteuren überlässt.")


def test_markdown_qa_whose_labels_change_mid_text():
    parsed = parse_corpus("36_")
    assert parsed.title == "Spotlight on SIG Scheduling"
    assert parsed.date == dt.date(2024, 9, 24)
    assert len(parsed.turns) == 23
    assert [t.speaker for t in parsed.turns] == ["Arvind Parekh", "Kensei Nakada"] * 11 + [
        "Arvind Parekh"
    ]
    # The byline's Arvind Parekh and the intro's Kensei Nakada, under every shape of label.
    assert speaker(parsed, "Arvind Parekh").labels == ["Arvind", "AP", "A"]
    assert speaker(parsed, "Kensei Nakada").labels == ["Kensei", "KN"]
    assert speaker(parsed, "Arvind Parekh").part == "interviewer"
    texts = "\n".join(t.text for t in parsed.turns)
    assert "**" not in texts and "](" not in texts and "## " not in texts
    assert parsed.turns[1].text.startswith(
        "Hi, thanks for the opportunity! I’m Kensei Nakada (@sanposhiho), a software engineer "
        "at Tetrate.io."
    )


@pytest.mark.skipif(
    not DEV_CORPUS.joinpath("37_tr_kibris-gazisi-yarali.html").exists(),
    reason="37 is only in the development corpus (its licence is unclear)",
)
def test_turkish_oral_history_page_with_initialled_labels():
    path = DEV_CORPUS / "37_tr_kibris-gazisi-yarali.html"
    parsed = parse_document(path.read_bytes(), path.name)
    assert parsed.title == "Röportaj" and parsed.language == "tr"
    assert len(parsed.turns) == 17  # 9 `M.SEZER:` and 8 `C.YARALI:` paragraphs
    assert [t.speaker for t in parsed.turns] == ["M. Sezer", "Cemil Yaralı"] * 8 + ["M. Sezer"]
    # He names himself in his first answer; one label is printed `C. YARALI`.
    assert speaker(parsed, "Cemil Yaralı").labels == ["C.YARALI", "C. YARALI"]
    assert speaker(parsed, "Cemil Yaralı").part == "interviewee"
    assert all("include" not in t.text and "{" not in t.text for t in parsed.turns)


def test_turkish_page_of_the_same_shape():
    html = (
        "<section>\r\n<?php include 'header.php'; ?>\r\n<!DOCTYPE html><html lang=\"tr\"><head>"
        "<title>Söyleşi</title><style>.a{color:red}</style></head><body>\r\n"
        '<p class="a">A.KAYA: Adınız soyadınız?</p>\r\n'
        '<p class="b">Ş.IŞIK: Emekli öğretmen Şükrü Işık, İzmirliyim.</p>\r\n'
        '<p class="a">A.KAYA: Ilık bir günde ne yaptınız?</p>\r\n'
        '<p class="b">Ş. IŞIK: Dağa çıktık, ağaç diktik.</p>\r\n'
        '<p class="a">A.KAYA: Teşekkür ederim.</p>\r\n</body></html>\r\n'
    )
    parsed = parse_document(html.encode(), "soylesi.php")
    assert parsed.title == "Söyleşi" and parsed.language == "tr"
    assert [t.speaker for t in parsed.turns] == ["A. Kaya", "Şükrü Işık"] * 2 + ["A. Kaya"]
    assert parsed.turns[3].text == "Dağa çıktık, ağaç diktik."


def test_xml_export_with_an_html_body_in_cdata():
    parsed = parse_corpus("38_")
    assert parsed.encoding == "utf-8+xml"
    assert parsed.title == "Transcript of interview with Sanbra Lane, ABC AM"
    assert parsed.date == dt.date(2012, 8, 8)
    assert len(parsed.turns) == 28  # 14 `HOST:` and 14 `PM:` paragraphs
    assert [t.speaker for t in parsed.turns] == ["Sanbra Lane", "Julia Gillard"] * 14
    gillard = speaker(parsed, "Julia Gillard")  # <prime-minister>Gillard, Julia</...>
    assert gillard.role == "Prime Minister" and gillard.labels == ["PM"]
    assert gillard.part == "interviewee"
    assert speaker(parsed, "Sanbra Lane").part == "interviewer"
    assert all("E & O E" not in t.text for t in parsed.turns)
    assert parsed.turns[5].paragraphs[1].startswith("We've been upfront that carbon pricing")


def test_senate_hearing_with_period_labels():
    parsed = parse_corpus("39_")
    assert parsed.title == "SOCIAL MEDIA AND THE TEEN MENTAL HEALTH CRISIS"
    assert parsed.date == dt.date(2023, 11, 7)
    # 283 paragraphs open with `Title Name.` (10 with `[continuing]`) and one with
    # `Mr. Bejar [holds up document].`; `Senator Blackburn.` at line 1457 is the end of
    # a wrapped sentence, not a label.
    assert len(parsed.turns) == 284
    assert tally(parsed) == {
        "Arturo Bejar": 122,
        "Richard Blumenthal": 44,
        "Marsha Blackburn": 28,
        "Josh Hawley": 14,
        "John Kennedy": 14,
        "Lindsey O. Graham": 12,
        "Peter Welch": 12,
        "Mazie K. Hirono": 9,
        "Richard J. Durbin": 8,
        "John Cornyn": 8,
        "Laphonza Butler": 6,
        "Amy Klobuchar": 4,
        "Christopher A. Coons": 3,
    }
    assert speaker(parsed, "Arturo Bejar").part == "interviewee"
    assert speaker(parsed, "Josh Hawley").part == "interviewer"
    assert speaker(parsed, "Josh Hawley").role == "Senator"
    texts = "\n".join(t.text for t in parsed.turns)
    assert "OPENING STATEMENT OF" not in texts and "A P P E N D I X" not in texts
    assert "Submitted by" not in texts and "Blumen- thal" not in texts
    assert parsed.turns[-1].text.endswith("The meeting is adjourned.")
    first = parsed.turns[0]
    assert first.label == "Chair Blumenthal" and first.text.startswith(
        "This hearing of the Judiciary Subcommittee on Technology, Privacy, and the Law will "
        "come to order."
    )


# --- detection by content, never by name ---------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "family"),
    [
        ("30_", detect.WEBVTT),
        ("31_", detect.WEBVTT),
        ("32_", detect.SERVICE),
        ("33_", detect.TEXT),
        ("34_", detect.JSON),
        ("35_", detect.HTML),
        ("36_", detect.TEXT),
        ("38_", detect.XML),
        ("39_", detect.TEXT),
        ("01_", detect.TEXT),
        ("19_", detect.TEXT),
    ],
)
def test_detection_reads_the_content(prefix, family):
    text = corpus_file(prefix).read_text(encoding="utf-8")
    assert detect.detect_text(text) == family


def test_a_file_name_changes_nothing():
    data = corpus_file("30_").read_bytes()
    named = [parse_document(data, name) for name in ("captions.vtt", "captions.txt", "x.md", "")]
    assert {len(p.turns) for p in named} == {14}
    json_bytes = corpus_file("38_").read_bytes()
    assert len(parse_document(json_bytes, "transcript.json").turns) == 28


def test_srt_captions_with_names_in_cues():
    srt = (
        "1\r\n00:00:01,000 --> 00:00:03,500\r\nANA RUIZ: Welcome to the show.\r\n\r\n"
        "2\r\n00:00:03,600 --> 00:00:05,000\r\nToday we talk about rivers.\r\n\r\n"
        "3\r\n00:00:05,100 --> 00:00:08,000\r\nJOHN DOE: Thank you for having me.\r\n\r\n"
        "4\r\n00:01:05,100 --> 00:01:08,000\r\nANA RUIZ: Why rivers?\r\n"
    )
    parsed = parse_document(srt.encode(), "episode.txt")
    assert parsed.encoding == "utf-8+srt"
    assert [(t.speaker, t.timecode) for t in parsed.turns] == [
        ("Ana Ruiz", "00:01"),
        ("John Doe", "00:05"),
        ("Ana Ruiz", "01:05"),
    ]
    assert parsed.turns[0].paragraphs == ["Welcome to the show.", "Today we talk about rivers."]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe (00:01):\nHello there.\n\nJohn Roe (00:04):\nHi, Jane.\n\nJane Doe (00:09):\nBye.\n",
        "Jane Doe  0:01\nHello there.\n\nJohn Roe  0:04\nHi, Jane.\n\nJane Doe  0:09\nBye.\n",
        "Jane Doe  00:00:01\nHello there.\nJohn Roe  00:00:04\nHi, Jane.\nJane Doe  00:00:09\nBye.\n",
        "[00:00:01] Jane Doe\nHello there.\n\n[00:00:04] John Roe\nHi, Jane.\n\n[00:00:09] Jane Doe\nBye.\n",
        "Jane Doe: [00:00:01] Hello there.\nJohn Roe: [00:00:04] Hi, Jane.\nJane Doe: [00:00:09] Bye.\n",
        "[00:00:01] Jane Doe: Hello there.\n[00:00:04] John Roe: Hi, Jane.\n[00:00:09] Jane Doe: Bye.\n",
        "Jane Doe    00:00:01 - 00:00:04    (3s)\nWords: 2\nSentiment: positive\nHello there.\n\n"
        "John Roe    00:00:04 - 00:00:09    (5s)\nWords: 2\nSentiment: neutral\nHi, Jane.\n\n"
        "Jane Doe    00:00:09 - 00:00:10    (1s)\nWords: 1\nSentiment: neutral\nBye.\n",
    ],
    ids=["rev", "otter", "zoom-teams", "trint", "sonix", "descript", "range-duration-analytics"],
)
def test_transcription_service_exports(text):
    parsed = parse_document(text.encode(), "export.txt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Jane Doe", "Hello there."),
        ("John Roe", "Hi, Jane."),
        ("Jane Doe", "Bye."),
    ]
    assert [t.timecode for t in parsed.turns] == ["00:01", "00:04", "00:09"]


def test_whisper_segments_with_time_ranges_and_generic_voices():
    text = (
        "[00:00.000 --> 00:04.200] SPEAKER_00: Welcome back to the programme.\n"
        "[00:04.200 --> 00:07.900] SPEAKER_01: Thanks, glad to be here.\n"
        "[00:08.000 --> 00:09.500] SPEAKER_00: Let us begin.\n"
    )
    parsed = parse_document(text.encode(), "whisper.txt")
    assert [t.speaker for t in parsed.turns] == ["Speaker 00", "Speaker 01", "Speaker 00"]
    assert {s.kind for s in parsed.speakers} == {"anonymous"}
    assert parsed.turns[1].timecode == "00:04"


@pytest.mark.parametrize(
    "data",
    [
        [{"speaker": "Ana Ruiz", "text": "Why rivers?"}, {"speaker": "John Doe", "text": "Water."}],
        {"title": "Rivers", "date": "2021-03-04", "messages": [
            {"role": "Ana Ruiz", "content": "Why rivers?"},
            {"role": "John Doe", "content": "Water."},
        ]},
        {"segments": [
            {"start": 0.0, "end": 2.0, "speaker": "SPEAKER_00", "text": " Why rivers?"},
            {"start": 2.5, "end": 4.0, "speaker": "SPEAKER_01", "text": " Water."},
        ], "speakers": [{"id": "SPEAKER_00", "name": "Ana Ruiz"}, {"id": "SPEAKER_01", "name": "John Doe"}]},
        {"monologues": [
            {"speaker": 0, "speaker_name": "Ana Ruiz", "elements": [
                {"type": "text", "value": "Why"}, {"type": "punct", "value": " "},
                {"type": "text", "value": "rivers"}, {"type": "punct", "value": "?"}]},
            {"speaker": 1, "speaker_name": "John Doe", "elements": [
                {"type": "text", "value": "Water"}, {"type": "punct", "value": "."}]},
        ]},
        {"conversation": {"turns": [
            {"speaker": {"name": "Ana Ruiz"}, "text_blocks": [{"text": "Why rivers?"}]},
            {"speaker": {"name": "John Doe"}, "text_blocks": [{"text": "Water."}]},
        ]}},
    ],
    ids=["flat", "messages", "whisperx-segments", "rev-monologues", "nested-text-blocks"],
)  # fmt: skip
def test_json_shapes(data):
    parsed = parse_document(json.dumps(data).encode(), "rivers.json")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Ana Ruiz", "Why rivers?"),
        ("John Doe", "Water."),
    ]


def test_speaker_one_stays_generic_and_labels_on_consecutive_lines():
    text = (
        "Title: A call\nDate: 2022-05-01\n\n"
        "Speaker 1: Can you hear me?\nSpeaker 2: Yes, loud and clear.\n"
        "Speaker 1: Good. Shall we start with the budget for next year?\n"
        "Speaker 2: Yes, let us start with the budget and then move on to the hiring plan.\n"
    )
    parsed = parse_document(text.encode(), "call.txt")
    assert [t.speaker for t in parsed.turns] == ["Speaker 1", "Speaker 2"] * 2
    assert all(s.kind == "anonymous" for s in parsed.speakers)


def test_name_labels_on_consecutive_lines_in_hard_wrapped_text():
    wrapped = (
        "An exchange at the harbour, about the ships that come in at dawn and leave\n"
        "again in the evening, recorded by the harbour office for its archive.\n\n"
        "Maria Lopez: When do the ships come in, and who decides the order in which\n"
        "they are unloaded at the quay each morning of the week?\n"
        "John Carter: At dawn, mostly, and the harbour master decides the order from\n"
        "the list of cargoes that the shipping agents send the evening before.\n"
        "Maria Lopez: And when the weather turns, does the order change at all, or\n"
        "does the list stay as it was agreed with the agents the evening before?\n"
        "John Carter: It changes: the ships with perishable cargo come in first and\n"
        "the others wait outside the breakwater until the wind drops again.\n"
    )
    parsed = parse_document(wrapped.encode(), "harbour.txt")
    assert [t.speaker for t in parsed.turns] == ["Maria Lopez", "John Carter"] * 2
    assert parsed.turns[1].text.startswith("At dawn, mostly, and the harbour master decides")


def test_hearing_style_and_q_a_labels():
    hearing = (
        "HEARING ON RIVERS\n\nMARCH 3, 2021\n\n"
        "    The CHAIRMAN. The committee will come to order. Mr. Jones, welcome.\n"
        "    Mr. JONES. Thank you, Mr. Chairman.\n"
        "    Senator SMITH. Mr. Jones, how clean is the river?\n"
        "    Mr. JONES. Cleaner than it was.\n"
        "    The CHAIRMAN. Thank you. We are adjourned.\n"
    )
    parsed = parse_document(hearing.encode(), "hearing.txt")
    assert [t.label for t in parsed.turns] == [
        "The CHAIRMAN",
        "Mr. JONES",
        "Senator SMITH",
        "Mr. JONES",
        "The CHAIRMAN",
    ]
    qa = "Title: Rivers\n\nQ. Why rivers?\n\nA. Because of the water.\n\nQ. And?\n\nA. Life.\n"
    parsed = parse_document(qa.encode(), "qa.txt")
    assert [t.kind for t in parsed.turns] == ["question", "answer"] * 2
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Interviewee"] * 2
    assert parsed.speaker("Interviewee").kind == "anonymous"


def test_turkish_and_spanish_question_answer_labels_name_the_interviewee():
    turkish = (
        "Başlık: Ayşe Yılmaz ile söyleşi\nTarih: 12 Mayıs 2018\n\n"
        "Ayşe Yılmaz ile İzmir'de konuştuk.\n\n"
        "Soru: Ilık bir günde ne yaptınız?\n\nCevap: Dağa çıktık, ağaç diktik.\n\n"
        "Soru: Teşekkürler.\n\nCevap: Ben teşekkür ederim.\n"
    )
    parsed = parse_document(turkish.encode("cp1254"), "soylesi.txt")
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Ayşe Yılmaz"] * 2
    spanish = (
        "Título: Conferencia\nFecha: 1 de agosto de 2019\n\n"
        "PREGUNTA: ¿Qué opina?\n\nRESPUESTA: Que todo va bien.\n\n"
        "INTERLOCUTOR: ¿Y mañana?\n\nRESPUESTA: También.\n"
    )
    parsed = parse_document(spanish.encode("cp1252"), "conferencia.txt")
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Interviewee"] * 2


def test_outlet_domain_as_the_interviewers_label():
    text = (
        "Title: Talking rivers\nDate: 2021-03-04\nSource: cnn.com\nAuthor: Jane Roe\n\n"
        "cnn.com: Why rivers?\n\nJohn Carter: Because of the water.\n\n"
        "cnn.com: And the ships?\n\nJohn Carter: They follow the water.\n"
    )
    parsed = parse_document(text.encode(), "talk.txt")
    assert [t.speaker for t in parsed.turns] == ["Jane Roe", "John Carter"] * 2
    assert parsed.speaker("Jane Roe").part == "interviewer"


# --- PDF, OpenDocument, RTF -----------------------------------------------------------


def pdf_with_lines(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds these lines (Helvetica, WinAnsi)."""
    content = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"({escaped}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_with_a_text_layer():
    data = pdf_with_lines(
        ["Interview with the harbour master", "5 June 2020", "", "Q: When do the ships come in?",
         "", "Ana Silva: At dawn, mostly.", "", "Q: And in winter?", "", "Ana Silva: Later."]
    )  # fmt: skip
    parsed = parse_document(data, "harbour.bin")
    assert parsed.encoding == "pdf"
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Reporter", "When do the ships come in?"),
        ("Ana Silva", "At dawn, mostly."),
        ("Reporter", "And in winter?"),
        ("Ana Silva", "Later."),
    ]


def test_scanned_pdf_is_refused_with_a_reason():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ParseError, match="scanned PDF: no text to import") as info:
        parse_document(buffer.getvalue(), "scan.pdf")
    assert info.value.file == "scan.pdf"


def odt_with_paragraphs(paragraphs: list[str]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_opendocument_and_rtf():
    paragraphs = ["Interview with Ana Silva", "Q: Why ships?", "Ana Silva: Because of the sea."]
    parsed = parse_document(odt_with_paragraphs(paragraphs), "talk.odt")
    assert parsed.encoding == "odt"
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Ana Silva"]
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\f0 Interview with Ana Silva\par"
        r"\par Q: Why ships?\par\par Ana Silva: Because of the sea, se\'f1or.\par}"
    )
    parsed = parse_document(rtf.encode("ascii"), "talk.rtf")
    assert parsed.encoding == "rtf"
    assert [t.text for t in parsed.turns] == ["Why ships?", "Because of the sea, señor."]


# --- bad input: the file, the line, the reason ---------------------------------------


def test_caption_file_without_text():
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:04.000\n<v Ana>\n"
    with pytest.raises(ParseError, match="caption file has no text") as info:
        parse_document(vtt, "empty.vtt")
    assert info.value.line == 3 and "empty.vtt, line 3" in str(info.value)


def test_json_that_is_not_a_transcript_or_not_json():
    with pytest.raises(ParseError, match="holds no transcript"):
        parse_document(b'{"name": "config", "items": [1, 2, 3]}', "config.json")
    with pytest.raises(ParseError, match="not valid JSON") as info:
        parse_document(b'{\n  "turns": [\n    {"speaker": "Ana",\n', "broken.json")
    assert info.value.line == 4


def test_web_page_without_an_interview():
    page = (
        "<html><head><title>Weather</title></head><body><nav>Home</nav><article><h1>Rain "
        "tomorrow</h1><p>It will rain across the north, with sun later in the week.</p>"
        "<p>Temperatures stay mild.</p></article></body></html>"
    )
    with pytest.raises(ParseError, match="this web page holds no interview"):
        parse_document(page.encode(), "weather.html")


def test_xml_without_a_transcript():
    with pytest.raises(ParseError, match="XML"):
        parse_document(b'<?xml version="1.0"?><catalog><item id="1"/></catalog>', "c.xml")


def test_the_committed_corpus_has_no_file_of_unclear_licence():
    assert not list(CORPUS.glob("37_*"))
    assert Path(CORPUS / "README.md").read_text().count("37") >= 1


def test_a_service_export_saved_as_a_word_document_or_markdown():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in [
        "Jane Doe   0:03",
        "Hello there.",
        "John Roe   0:09",
        "Hi, Jane.",
        "Jane Doe   0:15",
    ]:
        document.add_paragraph(line)
    document.add_paragraph("Bye.")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_document(buffer.getvalue(), "meeting transcript.docx")  # as Teams gives it
    assert parsed.encoding == "docx"
    assert [(t.speaker, t.timecode, t.text) for t in parsed.turns] == [
        ("Jane Doe", "00:03", "Hello there."),
        ("John Roe", "00:09", "Hi, Jane."),
        ("Jane Doe", "00:15", "Bye."),
    ]
    markdown = "**Jane Doe** [00:00:03]\nHello.\n\n**John Roe** [00:00:09]\nHi.\n\n**Jane Doe** [00:00:15]\nBye.\n"
    parsed = parse_document(markdown.encode(), "descript.md")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Jane Doe", "Hello."),
        ("John Roe", "Hi."),
        ("Jane Doe", "Bye."),
    ]
