"""python manage.py import_interviews PATH... [--dry-run] [--json] [--force]"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviews.importing import (
    CREATED,
    FAILED,
    PREVIEW,
    UNCHANGED,
    UPDATED,
    import_document,
)
from interviews.paths import expand_paths
from interviews.people.resolve import Resolver
from interviews.readiness import DatabaseNotReady, check_database


class Command(BaseCommand):
    help = (
        "Import interview documents (text, Markdown, web pages, captions, service exports, "
        "JSON, XML, PDF, Word, OpenDocument, RTF): files, folders or glob patterns."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or glob patterns.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="With --dry-run: print the parse as JSON."
        )
        parser.add_argument(
            "--force", action="store_true", help="Re-import documents already in the archive."
        )
        parser.add_argument("--user", help="Username to record as the importer.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json prints a preview: use it with --dry-run.")
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
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: len(missing), PREVIEW: 0}
        previews = []
        resolver = Resolver()
        progress = self._progress(files, options)
        for path in progress:
            outcome = import_document(
                path.read_bytes(),
                path.name,
                user=user,
                dry_run=options["dry_run"],
                force=options["force"],
                resolver=resolver,
            )
            outcome.file = str(path)
            counts[outcome.status] += 1
            if outcome.error is not None:
                error = outcome.error
                where = f"{path}, line {error.line}" if error.line else str(path)
                self._report(progress, f"{where}: {error.reason}")
            elif options["dry_run"] and not options["json"]:
                self._report(progress, self._describe(outcome), err=False)
            elif options["verbosity"] >= 2:
                self._report(progress, f"{path}: {outcome.status}", err=False)
            if options["json"]:
                previews.append(outcome.as_json())
        if options["json"]:
            self.stdout.write(json.dumps(previews, ensure_ascii=False, indent=2))
        summary = (
            f"{counts[PREVIEW]} parsed, {counts[FAILED]} failed (dry run: nothing written)"
            if options["dry_run"]
            else f"{counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
        )
        (self.stderr if options["json"] else self.stdout).write(summary)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} of {len(files) + len(missing)} documents failed.")

    def _progress(self, files, options):
        show = len(files) > 1 and not options["no_progress"] and sys.stderr.isatty()
        if not show:
            return files
        from tqdm import tqdm

        return tqdm(files, unit="doc", file=sys.stderr, dynamic_ncols=True)

    def _report(self, progress, message, err=True):
        stream = self.stderr if err else self.stdout
        if hasattr(progress, "write"):
            progress.write(message, file=sys.stderr if err else sys.stdout)
        else:
            stream.write(message)

    @staticmethod
    def _describe(outcome):
        parsed = outcome.parsed
        speakers = ", ".join(f"{s.name} ({s.part})" for s in parsed.speakers)
        lines = [
            f"{outcome.file}: {parsed.title!r}, {parsed.date or 'no date'}, "
            f"{len(parsed.turns)} turns; speakers: {speakers}"
        ]
        if outcome.existing is not None:
            lines.append(f"  would update: {outcome.existing.title} ({outcome.existing.slug})")
        lines.extend(f"  warning: {w}" for w in parsed.warnings)
        return "\n".join(lines)
