"""`make run` on a fresh clone: the Makefile's `fixtures` lines load and import without a failure."""

import glob
import io
import shlex

import pytest
from django.core.management import call_command

from .conftest import ROOT

pytestmark = pytest.mark.django_db


def fixture_commands() -> list[list[str]]:
    """The manage.py commands of the Makefile's `fixtures` recipe, globs expanded."""
    lines = (ROOT / "Makefile").read_text().split("\nfixtures:", 1)[1].split("\n\n", 1)[0]
    commands = []
    for line in lines.splitlines()[1:]:
        words = shlex.split(line.strip())
        assert words[:2] == ["$(BIN)/python", "manage.py"], line
        expanded = []
        for word in words[2:]:
            expanded += sorted(glob.glob(str(ROOT / word))) if "*" in word else [word]
        commands.append(expanded)
    return commands


def test_the_fixtures_make_run_loads_import_without_a_failure():
    commands = fixture_commands()
    assert [c[0] for c in commands] == [
        "migrate",
        "load_sources",
        "load_people",
        "load_topics",
        "import_interviews",
    ]
    for name, *args in commands[1:]:  # the test database is migrated already
        out = io.StringIO()
        paths = [a if a.startswith("-") or a.startswith("/") else str(ROOT / a) for a in args]
        call_command(name, *paths, stdout=out, stderr=io.StringIO())
    assert "8 created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()
