"""python manage.py bulk_import PATH... [--jobs N] [--batch N]"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviews.bulk import bulk_import
from interviews.paths import expand_paths
from interviews.readiness import DatabaseNotReady, check_database


class Command(BaseCommand):
    help = (
        "Import many documents fast: parse on every core, commit in batches. "
        "The result is the same as import_interviews."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or glob patterns.")
        parser.add_argument(
            "--jobs", type=int, default=None, help="Parser processes (default: one per core)."
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="Documents per transaction (default 200)."
        )
        parser.add_argument("--user", help="Username to record as the importer.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        try:
            check_database()
        except DatabaseNotReady as exc:
            raise CommandError(str(exc)) from exc
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        files, missing = expand_paths(options["paths"])
        for argument in missing:
            self.stderr.write(f"{argument}: no such file, folder or matching pattern")
        progress = None
        if len(files) > 1 and not options["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(files), unit="doc", file=sys.stderr, dynamic_ncols=True)
        result = bulk_import(
            files,
            jobs=options["jobs"],
            batch=max(1, options["batch"]),
            user=user,
            on_document=(lambda _outcome: progress.update()) if progress else None,
        )
        if progress is not None:
            progress.close()
        for failure in result.failures:
            self.stderr.write(failure)
        for drift in result.drift:
            self.stderr.write(f"mended after the load: {drift}")
        for merged in result.merged:
            self.stdout.write(f"one person: {merged}")
        counts = result.counts
        rate = result.turns / result.seconds if result.seconds else 0.0
        self.stdout.write(
            f"{counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
            f"{counts.get('unchanged', 0)} unchanged, {counts.get('failed', 0) + len(missing)} "
            f"failed; {result.turns} turns in {result.seconds:.1f} s ({rate:,.0f} turns/s)"
        )
        if counts.get("failed", 0) or missing:
            raise CommandError(
                f"{counts.get('failed', 0) + len(missing)} of {len(files) + len(missing)} "
                "documents failed."
            )
