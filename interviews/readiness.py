"""Is the database ready for the archive? Asked before a command reads or writes anything.

Without it, `import_interviews --dry-run` on a database nobody has migrated ended in a
traceback about a missing table; the message should say what to do.
"""

from __future__ import annotations

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


class DatabaseNotReady(Exception):
    pass


def check_database(alias: str = "default") -> None:
    """Raise DatabaseNotReady with the remedy when migrations have not all been applied."""
    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise DatabaseNotReady(f"the database cannot be reached: {exc}".strip()) from exc
    if plan:
        pending = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:3])
        more = f" and {len(plan) - 3} more" if len(plan) > 3 else ""
        raise DatabaseNotReady(
            f"the database is not ready: {len(plan)} migrations not applied ({pending}{more}); "
            "run `manage.py migrate` first"
        )
