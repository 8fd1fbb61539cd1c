"""Bulk-import documents into a fresh SQLite database: wall time and CPU time.

    python bench/import_cpu.py ROOT N    # ROOT: a checkout with .venv; N documents of the 10k corpus

CPU time (the writer's, and the parsing processes') is what a change to the import path
costs, whatever else the machine runs; wall time is what a user waits. Run it for two
checkouts one after the other, under the benchmark lock, to compare them.
"""

import glob
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(root: str, count: int) -> None:
    sys.path.insert(0, root)
    os.chdir(root)
    database = tempfile.mktemp(suffix=".sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from interviews.bulk import bulk_import

    call_command("migrate", verbosity=0)
    files = sorted(Path(p) for p in glob.glob(f"{root}/bench/data/corpus-10k-*/*.txt"))[:count]
    started = time.perf_counter()
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    result = bulk_import(files, jobs=2)
    wall = time.perf_counter() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    writer = own_after.ru_utime - own.ru_utime + own_after.ru_stime - own.ru_stime
    parsers = (
        children_after.ru_utime - children.ru_utime + children_after.ru_stime - children.ru_stime
    )
    turns = result.turns
    print(
        f"{root}: {turns} turns, wall {wall:.1f} s = {turns / wall:.0f} turns/s; "
        f"CPU per turn: writer {1e6 * writer / turns:.0f} us, parsers {1e6 * parsers / turns:.0f} us"
    )
    os.remove(database)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
