"""Generic voices: `Speaker 1`, `SPEAKER_00`, `Unknown Speaker`, an unnamed answerer.

Transcription services and diarisers name the voices they cannot identify. Each such
voice is someone in particular within its interview, and nobody outside it: the parser
keeps it as an unnamed speaker of that interview (never a collective voice shared by
the archive), so that an editor who names it names all of its turns at once.
"""

from __future__ import annotations

import re

from .text import fold

NUMBERED = re.compile(
    r"^(?:speaker|spk|spkr|voice|participant|person|hablante|orador|konusmaci|konuşmacı|sprecher)"
    r"(?:[\s_-]*(?P<number>\d{1,3})|[\s_-]+(?P<letter>[a-z]))$",
    re.I,
)
UNKNOWN = {
    "unknown",
    "unknown speaker",
    "unidentified speaker",
    "desconocido",
    "bilinmeyen",
    "unbekannt",
}
# Labels for the one who answers, when the document does not say who that is.
ANSWERS = {"a", "answer", "cevap", "yanit", "respuesta", "resposta", "reponse", "antwort", "r"}


def generic_voice(label: str) -> str | None:
    """The name under which an unidentified voice is kept, or None for other labels."""
    text = label.strip().strip("*").strip()
    match = NUMBERED.match(text)
    if match:
        ident = match.group("number") or match.group("letter")
        word = re.match(r"[^\W\d_]+", text).group(0).lower()
        word = "speaker" if word in ("spk", "spkr") else word
        return f"{word.capitalize()} {ident.upper() if ident.isalpha() else ident}"
    key = fold(text)
    if key in UNKNOWN:
        return "Unknown speaker"
    if key in ANSWERS - {"a", "r"} or key == "interviewee":
        return "Interviewee"
    return None


def is_voice_label(label: str) -> bool:
    return generic_voice(label) is not None
