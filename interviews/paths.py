"""Which files a list of paths, folders and glob patterns names."""

from __future__ import annotations

import glob
from pathlib import Path

from .parsing.formats import SUPPORTED_SUFFIXES

SKIPPED_NAMES = ("readme", "license", "licence", "copying", "attribution", "notice")


def expand_paths(arguments: list[str]) -> tuple[list[Path], list[str]]:
    """Files to import, and the arguments that named nothing.

    Folders are walked recursively for supported documents; their READMEs, licences and
    hidden files are left out, while a file named explicitly is always tried.
    """
    files: list[Path] = []
    missing: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(_walk(path))
        elif any(c in argument for c in "*?["):
            matches = sorted(Path(m) for m in glob.glob(argument, recursive=True))
            found = [m for m in matches if m.is_file()]
            for folder in (m for m in matches if m.is_dir()):
                found.extend(_walk(folder))
            if found:
                files.extend(found)
            else:
                missing.append(argument)
        else:
            missing.append(argument)
    return list(dict.fromkeys(files)), missing


def _walk(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(
            part.startswith(".") for part in path.relative_to(folder).parts
        ):
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES - {""}:
            continue
        if path.stem.lower().startswith(SKIPPED_NAMES):
            continue
        found.append(path)
    return found
