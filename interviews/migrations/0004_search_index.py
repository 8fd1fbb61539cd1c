"""The full-text index of turns: a tsvector column on PostgreSQL, an FTS5 table on SQLite.

The model does not declare it: the operations below look at the database they run on.
The statements are written out here, as they were when this migration was made.
"""

from django.db import migrations

# Interview language -> Snowball stemmer, each with a text search configuration.
STEMMED = {
    "en": "english",
    "es": "spanish",
    "tr": "turkish",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
}
WORD_TOKENS = "asciiword, word, numword, hword_asciipart, hword_part, hword_numpart"
# Characters PostgreSQL's parser joins words with (tags, URLs, e-mail addresses, paths,
# decimals, signed numbers, hyphenated words): spaces instead, as SQLite's words are.
JOINERS = "<>/.@:_~=?%+&#-"
WHOLE_HYPHENATED = "asciihword, hword, numhword"


def words_expression() -> str:
    """A turn's words as a tsvector, stemmed in its language (migration 0007 reuses it)."""
    cases = " ".join(f"WHEN '{code}' THEN 'archive_{code}'::regconfig" for code in STEMMED)
    # Nested replace() rather than translate(): on UTF-8 text translate() walks every
    # character and cost more than the stemming itself (measured: 8x slower).
    separated = "left(text, 250000)"
    for joiner in JOINERS:
        separated = f"replace({separated}, '{joiner}', ' ')"
    return (
        f"to_tsvector(CASE lower(split_part(language, '-', 1)) {cases} "
        f"ELSE 'archive_simple'::regconfig END, {separated})"
    )


def postgres_statements():
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    configs = [(f"archive_{code}", f"archive_{code}_stem", stemmer) for code, stemmer in STEMMED.items()]
    configs.append(("archive_simple", "pg_catalog.simple", None))
    for config, dictionary, stemmer in configs:
        if stemmer:
            # No stop words: a quote search must find "to be or not to be".
            statements.append(
                f"CREATE TEXT SEARCH DICTIONARY {dictionary} "
                f"(TEMPLATE = pg_catalog.snowball, LANGUAGE = {stemmer})"
            )
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.simple)",
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary}",
            # Hyphenated words count as their parts, as on SQLite.
            f"ALTER TEXT SEARCH CONFIGURATION {config} DROP MAPPING FOR {WHOLE_HYPHENATED}",
        ]
    statements += [
        "ALTER TABLE interviews_turn ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({words_expression()}) STORED",
        # Stored uncompressed: ranking reads thousands of vectors per search, and
        # decompressing them cost more than the disk they save.
        "ALTER TABLE interviews_turn ALTER COLUMN search_vector SET STORAGE EXTERNAL",
        "CREATE INDEX interviews_turn_search_vector ON interviews_turn USING gin (search_vector)",
    ]
    return statements


def postgres_drop_statements():
    statements = [
        "DROP INDEX IF EXISTS interviews_turn_search_vector",
        "ALTER TABLE interviews_turn DROP COLUMN IF EXISTS search_vector",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_simple",
    ]
    for code in STEMMED:
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_{code}",
            f"DROP TEXT SEARCH DICTIONARY IF EXISTS archive_{code}_stem",
        ]
    return statements


SQLITE_STATEMENTS = [
    "CREATE VIRTUAL TABLE interviews_turn_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER interviews_turn_fts_insert AFTER INSERT ON interviews_turn BEGIN "
    "INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_text(new.text, new.language)); "
    "END",
    "CREATE TRIGGER interviews_turn_fts_delete AFTER DELETE ON interviews_turn BEGIN "
    "DELETE FROM interviews_turn_fts WHERE rowid = old.id; "
    "END",
    "CREATE TRIGGER interviews_turn_fts_update AFTER UPDATE OF id, text, language ON interviews_turn BEGIN "
    "DELETE FROM interviews_turn_fts WHERE rowid = old.id; "
    "INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_text(new.text, new.language)); "
    "END",
    "INSERT INTO interviews_turn_fts(rowid, body) SELECT id, archive_search_text(text, language) FROM interviews_turn",
]
SQLITE_DROP_STATEMENTS = [
    "DROP TRIGGER IF EXISTS interviews_turn_fts_insert",
    "DROP TRIGGER IF EXISTS interviews_turn_fts_delete",
    "DROP TRIGGER IF EXISTS interviews_turn_fts_update",
    "DROP TABLE IF EXISTS interviews_turn_fts",
]


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        statements = postgres_statements()
    elif connection.vendor == "sqlite":
        from interviews.search.sqlite import fts5_available, register_functions

        if not fts5_available(connection):
            raise RuntimeError("This SQLite library was built without FTS5, which search needs.")
        register_functions(connection=connection)
        statements = SQLITE_STATEMENTS
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {
        "postgresql": postgres_drop_statements(),
        "sqlite": SQLITE_DROP_STATEMENTS,
    }.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_editing"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
