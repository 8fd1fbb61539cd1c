"""Tag stored interviews again, after the tagger, its term lists or the vocabulary changed.

    manage.py retag                       # every interview
    manage.py retag --interview SLUG ...  # these
    manage.py retag --since 2024-01-01    # imported since a date

Each interview is re-tagged from its stored turns in its own transaction; editors'
choices are applied again on top, so they always win.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from interviews.models import Interview
from interviews.subjects.retag import retag


class Command(BaseCommand):
    help = "Re-apply automatic tagging to stored interviews (editors' choices are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--interview", nargs="*", default=[], help="interview slugs")
        parser.add_argument("--since", help="only those imported on or after this date")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        interviews = Interview.objects.order_by("id")
        if options["interview"]:
            interviews = interviews.filter(slug__in=options["interview"])
        if options["since"]:
            interviews = interviews.filter(imported_at__date__gte=options["since"])
        ids = list(interviews.values_list("id", flat=True))
        bar = tqdm(total=len(ids), unit="interview", disable=options["no_progress"])
        done = retag(ids, on_interview=lambda _id: bar.update(1))
        bar.close()
        self.stdout.write(f"{done:,} interviews tagged again")
