"""Searches per second at N concurrent clients through gunicorn.

Each client is a thread with its own keep-alive connection that runs searches for a
fixed time; every level of N starts after one unrecorded second of the same load. Three
kinds of traffic, since search pages are cached by archive revision:

- `fresh`: the searches of the mix and of the random set in turn, each with a parameter
  of its own, so that every request is a search computed anew (the figures of before
  the cache);
- `long tail`: searches drawn, seeded per client, from the same list with Zipf weights
  (the first of the list most often), as readers repeat a few searches and seldom the
  rest; the first request for each fills the cache of the worker that answers it. Each
  level is run twice: *cold*, with nothing cached (the benchmark bumps the archive's
  revision before it, as an import does), and *warm*, right after, with what the cold
  window cached;
- `long tail, shared cache`: the same on a server whose workers share one cache in Redis
  (ARCHIVE_CACHE_URL), when a Redis server answers: a search is then computed once, not
  once per worker.

Reported per N and traffic: requests, requests/s, errors (any answer but 200),
p50/p95/p99. Figures only: nothing here is judged.
"""

from __future__ import annotations

import random
import threading
import time
from itertools import accumulate

from .mixed import Client
from .stats import percentile

FRESH, LONG_TAIL = "fresh", "long tail"
LONG_TAIL_SHARED = "long tail, shared cache"  # a report label: the traffic is LONG_TAIL
SEED = 20261202


def run(
    host: str, port: int, paths: list[str], clients: int, seconds: float, traffic: str = FRESH
) -> dict:
    timings: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = threading.Event()
    recording = threading.Event()

    weights = list(accumulate(1 / rank for rank in range(1, len(paths) + 1)))

    def client(number: int) -> None:
        connection = Client(host, port)
        position = number * max(1, len(paths) // clients)
        draw = random.Random(SEED + number)
        try:
            while not stop.is_set():
                if traffic == LONG_TAIL:
                    path = draw.choices(paths, cum_weights=weights)[0]
                else:
                    path = paths[position % len(paths)]
                    path += ("&" if "?" in path else "?") + f"fresh={number}-{position}"
                position += 1
                t0 = time.perf_counter()
                try:
                    status, _, _ = connection.request("GET", path)
                except OSError:
                    status = 0
                if recording.is_set():
                    timings[number].append((time.perf_counter() - t0) * 1000)
                    if status != 200:
                        errors[number] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # the warm-up second
    recording.set()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started
    every = [t for per in timings for t in per]
    return {
        "clients": clients,
        "traffic": traffic,
        "seconds": round(elapsed, 2),
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1) if elapsed else None,
        "errors": sum(errors),
        "p50_ms": _round(percentile(every, 50)),
        "p95_ms": _round(percentile(every, 95)),
        "p99_ms": _round(percentile(every, 99)),
    }


def _round(value):
    return None if value is None else round(value, 1)
