"""The archive under gunicorn, as it is deployed: DEBUG off, whitenoise for static files."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

from .config import ROOT, WORK


@dataclass
class ServerConfig:
    workers: int = 4
    threads: int = 2
    worker_class: str = "gthread"
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    # A cache shared by the workers (ARCHIVE_CACHE_URL); "" for each worker's own.
    cache_url: str = ""

    def describe(self) -> dict:
        return {
            "server": "gunicorn",
            "workers": self.workers,
            "threads": self.threads,
            "worker_class": self.worker_class,
            "settings": "DEBUG=0, CONN_MAX_AGE=600, whitenoise static files",
            "cache": f"shared, {self.cache_url}" if self.cache_url else "each worker's own",
        }


def server_env(database_url: str, cache_url: str = "") -> dict:
    env = dict(os.environ)
    env.pop("ARCHIVE_CACHE_URL", None)
    if cache_url:
        # A prefix of its own per server: every run starts with an empty cache.
        env.update(ARCHIVE_CACHE_URL=cache_url, ARCHIVE_CACHE_PREFIX=f"bench-{uuid.uuid4().hex}")
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="benchmark-only-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="600",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
        # Every search through the server counts its facets afresh: the figures are those of
        # the searches, not of facets kept from the one before (bench/phase.py measures that).
        ARCHIVE_SEARCH_FACET_CACHE="0",
    )
    return env


def collectstatic(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
    )


def reachable_cache(url: str) -> str:
    """`url` if a Redis server answers there, else "" (the shared-cache step is left out)."""
    if not url:
        return ""
    try:
        import redis

        return url if redis.Redis.from_url(url, socket_connect_timeout=0.5).ping() else ""
    except Exception:
        return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    config: ServerConfig
    database_url: str
    process: subprocess.Popen | None = None
    port: int = 0
    log: list[str] = field(default_factory=list)

    def __enter__(self) -> Server:
        self.port = self.config.port or _free_port()
        WORK.mkdir(parents=True, exist_ok=True)
        self.logfile = open(WORK / "gunicorn.log", "ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "archive.wsgi",
                "--bind",
                f"{self.config.host}:{self.port}",
                "--workers",
                str(self.config.workers),
                "--threads",
                str(self.config.threads),
                "--worker-class",
                self.config.worker_class,
                "--backlog",
                "2048",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=server_env(self.database_url, self.config.cache_url),
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
            try:
                status, _ = self.get("/static/favicon.svg")
                if status:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.logfile.close()

    @property
    def base(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    def get(self, path: str, timeout: float = 120) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.config.host, self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def static_path(self) -> str:
        """The stylesheet's address as the pages link it (hashed by the manifest storage)."""
        _, body = self.get("/")
        match = re.search(rb'href="(/static/[^"]+\.css)"', body)
        return match.group(1).decode() if match else "/static/favicon.svg"


def paired_requests(
    server: Server, paths: dict[str, str], repeats: int, warmup: int = 2
) -> dict[str, tuple[int, list[float]]]:
    """The same search by several ways (the page, the API), interleaved: round N asks each
    way once with the same `fresh=N`, so that no way is answered from the page cache and
    every way sees the same load at the same moment; the way that goes first rotates with
    each round, so that neither profits more from what the other left warm. One keep-alive
    connection (one worker) for all, `warmup` rounds unrecorded.

    Returns each way's status (the first that was not 200, else 200) and its timings; a
    way that failed is asked no more.
    """
    names = list(paths)
    timings: dict[str, list[float]] = {name: [] for name in names}
    status = dict.fromkeys(names, 200)
    conn = http.client.HTTPConnection(server.config.host, server.port, timeout=120)
    try:
        for attempt in range(warmup + repeats):
            turn = attempt % len(names)
            for name in names[turn:] + names[:turn]:
                if status[name] != 200:
                    continue
                path = paths[name]
                asked = path + ("&" if "?" in path else "?") + f"fresh={attempt}"
                t0 = time.perf_counter()
                conn.request("GET", asked)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status != 200:
                    status[name] = response.status
                    timings[name] = []
                elif attempt >= warmup:
                    timings[name].append(elapsed)
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(server.config.host, server.port, timeout=120)
    finally:
        conn.close()
    return {name: (status[name], timings[name]) for name in names}
