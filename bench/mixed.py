"""A mixed load for a fixed time: readers browsing, searchers, and an editor importing.

Readers follow the pages a person reads (home, the interview list and its pages, an
interview, a quote, a speaker, outlets, topics), searchers run the benchmark's searches
and single words, and one editor signs in and imports documents through the browser's
forms (upload, the preview, save), one after another, each a new interview, so that
the archive's revision moves and the readers' cached pages are rendered afresh while
they read. Every client is a thread with its own keep-alive connection; each answer
other than the expected one (200, or the editor's redirects) is an error.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from .stats import percentile

EDITOR = "bench-editor"
EDITOR_PASSWORD = "benchmark editor password 42"
WORDS = ["people", "security", "economy", "president", "gobierno", "health", "war", "trade"]


class Client:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.close()
        return response.status, dict(response.getheaders()), data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class FormFields(HTMLParser):
    """The fields a browser would send with a page's forms, as the page set them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def _csrf(body: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return match.group(1).decode() if match else ""


def _multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: text/plain\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Editor:
    """Signs in, then imports new documents through the browser's forms, one at a time."""

    def __init__(self, client: Client, documents: list[Path]):
        self.client = client
        self.documents = documents
        self.imported = 0

    def sign_in(self) -> None:
        _, _, body = self.client.request("GET", "/accounts/login/")
        form = urlencode(
            {
                "csrfmiddlewaretoken": _csrf(body),
                "username": EDITOR,
                "password": EDITOR_PASSWORD,
                "next": "/edit/",
            }
        ).encode()
        status, _, _ = self.client.request(
            "POST",
            "/accounts/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://localhost/"},
        )
        if status != 302:
            raise RuntimeError(f"the benchmark editor could not sign in (HTTP {status})")

    def one_import(self, number: int) -> list[tuple[str, int, float, bool]]:
        """Upload, preview, save: (step, status, ms, as expected) for each request."""
        steps = []

        def timed(step, method, path, body=None, headers=None, expect=(200,)):
            t0 = time.perf_counter()
            status, head, data = self.client.request(method, path, body, headers)
            steps.append((step, status, (time.perf_counter() - t0) * 1000, status in expect))
            return status, head, data

        source = self.documents[number % len(self.documents)]
        text = source.read_text(encoding="utf-8")
        # A new title and address (and so new bytes): every import makes a new interview
        # rather than updating the one the sample document already made.
        mark = uuid.uuid4().hex[:8]
        text = re.sub(r"^URL: (\S+)$", rf"URL: \1?copy={mark}", text, count=1, flags=re.M)
        text = re.sub(
            r"^Title: (.*)$",
            rf"Title: \1 (mixed load {mark})",
            text,
            count=1,
            flags=re.M,
        )
        status, _, body = timed("editor: import page", "GET", "/edit/")
        payload, content_type = _multipart(
            [("csrfmiddlewaretoken", _csrf(body)), ("text", "")],
            [("documents", f"mixed-{number}.txt", text.encode())],
        )
        status, head, _ = timed(
            "editor: upload",
            "POST",
            "/edit/",
            payload,
            {"Content-Type": content_type, "Referer": "http://localhost/edit/"},
            expect=(302,),
        )
        review = head.get("Location", "")
        if status != 302 or "/edit/review/" not in review:
            return steps
        status, _, body = timed("editor: preview", "GET", review)
        parser = FormFields()
        parser.feed(body.decode("utf-8", "replace"))
        fields = [(k, v) for k, v in parser.fields if k != "action"] + [("action", "save")]
        status, head, _ = timed(
            "editor: save",
            "POST",
            review,
            urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://localhost/"},
            expect=(302,),
        )
        if status == 302 and "/interviews/" in head.get("Location", ""):
            self.imported += 1
        elif status == 302:
            steps[-1] = (*steps[-1][:3], False)  # saved nowhere: sent back to the preview
        return steps


def reader_paths(client: Client) -> list[str]:
    """Addresses a reader may visit, gathered from the pages themselves."""
    paths = ["/", "/interviews/", "/interviews/?page=2", "/interviews/?page=3", "/speakers/"]
    paths += ["/sources/", "/topics/"]
    for page in ("/interviews/", "/interviews/?page=4", "/speakers/"):
        _, _, body = client.request("GET", page)
        paths += sorted(
            set(
                re.findall(
                    r'href="(/(?:interviews|speakers|sources|topics)/[a-z0-9-]+/)"', body.decode()
                )
            )
        )[:40]
    interviews = [p for p in paths if p.startswith("/interviews/") and p.count("/") == 3]
    for path in interviews[:10]:
        _, _, body = client.request("GET", path)
        paths += re.findall(r'href="(/interviews/[a-z0-9-]+/t/[a-z0-9]+/)"', body.decode())[:3]
    return paths


def search_paths(mix: list[dict]) -> list[str]:
    paths = ["/search/?" + urlencode(params, doseq=True) for params in mix]
    paths += [f"/search/?q={word}" for word in WORDS]
    paths += [f"/search/?q={word}&sort=newest" for word in WORDS[:3]]
    return paths


def run(
    host: str,
    port: int,
    *,
    seconds: int,
    readers: int,
    searchers: int,
    documents: list[Path],
    mix: list[dict],
) -> dict:
    rng = random.Random(20250101)
    setup = Client(host, port)
    reading = reader_paths(setup)
    searching = search_paths(mix)
    setup.close()
    results: dict[str, list] = {"reader": [], "searcher": [], "editor": []}
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def browse(kind: str, paths: list[str], seed: int) -> None:
        local = random.Random(seed)
        client = Client(host, port)
        mine = []
        while time.perf_counter() < stop:
            path = local.choice(paths)
            t0 = time.perf_counter()
            try:
                status, _, _ = client.request("GET", path)
            except (OSError, http.client.HTTPException) as error:
                status = 0
                with lock:
                    failures.append(f"{kind} {path}: {error}")
            ok = status == 200
            if not ok and status:
                with lock:
                    failures.append(f"{kind} {path}: HTTP {status}")
            mine.append((kind, status, (time.perf_counter() - t0) * 1000, ok))
        client.close()
        with lock:
            results[kind].extend(mine)

    def edit() -> None:
        client = Client(host, port)
        editor = Editor(client, documents)
        editor.sign_in()
        number = 0
        mine = []
        while time.perf_counter() < stop:
            try:
                steps = editor.one_import(number)
            except (OSError, http.client.HTTPException) as error:
                steps = [("editor", 0, 0.0, False)]
                with lock:
                    failures.append(f"editor: {error}")
            for step in steps:
                if not step[3]:
                    with lock:
                        failures.append(f"{step[0]}: HTTP {step[1]}")
            mine.extend(steps)
            number += 1
        client.close()
        with lock:
            results["editor"].extend(mine)
            results["imports"] = editor.imported

    threads = [
        threading.Thread(target=browse, args=("reader", reading, rng.random()))
        for _ in range(readers)
    ]
    threads += [
        threading.Thread(target=browse, args=("searcher", searching, rng.random()))
        for _ in range(searchers)
    ]
    threads.append(threading.Thread(target=edit))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    out: dict = {
        "seconds": round(duration, 1),
        "clients": {"readers": readers, "searchers": searchers, "editor": 1},
        "documents_imported": results.get("imports", 0),
        "failures": failures[:20],
    }
    everything = []
    for kind in ("reader", "searcher", "editor"):
        rows = results[kind]
        everything += rows
        out[kind] = _summary(rows, duration)
    out["all"] = _summary(everything, duration)
    return out


def _summary(rows: list[tuple], duration: float) -> dict:
    times = [ms for _, _, ms, _ in rows]
    return {
        "requests": len(rows),
        "requests_per_s": round(len(rows) / duration, 1) if duration else 0,
        "errors": sum(1 for row in rows if not row[3]),
        "p50_ms": _r(percentile(times, 50)),
        "p99_ms": _r(percentile(times, 99)),
        "max_ms": _r(max(times) if times else None),
    }


def _r(value):
    return None if value is None else round(value, 1)
