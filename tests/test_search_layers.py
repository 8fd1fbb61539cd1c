"""The search package is below the web layer: the web turns a request into SearchParams
and calls search(); nothing in interviews/search/ may import the views, forms or filters
(nor the API, which is web too), not even inside a function."""

import ast
from pathlib import Path

import pytest

import interviews.search

PACKAGE = "interviews.search"
WEB = ("interviews.views", "interviews.forms", "interviews.filters", "interviews.api")
SEARCH_DIR = Path(interviews.search.__file__).parent


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module named by an import statement anywhere in `source` (relative ones
    resolved against `module`), and every `from X import name` also as `X.name`, since
    the name may be a submodule."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - node.level + 1]
                target = ".".join(parent + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def web_imports(names: set[str]) -> set[str]:
    return {n for n in names if any(n == w or n.startswith(w + ".") for w in WEB)}


def search_modules():
    for path in sorted(SEARCH_DIR.rglob("*.py")):
        relative = path.relative_to(SEARCH_DIR).with_suffix("")
        parts = [] if relative.name == "__init__" else [relative.name]
        name = ".".join([PACKAGE, *relative.parent.parts, *parts])
        yield name, path, relative.name == "__init__"


def test_the_search_package_has_modules_to_check():
    names = {name for name, _, _ in search_modules()}
    assert {PACKAGE, f"{PACKAGE}.service", f"{PACKAGE}.params"} <= names


@pytest.mark.parametrize(("name", "path", "is_package"), list(search_modules()))
def test_no_search_module_imports_the_web_layer(name, path, is_package):
    names = imported_modules(path.read_text(encoding="utf-8"), name, is_package)
    assert not web_imports(names), f"{path.name} imports {sorted(web_imports(names))}"


@pytest.mark.parametrize(
    "source",
    [
        "from ..filters import TurnSearchFilter",
        "def f():\n    from .. import filters\n",
        "import interviews.views.search",
        "from interviews.forms.editing import X",
        "from ..api.searching import search_window",
    ],
)
def test_the_check_sees_a_web_import_however_it_is_written(source):
    assert web_imports(imported_modules(source, f"{PACKAGE}.service"))


def test_the_check_leaves_the_package_own_imports_alone():
    source = "from . import analysis\nfrom ..models import Turn\nfrom .query import Query\n"
    assert imported_modules(source, f"{PACKAGE}.service") >= {
        f"{PACKAGE}.analysis",
        "interviews.models.Turn",
        f"{PACKAGE}.query",
    }
    assert not web_imports(imported_modules(source, f"{PACKAGE}.service"))
