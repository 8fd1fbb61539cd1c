"""Concurrent clients for a fixed time: wrk when it is installed, else a Python client.

`ensure_wrk()` installs wrk with apt-get when it is missing and the run may (root, apt
present); otherwise the Python client is used and the results say so. wrk is far lighter
than any Python client, which matters on a small machine that also runs the server.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import threading
import time

from .config import WORK
from .stats import percentile

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("WRKJSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
"""


def ensure_wrk(install: bool = True) -> str | None:
    """The path of wrk, installing the Debian package if allowed; None if unavailable."""
    found = shutil.which("wrk")
    if found or not install:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        done = subprocess.run(command, env=env, capture_output=True)
        if done.returncode and command[1] == "install":
            return None
    return shutil.which("wrk")


def wrk_version(wrk: str) -> str:
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    return (done.stdout or done.stderr).strip().splitlines()[0] if done else "wrk"


def run_load(url: str, seconds: int, connections: int, wrk: str | None, threads: int = 2) -> dict:
    if wrk:
        return _wrk(url, seconds, connections, wrk, threads)
    return _python_load(url, seconds, connections)


def _wrk(url: str, seconds: int, connections: int, wrk: str, threads: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / "wrk-report.lua"
    script.write_text(WRK_SCRIPT)
    done = subprocess.run(
        [
            wrk,
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no report: {done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    duration = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / duration, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": errors,
        "error_detail": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def _python_load(url: str, seconds: int, connections: int) -> dict:
    """Threads with keep-alive connections; heavier than wrk, so rates are a lower bound."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    path = "/" + path
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        conn = None
        while time.perf_counter() < stop:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, int(port), timeout=10)
                t0 = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                latencies[index].append((time.perf_counter() - t0) * 1000)
                if response.status >= 400:
                    errors[index] += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    duration = time.perf_counter() - started
    flat = [x for chunk in latencies for x in chunk]
    return {
        "requests": len(flat),
        "requests_per_s": round(len(flat) / duration, 1),
        "p50_ms": _r(percentile(flat, 50)),
        "p95_ms": _r(percentile(flat, 95)),
        "p99_ms": _r(percentile(flat, 99)),
        "max_ms": _r(max(flat) if flat else None),
        "errors": sum(errors),
    }


def _r(value):
    return None if value is None else round(value, 2)


def describe_client(wrk: str | None) -> str:
    if wrk:
        return f"{wrk_version(wrk)} (2 threads)"
    return "Python threads with keep-alive (wrk not installed: rates are a lower bound)"


__all__ = ["describe_client", "ensure_wrk", "run_load"]
