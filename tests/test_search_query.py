"""The query parser, word analysis and highlighter: pure Python, any input."""

import html
import re

import regex
from hypothesis import given
from hypothesis import strategies as st

from interviews.search import parse_query
from interviews.search.analysis import (
    WORD,
    index_text,
    keys,
    located,
    query_languages,
    tokens,
    word_pattern,
)
from interviews.search.highlight import PILCROW, Matcher, snippet
from interviews.search.query import MAX_GROUPS, MAX_QUERY_CHARS
from interviews.search.sqlite import fts_expression

ALL = query_languages()


def shape(q: str):
    query = parse_query(q)
    return (
        [[term.words for term in group.terms] for group in query.required],
        [term.words for term in query.excluded],
    )


def test_words_phrases_or_and_exclusions():
    assert shape("deterrence dialogue") == ([[("deterrence",)], [("dialogue",)]], [])
    assert shape('"combat role" NATO') == ([[("combat", "role")], [("nato",)]], [])
    assert shape("Russia OR Ukraine war") == ([[("russia",), ("ukraine",)], [("war",)]], [])
    assert shape('NATO -Trump -"cold war"') == ([[("nato",)]], [("trump",), ("cold", "war")])
    assert shape("a | b") == ([[("a",), ("b",)]], [])


def test_case_accents_and_turkish_i_are_folded():
    assert shape("İNCELEMELERİ Erdoğan Schönenborn ÆSIR") == (
        [[("incelemeleri",)], [("erdogan",)], [("schonenborn",)], [("aesir",)]],
        [],
    )
    assert shape("ılık Straße ﬁne 𝒩ATO") == (
        [[("ilik",)], [("strasse",)], [("fine",)], [("nato",)]],
        [],
    )


def test_broken_syntax_is_read_kindly():
    assert shape('"unclosed phrase') == ([[("unclosed", "phrase")]], [])
    assert shape("-") == ([], [])
    assert shape("OR") == ([], [])
    assert shape("OR NATO OR") == ([[("nato",)]], [])
    # FTS5 syntax is plain text; `NEAR(a,` is read as two words typed together.
    assert shape("* NEAR(a, b) ^c") == ([[("near", "a")], [("b",)], [("c",)]], [])
    assert shape("x AND y") == ([[("x",)], [("y",)]], [])
    assert shape("NATO NATO nato") == ([[("nato",)]], [])
    # Joined words are a phrase: don't, U.S., air-to-air.
    assert shape("don't U.S. air-to-air") == (
        [[("don", "t")], [("u", "s")], [("air", "to", "air")]],
        [],
    )


def test_only_exclusions_is_an_empty_query_with_a_notice():
    query = parse_query("-Russia")
    assert not query
    assert query.excluded and query.notices


def test_long_queries_are_cut_with_a_notice():
    query = parse_query("word " * 5_000)
    assert query.notices
    query = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(query.required) == MAX_GROUPS and query.notices


def test_a_query_that_may_be_a_name():
    assert parse_query("Jens Stoltenberg").is_plain_words
    assert not parse_query("Putin -Trump").is_plain_words
    assert not parse_query("Putin OR Trump").is_plain_words


@given(st.text(max_size=2 * MAX_QUERY_CHARS))
def test_any_string_parses_into_a_sound_tree(text):
    query = parse_query(text)
    for term in (*query.terms, *query.excluded):
        assert term.words
        for word in term.words:
            assert regex.fullmatch(r"[\p{L}\p{N}]+", word)
            assert word == word.casefold()
        assert "\x00" not in term.text
    str(query)
    if query:
        expression = fts_expression(query, ALL)
        # Every key is quoted: outside quotes only operators and parentheses remain.
        outside = re.sub(r'"(?:[^"]|"")*"', "", expression)
        assert set(outside) <= set(" ()+ANDORT")


@given(st.text(max_size=500), st.sampled_from(["en", "es", "tr", "", "uk"]))
def test_index_text_is_words_separated_by_spaces(text, language):
    indexed = index_text(text, language)
    assert indexed == " ".join(token.key for token in tokens(text, language))
    assert all(regex.fullmatch(r"[\p{L}\p{N}]+", key) for key in indexed.split())


# Letters of many scripts, marks that combine, digits that are not ASCII, underscores,
# punctuation and spaces: where the two regular expression engines could part.
mixed_text = st.lists(
    st.sampled_from(
        [*"aZ9_ -—’.\n", "é", "e\u0301", "İı", "ß", "½²", "٣", "ﬁ", "𝒩", "日本", "مَرْحَبًا", "ǅ"]
    )
    | st.characters(),
    max_size=60,
).map("".join)


@given(mixed_text, st.sampled_from(["en", "es", "tr", "ar", ""]))
def test_the_fast_word_finder_finds_the_words_of_the_index(text, language):
    # Ranking and snippets find words with the standard library's faster engine when a
    # text allows it: the words, their places and their keys must be WORD's.
    words = [match.group() for match in WORD.finditer(text)]
    assert word_pattern(text).findall(text) == words
    found = located(text, language)
    assert [(t.start, t.end, t.key) for t in tokens(text, language)] == list(
        zip(found.starts, found.ends, found.keys, strict=True)
    )
    assert keys(text, language) == found.keys
    assert [text[start:end] for start, end in zip(found.starts, found.ends, strict=True)] == [
        word for word in words for _ in index_text(word, language).split()
    ]


def test_a_text_with_combining_marks_is_read_by_the_full_engine():
    assert word_pattern("plain words — “quoted”") is not WORD
    assert word_pattern("cafe\u0301 au lait") is WORD
    assert keys("cafe\u0301 au lait", "fr") == keys("café au lait", "fr")


marked_text = st.lists(
    st.sampled_from([*"ab <>&\"'\n.çİ", "script", "NATO", "\n\n", " "]), max_size=120
).map("".join)


@given(marked_text, st.sampled_from(["a", "nato", "script", '"a b"', "b OR ç", "i"]))
def test_snippets_escape_everything_and_mark_only_matches(text, q):
    query = parse_query(q)
    result = str(snippet(text, "en", Matcher.for_query(query, ALL), size=40))
    markup = re.sub(r"</?mark>", "", result).replace(PILCROW, " ")
    assert "<" not in markup and ">" not in markup
    plain = html.unescape(markup).replace("… ", "").replace(" …", "")
    squeezed = " ".join(text.split())
    assert " ".join(plain.split()) in squeezed
    for marked in re.findall(r"<mark>(.*?)</mark>", result):
        assert marked.strip()


def test_snippets_keep_the_best_part_of_a_long_turn():
    text = (
        ("Filler words here. " * 40)
        + "Then the point: deterrence and dialogue."
        + (" More filler." * 40)
    )
    result = str(snippet(text, "en", Matcher.for_query(parse_query("dialogue"), ALL)))
    assert result.startswith("… Then the point: deterrence and <mark>dialogue</mark>.")
    assert result.endswith(" …")
