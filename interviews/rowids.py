"""Primary keys taken before the rows are written, so that many rows go in one INSERT.

The resolver has to know a new speaker's id at once (the next label of the same document
may be that speaker), yet writing each new speaker alone costs a round trip. With the ids
taken ahead, the rows are kept and written together with `bulk_create`.
"""

from __future__ import annotations

from django.db import connection

BLOCK = 64  # ids taken from a PostgreSQL sequence at a time; the unused ones are a gap


class RowIds:
    """The next free ids of one table, for use inside one transaction.

    On PostgreSQL the ids come from the table's own sequence, so they are safe beside
    other writers. On SQLite the next id is read once (the largest in use, or ever given:
    the table is AUTOINCREMENT) and counted on: the caller must already hold the write
    lock, which any earlier write of its transaction takes, so no one else can insert.
    Call `forget()` after writing the rows or after a rollback.
    """

    def __init__(self, model):
        self.table = model._meta.db_table
        self.forget()

    def forget(self) -> None:
        self._free: list[int] = []
        self._next: int | None = None

    def take(self) -> int:
        if connection.vendor == "postgresql":
            if not self._free:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                        "FROM generate_series(1, %s)",
                        [self.table, BLOCK],
                    )
                    self._free = [row[0] for row in cursor.fetchall()][::-1]
            return self._free.pop()
        if self._next is None:
            self._next = self._largest() + 1
        taken, self._next = self._next, self._next + 1
        return taken

    def _largest(self) -> int:
        quoted = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {quoted}")
            largest = cursor.fetchone()[0]
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s",
                    [self.table],
                )
                largest = max(largest, cursor.fetchone()[0])
        return largest
