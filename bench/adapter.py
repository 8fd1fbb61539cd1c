"""The one place that knows how to call the archive's own search without HTTP.

Two hooks, both isolated here so that wiring them is a small change:

- `database_search()` returns a function `run(params) -> int | None` that performs the
  search of one query-mix entry (GET parameters as a dict) through `interviews.search`
  and returns the number of hits it reports (or None), or None when that module is not
  available, with the reason in `UNAVAILABLE`.
- `searchable_probe()` returns `(method, probe)`: `probe(word) -> bool` says whether a
  turn containing `word` is found. It uses the search when it is available, and
  otherwise the naive icontains scan (which is what "searchable" means without an index).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

UNAVAILABLE: dict[str, str] = {}


def database_search() -> Callable[[dict], int | None] | None:
    try:
        module = importlib.import_module("interviews.search")
    except ImportError as error:
        UNAVAILABLE["reason"] = f"interviews.search is not importable ({error})"
        return None
    search = getattr(module, "search", None)
    if not callable(search):
        UNAVAILABLE["reason"] = "interviews.search has no search() to call"
        return None

    def run(params: dict) -> int | None:
        from django.http import QueryDict

        from interviews.filters import search_params

        query = QueryDict(mutable=True)
        for key, value in params.items():
            query.setlist(key, value.split(",") if key == "speaker" else [value])
        result = search(search_params(query))
        # Whatever the result is, make the database do the work of one page.
        page = getattr(result, "object_list", result)
        rows = list(page[:20]) if hasattr(page, "__getitem__") else list(page)
        total = getattr(result, "count", None)
        return total() if callable(total) else (total if total is not None else len(rows))

    return run


def searchable_probe() -> tuple[str, Callable[[str], bool]]:
    run = database_search()
    if run is not None:

        def probe(word: str) -> bool:
            return bool(run({"q": word}))

        return "interviews.search", probe

    from interviews.models import Turn

    def naive(word: str) -> bool:
        return Turn.objects.filter(text__icontains=word).exists()

    return "naive icontains (no search index on this branch)", naive
