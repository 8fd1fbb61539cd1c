"""python manage.py import_archive FILE: restore an export into an empty archive."""

from django.core.management.base import BaseCommand, CommandError

from interviews.backup import BackupError, import_archive, open_for
from interviews.consistency import check_archive


class Command(BaseCommand):
    help = (
        "Restore FILE, written by export_archive on either database, into this archive, "
        "which must be migrated and empty; all or nothing. Then check every stored count."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An export: .jsonl or .jsonl.gz.")

    def handle(self, *args, **options):
        try:
            with open_for(options["file"], "r") as stream:
                counts = import_archive(stream, name=options["file"])
        except FileNotFoundError as error:
            raise CommandError(f"{options['file']}: no such file") from error
        except (BackupError, UnicodeDecodeError, OSError, EOFError) as error:
            raise CommandError(f"nothing was restored: {error}") from error
        drifts = check_archive(fix=False)
        rows = sum(counts.values())
        self.stdout.write(f"{rows:,} rows restored from {options['file']}")
        if drifts:
            raise CommandError(
                "restored, but stored counts disagree with the rows: "
                + "; ".join(map(str, drifts))
                + " (run check_archive --fix)"
            )
        self.stdout.write("The archive is consistent: every stored count and copy agrees.")
