"""Sign-in lock-out, the content security policy, the HTTPS switch and `check --deploy`,
and uploads refused by type before they are read."""

from __future__ import annotations

import html
import logging
import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import yaml
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.editing.accounts import make_editor
from interviews.models import PendingImport

from .conftest import ROOT, SEED

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return make_editor("alice", password=PASSWORD)[0]


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_for_the_cool_off_and_are_logged(
    client, editor, settings, caplog
):
    caplog.set_level(logging.INFO, logger="axes")
    axes_log = logging.getLogger("axes")  # it has its own handler (archive/settings.py)
    axes_log.addHandler(caplog.handler)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "alice", "wrong").status_code == 200
    locked = sign_in(client, "alice", "wrong")
    assert locked.status_code == 429
    assert "Sign-in is paused" in locked.content.decode()
    # Locked even with the right password, and from another address: per account.
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    assert sign_in(client, "alice", PASSWORD, address="10.9.9.9").status_code == 429
    assert any("alice" in r.getMessage() and "10.0.0.1" in r.getMessage() for r in caplog.records)
    assert any("locking out" in r.getMessage().lower() for r in caplog.records)
    # After the cool-off the right password works again.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    signed_in = sign_in(client, "alice", PASSWORD)
    assert signed_in.status_code == 302
    axes_log.removeHandler(caplog.handler)


def test_wrong_passwords_for_many_accounts_lock_the_address(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong", address="10.0.0.7")
    assert sign_in(client, "alice", PASSWORD, address="10.0.0.7").status_code == 429
    # Another address is not affected.
    assert sign_in(client, "alice", PASSWORD, address="10.0.0.8").status_code == 302


def test_the_address_behind_a_trusted_proxy_is_the_one_it_saw(rf, settings):
    from archive.clientip import client_ip

    settings.ARCHIVE_TRUSTED_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "10.1.2.3"  # the client can forge the left-hand entries
    settings.ARCHIVE_TRUSTED_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"


def test_every_page_has_a_content_security_policy_without_inline_code(client, seed_interview):
    for path in (
        "/",
        seed_interview.get_absolute_url(),
        "/search/?q=coalition",
        "/accounts/login/",
    ):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        body = response.content.decode()
        assert "<script>" not in body and " style=" not in body, path


def test_archive_https_redirects_sets_hsts_and_secure_cookies(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = True
    plain = client.get("/interviews/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200  # health checks come over plain HTTP
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert secure.cookies["csrftoken"]["secure"]


def _production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "ARCHIVE_"))}
    # The browser tests allow async-unsafe calls in this process: production does not.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URLS"):
        env.pop(name, None)
    for line in (ROOT / "deploy" / "production.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def test_check_deploy_passes_under_the_documented_production_environment():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_without_archive_https_check_deploy_does_warn():
    env = _production_env()
    env["ARCHIVE_HTTPS"] = "0"
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "security.W004" in done.stderr + done.stdout  # HSTS
    assert "security.W008" in done.stderr + done.stdout  # SSL redirect


def test_uploads_are_refused_by_type_before_they_are_read(client, editor):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        SimpleUploadedFile("fake.docx", b"this is plain text"),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        SimpleUploadedFile(SEED.name, SEED.read_bytes()),
    ]
    response = client.post(reverse("editing:import"), {"documents": files})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "unsupported file type '.exe' (not read)" in body
    assert "not a Word (.docx) file" in body
    assert "this is a binary file (an image), not a .txt text file" in body
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == [SEED.name]


def test_the_compose_file_checks_the_app_through_healthz_and_migrates_once():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["environment"]["DATABASE_PGBOUNCER"] == "1"
    assert "replica" in services["replica"]["profiles"]
    # The workers share one page cache, a service of the same file that is up first.
    cache_host = services["web"]["environment"]["ARCHIVE_CACHE_URL"].split("//")[1].split(":")[0]
    assert cache_host in services and services["web"]["depends_on"][cache_host]
    ini = (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text()
    assert "pool_mode = transaction" in ini
