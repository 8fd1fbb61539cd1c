"""PostgreSQL: each turn's tsvector also holds its speaker, outlet, part and year as keys
(`0xs12`, `0xo3`, `0xpinterviewee`, `0xy2017`), the keys SQLite's index already holds, so
that a filtered search intersects short posting lists inside the GIN index
(interviews/search/postgres.py). The column is generated: dropping and adding it again
computes every turn's vector once.
"""

import importlib

from django.db import migrations

# The words of a turn, as migration 0004 computes them.
words = importlib.import_module("interviews.migrations.0004_search_index").words_expression

KEYS = (
    "array_to_tsvector(array_remove(ARRAY["
    "'0xs' || speaker_id::text, "
    "'0xo' || source_id::text, "
    "'0xp' || lower(nullif(part, '')), "
    "'0xy' || extract(year FROM date)::int::text"
    "], NULL))"
)


def statements(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS interviews_turn_search_vector",
        "ALTER TABLE interviews_turn DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE interviews_turn ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "ALTER TABLE interviews_turn ALTER COLUMN search_vector SET STORAGE EXTERNAL",
        "CREATE INDEX interviews_turn_search_vector ON interviews_turn USING gin (search_vector)",
    ]


def run(expression: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements(expression()):
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("interviews", "0006_search_filter_keys")]

    operations = [
        migrations.RunPython(run(lambda: f"{words()} || {KEYS}"), run(words), elidable=False),
    ]
