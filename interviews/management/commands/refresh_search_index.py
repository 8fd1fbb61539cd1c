"""Tidy the full-text index after a bulk load (or rebuild it with --rebuild)."""

from django.core.management.base import BaseCommand, CommandError

from interviews.search import index_problems, refresh_index


class Command(BaseCommand):
    help = (
        "Merge the search index after a bulk load: GIN pending list and VACUUM ANALYZE on "
        "PostgreSQL, FTS5 optimize and ANALYZE on SQLite. --rebuild re-indexes every turn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="re-index every turn")
        parser.add_argument("--database", default="default")

    def handle(self, *args, rebuild=False, database="default", **options):
        problems = index_problems(using=database)
        if problems and not rebuild:
            raise CommandError(" ".join(problems))
        for step in refresh_index(using=database, rebuild=rebuild):
            self.stdout.write(step)
