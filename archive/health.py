"""/healthz: whether this instance can serve the archive, and if not, what is wrong.

200 when the primary database answers and every migration is applied; 503 otherwise,
with the reason. Read replicas are reported but never fail the check: without them the
primary serves every read.
"""

from __future__ import annotations

import time

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import replicas

# Once every migration is applied it stays so until the code changes, which restarts
# the process: the migration graph is not loaded again for every check.
_migrated_at: float | None = None
MIGRATIONS_RECHECK = 60.0


def database_problem(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        connections[alias].close()
        text = str(error).strip()
        return f"unreachable: {text.splitlines()[0] if text else type(error).__name__}"
    return ""


def unapplied_migrations(alias: str = "default") -> list[str]:
    global _migrated_at
    if _migrated_at is not None and time.monotonic() - _migrated_at < MIGRATIONS_RECHECK:
        return []
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    missing = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    _migrated_at = None if missing else time.monotonic()
    return missing


@never_cache
def healthz(request):
    checks: dict[str, dict] = {}
    problem = database_problem()
    checks["database"] = {"ok": not problem, **({"problem": problem} if problem else {})}
    if problem:
        checks["migrations"] = {"ok": False, "problem": "not checked: the database is unreachable"}
    else:
        try:
            missing = unapplied_migrations()
        except DatabaseError as error:
            missing = [f"cannot read the migrations table: {error}"]
        checks["migrations"] = {"ok": not missing}
        if missing:
            checks["migrations"]["problem"] = (
                f"{len(missing)} not applied (run manage.py migrate): {', '.join(missing[:10])}"
            )
    if replicas.configured():
        checks["replicas"] = replicas.report()
    healthy = checks["database"]["ok"] and checks["migrations"]["ok"]
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
    if not healthy:
        from django.conf import settings

        response["Retry-After"] = str(settings.ARCHIVE_RETRY_AFTER)
    return response
