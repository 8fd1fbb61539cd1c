"""SQLite: the full-text index also stores each turn's speaker, outlet, part, language and
year as keys, so that FTS5 narrows a search by them (interviews/search/sqlite.py)."""

from django.db import migrations

OLD_TRIGGERS = [
    "CREATE TRIGGER interviews_turn_fts_insert AFTER INSERT ON interviews_turn BEGIN "
    "INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_text(new.text, new.language)); "
    "END",
    "CREATE TRIGGER interviews_turn_fts_update AFTER UPDATE OF id, text, language ON interviews_turn BEGIN "
    "DELETE FROM interviews_turn_fts WHERE rowid = old.id; "
    "INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_text(new.text, new.language)); "
    "END",
]
OLD_FILL = "INSERT INTO interviews_turn_fts(rowid, body) SELECT id, archive_search_text(text, language) FROM interviews_turn"
INDEXED = "new.text, new.language, new.speaker_id, new.source_id, new.part, new.date"
NEW_TRIGGERS = [
    "CREATE TRIGGER interviews_turn_fts_insert AFTER INSERT ON interviews_turn BEGIN "
    f"INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_doc({INDEXED})); "
    "END",
    "CREATE TRIGGER interviews_turn_fts_update AFTER UPDATE OF id, text, language, speaker_id, "
    "source_id, part, date ON interviews_turn BEGIN "
    "DELETE FROM interviews_turn_fts WHERE rowid = old.id; "
    f"INSERT INTO interviews_turn_fts(rowid, body) VALUES (new.id, archive_search_doc({INDEXED})); "
    "END",
]
NEW_FILL = (
    "INSERT INTO interviews_turn_fts(rowid, body) SELECT id, "
    "archive_search_doc(text, language, speaker_id, source_id, part, date) FROM interviews_turn"
)
DROP = [
    "DROP TRIGGER IF EXISTS interviews_turn_fts_insert",
    "DROP TRIGGER IF EXISTS interviews_turn_fts_update",
    "DELETE FROM interviews_turn_fts",
]


def _replace(triggers, fill):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        from interviews.search.sqlite import register_functions

        register_functions(connection=connection)
        for statement in [*DROP, *triggers, fill]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("interviews", "0005_archive_revision")]

    operations = [
        migrations.RunPython(_replace(NEW_TRIGGERS, NEW_FILL), _replace(OLD_TRIGGERS, OLD_FILL)),
    ]
