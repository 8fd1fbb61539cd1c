"""The databases a run uses: a fresh `bench_<size>` PostgreSQL database, a SQLite file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .config import WORK

POSTGRES, SQLITE = "postgresql", "sqlite"


@dataclass
class Target:
    vendor: str
    url: str
    name: str  # database name or file path

    @property
    def label(self) -> str:
        return "PostgreSQL" if self.vendor == POSTGRES else "SQLite"


def targets(which: str, size: str, pg_server: str) -> list[Target]:
    chosen = []
    suffix = re.sub(r"\W", "_", size)
    if which in ("both", POSTGRES, "postgres", "pg"):
        name = f"bench_{suffix}"
        chosen.append(Target(POSTGRES, f"{pg_server.rstrip('/')}/{name}", name))
    if which in ("both", SQLITE):
        path = WORK / f"bench-{size}.sqlite3"
        chosen.append(Target(SQLITE, f"sqlite:///{path}", str(path)))
    if not chosen:
        raise SystemExit(f"unknown --db {which!r}: use both, postgresql or sqlite")
    return chosen


def reset(target: Target, pg_server: str) -> None:
    """Drop and create the database (PostgreSQL), or delete the file (SQLite)."""
    if target.vendor == SQLITE:
        path = Path(target.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        return
    if not target.name.startswith("bench_"):
        raise SystemExit(f"refusing to drop {target.name}: benchmark databases start with bench_")
    import psycopg

    with psycopg.connect(f"{pg_server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{target.name}\" ENCODING 'UTF8' TEMPLATE template0")


# The settings the figures depend on most; a packaged server's defaults are sized for a small
# machine (128 MB of shared buffers), and measuring on them looks like a slow search.
SETTINGS = ("shared_buffers", "effective_cache_size", "work_mem", "random_page_cost", "jit")
UNTUNED = {"shared_buffers": "128MB", "work_mem": "4MB", "random_page_cost": "4"}


def postgres_server(pg_server: str) -> tuple[str, dict[str, str]] | None:
    """The server's version and SETTINGS, or None when it does not answer."""
    try:
        import psycopg

        with psycopg.connect(f"{pg_server.rstrip('/')}/postgres", connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            return version, {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in SETTINGS}
    except Exception:
        return None


def untuned(settings: dict[str, str]) -> list[str]:
    """The settings still at a packaged server's defaults."""
    return [name for name, default in UNTUNED.items() if settings.get(name) == default]
