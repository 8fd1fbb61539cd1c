"""python manage.py load_people FILE.json: load the people registry (Popolo JSON)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.people.registry import RegistryError, load_registry


class Command(BaseCommand):
    help = (
        "Load people, their other names, offices and memberships from a Popolo JSON file. "
        "Idempotent; run resolve_speakers afterwards to apply it to interviews already stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        try:
            result = load_registry(data)
        except RegistryError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f"{result.created} people created, {result.adopted} archive speakers linked, "
            f"{result.updated} updated; {result.offices} offices, {result.memberships} "
            f"memberships, {result.names} other names"
        )
