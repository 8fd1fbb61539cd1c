"""Who said it: names apart from titles, the registry, one resolution order, mending.

The documents below are short excerpts of real ones in the benchmark corpus, cut but not
reworded: White House briefing-room texts (US government works, public domain),
en.kremlin.ru (CC BY 4.0) and the Mexican presidency's stenographic versions (gob.mx,
CC BY-SA 4.0).
"""

import io
import json

import pytest
from django.core.management import call_command

from interviews.editing.speakers import merge_many
from interviews.editing.turns import edit_turn
from interviews.importing import import_document
from interviews.models import (
    EditRecord,
    Membership,
    Participant,
    SlugRedirect,
    Speaker,
    SpeakerChoice,
    SpeakerName,
    Turn,
)
from interviews.parsing import parse_text
from interviews.parsing.names import (
    familiar_printing,
    garbled_honorific,
    given_compatible,
    given_names,
    printed_more_fully,
    role_heads,
    spelt_alike,
    split_role,
    surname_keys,
    unjoin,
)
from interviews.people.registry import RegistryError, load_registry
from interviews.people.report import build_report

from .conftest import FIXTURES, corpus_file

WHITE_HOUSE = (
    "The White House briefing room (whitehouse.gov), via github.com/brian14708/wh-briefings"
)
KREMLIN = "President of Russia website (en.kremlin.ru)"
GOB_MX = "Presidencia de la República (gob.mx), versión estenográfica"


def document(title: str, date: str, source: str, body: str, language: str = "en") -> bytes:
    return (
        f"Title: {title}\nDate: {date}\nSource: {source}\nLanguage: {language}\n\n{body}"
    ).encode()


def speakers_of(outcome) -> dict[str, str]:
    """Label as printed -> the archive speaker its turns went to."""
    return {t.label: t.speaker.name for t in outcome.interview.turns.select_related("speaker")}


def resolved(outcome) -> dict[str, tuple[str, str | None]]:
    return {s["name"]: (s["resolved_by"], s["person"]) for s in outcome.as_json()["speakers"]}


TRUMP_HELENE = document(
    "Remarks by President Trump During Tour of Hurricane Helene Disaster Site",
    "2025-01-24",
    WHITE_HOUSE,
    """REMARKS BY PRESIDENT TRUMP

     THE PRESIDENT:  Thank you very much, Franklin.  Thank you.  A good
man.  He’s done a great job, a fantastic job.

And Michael Whatley is here, who is the head of the Republican Party.
He worked with Lara Trump to take us through to a tremendous victory,
one of the — as the media says, one of the most consequential
presidential elections ever.

REPRESENTATIVE MURPHY:  Yes, sir.

THE PRESIDENT:  And the RNC chairman, Michael Whatley, who really, as I
said, brought us to a great victory with Lara the chairman of the party.

Q    Mr. President, how are you?

THE PRESIDENT:  Good.  How are you?
""",
)

KIRBY_GAGGLE = document(
    "Press Gaggle by Press Secretary Karine Jean-Pierre and NSC Coordinator for Strategic "
    "Communications John Kirby En Route Munich, Germany",
    "2022-06-25",
    WHITE_HOUSE,
    """MS. JEAN-PIERRE: Welcome to our trip to Europe — G7 and NATO. I’m going
to pass it over to John Kirby, who is going to lay out what we’re going
to be doing tomorrow.

MR. KIRBY: Hey, everybody. Just a couple of things right at the top
here.

Q Thank you, John. Is the President going to meet anyone?

MR. KIRBY: I don’t have anything on the schedule to speak to today.
""",
)

ZIENTS_BRIEFING = document(
    "Press Briefing by White House COVID-19 Response Team and Public Health Officials",
    "2021-02-09",
    WHITE_HOUSE,
    """MR. ZIENTS:  Thank you for joining us.  I’m Jeff Zients, White
House COVID-19 Response Coordinator.

Q    Thank you.  How many doses went out this week?

MR. ZIENTS:  Good.  Well, why don’t we go ahead and open it up for
questions.

DR. WALENSKY:  Thank you, Jeff.  Drs. Walensky and Fauci will take questions.
""",
)


# --- names apart from titles (pure) ------------------------------------------------


def test_given_names_stop_at_offices_acronyms_and_sentence_openings():
    assert given_names(["Communications", "John"]) == "John"
    assert given_names(["I’m", "Jeff"]) == "Jeff"
    assert given_names(["APNSA", "Jake"]) == "Jake"
    assert given_names(["Mexico", "Ken"], before="to") == "Ken"
    assert given_names(["President", "Donald", "J."]) == "Donald J."
    assert given_names(["Brad.", "Greg"]) == "Greg"
    assert given_names(["Drs."]) == "" and given_names(["S."]) == ""
    assert given_names(["Don"]) == "Don"  # Don Lemon: a honorific that is also a name


def test_labels_split_into_office_and_name_in_three_languages():
    assert split_role("Secretary of Energy Jennifer Granholm") == (
        "Secretary of Energy",
        "Jennifer Granholm",
    )
    assert split_role("Minister of Economic Development") == (
        "Minister of Economic Development",
        "",
    )
    assert split_role("SUBSECRETARIO DE SALUD HUGO LÓPEZ-GATELL") == (
        "SUBSECRETARIO DE SALUD",
        "HUGO LÓPEZ-GATELL",
    )
    assert split_role("Cumhurbaşkanı Recep Tayyip Erdoğan") == (
        "Cumhurbaşkanı",
        "Recep Tayyip Erdoğan",
    )
    assert split_role("Dışişleri Bakanı Mevlüt Çavuşoğlu") == (
        "Dışişleri Bakanı",
        "Mevlüt Çavuşoğlu",
    )
    assert split_role("APNSA JAKE SULLIVAN") == ("APNSA", "JAKE SULLIVAN")


def test_misprints_of_names_and_honorifics():
    assert unjoin("VladimirPUTIN") == "Vladimir PUTIN"
    assert unjoin("McDONALD") == "McDONALD"
    assert garbled_honorific("S.") == "ms" and garbled_honorific("QMS.") == "ms"
    assert garbled_honorific("J.") == ""


def test_slips_and_transliterations_of_one_name_but_not_namesakes():
    assert spelt_alike("Ariadna Montiel Reyes", "Arianda Montiel Reyes")
    assert spelt_alike("Leticia Ramírez Amaya", "Leticia Remírez Amaya")
    assert spelt_alike("Sergei Donskoy", "Sergey Donskoy")
    assert spelt_alike("Natalya Yuryeva", "Natalia Yuryeva")
    assert not spelt_alike("John Kerry", "John Berry")  # another first letter
    assert not spelt_alike("Mark Kelly", "Mike Kelly")
    assert not spelt_alike("Carlos Miguel Aysa González", "Carlos Manuel Joaquín González")
    assert not spelt_alike("Rosa Icela Rodríguez", "Rosa Icela Rodríguez")  # the same


def test_one_name_printed_more_or_less_fully_but_not_another_given_name():
    assert printed_more_fully("Icela Rodríguez Velázquez", "Rosa Icela Rodríguez Velázquez")
    assert printed_more_fully("Donald J. Trump", "Donald Trump")
    assert printed_more_fully("Juan Pérez", "Juan Carlos Pérez")  # if no other Juan Pérez fits
    assert not printed_more_fully("Carlos Rodríguez Velázquez", "Rosa Icela Rodríguez Velázquez")
    assert not printed_more_fully("Juan Carlos Pérez", "Juan Manuel Pérez")
    assert not printed_more_fully("Trump", "Donald Trump")  # a surname: resolution's business


def test_a_given_name_and_its_familiar_form():
    assert familiar_printing("Ali Mayorkas", "Alejandro Mayorkas")  # Spanish data
    assert familiar_printing("Pepe Pérez Gómez", "José Pérez Gómez")
    assert familiar_printing("Jen Psaki", "Jennifer Psaki")  # English nicknames
    assert not familiar_printing("Pepe Pérez", "José Gómez")  # another surname
    assert not familiar_printing("Lara Trump", "Donald Trump")
    assert not familiar_printing("Christopher Smith", "Christine Smith")  # a prefix is not enough
    assert given_compatible("Paco", "Francisco") and not given_compatible("Paco", "José")


def test_surnames_and_roles_compare_across_forms():
    assert surname_keys("Andrés Manuel López Obrador") == ("obrador", "lopez")
    assert surname_keys("Karine Jean-Pierre") == ("jeanpierre", "")
    assert surname_keys("Donald J. Trump") == ("trump", "")
    assert given_compatible("J.", "Jake") and not given_compatible("Lara", "Donald")
    assert role_heads("Presidenta de México") == role_heads("President") == {"president"}
    assert role_heads("Vice President") == {"vice president"}
    assert role_heads("Secretaria de Seguridad") == {"secretary"}


def test_the_parse_says_how_the_document_names_each_speaker():
    parsed = parse_text(TRUMP_HELENE.decode())
    by_name = {s.name: s for s in parsed.speakers}
    # The title names the president `Trump`; `Lara Trump` of the text is someone else.
    assert by_name["Trump"].evidence == "surname" and by_name["Trump"].role == "President"
    assert "Lara Trump" not in by_name
    kirby = parse_text(KIRBY_GAGGLE.decode())
    names = {s.name: s for s in kirby.speakers}
    assert names["John Kirby"].role == "NSC Coordinator for Strategic Communications"
    assert names["John Kirby"].evidence == "document"
    zients = {s.name: s for s in parse_text(ZIENTS_BRIEFING.decode()).speakers}
    assert "Jeff Zients" in zients and zients["Jeff Zients"].evidence == "text"
    assert "Walensky" in zients  # `Drs. Walensky` gives no given name


def test_misprinted_labels_join_the_person_the_title_names():
    text = document(
        "Press Briefing by Press Secretary Jen Psaki, February 8, 2021",
        "2021-02-08",
        WHITE_HOUSE,
        "MS. PSAKI:  Hi everyone.\n\nQ    Jen, a question.\n\n"
        "S. PSAKI:  Sure.\n\nQ    Another one.\n\nQMS. PSAKI:  Go ahead.\n",
    ).decode()
    assert [s.name for s in parse_text(text).speakers if s.kind == "person"] == ["Jen Psaki"]


def test_an_office_label_is_not_merged_with_a_named_relative():
    text = document(
        "Remarks by President Biden During Press Gaggle",
        "2022-06-20",
        WHITE_HOUSE,
        "THE PRESIDENT:  We are going to the beach.\n\n"
        "MS. NATALIE BIDEN:  Hi, everyone.\n\nQ    Mr. President, one question.\n\n"
        "THE PRESIDENT:  Go ahead.\n",
    ).decode()
    names = {s.name for s in parse_text(text).speakers}
    assert {"Biden", "Natalie Biden"} <= names


# --- the registry ---------------------------------------------------------------------


def test_load_people_is_idempotent_and_keeps_offices_with_dates(db):
    out = io.StringIO()
    call_command("load_people", str(FIXTURES / "people.json"), stdout=out)
    assert "people created" in out.getvalue()
    counts = (Speaker.objects.count(), Membership.objects.count(), SpeakerName.objects.count())
    call_command("load_people", str(FIXTURES / "people.json"), stdout=io.StringIO())
    assert (
        Speaker.objects.count(),
        Membership.objects.count(),
        SpeakerName.objects.count(),
    ) == counts
    biden = Speaker.objects.get(person_id="joe-biden")
    assert biden.identifiers == [{"scheme": "wikidata", "identifier": "Q6279"}]
    offices = {
        m.office.key: (m.start_date.isoformat(), m.end_date) for m in biden.memberships.all()
    }
    assert offices["us-president"][0] == "2021-01-20"
    assert offices["us-vice-president"] == (
        "2009-01-20",
        biden.memberships.get(office__key="us-vice-president").end_date,
    )


def test_a_registry_adopts_the_archive_speaker_of_that_name(sources):
    outcome = import_document(
        (FIXTURES / "01_whitehouse_press_briefing_psaki_2021-01-20.txt").read_bytes(), "01.txt"
    )
    psaki = Speaker.objects.get(name="Jen Psaki")
    call_command("load_people", str(FIXTURES / "people.json"), stdout=io.StringIO())
    psaki.refresh_from_db()
    assert (
        psaki.person_id == "jen-psaki" and outcome.interview.speakers.filter(pk=psaki.pk).exists()
    )
    assert Speaker.objects.filter(name="Jen Psaki").count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "a registry is a JSON object"),
        ({"persons": [{"name": "No Id"}]}, "persons[0]: a person needs an `id`"),
        (
            {"persons": [{"id": "a", "name": "A B"}], "memberships": [{"person_id": "b"}]},
            "memberships[0]: no person with id 'b'",
        ),
        (
            {
                "persons": [{"id": "a", "name": "A B"}],
                "memberships": [{"person_id": "a", "role": "Mayor", "start_date": "soon"}],
            },
            "memberships[0]: 'soon' is not a date",
        ),
    ],
)
def test_a_malformed_registry_says_where(db, data, message):
    with pytest.raises(RegistryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_registry(data)
    assert not Speaker.objects.exists()


def test_load_people_reports_a_broken_file(db, tmp_path):
    path = tmp_path / "people.json"
    path.write_text("{not json")
    with pytest.raises(Exception, match=r"people\.json"):
        call_command("load_people", str(path), stdout=io.StringIO())


# --- one resolution order ---------------------------------------------------------------


def test_an_office_label_is_its_holder_on_the_day(sources, people):
    outcome = import_document(TRUMP_HELENE, "helene.txt")
    assert speakers_of(outcome)["THE PRESIDENT"] == "Donald Trump"
    assert resolved(outcome)["Trump"] == ("office", "donald-trump")
    earlier = import_document(
        document(
            "Remarks by President Biden on the Economy",
            "2021-06-14",
            WHITE_HOUSE,
            "THE PRESIDENT:  Hello, everyone.\n\nQ    Mr. President?\n\nTHE PRESIDENT:  Yes.\n",
        ),
        "biden.txt",
    )
    assert speakers_of(earlier)["THE PRESIDENT"] == "Joe Biden"
    assert not Speaker.objects.filter(name__in=["Trump", "Biden", "Lara Trump"]).exists()


def test_an_unnamed_office_is_its_holder_in_the_documents_jurisdiction(sources, people):
    outcome = import_document(
        document(
            "Versión estenográfica. Conferencia de prensa matutina",
            "2025-04-03",
            GOB_MX,
            "---\nPRESIDENTA\nBuenos días a todas, a todos.\n---\nPREGUNTA\n¿Y los aranceles?\n"
            "---\nPRESIDENTA\nNo hay aranceles adicionales.\n",
            language="es",
        ),
        "mananera.txt",
    )
    assert speakers_of(outcome)["PRESIDENTA"] == "Claudia Sheinbaum Pardo"
    kremlin = import_document(
        document(
            "Meeting with Government members",
            "2010-03-03",
            KREMLIN,
            "Prime Minister: Good afternoon, colleagues.\n\nQuestion: And the budget?\n\n"
            "Prime Minister: It is balanced.\n",
        ),
        "kremlin.txt",
    )
    assert speakers_of(kremlin)["Prime Minister"] == "Vladimir Putin"


def test_a_foreign_president_is_not_the_host(sources, people):
    outcome = import_document(
        document(
            "Remarks by President Biden and President Ruto of the Republic of Kenya",
            "2024-05-22",
            WHITE_HOUSE,
            "PRESIDENT BIDEN:  Welcome.\n\nPRESIDENT RUTO:  Thank you, Mr. President.\n",
        ),
        "kenya.txt",
    )
    who = speakers_of(outcome)
    assert who["PRESIDENT BIDEN"] == "Joe Biden"
    assert who["PRESIDENT RUTO"] != "Joe Biden"


def test_full_names_in_the_title_and_text_beat_titles(sources, people):
    outcome = import_document(KIRBY_GAGGLE, "kirby.txt")
    assert speakers_of(outcome)["MR. KIRBY"] == "John Kirby"
    assert speakers_of(outcome)["MS. JEAN-PIERRE"] == "Karine Jean-Pierre"
    assert resolved(outcome)["Karine Jean-Pierre"] == ("document", "karine-jean-pierre")
    zients = import_document(ZIENTS_BRIEFING, "zients.txt")
    assert speakers_of(zients)["MR. ZIENTS"] == "Jeff Zients"


def test_another_known_name_is_the_same_person(sources, people):
    outcome = import_document(
        document(
            "Remarks by Donald J. Trump",
            "2025-02-01",
            WHITE_HOUSE,
            "DONALD J. TRUMP:  Thank you.\n\nQ    Sir?\n\nDONALD J. TRUMP:  Yes.\n",
        ),
        "djt.txt",
    )
    assert speakers_of(outcome)["DONALD J. TRUMP"] == "Donald Trump"
    assert resolved(outcome)["Donald J. Trump"] == ("alias", "donald-trump")


def test_a_surname_is_the_one_archive_person_whose_role_fits(sources, people):
    import_document(
        document(
            "Remarks by President Biden in a CNN Town Hall with Anderson Cooper",
            "2021-10-21",
            WHITE_HOUSE,
            "MR. COOPER:  Welcome to Baltimore. Mr. President, what will you do about "
            "prices?\n\nTHE PRESIDENT:  Thank you. We will bring them down.\n\n"
            "MR. COOPER:  And when will that happen?\n\nTHE PRESIDENT:  Soon.\n",
        ),
        "cooper.txt",
    )
    assert Speaker.objects.filter(name="Anderson Cooper").exists()
    governor = import_document(
        document(
            "Remarks by President Biden After Briefing on Hurricane Helene",
            "2024-10-02",
            WHITE_HOUSE,
            "GOVERNOR COOPER:  Thank you, Mr. President.\n\nTHE PRESIDENT:  Thank you, Roy.\n",
        ),
        "nc.txt",
    )
    # A governor is not the anchor who never held a title in this archive.
    assert speakers_of(governor)["GOVERNOR COOPER"] != "Anderson Cooper"
    again = import_document(
        document(
            "Remarks by President Biden on the Economy",
            "2021-10-22",
            WHITE_HOUSE,
            "MR. COOPER:  A question.\n\nTHE PRESIDENT:  Go ahead.\n",
        ),
        "cooper2.txt",
    )
    assert resolved(again)["Cooper"][0] in {"surname", "unresolved"}


def test_a_surname_waits_unresolved_until_the_archive_meets_the_full_name(sources, people):
    first = import_document(
        document(
            "Press Briefing by White House COVID-19 Response Team",
            "2021-02-19",
            WHITE_HOUSE,
            "DR. WALENSKY:  Good morning.\n\nQ    Doctor?\n\nDR. WALENSKY:  Yes.\n",
        ),
        "w1.txt",
    )
    placeholder = Speaker.objects.get(name="Walensky")
    assert placeholder.unresolved and resolved(first)["Walensky"][0] == "unresolved"
    key = first.interview.turns.first().key
    import_document(
        document(
            "Remarks by Dr. Rochelle Walensky",
            "2021-03-01",
            WHITE_HOUSE,
            "DR. ROCHELLE WALENSKY:  Thank you.\n\nQ    Doctor?\n\nDR. ROCHELLE WALENSKY:  Yes.\n",
        ),
        "w2.txt",
    )
    rochelle = Speaker.objects.get(name="Rochelle Walensky")
    assert not Speaker.objects.filter(pk=placeholder.pk).exists()
    assert set(speakers_of(first).values()) >= {"Rochelle Walensky"}
    assert first.interview.turns.get(key=key).speaker == rochelle  # the permalink is kept
    assert rochelle.turn_count == 4 and rochelle.interview_count == 2
    # The placeholder's address leads on to her.
    assert SlugRedirect.objects.get(kind="speaker", old_slug=placeholder.slug).object_id == (
        rochelle.pk
    )
    record = EditRecord.objects.get(action=EditRecord.RESOLVE)
    assert record.changes["speaker"] == ["Walensky", "Rochelle Walensky"]


def _conference(date: str, body: str) -> bytes:
    return document("Versión estenográfica de la conferencia", date, GOB_MX, body, "es")


def test_a_misspelt_name_joins_the_usual_spelling_and_later_imports_use_it(sources, people):
    for day in ("2022-05-02", "2022-05-03"):
        import_document(
            _conference(
                day,
                "INTERLOCUTORA: ¿Y los apoyos?\n\n"
                "ARIADNA MONTIEL REYES: Se entregaron todos los apoyos a tiempo.\n\n"
                "INTERLOCUTORA: ¿Cuándo?\n\nARIADNA MONTIEL REYES: En marzo.\n",
            ),
            f"a{day}.txt",
        )
    slip = import_document(
        _conference(
            "2022-05-04",
            "INTERLOCUTORA: ¿Y las becas?\n\nARIANDA MONTIEL REYES: Ya se pagaron.\n",
        ),
        "slip.txt",
    )
    ariadna = Speaker.objects.get(name="Ariadna Montiel Reyes")
    assert not Speaker.objects.filter(name="Arianda Montiel Reyes").exists()
    assert speakers_of(slip)["ARIANDA MONTIEL REYES"] == "Ariadna Montiel Reyes"
    assert ariadna.turn_count == 5 and ariadna.interview_count == 3
    assert ariadna.other_names.filter(name="Arianda Montiel Reyes").exists()
    record = EditRecord.objects.get(action=EditRecord.MERGE_SPEAKERS)
    assert record.edited_by is None and record.changes["why"][1] == "names spelt almost alike"
    later = import_document(
        _conference("2022-05-05", "INTERLOCUTORA: ¿Y?\n\nARIANDA MONTIEL REYES: Sí.\n"),
        "later.txt",
    )
    assert resolved(later)["Arianda Montiel Reyes"] == ("alias", None)


def test_two_spellings_in_one_interview_stay_two_people(sources, people):
    import_document(
        _conference(
            "2022-05-02",
            "INTERLOCUTOR: ¿Y?\n\nSERGEI DONSKOY: Sí.\n\nSERGEY DONSKOY: No.\n",
        ),
        "two.txt",
    )
    assert Speaker.objects.filter(name__in=["Sergei Donskoy", "Sergey Donskoy"]).count() == 2


def test_a_name_printed_without_a_given_name_joins_the_fuller_printing(sources, people):
    for day in ("2022-06-01", "2022-06-02"):
        import_document(
            _conference(
                day,
                "INTERLOCUTOR: ¿Y la seguridad?\n\n"
                "ROSA ICELA RODRÍGUEZ VELÁZQUEZ: Hay avances en todos los estados.\n",
            ),
            f"r{day}.txt",
        )
    shorter = import_document(
        _conference(
            "2022-06-03",
            "INTERLOCUTOR: ¿Y?\n\nICELA RODRÍGUEZ VELÁZQUEZ: Seguimos trabajando.\n",
        ),
        "short.txt",
    )
    assert not Speaker.objects.filter(name="Icela Rodríguez Velázquez").exists()
    assert speakers_of(shorter)["ICELA RODRÍGUEZ VELÁZQUEZ"] == "Rosa Icela Rodríguez Velázquez"
    rosa = Speaker.objects.get(name="Rosa Icela Rodríguez Velázquez")
    assert rosa.turn_count == 3 and rosa.interview_count == 3
    record = EditRecord.objects.get(action=EditRecord.MERGE_SPEAKERS)
    assert record.changes["why"][1] == "one name printed more or less fully"


def test_a_familiar_given_name_joins_the_formal_printing(sources, people):
    for day in ("2022-06-01", "2022-06-02"):
        import_document(
            _conference(
                day,
                "INTERLOCUTOR: ¿Y la frontera?\n\n"
                "ALEJANDRO MAYORKAS: Seguimos trabajando con los dos gobiernos.\n",
            ),
            f"m{day}.txt",
        )
    familiar = import_document(
        _conference("2022-06-03", "INTERLOCUTOR: ¿Y?\n\nALI MAYORKAS: Sí, claro.\n"), "ali.txt"
    )
    assert speakers_of(familiar)["ALI MAYORKAS"] == "Alejandro Mayorkas"
    assert Speaker.objects.get(name="Alejandro Mayorkas").turn_count == 3
    record = EditRecord.objects.get(action=EditRecord.MERGE_SPEAKERS)
    assert record.changes["why"][1] == "a given name and its familiar form"
    # Once merged, the surname alone is no longer shared by two people.
    alone = import_document(
        _conference("2022-06-04", "INTERLOCUTOR: ¿Y?\n\nMAYORKAS: Todavía no.\n"), "s.txt"
    )
    assert speakers_of(alone)["MAYORKAS"] == "Alejandro Mayorkas"


def test_a_familiar_name_that_two_people_fit_stays_apart(sources, people):
    import_document(
        _conference(
            "2022-06-01",
            "INTERLOCUTOR: ¿Y?\n\nROBERTO SALINAS: Sí, claro.\n\n"
            "ALBERTO SALINAS: No, todavía no.\n",
        ),
        "two.txt",
    )
    alone = import_document(
        _conference("2022-06-02", "INTERLOCUTOR: ¿Y?\n\nBETO SALINAS: Ya veremos.\n"), "b.txt"
    )
    assert speakers_of(alone)["BETO SALINAS"] == "Beto Salinas"
    assert Speaker.objects.filter(name__endswith=" Salinas").count() == 3


def test_a_shorter_name_that_two_fuller_names_fit_stays_apart(sources, people):
    import_document(
        _conference(
            "2022-06-01",
            "INTERLOCUTOR: ¿Y?\n\nJUAN CARLOS PÉREZ: Sí, claro.\n\n"
            "JUAN MANUEL PÉREZ: No, todavía no.\n",
        ),
        "two.txt",
    )
    alone = import_document(
        _conference("2022-06-02", "INTERLOCUTOR: ¿Y?\n\nJUAN PÉREZ: Ya veremos.\n"), "jp.txt"
    )
    assert speakers_of(alone)["JUAN PÉREZ"] == "Juan Pérez"
    assert Speaker.objects.filter(name__startswith="Juan ").count() == 3


def test_two_labels_of_one_person_give_all_their_turns_one_part(sources, people):
    """`PRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO` and `PRESIDENTA CLAUDIA SHEINBAUM
    PARDO` are one participation: every turn of hers carries its part, or the turns' copy
    would drift."""
    from interviews.consistency import check_archive

    path = corpus_file("18_")
    outcome = import_document(path.read_bytes(), path.name)
    claudia = Speaker.objects.get(name="Claudia Sheinbaum Pardo")
    labels = set(outcome.interview.turns.filter(speaker=claudia).values_list("label", flat=True))
    assert len(labels) > 1
    part = outcome.interview.participants.get(speaker=claudia).part
    assert set(outcome.interview.turns.filter(speaker=claudia).values_list("part", flat=True)) == {
        part
    }
    assert check_archive() == []


def test_bulk_import_keeps_the_role_of_the_latest_interview(sources, people, tmp_path):
    """Batch by batch, in any order of dates, the role is the one refresh_roles would give."""
    from interviews.bulk import bulk_import

    roles = [
        ("2023-05-01", "SECRETARIA DE EDUCACIÓN PÚBLICA"),
        ("2024-06-01", "SECRETARIA DE GOBERNACIÓN"),
        ("2019-05-01", "DIRECTORA DE ATENCIÓN CIUDADANA"),  # older, in a later batch
        (None, "CONSEJERA"),  # undated: never the latest
    ]
    paths = []
    for index, (date, role) in enumerate(roles):
        body = f"---\nINTERLOCUTORA\n¿Y?\n---\n{role}, LETICIA RAMÍREZ AMAYA\nSí.\n"
        title = f"Versión estenográfica {index}"
        text = document(title, date or "", GOB_MX, body, "es").decode()
        if date is None:
            text = text.replace("Date: \n", "")
        path = tmp_path / f"{index}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = bulk_import(paths, jobs=1, batch=1)
    assert result.drift == []  # check_archive found every role as the batches left it
    leticia = Speaker.objects.get(name="Leticia Ramírez Amaya")
    assert leticia.interview_count == 4
    assert leticia.role == "Secretaria de Gobernación"
    Speaker.objects.refresh_roles([leticia.pk])
    leticia.refresh_from_db()
    assert leticia.role == "Secretaria de Gobernación"


def test_a_batch_finds_the_people_it_has_named_before_writing_them(db, tmp_path):
    """New speakers are written together at the end of a run, yet a later document of the
    same run finds them by surname, and namesakes stored before stay apart."""
    from interviews.bulk import bulk_import

    Speaker.objects.create(name="Marta Quiroga", unresolved=True)  # a stored namesake
    bodies = [
        (
            "Briefing by Marta Quiroga and Tomás Ibarguren",
            "MS. QUIROGA:  Good morning.\n\nQ    A question.\n\nMR. IBARGUREN:  An answer to it.\n",
        ),
        (
            "Briefing on the budget",
            "MS. QUIROGA:  Good afternoon.\n\nQ    Another.\n\nMR. IBARGUREN:  Another answer.\n",
        ),
    ]
    paths = []
    for index, (title, body) in enumerate(bodies):
        path = tmp_path / f"{index}.txt"
        path.write_bytes(document(title, f"2024-03-0{index + 1}", WHITE_HOUSE, body))
        paths.append(path)
    result = bulk_import(paths, jobs=1, batch=10)
    assert result.counts == {"created": 2}
    marta = Speaker.objects.get(name="Marta Quiroga", unresolved=False)
    tomas = Speaker.objects.get(name="Tomás Ibarguren")
    assert (marta.interview_count, marta.turn_count) == (2, 2)
    assert (tomas.interview_count, tomas.turn_count) == (2, 2)
    assert (tomas.name_key, tomas.surname_key, tomas.slug) == (
        "tomas ibarguren",
        "ibarguren",
        "tomas-ibarguren",
    )
    assert Speaker.objects.get(name="Marta Quiroga", unresolved=True).turn_count == 0
    assert marta.slug == "marta-quiroga-2"
    assert result.drift == []


def test_roles_belong_to_the_interview_and_the_person_shows_the_latest(sources, people, client):
    import_document(
        document(
            "Versión estenográfica. Inicio de ciclo escolar 2019-2020",
            "2019-08-26",
            GOB_MX,
            "---\nCLAUDIA SHEINBAUM PARDO, JEFA DE GOBIERNO DE LA CIUDAD DE MÉXICO\n"
            "Muy buenos días.\n---\nPREGUNTA\n¿Y las escuelas?\n",
            language="es",
        ),
        "2019.txt",
    )
    import_document(
        document(
            "Versión estenográfica. Conferencia de prensa de la presidenta Claudia Sheinbaum Pardo",
            "2025-04-03",
            GOB_MX,
            "---\nPRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO\nBuenos días a todas.\n"
            "---\nPREGUNTA\n¿Y los aranceles?\n",
            language="es",
        ),
        "2025.txt",
    )
    sheinbaum = Speaker.objects.get(person_id="claudia-sheinbaum")
    assert sheinbaum.role == "Presidenta de México"
    roles = dict(
        Participant.objects.filter(speaker=sheinbaum).values_list("interview__date__year", "role")
    )
    assert roles == {2019: "Jefa de Gobierno de la Ciudad de México", 2025: "Presidenta de México"}
    page = client.get(sheinbaum.get_absolute_url()).content.decode()
    assert "Jefa de Gobierno de la Ciudad de México" in page and "2019" in page


def test_the_same_document_in_the_same_archive_resolves_the_same_way(sources, people):
    first = import_document(TRUMP_HELENE, "helene.txt", dry_run=True).as_json()
    second = import_document(TRUMP_HELENE, "helene.txt", dry_run=True).as_json()
    assert first["speakers"] == second["speakers"]
    assert not Speaker.objects.filter(person_id="").exclude(kind="group").exists()


# --- mending what is stored -------------------------------------------------------------


def test_resolve_speakers_applies_a_registry_loaded_later(sources):
    outcome = import_document(TRUMP_HELENE, "helene.txt")
    assert speakers_of(outcome)["THE PRESIDENT"] == "Trump"  # no registry yet
    keys = list(outcome.interview.turns.values_list("key", flat=True))
    call_command("load_people", str(FIXTURES / "people.json"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("resolve_speakers", "--dry-run", stdout=out)
    assert "would move" in out.getvalue() and speakers_of(outcome)["THE PRESIDENT"] == "Trump"
    call_command("resolve_speakers", stdout=io.StringIO())
    assert speakers_of(outcome)["THE PRESIDENT"] == "Donald Trump"
    assert list(outcome.interview.turns.values_list("key", flat=True)) == keys
    assert not Speaker.objects.filter(name="Trump").exists()
    assert EditRecord.objects.filter(action=EditRecord.RESOLVE).count() == 1
    trump = Speaker.objects.get(person_id="donald-trump")
    assert trump.turn_count == 3 and trump.interview_count == 1


def test_an_editors_choice_outlives_resolving_again_and_reimports(sources, people, admin_user):
    outcome = import_document(TRUMP_HELENE, "helene.txt")
    turn = outcome.interview.turns.get(label="REPRESENTATIVE MURPHY")
    edit_turn(turn, text=turn.text, speaker="Greg Murphy", kind=turn.kind, user=admin_user)
    assert SpeakerChoice.objects.filter(key=turn.key).exists()
    call_command("resolve_speakers", stdout=io.StringIO())
    import_document(TRUMP_HELENE + b"\nTHE PRESIDENT:  Thank you.\n", "helene.txt")
    assert Turn.objects.get(interview=outcome.interview, key=turn.key).speaker.name == "Greg Murphy"


def test_an_editors_merge_becomes_a_name_later_imports_use(sources, people, admin_user):
    a = import_document(
        document(
            "Background Press Call on the Economy",
            "2021-10-25",
            WHITE_HOUSE,
            "MR. MUNOZ:  Thanks, everyone.\n\nQ    A question.\n\nMR. MUNOZ:  Go ahead.\n",
        ),
        "m1.txt",
    )
    b = import_document(
        document(
            "Press Call by Senior Officials",
            "2021-11-04",
            WHITE_HOUSE,
            "KEVIN MUNOZ:  Good afternoon.\n\nQ    A question.\n\nKEVIN MUNOZ:  Yes.\n",
        ),
        "m2.txt",
    )
    kevin = Speaker.objects.get(name="Kevin Munoz")
    placeholder_turns = speakers_of(a)
    assert set(placeholder_turns.values()) & {"Kevin Munoz", "Munoz"}
    other = Speaker.objects.create(name="K. Munoz")
    merge_many(kevin, [other], admin_user)
    assert SpeakerName.objects.filter(speaker=kevin, name="K. Munoz", origin="merge").exists()
    later = import_document(
        document(
            "Another Press Call",
            "2021-12-21",
            WHITE_HOUSE,
            "K. MUNOZ:  Hi.\n\nQ    Question?\n\nK. MUNOZ:  Sure.\n",
        ),
        "m3.txt",
    )
    assert speakers_of(later)["K. MUNOZ"] == "Kevin Munoz"
    assert b.interview.speakers.filter(pk=kevin.pk).exists()


def test_speakers_report_finds_titles_one_word_names_and_near_duplicates(db):
    for name, turns in [
        ("Jen Psaki", 40),
        ("J. Psaki", 2),
        ("Psaki", 3),
        ("Communications John Kirby", 9),
        ("José Luis Alomía Zegarra", 5),
        ("José Luis Alomia Zegarra", 1),
        ("Anderson Cooper", 4),
    ]:
        Speaker.objects.create(name=name, turn_count=turns)
    report = build_report()
    figures = report.figures()
    assert figures["one_word_people"] == 1 and figures["titled_names"] == 1
    clusters = [[s.name for s in c.speakers] for c in report.clusters]
    assert ["Jen Psaki", "Psaki", "J. Psaki"] in clusters
    assert ["José Luis Alomía Zegarra", "José Luis Alomia Zegarra"] in clusters
    assert not any("Anderson Cooper" in c for c in clusters)
    out = io.StringIO()
    call_command("speakers_report", "--json", "--top", "3", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["duplicate_clusters"] == 2
    assert [row["name"] for row in data["top"]] == [
        "Jen Psaki",
        "Communications John Kirby",
        "José Luis Alomía Zegarra",
    ]


# --- the editors' pages ------------------------------------------------------------------


@pytest.fixture
def as_editor(client, db):
    from interviews.editing.accounts import make_editor

    client.force_login(make_editor("people-editor", password="a long enough password")[0])
    return client


def test_editors_merge_a_cluster_of_suspects_at_once(as_editor):
    keep = Speaker.objects.create(name="Jen Psaki", turn_count=40)
    others = [Speaker.objects.create(name=n, turn_count=2) for n in ("J. Psaki", "Psaki")]
    page = as_editor.get("/edit/speakers/").content.decode()
    assert "Speakers to check" in page and "J. Psaki" in page and "one-word names" in page
    cluster = next(
        i
        for i, c in enumerate(as_editor.get("/edit/speakers/").context["rows"])
        if c[1].speakers[0] == keep
    )
    response = as_editor.post(
        "/edit/speakers/",
        {"cluster": cluster, "keep": keep.pk, "merge": [o.pk for o in others]},
    )
    assert response.status_code == 302
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Jen Psaki"]
    assert set(keep.other_names.values_list("name", flat=True)) == {"J. Psaki"}
    assert EditRecord.objects.filter(action=EditRecord.MERGE_SPEAKERS).count() == 2
    refused = as_editor.post("/edit/speakers/", {"cluster": 0, "keep": keep.pk})
    assert refused.status_code == 200


def test_editors_add_other_names_and_dated_roles(as_editor, sources, people):
    putin = Speaker.objects.get(person_id="vladimir-putin")
    url = f"/edit/speakers/{putin.slug}/"
    as_editor.post(url + "names/", {"name": "Владимир Путин"})
    assert putin.other_names.filter(name="Владимир Путин", origin="editor").exists()
    bad = as_editor.post(
        url + "roles/", {"role": "Director", "start_date": "1999-01-01", "end_date": "1998-01-01"}
    )
    assert "The end date comes before the start date." in bad.content.decode()
    as_editor.post(
        url + "roles/",
        {"role": "Director of the FSB", "start_date": "1998-07-25", "end_date": "1999-08-09"},
    )
    membership = putin.memberships.get(role="Director of the FSB", origin="editor")
    page = as_editor.get(url).content.decode()
    assert "Director of the FSB" in page and "Владимир Путин" in page
    as_editor.post(url + "roles/", {"remove": membership.pk})
    assert not putin.memberships.filter(pk=membership.pk).exists()
    assert EditRecord.objects.filter(speaker=putin, action=EditRecord.SPEAKER).count() == 3
    # The new name finds him in a document that prints it.
    outcome = import_document(
        document(
            "Интервью", "2019-06-01", KREMLIN, "Владимир Путин: Добрый день.\n\nВопрос: Да?\n"
        ),
        "ru.txt",
    )
    assert speakers_of(outcome)["Владимир Путин"] == "Vladimir Putin"


def test_the_preview_says_how_each_speaker_was_resolved(as_editor, sources, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_editor.post(
        "/edit/", {"documents": [SimpleUploadedFile("helene.txt", TRUMP_HELENE)], "text": ""}
    )
    page = as_editor.get(response["Location"]).content.decode()
    assert "The office holder on the interview’s date: Donald Trump." in page
    assert "registry: <code>donald-trump</code>" in page


# --- every stored count and copy --------------------------------------------------------


def test_check_archive_finds_and_mends_every_kind_of_drift(sources, people):
    outcome = import_document(TRUMP_HELENE, "helene.txt")
    assert not call_check()
    trump = Speaker.objects.get(person_id="donald-trump")
    Speaker.objects.filter(pk=trump.pk).update(turn_count=1, interview_count=7, role="Nobody")
    type(outcome.interview).objects.filter(pk=outcome.interview.pk).update(turn_count=99)
    Turn.objects.filter(interview=outcome.interview, position=0).update(language="xx", part="other")
    stray = Speaker.objects.create(name="Stray Voice")
    Turn.objects.filter(interview=outcome.interview, position=1).update(speaker=stray)
    found = {d.what for d in call_check()}
    assert found == {
        "speakers' turn or interview counts",
        "interviews' turn counts",
        "interviews whose turns' copies (date, language, outlet, part) disagree",
        "speakers who speak in an interview without taking part in it",
        "people whose role is not their latest",
    }
    out = io.StringIO()
    call_command("check_archive", "--fix", stdout=out)
    assert "repaired" in out.getvalue()
    assert not call_check()
    trump.refresh_from_db()
    assert (trump.turn_count, trump.interview_count, trump.role) == (3, 1, "President")


def call_check():
    from interviews.consistency import check_archive

    return check_archive()
