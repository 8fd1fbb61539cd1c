"""An interview as a transcript, in plain text or Markdown, from its API representation
(`InterviewDetailSerializer`): title, outlet, date, participants, then every turn as
`SPEAKER: text`. The Markdown links each turn to its permalink."""

from __future__ import annotations

import re


def _byline(data: dict) -> str:
    source = (data.get("source") or {}).get("name", "")
    parts = [p for p in (source, data.get("date") or "", data.get("location", "")) if p]
    return " · ".join(str(p) for p in parts)


def _participant(p: dict) -> str:
    details = [p["part"], p["role"] or p["speaker"]["role"]]
    return f"{p['speaker']['name']} ({', '.join(d for d in details if d)})"


def _speaker(turn: dict) -> str:
    return (turn["speaker_name"] or turn["label"]).upper()


def plain_text(data: dict) -> str:
    lines = [data["title"]]
    if _byline(data):
        lines.append(_byline(data))
    if data.get("participants"):
        lines.append("Participants: " + "; ".join(map(_participant, data["participants"])))
    lines += [data["page_url"], ""]
    if data.get("intro"):
        lines += [data["intro"], ""]
    for turn in data["turns"]:
        lines += [f"{_speaker(turn)}: {turn['text']}", ""]
    return "\n".join(lines)


_INLINE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=|-])")
# "1." starts a list; "1\." does not (a digit itself cannot be escaped).
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    """Imported words stay words: no emphasis, link, HTML or heading can come of them."""
    text = _INLINE.sub(r"\\\1", text)
    return "\n".join(
        _NUMBERED.sub(r"\1\\\2", _BLOCK_START.sub(r"\1\\\2", line)) for line in text.split("\n")
    )


def markdown(data: dict) -> str:
    lines = [f"# {md_escape(data['title'])}", ""]
    if _byline(data):
        lines += [f"*{md_escape(_byline(data))}*", ""]
    if data.get("participants"):
        lines += ["Participants:", ""]
        lines += [
            f"- [{md_escape(p['speaker']['name'])}]({p['speaker']['page_url']})"
            + "".join(f", {md_escape(d)}" for d in (p["part"], p["role"]) if d)
            for p in data["participants"]
        ]
        lines.append("")
    lines += [f"<{data['page_url']}>", ""]
    if data.get("intro"):
        lines += [md_escape(data["intro"]), ""]
    for turn in data["turns"]:
        paragraphs = [p for p in turn["text"].split("\n\n") if p.strip()] or [""]
        paragraphs = [md_escape(p) for p in paragraphs]
        paragraphs[0] = f"**{md_escape(_speaker(turn))}:** {paragraphs[0]}"
        paragraphs[-1] += f" [¶]({turn['permalink']})"
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)
