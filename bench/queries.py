"""The fixed mix of searches, as data, and the naive way of doing each through the ORM.

Each kind is the GET parameters of `/search/`. `{top_speaker}` and similar placeholders
are filled at run time from the database (see `facts`), so that every size has a speaker
who speaks a lot and an interview of typical length.
"""

from __future__ import annotations

import random
import re
import shlex

MIX: list[tuple[str, dict]] = [
    ("rare word", {"q": "cryptocurrency"}),
    ("common word", {"q": "people"}),
    ("phrase", {"q": '"the american people"'}),
    ("or", {"q": "inflation OR unemployment"}),
    ("exclusion", {"q": "economy -china"}),
    ("speaker filter", {"q": "people", "speaker": "{top_speaker}"}),
    ("date range", {"q": "security", "date_from": "2005-01-01", "date_to": "2009-12-31"}),
    ("sorted by date", {"q": "president", "sort": "newest"}),
    ("facets", {"q": "health", "language": "en"}),
    ("deep page", {"q": "people", "page": "50"}),
    ("common word, Spanish", {"q": "gobierno", "language": "es"}),
]
# Filters crossed with words where a skewed archive is uneven: the most- and least-quoted
# person and outlet, the busiest and the thinnest years, a language. The words are those
# of MIX, so that the kinds compare with it.
CROSS: list[tuple[str, dict]] = [
    ("most-quoted person, common word", {"q": "people", "speaker": "{top_person}"}),
    ("most-quoted person, rare word", {"q": "cryptocurrency", "speaker": "{top_person}"}),
    ("least-quoted person, common word", {"q": "people", "speaker": "{rare_person}"}),
    ("least-quoted person, phrase", {"q": '"the president"', "speaker": "{rare_person}"}),
    ("Reporter, questions, common word", {"q": "president", "speaker": "{top_speaker}"}),
    ("most-quoted outlet, or", {"q": "inflation OR unemployment", "source": "{top_source}"}),
    ("least-quoted outlet, exclusion", {"q": "economy -china", "source": "{rare_source}"}),
    (
        "least-quoted outlet, rare word, English",
        {"q": "cryptocurrency", "source": "{rare_source}", "language": "en"},
    ),
    (
        "busiest years, common word",
        {"q": "people", "date_from": "{busy_from}", "date_to": "{busy_to}"},
    ),
    (
        "thinnest years, common word",
        {"q": "people", "date_from": "{thin_from}", "date_to": "{thin_to}"},
    ),
    (
        "most-quoted person and outlet, busiest years, phrase",
        {
            "q": '"the american people"',
            "speaker": "{top_person}",
            "source": "{top_source}",
            "date_from": "{busy_from}",
            "date_to": "{busy_to}",
        },
    ),
    (
        "Spanish, most-quoted person, newest first",
        {"q": "gobierno", "language": "es", "speaker": "{top_person_es}", "sort": "newest"},
    ),
]
PAGE_SIZE = 20
# Words of the random set by language, from very common to rare in press conferences.
WORDS = {
    "en": [
        *("people", "president", "government", "country", "time", "security", "health"),
        *("economy", "war", "jobs", "inflation", "border", "vaccine", "climate", "ukraine"),
        *("tariffs", "pandemic", "infrastructure", "fentanyl", "semiconductor", "hurricane"),
        *("cryptocurrency", "wildfire", "antitrust"),
    ],
    "es": [
        *("gobierno", "presidente", "país", "pueblo", "seguridad", "salud", "economía"),
        *("corrupción", "petróleo", "vacuna", "migración", "elecciones", "huracán"),
        *("aeropuerto", "litio", "sargazo"),
    ],
}
# The kinds the targets ask to be at least 20x faster than the naive way.
TWENTY_X = ("common word", "phrase")


def kinds() -> list[tuple[str, dict]]:
    """Every timed kind: the fixed mix of the first figures, then the crossed filters."""
    return MIX + CROSS


def random_set(facts: dict, seed: int, count: int) -> list[dict]:
    """`count` searches drawn from `seed`: words of one language (plain, a phrase, OR or an
    exclusion) with, each at random, a speaker, an outlet, a range of years, the language
    and a sort; speakers and outlets come from both ends of the ranking."""
    rng = random.Random(f"{seed}:random-searches")
    years = facts.get("years") or [2000]
    out = []
    for _ in range(count):
        language = rng.choice(["en", "en", "en", "es"])
        words = rng.sample(WORDS[language], 3)
        shape = rng.choice(["word", "word", "two words", "phrase", "or", "not"])
        q = {
            "word": words[0],
            "two words": f"{words[0]} {words[1]}",
            "phrase": f'"the {words[0]}"' if language == "en" else f'"el {words[0]}"',
            "or": f"{words[0]} OR {words[1]}",
            "not": f"{words[0]} -{words[1]}",
        }[shape]
        params = {"q": q}
        speakers = facts.get("speakers_by_language", {}).get(language) or []
        sources = facts.get("sources_by_language", {}).get(language) or []
        if speakers and rng.random() < 0.3:
            params["speaker"] = rng.choice(speakers)
        if sources and rng.random() < 0.3:
            params["source"] = rng.choice(sources)
        if rng.random() < 0.3:
            first = rng.randint(min(years), max(years))
            params["date_from"] = f"{first}-01-01"
            params["date_to"] = f"{min(max(years), first + rng.randint(0, 4))}-12-31"
        if rng.random() < 0.5:
            params["language"] = language
        if rng.random() < 0.2:
            params["sort"] = rng.choice(["newest", "oldest"])
        out.append(params)
    return out


def fill(params: dict, facts: dict) -> dict:
    return {key: value.format(**facts) for key, value in params.items()}


def tokens(q: str) -> list[tuple[str, str]]:
    """(op, text) for the naive way: op is "and", "or" (joins the previous term) or "not"."""
    try:
        parts = shlex.split(q)
    except ValueError:
        parts = q.replace('"', " ").split()
    # shlex drops the quotes; find out again which parts were phrases.
    phrases = set(re.findall(r'"([^"]+)"', q))
    out: list[tuple[str, str]] = []
    join_or = False
    for part in parts:
        if part == "OR" and part not in phrases:
            join_or = True
            continue
        if part.startswith("-") and len(part) > 1 and part not in phrases:
            out.append(("not", part[1:]))
        else:
            out.append(("or" if join_or and out else "and", part))
        join_or = False
    return out


def naive_queryset(params: dict):
    """Turns matching the search the way a first Django version would: icontains on text."""
    from django.db.models import Q

    from interviews.models import Turn

    condition = None
    excluded = []
    for op, text in tokens(params.get("q", "")):
        if op == "not":
            excluded.append(text)
            continue
        term = Q(text__icontains=text)
        if condition is None:
            condition = term
        elif op == "or":
            condition = condition | term
        else:
            condition = condition & term
    queryset = Turn.objects.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    for text in excluded:
        queryset = queryset.exclude(text__icontains=text)
    if params.get("speaker"):
        queryset = queryset.filter(speaker__slug__in=params["speaker"].split(","))
    if params.get("part"):
        queryset = queryset.filter(part=params["part"])
    if params.get("source"):
        queryset = queryset.filter(source__slug=params["source"])
    if params.get("topic"):
        queryset = queryset.filter(interview__topics__slug=params["topic"])
    if params.get("language"):
        queryset = queryset.filter(language=params["language"])
    if params.get("date_from"):
        queryset = queryset.filter(date__gte=params["date_from"])
    if params.get("date_to"):
        queryset = queryset.filter(date__lte=params["date_to"])
    sort = params.get("sort", "relevance")
    if sort == "newest":
        queryset = queryset.order_by("-date", "-id")
    elif sort == "oldest":
        queryset = queryset.order_by("date", "id")
    return queryset


def naive_search(params: dict, kind: str) -> int:
    """What a naive results page does: count for the paginator, fetch one page, facets."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    queryset = naive_queryset(params)
    total = queryset.count()
    page = max(1, int(params.get("page", 1)))
    offset = (page - 1) * PAGE_SIZE
    rows = list(
        queryset.select_related("speaker", "interview", "interview__source")[
            offset : offset + PAGE_SIZE
        ]
    )
    for row in rows:
        _ = (row.speaker.name, row.interview.title, row.text[:200])
    if kind == "facets":
        facets = queryset.order_by()
        list(facets.values("source__name").annotate(n=Count("id")).order_by("-n")[:10])
        list(facets.values("speaker__name").annotate(n=Count("id")).order_by("-n")[:10])
        list(facets.values("language").annotate(n=Count("id")).order_by("-n"))
        list(
            facets.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=Count("id"))
            .order_by("year")
        )
    return total


def facts() -> dict:
    """Values the mix and the page test need, taken from the loaded database."""
    from django.db.models import Count

    from interviews.models import Interview, Speaker, Turn

    top = (
        Turn.objects.values("speaker_id")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker_id")
        .first()
    )
    speaker = Speaker.objects.get(pk=top["speaker_id"]) if top else None
    counts = sorted(Interview.objects.values_list("turn_count", flat=True)[:2000])
    median = counts[len(counts) // 2] if counts else 0
    interview = (
        Interview.objects.filter(turn_count=median).order_by("id").first()
        or Interview.objects.order_by("id").first()
    )
    ranked = _ranked_by_turns(Turn, Speaker)
    return {
        **ranked,
        "top_speaker": speaker.slug if speaker else "",
        "top_speaker_turns": top["n"] if top else 0,
        "interview": interview.slug if interview else "",
        "interview_turns": interview.turn_count if interview else 0,
        "interviews": Interview.objects.count(),
        "turns": Turn.objects.count(),
        "speakers": Speaker.objects.count(),
    }


def _ranked_by_turns(turn_model, speaker_model) -> dict:
    """The most- and least-quoted person and outlet, the busiest and thinnest years, and
    the ends of the rankings by language for the random set."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from interviews.models import Source

    people = turn_model.objects.filter(speaker__kind=speaker_model.PERSON)

    def ends(rows, key, slugs):
        rows = list(rows)
        ordered = [slugs[row[key]] for row in rows if row[key] in slugs]
        return ordered[:10] + ordered[-10:] if len(ordered) > 20 else ordered

    out: dict = {"speakers_by_language": {}, "sources_by_language": {}}
    speaker_slugs = dict(speaker_model.objects.values_list("id", "slug"))
    source_slugs = dict(Source.objects.values_list("id", "slug"))
    for language in ("en", "es"):
        by_speaker = (
            people.filter(language=language)
            .values("speaker_id")
            .annotate(n=Count("id"))
            .order_by("-n", "speaker_id")
        )
        by_source = (
            turn_model.objects.filter(language=language, source__isnull=False)
            .values("source_id")
            .annotate(n=Count("id"))
            .order_by("-n", "source_id")
        )
        out["speakers_by_language"][language] = ends(by_speaker, "speaker_id", speaker_slugs)
        out["sources_by_language"][language] = ends(by_source, "source_id", source_slugs)
    en_people = out["speakers_by_language"]["en"] or [""]
    en_sources = out["sources_by_language"]["en"] or [""]
    out["top_person"], out["rare_person"] = en_people[0], en_people[-1]
    out["top_person_es"] = (out["speakers_by_language"]["es"] or [""])[0]
    out["top_source"], out["rare_source"] = en_sources[0], en_sources[-1]
    per_year = dict(
        turn_model.objects.filter(date__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    years = sorted(per_year) or [2000]
    out["years"] = years

    def window(pick):
        pairs = [(per_year.get(y, 0) + per_year.get(y + 1, 0), y) for y in years[:-1]] or [
            (0, years[0])
        ]
        first = pick(pairs)[1]
        return f"{first}-01-01", f"{first + 1}-12-31"

    # Two years running: the busiest pair, and the thinnest pair that holds any turn.
    out["busy_from"], out["busy_to"] = window(max)
    out["thin_from"], out["thin_to"] = window(
        lambda pairs: min((p for p in pairs if p[0]), default=pairs[0])
    )
    out["year_turns"] = {str(y): per_year[y] for y in years}
    return out
