"""PostgreSQL full-text search: a stored tsvector per turn with a GIN index.

The vector is a generated column (`interviews_turn.search_vector`) computed with the text
search configuration of the interview's language: `unaccent` first, then that language's
Snowball stemmer, no stop words (a quote search must find "to be or not to be"), and
hyphenated words indexed as their parts so that both databases see the same words.
Migration 0004 creates it (with the configurations), 0007 adds filter keys to it
(`0xs12`, `0xo3`, `0xpinterviewee`, `0xy2017`: speaker, outlet, part, year) and 0013 the
language's (`0xles`); the model does not declare it, so nothing here is needed on SQLite
and nothing is decided when modules are imported.

A query term becomes `phraseto_tsquery(config, %s)` with the term as a bound parameter,
once per candidate language, so a raw string never reaches SQL and PostgreSQL's parser
reads query words exactly as it read the documents (see JOINERS).
"""

from __future__ import annotations

import json

from .analysis import KEY, SIMPLE, STEMMED_LANGUAGES, filter_key_groups, fold, stem
from .backends import Match
from .query import Query, Term
from .ranking import LIGHT_WORDS, saturated

TABLE = "interviews_turn"
COLUMN = "search_vector"
INDEX = "interviews_turn_search_vector"
# Tables a search reads: the planner needs their sizes after a bulk load.
ANALYZED = [
    TABLE,
    "interviews_interview",
    "interviews_speaker",
    "interviews_source",
    "interviews_topic",
    "interviews_interview_topics",
]
INDEXED_CHARS = 250_000  # a tsvector is limited to 1 MB; no real answer comes near this
# Interview language -> text search configuration (created by migration 0003).
CONFIGS = {language: f"archive_{language}" for language in STEMMED_LANGUAGES}
CONFIGS[SIMPLE] = "archive_simple"
# Token types read as words (hyphenated words count as their parts only).
WORD_TOKENS = "asciiword, word, numword, hword_asciipart, hword_part, hword_numpart"
WHOLE_HYPHENATED = "asciihword, hword, numhword"
# Characters the parser joins words with (`<tag>`, URLs, e-mail addresses, paths, `1.5`,
# `-5`, hyphenated words) are read as spaces, in documents (migration 0003) and queries
# alike, so that PostgreSQL sees the same words as SQLite and the highlighter.
JOINERS = "<>/.@:_~=?%+&#-"
SEPARATE = str.maketrans(JOINERS, " " * len(JOINERS))


def distinct_stemmings(term: Term, languages) -> list[str]:
    """One language for each different way the languages stem the term's words.

    Most words stem alike in many languages ("the", names, numbers), and a tsquery that
    repeats a lexeme costs as much as one with different lexemes on every row. PyStemmer
    runs the same Snowball stemmers as PostgreSQL, so it tells which ones agree.
    """
    chosen: dict[tuple[str, ...], str] = {}
    for language in sorted(languages, key=lambda code: code == SIMPLE):
        chosen.setdefault(tuple(stem(word, language) for word in term.words), language)
    return sorted(chosen.values())


# Filter keys the vector holds (migrations 0007 and 0013): speaker, outlet, part, year and
# language, as SQLite's index does.
FILTER_KINDS = "sopyl"


def filter_tsquery(params, skip: str = "") -> str:
    """The filters as a tsquery of keys, `('0xs3' | '0xs5') & '0xy2017'`, or ""."""
    return " & ".join(
        "(" + " | ".join(_lexeme(key) for key in group) + ")"
        for group in filter_key_groups(params, skip, kinds=FILTER_KINDS)
    )


def _lexeme(key: str) -> str:
    return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend:
    vendor = "postgresql"
    # The filters' keys go into the tsquery, so that the GIN index intersects a common
    # word's list with a speaker's or a year's instead of the planner ANDing two bitmaps;
    # the columns are still checked, so a key only ever narrows.
    narrows_by_filters = True
    # When the year keys have narrowed a search, the exact days are checked on the rows
    # found: `+ 0` keeps the planner from also reading the date index, which only costs
    # (a bitmap of 500,000 turns for five years, to AND with 20,000 already found).
    date_after_keys = "(t.date + 0)"

    def _term(self, term: Term, languages) -> tuple[str, list]:
        configs = [CONFIGS[language] for language in distinct_stemmings(term, languages)]
        sql = " || ".join(f"phraseto_tsquery('{config}'::regconfig, %s)" for config in configs)
        return f"({sql})", [term.text.translate(SEPARATE)] * len(configs)

    def _index_term(self, term: Term, languages) -> tuple[tuple[str, list] | None, bool]:
        """What the index reads for a term, and whether function words were left out of it.

        The term itself when it has no function word; its other words, all required, when it
        has some; None (any turn will do) when it has nothing else with a letter or digit.
        """
        words = term.text.translate(SEPARATE).split()
        kept = [word for word in words if fold(word) not in LIGHT_WORDS]
        if len(kept) == len(words):
            return self._term(term, languages), False
        if not any(KEY.search(fold(word)) for word in kept):
            return None, True
        configs = [CONFIGS[language] for language in distinct_stemmings(term, languages)]
        sql = " || ".join(f"plainto_tsquery('{config}'::regconfig, %s)" for config in configs)
        return (f"({sql})", [" ".join(kept)] * len(configs)), True

    def index_tsquery(self, query: Query, languages) -> tuple[str, list] | None:
        """What the GIN index reads for a query with function words: the query without them.

        "the", "of", "de" are in almost every turn: intersecting their posting lists costs
        the index more than all the rest (a phrase with "the" and three filters read four
        times: 110 -> 70 ms each at 100k). Every turn that matches the query matches this
        wider one, and the whole query is then checked on each turn the index gives.
        None when there is no function word to leave out, or only function words.
        """
        parts, params, left_out = [], [], False
        for group in query.required:
            alternatives = []
            for term in group.terms:
                read, light = self._index_term(term, languages)
                left_out |= light
                if read is None:  # an alternative of function words only: any turn
                    alternatives = None
                    break
                alternatives.append(read)
            if alternatives is not None:
                parts.append("(" + " || ".join(sql for sql, _ in alternatives) + ")")
                params += [p for _, ps in alternatives for p in ps]
        if not left_out or not parts:
            return None
        return " && ".join(parts), params

    def tsquery(self, query: Query, languages, *, positive_only: bool = False) -> tuple[str, list]:
        parts, params = [], []
        for group in query.required:
            alternatives = [self._term(term, languages) for term in group.terms]
            parts.append("(" + " || ".join(sql for sql, _ in alternatives) + ")")
            params += [p for _, ps in alternatives for p in ps]
        if not positive_only:
            for term in query.excluded:
                sql, ps = self._term(term, languages)
                parts.append(f"!!{sql}")
                params += ps
        return " && ".join(parts), params

    def match(self, query: Query, languages, params=None, skip: str = "") -> Match:
        filters = filter_tsquery(params, skip)
        tsquery, args = self.tsquery(query, languages)
        if filters:
            tsquery = f"({tsquery}) && %s::tsquery"
            args = [*args, filters]
        where = f"t.{COLUMN} @@ ({tsquery})"
        unindexed, unindexed_args = f"ts_match_vq(t.{COLUMN}, ({tsquery}))", list(args)
        index = self.index_tsquery(query, languages)
        if index is not None:
            index_sql, index_args = index
            if filters:
                index_sql = f"({index_sql}) && %s::tsquery"
                index_args = [*index_args, filters]
            # The function, not the operator: the planner does not hand it to the index.
            where = f"t.{COLUMN} @@ ({index_sql}) AND ts_match_vq(t.{COLUMN}, ({tsquery}))"
            args = [*index_args, *args]
        ranked, rank_params = self.tsquery(query, languages, positive_only=True)
        return Match(
            source=f"{TABLE} t",
            where=where,
            params=args,
            unindexed=unindexed,
            unindexed_params=unindexed_args,
            # Cover density counts the query's words, closer together counting more (10 per
            # word with the default weight); saturated as BM25 saturates, which ts_rank
            # does not.
            score=saturated(f"ts_rank_cd(t.{COLUMN}, ({ranked}), 0) * 10", self.length("t.text")),
            score_params=rank_params,
            ids=f"SELECT id FROM {TABLE} t WHERE {where}",
        )

    @staticmethod
    def estimate(connection, match: Match) -> int:
        """The planner's estimate of the turns matching `match` (a plan, not a count)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {match.source} WHERE {match.where}",
                match.params,
            )
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def walk_in_date_order(self, match: Match, connection=None) -> Match:
        """The same match, for a query that walks turns in date order (the planner chooses)."""
        return match

    @staticmethod
    def year(column: str) -> str:
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"

    @staticmethod
    def length(column: str) -> str:
        """A text's size in bytes, read from its TOAST header without decompressing it."""
        return f"octet_length({column})"

    def refresh(self, connection, *, rebuild: bool = False) -> list[str]:
        done = []
        with connection.cursor() as cursor:
            if rebuild:
                cursor.execute(f"REINDEX INDEX {INDEX}")
                done.append("reindexed")
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [INDEX])
            done.append("GIN pending list merged")
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {', '.join(ANALYZED)}")
            done.append(f"{command} {', '.join(ANALYZED)}")
        return done

    def problems(self, connection) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                [TABLE, COLUMN],
            )
            if cursor.fetchone() is None:
                return [f"{TABLE}.{COLUMN} is missing: run `manage.py migrate`."]
            cursor.execute(
                "SELECT cfgname FROM pg_ts_config WHERE cfgname = ANY(%s)", [list(CONFIGS.values())]
            )
            missing = set(CONFIGS.values()) - {row[0] for row in cursor.fetchall()}
        return [f"Text search configuration {name} is missing." for name in sorted(missing)]
