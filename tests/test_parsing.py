"""The parser on the seed document, the development corpus and bad input. No database."""

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.parsing import ParseError, parse_document, parse_text

from .conftest import SEED, corpus_file


@pytest.fixture(scope="module")
def seed():
    return parse_document(SEED.read_bytes(), SEED.name)


def parse_corpus(prefix):
    path = corpus_file(prefix)
    return parse_document(path.read_bytes(), path.name)


def speaker(parsed, name):
    found = parsed.speaker(name)
    assert found is not None, [s.name for s in parsed.speakers]
    return found


# --- the seed ------------------------------------------------------------------------


def test_seed_header(seed):
    assert seed.title == "NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG"
    assert seed.date == dt.date(2017, 5, 25)
    assert seed.published == dt.date(2017, 5, 26)
    assert seed.source == "EuroNews"
    assert seed.publisher == "Center for Eurasian Studies"
    assert seed.language == "en"


def test_seed_intro_is_the_two_paragraphs_before_the_first_turn(seed):
    assert seed.intro == [
        "NATO leaders are meeting in Brussels today (25th May, 2017) as part of US President "
        "Donald Trumps first foreign trip as commander-in-chief.",
        "euronews Andrei Beketov sat down with Jens Stoltenberg, NATO secretary-general, to discuss "
        "the alliances role in fighting terrorism, defence spending and transatlantic ties under Trump.",
    ]


def test_seed_speakers_are_resolved_from_the_intro(seed):
    stoltenberg = speaker(seed, "Jens Stoltenberg")
    assert stoltenberg.role == "NATO Secretary-General"
    assert stoltenberg.labels == ["Stoltenberg"]
    assert stoltenberg.part == "interviewee"
    beketov = speaker(seed, "Andrei Beketov")
    assert beketov.labels == ["euronews"]
    assert beketov.part == "interviewer"
    assert len(seed.speakers) == 2


def test_seed_has_eight_alternating_turns(seed):
    assert len(seed.turns) == 8
    assert [t.kind for t in seed.turns] == ["question", "answer"] * 4
    assert [t.speaker for t in seed.turns] == ["Andrei Beketov", "Jens Stoltenberg"] * 4
    assert [t.label for t in seed.turns] == ["euronews", "Stoltenberg"] * 4


def test_seed_unlabelled_paragraph_continues_the_answer_before_it(seed):
    second_answer = seed.turns[3]
    assert second_answer.paragraphs == [
        "This is not symbolic, this is a strong political message of unity in the fight against "
        "terrorism and a platform for improved practical cooperation and support, coordinating the "
        "efforts of NATO and the other coalition partners.",
        "NATO is not going into a combat role. What NATO is doing is to training and capacity building.",
    ]
    assert second_answer.text.count("\n\n") == 1


def test_seed_footer_is_not_part_of_any_turn(seed):
    assert all("Kaynak" not in t.text and "Source:" not in t.text for t in seed.turns)
    assert seed.turns[-1].text.endswith("based on our collective defence and credible deterrence.")


def test_seed_first_turn_text_is_exact(seed):
    assert seed.turns[0].text == (
        "Secretary-General, it would be an occasion to celebrate the new headquarters but sadly we are "
        "talking in the aftermath of another atrocity this time in Manchester. Isnt it time for NATO to "
        "join the coalition the Islamic State and fight it?"
    )


def test_seed_json_shape(seed):
    data = seed.as_json()
    assert set(data) == {
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
    }
    assert data["date"] == "2017-05-25" and data["published"] == "2017-05-26"
    assert set(data["speakers"][0]) == {"name", "role", "labels", "part"}
    assert set(data["turns"][0]) == {"speaker", "label", "kind", "text"}


# --- the development corpus, one test per format -------------------------------------


def test_white_house_briefing_yaml_front_matter_and_q_turns():
    parsed = parse_corpus("01_")
    assert parsed.title == "Press Briefing by Press Secretary Jen Psaki, January 20, 2021"
    assert parsed.date == dt.date(2021, 1, 20)
    assert parsed.url.startswith(
        "https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/"
    )
    assert parsed.location == "James S. Brady Press Briefing Room"
    # 38 `MS. PSAKI:` labels and 35 `Q` turns, counted in the file.
    assert len(parsed.turns) == 73
    psaki = speaker(parsed, "Jen Psaki")
    assert psaki.role == "Press Secretary" and psaki.part == "interviewee"
    assert speaker(parsed, "Reporter").labels == ["Q"]
    first = parsed.turns[0]
    assert first.speaker == "Jen Psaki" and first.kind == "remark"
    assert first.paragraphs[0] == (
        "Good evening, everyone. Thank you for joining us on this historic day. "
        "It’s an honor to be here with all of you."
    )
    # A label glued to the previous paragraph (no blank line) still starts a turn.
    assert any(
        t.text.startswith("This is a great question.") and t.speaker == "Jen Psaki"
        for t in parsed.turns
    )
    # `7:37 P.M. EST` and `###` close the document; they are not speech.
    assert parsed.turns[-1].text == "Thank you, everyone. Let’s do this again tomorrow."


def test_white_house_role_label_resolves_to_the_president_in_the_title():
    parsed = parse_corpus("04_")
    assert len(parsed.turns) == 54  # 30 `THE PRESIDENT:` and 24 `Q`
    biden = speaker(parsed, "Biden")
    assert biden.labels == ["THE PRESIDENT"] and biden.role == "President"
    assert parsed.location == "NATO Headquarters, Brussels, Belgium"
    assert any("(Laughter.)" in t.text for t in parsed.turns if t.speaker == "Biden")
    assert parsed.turns[-1].text.endswith("Thank you very much.")


def test_white_house_gaggle_drops_the_end_line():
    parsed = parse_corpus("07_")
    assert len(parsed.turns) == 105
    assert speaker(parsed, "Trump").labels == ["THE PRESIDENT"]
    assert parsed.turns[-1].speaker == "Trump" and parsed.turns[-1].text == "Thank you."
    assert (
        parsed.turns[0].speaker == "Reporter"
        and parsed.turns[0].text == "Welcome back, Mr. President."
    )


def test_white_house_background_call_keeps_anonymous_officials_apart():
    parsed = parse_corpus("03_")
    assert len(parsed.turns) == 40
    official = speaker(parsed, "Senior Administration Official")
    assert official.kind == "anonymous" and official.part == "interviewee"
    moderator = speaker(parsed, "Moderator")
    assert moderator.kind == "group" and moderator.part == "other"
    assert all(t.kind == "remark" for t in parsed.turns if t.speaker == "Moderator")


def test_joint_press_conference_with_titles_in_labels():
    parsed = parse_corpus("09_")
    assert len(parsed.turns) == 66
    modi = speaker(parsed, "Narendra Modi")
    assert modi.labels == ["PRIME MINISTER MODI"] and modi.role == "Prime Minister"
    assert speaker(parsed, "Trump").part == "interviewee"
    assert speaker(parsed, "Interpreter").part == "other"
    assert parsed.source == "The White House"


def test_podcast_bold_labels_breaks_and_timecodes():
    parsed = parse_corpus("10_")
    assert len(parsed.turns) == 157  # 158 bold labels, one of them `**Break:**`
    assert any("skipped 'Break'" in w for w in parsed.warnings)
    assert speaker(parsed, "Sid Sijbrandij").part == "interviewee"
    assert speaker(parsed, "Adam Stacoviak").part == "interviewer"
    assert parsed.date is None and "no date found" in parsed.warnings
    go_time = parse_corpus("12_")
    assert len(go_time.turns) == 214
    hannah = [t for t in go_time.turns if t.speaker == "Hannah W"]
    assert hannah[2].timecode == "06:11" and hannah[2].text == "Thank you so much."


def test_podcast_continuation_paragraphs_stay_with_their_speaker():
    parsed = parse_corpus("10_")
    assert parsed.turns[0].speaker == "Adam Stacoviak"
    assert parsed.turns[0].paragraphs[1].startswith("This show is hosted by myself, Adam Stacoviak")


def test_mexican_stenographic_version_in_spanish():
    parsed = parse_corpus("15_")
    assert parsed.title == (
        "Versión estenográfica de la conferencia de prensa matutina | Jueves 1 de agosto, 2019"
    )
    assert parsed.date == dt.date(2019, 8, 1)
    assert parsed.source == "Presidencia de la República"
    assert parsed.language == "es"
    assert len(parsed.turns) == 79  # 79 blocks between `---` rules
    amlo = speaker(parsed, "Andrés Manuel López Obrador")
    assert amlo.role == "Presidente" and amlo.part == "interviewee"
    # A label with its first letter missing is still the president.
    assert "RESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR" in amlo.labels
    reporter = speaker(parsed, "Reporter")
    assert set(reporter.labels) == {"PREGUNTA", "INTERLOCUTOR", "INTERLOCUTORA"}
    ojeda = speaker(parsed, "José Rafael Ojeda Durán")
    assert ojeda.role == "Secretario de Marina"
    assert parsed.turns[-1].text.endswith("Muchas gracias.")
    assert all(t.kind == "question" for t in parsed.turns if t.speaker == "Reporter")


def test_mexican_labels_with_role_before_or_after_the_name():
    parsed = parse_corpus("17_")
    assert len(parsed.turns) == 24
    sheinbaum = speaker(parsed, "Claudia Sheinbaum Pardo")
    assert sheinbaum.role == "Presidenta de México" and sheinbaum.part == "interviewee"
    assert speaker(parsed, "David Kershenobich Stalnikowitz").role == "Secretario de Salud"
    assert speaker(parsed, "Alejandro Svarch Pérez").role == "Director General del IMSS-Bienestar"
    assert len(parse_corpus("16_").turns) == 36


def test_kremlin_interview_labels_with_titles_resolve_to_one_person():
    parsed = parse_corpus("19_")
    assert parsed.title == "Interview to the German ARD"
    assert parsed.date == dt.date(2013, 4, 5)
    assert parsed.url == "http://en.kremlin.ru/events/president/news/17808"
    assert parsed.intro[0] == (
        "Ahead of the working visit to Germany, Vladimir Putin gave an interview to the German ARD."
    )
    assert len(parsed.turns) == 33
    putin = speaker(parsed, "Vladimir Putin")
    assert putin.role == "President of Russia" and putin.part == "interviewee"
    assert set(putin.labels) == {
        "President of Russia Vladimir Putin",
        "Vladimir Putin",
        "Vladimir PUTIN",
    }
    journalist = speaker(parsed, "Jörg Schönenborn")
    assert journalist.part == "interviewer"
    assert "Jörg Schönenborn (retranslated)" in journalist.labels
    # "We often hear:" ends a sentence with a colon; it is not a speaker.
    assert not any(s.name.startswith("We ") for s in parsed.speakers)


def test_kremlin_interview_and_news_conference():
    bloomberg = parse_corpus("21_")
    assert len(bloomberg.turns) == 122
    assert bloomberg.location == "Vladivostok"
    assert speaker(bloomberg, "John Micklethwait").part == "interviewer"
    conference = parse_corpus("22_")
    assert conference.title == "Joint news conference with President of Turkey Recep Tayyip Erdogan"
    assert len(conference.turns) == 13
    erdogan = speaker(conference, "Recep Tayyip Erdogan")
    assert erdogan.role == "President of Turkey" and len(erdogan.labels) == 2
    assert speaker(conference, "Reporter").labels == ["Question (retranslated)", "Question"]


@pytest.mark.parametrize(
    "path", sorted(p.name for p in SEED.parent.parent.joinpath("tests", "corpus").glob("*.txt"))
)
def test_every_development_document_parses_with_named_speakers(path):
    parsed = parse_corpus(path[:3])
    assert len(parsed.turns) >= 10
    assert parsed.title and parsed.language in {"en", "es"}
    parts = {s.part for s in parsed.speakers}
    assert "interviewee" in parts and "interviewer" in parts
    for turn in parsed.turns:
        assert turn.text.strip(), turn
        assert parsed.speaker(turn.speaker) is not None


# --- other shapes of document --------------------------------------------------------


def test_key_value_header_and_label_alone_on_its_line():
    text = (
        "Title: A conversation about rivers\nDate: 3 March 2021\nSource: River Weekly\n"
        "Language: en\n\nMARIA LOPEZ:\nWhy do rivers matter?\n\nJOHN DOE:\n"
        "Because they carry\nwater and life.\n\nMARIA LOPEZ:\nThank you.\n"
    )
    parsed = parse_text(text, "rivers.txt")
    assert parsed.title == "A conversation about rivers"
    assert parsed.date == dt.date(2021, 3, 3) and parsed.source == "River Weekly"
    assert [t.speaker for t in parsed.turns] == ["Maria Lopez", "John Doe", "Maria Lopez"]
    assert parsed.turns[1].text == "Because they carry water and life."


def test_stenographic_version_addressing_someone_is_not_a_label():
    # A governor turns to the president ("Presidenta:") in the middle of her speech; in
    # a version whose speakers are announced in capitals after rules, that is not a turn.
    parsed = parse_corpus("18_")
    turn = next(t for t in parsed.turns if t.line == 251)
    assert turn.speaker == "Delfina Gómez Álvarez"
    assert "Presidenta:" in turn.text and "acceso a una vivienda digna" in turn.text
    assert not any(t.line == 259 for t in parsed.turns)
    # The same line, printed as a label in capitals after a rule, is a speaker.
    text = (
        "Title: Entrega de apoyos\nDate: 2025-02-01\n\n---\nMODERADOR\nBuenas tardes.\n"
        "---\nGOBERNADORA DEL ESTADO, ANA RUIZ\nGracias.\nPresidenta:\nBienvenida a casa.\n"
        "---\nPRESIDENTA\nGracias, gobernadora.\n"
    )
    parsed = parse_text(text, "entrega.txt")
    assert [t.label for t in parsed.turns] == [
        "MODERADOR",
        "GOBERNADORA DEL ESTADO, ANA RUIZ",
        "PRESIDENTA",
    ]
    assert parsed.turns[1].text.endswith("Bienvenida a casa.")


def test_turkish_title_date_and_labels():
    text = (
        "Başlık: Dışişleri Bakanı ile söyleşi\nTarih: 12 Mayıs 2018\nKaynak: Anadolu Ajansı\n\n"
        "Soru: Sayın Bakan, NATO'nun yeni stratejisi hakkında ne düşünüyorsunuz?\n\n"
        "Mevlüt Çavuşoğlu: Türkiye ittifakın güçlü bir üyesidir ve öyle kalacaktır.\n\n"
        "Soru: Teşekkürler.\n\nMevlüt Çavuşoğlu: Ben teşekkür ederim.\n"
    )
    parsed = parse_text(text, "soylesi.txt")
    assert parsed.title == "Dışişleri Bakanı ile söyleşi"
    assert parsed.date == dt.date(2018, 5, 12)
    assert parsed.language == "tr"
    assert [t.kind for t in parsed.turns] == ["question", "answer", "question", "answer"]


def test_html_page_with_bold_labels():
    html = (
        "<html><head><title>Talk</title></head><body><nav>Menu</nav><article><h1>An interview "
        "with Ada Lovelace</h1><p>Published 10 December 1843</p><p><strong>Q:</strong> What is "
        "the engine for?</p><p><strong>Ada Lovelace:</strong> It weaves algebraic patterns.</p>"
        "<p>Like a loom.</p><script>alert(1)</script></article></body></html>"
    )
    parsed = parse_document(html.encode(), "talk.html")
    assert parsed.title == "An interview with Ada Lovelace"
    assert parsed.date == dt.date(1843, 12, 10)
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Ada Lovelace"]
    assert parsed.turns[1].paragraphs == ["It weaves algebraic patterns.", "Like a loom."]
    assert all("alert" not in t.text for t in parsed.turns)


def test_word_document():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Interview with the harbour master")
    document.add_paragraph("5 June 2020")
    document.add_paragraph("Q: When do the ships come in?")
    document.add_paragraph("Harbour Master Ana Silva: At dawn, mostly.")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_document(buffer.getvalue(), "harbour.docx")
    assert parsed.title == "Interview with the harbour master"
    assert parsed.date == dt.date(2020, 6, 5)
    assert [t.speaker for t in parsed.turns] == ["Reporter", "Ana Silva"]
    assert parsed.speaker("Ana Silva").role == "Harbour Master"


# --- encodings ----------------------------------------------------------------------

TURKISH = (
    "AVRASYA İNCELEMELERİ MERKEZİ\n\nBaşlık: Erdoğan ile söyleşi\n\nTarih: 12 Mayıs 2018\n\n"
    "Muhabir: Sayın Cumhurbaşkanı, Şırnak ve Iğdır'daki ılık havayı nasıl değerlendiriyorsunuz?\n\n"
    "Erdoğan: Güzel bir gün. Ağır işler bitti; çiçekler açtı, öğrenciler güldü.\n\n"
    "Muhabir: Teşekkürler.\n\nErdoğan: Ben teşekkür ederim.\n"
)


@pytest.mark.parametrize("encoding", ["cp1254", "iso-8859-9", "utf-8", "utf-8-sig", "utf-16"])
def test_turkish_letters_survive_every_encoding(encoding):
    parsed = parse_document(TURKISH.encode(encoding), "soylesi.txt")
    texts = " ".join(t.text for t in parsed.turns)
    assert "Şırnak ve Iğdır'daki ılık havayı" in texts
    assert "Ağır işler bitti; çiçekler açtı, öğrenciler güldü." in texts
    assert parsed.turns[1].speaker == "Erdoğan"


def test_windows_1252_curly_quotes():
    text = (
        "Title: Quotes\nDate: 2020-01-01\n\nQ: Isn’t it “odd”?\n\nJane Roe: It’s fine — really.\n"
    )
    parsed = parse_document(text.encode("cp1252"), "quotes.txt")
    assert parsed.turns[0].text == "Isn’t it “odd”?"
    assert parsed.turns[1].text == "It’s fine — really."


def test_mojibake_is_repaired():
    text = "Title: Mojibake\nDate: 2020-01-01\n\nQ: What’s “new”?\n\nJosé Núñez: Café, señor.\n"
    import ftfy.bad_codecs  # noqa: F401  registers the lenient codec word processors used

    garbled = text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
    parsed = parse_document(garbled, "garbled.txt")
    assert parsed.turns[0].text == "What’s “new”?"
    assert parsed.turns[1].speaker == "José Núñez"


# --- bad input: a clear message, never a crash ---------------------------------------


def test_empty_file():
    with pytest.raises(ParseError, match="empty") as info:
        parse_document(b"", "empty.txt")
    assert info.value.file == "empty.txt"
    with pytest.raises(ParseError, match="empty"):
        parse_document(b"  \n\n\t\n", "blank.txt")


def test_binary_file():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ParseError, match="binary") as info:
        parse_document(png, "photo.txt")
    assert "photo.txt" in str(info.value)


def test_document_without_turns_reports_a_line():
    text = "A headline\n\nJust an article with paragraphs of prose.\n\nAnd another one, with no labels.\n"
    with pytest.raises(ParseError, match="no speaker turns") as info:
        parse_document(text.encode(), "article.txt")
    assert info.value.line == 1


def test_huge_file_is_refused_before_parsing():
    data = b"Q: Hello?\n\nJane Roe: Hi.\n\n" * 400_000
    with pytest.raises(ParseError, match="too large") as info:
        parse_document(data, "huge.txt")
    assert "MB" in info.value.reason


def test_broken_front_matter_reports_its_line():
    text = "---\ntitle: [unclosed\ndate: 2020-01-01\n---\n\nQ: Hi?\n\nJane Roe: Hello.\n"
    with pytest.raises(ParseError, match="front matter") as info:
        parse_document(text.encode(), "broken.md")
    assert info.value.line >= 2


def test_a_broken_pdf_or_an_unknown_archive_is_named_not_guessed():
    with pytest.raises(ParseError, match="this PDF cannot be read"):
        parse_document(b"%PDF-1.4 ...", "paper.txt")
    with pytest.raises(ParseError, match="zip archive"):
        parse_document(b"PK\x03\x04" + bytes(40), "bundle.docx")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_gives_an_interview_or_a_clear_error(text):
    try:
        parsed = parse_text(text, "random.txt")
    except ParseError as error:
        assert error.reason
    else:
        assert parsed.turns and parsed.title


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Q", "Jane Roe", "JOHN DOE", "**Ana Ruiz**", "Moderator"]),
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80
            ),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_labelled_text_round_trips(pairs):
    lines = []
    for label, words in pairs:
        words = " ".join(words.split()) or "x"
        lines.append(f"{label}: {words}")
    try:
        parsed = parse_text("\n\n".join(lines), "generated.txt")
    except ParseError as error:
        assert error.reason
        return
    assert len(parsed.turns) <= len(pairs)


def test_markdown_heading_is_the_title_without_its_marks():
    parsed = parse_text(
        "# A talk about tides\n\nQ: Why tides?\n\nAna Silva: The moon.\n", "tides.md"
    )
    assert parsed.title == "A talk about tides"
