"""Searches per second at N concurrent clients through gunicorn.

Each client is a thread with its own keep-alive connection that runs the searches of
the mix and of the random set, one after another from its own starting point, for a fixed
time; every level of N starts after one unrecorded second of the same load. Reported per
N: requests, requests/s, errors (any answer but 200), p50/p95/p99. Figures only: nothing
here is judged.
"""

from __future__ import annotations

import threading
import time

from .mixed import Client
from .stats import percentile


def run(host: str, port: int, paths: list[str], clients: int, seconds: float) -> dict:
    timings: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = threading.Event()
    recording = threading.Event()

    def client(number: int) -> None:
        connection = Client(host, port)
        position = number * max(1, len(paths) // clients)
        try:
            while not stop.is_set():
                path = paths[position % len(paths)]
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
