"""python manage.py load_sources FILE.json: add known outlets and publishers, or fill in their details."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interviews.models import Source
from interviews.parsing.text import fold

FIELDS = ("short_name", "aliases", "domains", "url", "description", "jurisdiction")


class Command(BaseCommand):
    help = "Load a list of sources (outlets, publishers). Existing sources keep what editors set."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        created = updated = 0
        with transaction.atomic():
            for entry in entries:
                name = entry.get("name", "").strip()
                if not name:
                    raise CommandError(f"{path}: every source needs a name")
                source = Source.objects.filter(name_key=fold(name)).first()
                if source is None:
                    source = Source(name=name, **{f: entry[f] for f in FIELDS if f in entry})
                    source.save()
                    created += 1
                    continue
                changed = False
                for field in FIELDS:
                    if entry.get(field) and not getattr(source, field):
                        setattr(source, field, entry[field])
                        changed = True
                if changed:
                    source.save()
                    updated += 1
        self.stdout.write(
            f"{created} sources created, {updated} completed, {len(entries) - created - updated} unchanged"
        )
