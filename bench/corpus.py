"""The real documents the generated corpus is made from, and the pool of their parsed turns.

A corpus folder holds `.tar.xz` archives of documents (as in shared/corpus/bench) or the
documents themselves. Archives are unpacked once under bench/work/corpus/. The pool is
what the real parser makes of each document (language, title and turns), cached under
bench/data/ so that generating a corpus does not parse again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import tarfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .config import DATA, ROOT, WORK

DOCUMENT_SUFFIXES = {".txt", ".md"}
MAX_TURN_CHARS = 6000


class CorpusMissing(SystemExit):
    pass


def find_documents(corpus: Path) -> list[Path]:
    """Every document in the corpus folder, in a stable order; archives are unpacked first."""
    if not corpus.is_dir():
        raise CorpusMissing(
            f"benchmark corpus not found at {corpus}\n"
            "  pass --corpus DIR (a folder of .tar.xz archives or of .txt documents),\n"
            "  e.g. make bench CORPUS=/path/to/corpus/bench"
        )
    files: list[Path] = []
    for archive in sorted(corpus.glob("*.tar.xz")):
        files.extend(_unpacked(archive))
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix in DOCUMENT_SUFFIXES and not _skipped(path):
            files.append(path)
    if not files:
        raise CorpusMissing(f"no documents (.tar.xz, .txt, .md) in {corpus}")
    return files


def _skipped(path: Path) -> bool:
    return path.stem.lower().startswith(("readme", "licen", "copying"))


def _unpacked(archive: Path) -> list[Path]:
    stat = archive.stat()
    target = WORK / "corpus" / f"{archive.name.removesuffix('.tar.xz')}-{stat.st_size}"
    done = target / ".unpacked"
    if not done.exists():
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            tar.extractall(target, members=members, filter="data")
        done.touch()
    return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix in DOCUMENT_SUFFIXES)


def choose(files: list[Path], count: int) -> list[Path]:
    """A stable, spread-out subset: every language and outlet, not the first N by name."""
    if not count or count >= len(files):
        return files
    ranked = sorted(files, key=lambda p: hashlib.sha1(p.name.encode()).hexdigest())
    return sorted(ranked[:count])


def _parser_digest() -> str:
    digest = hashlib.sha1()
    for path in sorted((ROOT / "interviews" / "parsing").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_pool(files: list[Path], jobs: int | None = None, log=print) -> list[dict]:
    """Parse the real documents (cached): [{language, title, turns: [[kind, text], ...]}]."""
    key = hashlib.sha1()
    for path in files:
        key.update(f"{path.name}:{path.stat().st_size}\n".encode())
    key.update(_parser_digest().encode())
    cache = DATA / f"pool-{key.hexdigest()[:16]}.json.gz"
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    log(f"parsing {len(files)} real documents for their turns (cached afterwards)")
    jobs = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(jobs, initializer=_quiet) as executor:
        parsed = list(executor.map(_pool_entry, [str(p) for p in files], chunksize=8))
    pool = [entry for entry in parsed if entry and entry["turns"]]
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as handle:
        json.dump(pool, handle, ensure_ascii=False)
    tmp.replace(cache)
    return pool


def _quiet():
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def _pool_entry(path: str) -> dict | None:
    sys.path.insert(0, str(ROOT))
    from interviews.parsing import ParseError, parse_document

    try:
        parsed = parse_document(Path(path).read_bytes(), Path(path).name)
    except ParseError:
        return None
    turns = [
        [turn.kind, turn.text[:MAX_TURN_CHARS]]
        for turn in parsed.turns
        if len(turn.text.strip()) >= 2
    ]
    return {"language": parsed.language or "en", "title": parsed.title, "turns": turns}
