"""Question, answer or remark: what each turn does in the conversation."""

from __future__ import annotations

import re

from .labels import generic_role
from .result import ANSWER, INTERVIEWEE, INTERVIEWER, QUESTION, REMARK, ParsedSpeaker, ParsedTurn

ASKS = re.compile(r"[?¿？]")


def asks_something(text: str) -> bool:
    return bool(ASKS.search(text))


def classify_turns(turns: list[ParsedTurn], speakers: dict[str, ParsedSpeaker]) -> None:
    """Interviewers ask, interviewees answer what was asked; the rest are remarks.

    A reporter's label (`Q`, `PREGUNTA`) is a question even without a question mark;
    an interviewer's statement that draws a reply counts as a question too. An
    interviewee speaking before anyone asked (an opening statement) makes a remark.
    """
    last = None  # kind of the latest interviewer or interviewee turn
    for index, turn in enumerate(turns):
        speaker = speakers.get(turn.speaker)
        part = speaker.part if speaker else None
        if part == INTERVIEWER:
            following = turns[index + 1] if index + 1 < len(turns) else None
            answered = (
                following is not None
                and speakers.get(following.speaker) is not None
                and speakers[following.speaker].part == INTERVIEWEE
            )
            if (
                generic_role(turn.label) == "reporter"
                or asks_something(turn.text)
                or (answered and len(turn.text.split()) >= 12)
            ):
                turn.kind = QUESTION
            else:
                turn.kind = REMARK
            last = turn.kind
        elif part == INTERVIEWEE:
            turn.kind = ANSWER if last in (QUESTION, ANSWER) else REMARK
            last = turn.kind if turn.kind == ANSWER else last
        else:
            turn.kind = REMARK
