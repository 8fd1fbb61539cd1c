"""PostgreSQL clusters of our own on loopback ports: a throwaway primary, a streaming replica.

The tests that stop a database (the site while its database is down, a replica that
goes away) stop only clusters made here, never the shared server. Used by the tests and
by .ci/run:

    python -m tests.clusters replica DIR PORT [--primary-port 5432]   # make and start
    python -m tests.clusters stop DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

OWNER = "postgres"  # PostgreSQL refuses to run as root


def bindir() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "pg_ctl").exists():
            return candidate
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


def available() -> bool:
    return bindir() is not None and (os.geteuid() != 0 or shutil.which("runuser") is not None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_owner(command), check=True, capture_output=True, text=True, **kwargs)


def _own(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    if os.geteuid() == 0:
        shutil.chown(path, OWNER, OWNER)


class Cluster:
    def __init__(self, directory: Path, port: int):
        self.directory = Path(directory)
        self.port = port

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    @classmethod
    def create(cls, directory: Path, port: int | None = None) -> Cluster:
        """A new, empty cluster (fsync off: it holds nothing worth keeping)."""
        cluster = cls(directory, port or free_port())
        _own(cluster.directory)
        _run(
            [
                str(bindir() / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        cluster._settings(["fsync = off", "synchronous_commit = off", "full_page_writes = off"])
        return cluster

    @classmethod
    def replica_of(
        cls, directory: Path, port: int | None = None, primary_port: int = 5432
    ) -> Cluster:
        """A streaming replica of the server at 127.0.0.1:primary_port (pg_basebackup -R).

        No replication slot: the primary keeps no WAL for it, so a replica that is
        stopped or removed costs the primary nothing.
        """
        cluster = cls(directory, port or free_port())
        _own(cluster.directory)
        _run(
            [
                str(bindir() / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary_port),
                "-U",
                "postgres",
                "-D",
                str(cluster.data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        )
        # Debian keeps a cluster's configuration outside its data directory.
        for name in ("postgresql.conf", "pg_ident.conf"):
            path = cluster.data / name
            if not path.exists():
                _write_owned(path, "")
        _write_owned(
            cluster.data / "pg_hba.conf",
            "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        )
        cluster._settings(["hot_standby = on", "hot_standby_feedback = off"])
        return cluster

    def _settings(self, lines: list[str]) -> None:
        conf = self.data / "postgresql.conf"
        text = conf.read_text() if conf.exists() else ""
        _write_owned(conf, text + "\n" + "\n".join(lines) + "\n")

    def start(self, timeout: float = 300) -> None:
        """Start and wait until it accepts connections (a replica first replays its WAL)."""
        options = " ".join(
            [
                f"-c port={self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.directory}",
                # A copy of the shared server's settings would ask for its memory too.
                "-c shared_buffers=128MB",
                "-c max_connections=300",
                "-c max_wal_senders=10",
                "-c max_worker_processes=16",
                "-c max_locks_per_transaction=128",
                "-c max_prepared_transactions=0",
            ]
        )
        try:
            _run(
                [
                    str(bindir() / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.directory / "log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    str(int(timeout)),
                    "start",
                ]
            )
        except subprocess.CalledProcessError as error:
            raise RuntimeError(
                f"PostgreSQL in {self.data} did not start: {error.stdout}{error.stderr}\n"
                f"{self.log()}"
            ) from error
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = subprocess.run(
                [str(bindir() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
            )
            if done.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL on port {self.port} did not start: see {self.log()}")

    def stop(self, mode: str = "fast") -> None:
        if self.running():
            _run([str(bindir() / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def running(self) -> bool:
        if not (self.data / "postmaster.pid").exists():
            return False
        done = subprocess.run(
            _as_owner([str(bindir() / "pg_ctl"), "-D", str(self.data), "status"]),
            capture_output=True,
        )
        return done.returncode == 0

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def log(self) -> str:
        path = self.directory / "log"
        return path.read_text()[-3000:] if path.exists() else "(no log)"


def _write_owned(path: Path, text: str) -> None:
    path.write_text(text)
    if os.geteuid() == 0:
        shutil.chown(path, OWNER, OWNER)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.clusters")
    sub = parser.add_subparsers(dest="command", required=True)
    replica = sub.add_parser("replica", help="make and start a streaming replica")
    replica.add_argument("directory", type=Path)
    replica.add_argument("port", type=int)
    replica.add_argument("--primary-port", type=int, default=5432)
    stop = sub.add_parser("stop", help="stop a cluster made here and remove it")
    stop.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "replica":
        if args.directory.exists():
            Cluster(args.directory, args.port).remove()
        cluster = Cluster.replica_of(args.directory, args.port, args.primary_port)
        cluster.start()
        print(cluster.url())
    else:
        Cluster(args.directory, 0).remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
