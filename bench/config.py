"""Sizes, paths and defaults shared by the benchmark's steps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"  # databases, logs, extracted corpus (git-ignored)
DATA = BENCH / "data"  # generated documents and the parsed turn pool (git-ignored)
RESULTS = BENCH / "results"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bench"
DEFAULT_SEED = 20250101
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Size:
    name: str
    interviews: int  # generated documents
    pool_documents: int  # real documents parsed for their turns (0: all of them)
    turns_min: int  # turns per generated interview, uniformly drawn
    turns_max: int
    sample: int  # documents imported one by one through import_document at full size
    search_repeats: int  # timed runs per query kind (after one warm-up)
    naive_repeats: int  # timed naive runs per kind (after one warm-up if naive_warmup)
    load_seconds: int  # per page in the concurrent page-load test
    bulk: bool  # load the corpus through the bulk path (else import_document for all)
    naive_warmup: bool = True
    naive_timeout_s: int = 300  # a naive search taking longer is recorded as a timeout
    random_searches: int = 100  # the seeded random set, each search timed once
    # Rounds per kind of the page and the API interleaved through gunicorn (after two
    # unrecorded): enough that a p95 is not one or two slow requests' (at 40 rounds, one
    # request slowed by other work on the shared machine moved a kind's p95 by 1.3-1.7x).
    http_pairs: int = 80


SIZES = {
    "smoke": Size("smoke", 40, 40, 8, 24, 5, 2, 1, 2, False, random_searches=10, http_pairs=2),
    "small": Size("small", 1_000, 300, 12, 48, 50, 10, 3, 8, False),
    "10k": Size("10k", 10_000, 0, 12, 48, 200, 20, 2, 15, True, random_searches=200, http_pairs=30),
    # A naive search scans gigabytes here: one cold run each, cut off after 5 minutes.
    "100k": Size(
        "100k",
        100_000,
        0,
        12,
        48,
        200,
        20,
        1,
        20,
        True,
        naive_warmup=False,
        random_searches=200,
        http_pairs=20,
    ),
}
