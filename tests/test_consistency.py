"""Every stored count and copy stays right whatever editors and imports do, in any order."""

import io

from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.consistency import check_archive
from interviews.editing.interviews import delete_interviews
from interviews.editing.speakers import merge_speakers
from interviews.editing.turns import edit_turn, merge_with_next
from interviews.importing import import_document
from interviews.models import Interview, Speaker, Turn

from .test_people import KIRBY_GAGGLE, TRUMP_HELENE, WHITE_HOUSE, ZIENTS_BRIEFING, document

WALENSKY = document(
    "Press Briefing by White House COVID-19 Response Team",
    "2021-02-19",
    WHITE_HOUSE,
    "DR. WALENSKY:  Good morning.\n\nQ    Doctor?\n\nDR. WALENSKY:  Yes.\n",
)
ROCHELLE = document(
    "Remarks by Dr. Rochelle Walensky",
    "2021-03-01",
    WHITE_HOUSE,
    "DR. ROCHELLE WALENSKY:  Thank you.\n\nQ    Doctor?\n\nDR. ROCHELLE WALENSKY:  Yes.\n",
)
DOCUMENTS = {
    "helene": TRUMP_HELENE,
    "helene, corrected": TRUMP_HELENE + b"\nTHE PRESIDENT:  Thank you all.\n",
    "kirby": KIRBY_GAGGLE,
    "zients": ZIENTS_BRIEFING,
    "walensky": WALENSKY,
    "rochelle": ROCHELLE,
}


def do(step: str, index: int) -> None:
    people = list(Speaker.objects.filter(kind="person").order_by("id"))
    interviews = list(Interview.objects.order_by("id"))
    turns = list(Turn.objects.order_by("id"))
    if step in DOCUMENTS:
        name = "helene.txt" if step.startswith("helene") else f"{step}.txt"
        import_document(DOCUMENTS[step], name)
    elif step == "merge" and len(people) >= 2:
        keep = people[index % len(people)]
        gone = people[(index + 1) % len(people)]
        if keep.pk != gone.pk:
            merge_speakers(keep, gone, None)
    elif step == "delete" and interviews:
        delete_interviews([interviews[index % len(interviews)]], None)
    elif step == "reassign" and turns:
        turn = turns[index % len(turns)]
        edit_turn(turn, text=turn.text, speaker="Someone Else", kind=turn.kind, user=None)
    elif step == "join" and turns:
        turn = turns[index % len(turns)]
        if turn.interview.turns.filter(position__gt=turn.position).exists():
            merge_with_next(turn, None)
    elif step == "resolve":
        call_command("resolve_speakers", stdout=io.StringIO())


STEPS = st.tuples(
    st.sampled_from([*DOCUMENTS, "merge", "delete", "reassign", "join", "resolve"]),
    st.integers(min_value=0, max_value=50),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(STEPS, min_size=1, max_size=8))
def test_any_sequence_of_imports_and_edits_leaves_the_archive_consistent(sources, people, steps):
    with transaction.atomic():
        for step, index in steps:
            do(step, index)
            assert check_archive() == [], (step, index)
        transaction.set_rollback(True)
