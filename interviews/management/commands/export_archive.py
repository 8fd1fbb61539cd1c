"""python manage.py export_archive FILE: the whole archive as versioned JSON Lines."""

import sys

from django.core.management.base import BaseCommand

from interviews.backup import export_archive, open_for


class Command(BaseCommand):
    help = (
        "Write the whole archive (sources, people, interviews, turns with their permalink "
        "keys, topics, editors' history and accounts) to FILE as JSON Lines; FILE.gz is "
        "compressed, - writes to standard output. interviews/backup.py documents the format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write: a path (.jsonl or .jsonl.gz) or -.")

    def handle(self, *args, **options):
        if options["file"] == "-":
            counts = export_archive(sys.stdout)
        else:
            with open_for(options["file"], "w") as out:
                counts = export_archive(out)
        rows = sum(counts.values())
        summary = ", ".join(f"{n:,} {label.split('.')[1]}" for label, n in counts.items() if n)
        self.stderr.write(f"{rows:,} rows written: {summary}")
