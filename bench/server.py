"""The archive under gunicorn, as it is deployed: DEBUG off, whitenoise for static files."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .config import ROOT, WORK


@dataclass
class ServerConfig:
    workers: int = 4
    threads: int = 2
    worker_class: str = "gthread"
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port

    def describe(self) -> dict:
        return {
            "server": "gunicorn",
            "workers": self.workers,
            "threads": self.threads,
            "worker_class": self.worker_class,
            "settings": "DEBUG=0, CONN_MAX_AGE=600, whitenoise static files",
        }


def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="benchmark-only-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="600",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def collectstatic(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
    )


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
            env=server_env(self.database_url),
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


def timed_requests(
    server: Server, path: str, repeats: int, fresh: bool = False
) -> tuple[int, list[float]]:
    """One warm-up, then `repeats` sequential requests on one keep-alive connection.

    `fresh`: each request with a parameter of its own, so that a page the archive caches
    (searches are, by revision) is computed every time.
    """
    conn = http.client.HTTPConnection(server.config.host, server.port, timeout=120)
    timings: list[float] = []
    status = 0
    try:
        for attempt in range(repeats + 1):
            t0 = time.perf_counter()
            asked = path
            if fresh:
                asked += ("&" if "?" in path else "?") + f"fresh={attempt}"
            conn.request("GET", asked)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            status = response.status
            if status != 200:
                return status, []
            if attempt:
                timings.append(elapsed)
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection(server.config.host, server.port, timeout=120)
    finally:
        conn.close()
    return status, timings
