"""PostgreSQL: each turn's tsvector also holds its language as a key (`0xles`), as SQLite's
index already does, so that a search in one language reads only that language's turns from
the GIN index. Without it a word that two languages stem alike (Spanish `economía` and
English `economy` are both `economi`) read every English turn with it and dropped them one
by one on the language column: at 100k interviews 92,053 turns for 24,815 Spanish ones.

The key is `analysis.language_code` in SQL: `en` from `en-GB`, `x` for no language. The
column is generated: dropping and adding it again computes every turn's vector once.
"""

import importlib

from django.db import migrations

filter_keys = importlib.import_module("interviews.migrations.0007_search_vector_filter_keys")

LANGUAGE_KEY = (
    "array_to_tsvector(ARRAY['0xl' || "
    "coalesce(nullif(lower(btrim(split_part(language, '-', 1))), ''), 'x')])"
)


def expression(with_language: bool):
    def build() -> str:
        keys = f"{filter_keys.KEYS} || {LANGUAGE_KEY}" if with_language else filter_keys.KEYS
        return f"{filter_keys.words()} || {keys}"

    return build


class Migration(migrations.Migration):
    dependencies = [("interviews", "0012_set_subject_indexes")]

    operations = [
        migrations.RunPython(
            filter_keys.run(expression(True)), filter_keys.run(expression(False)), elidable=False
        ),
    ]
