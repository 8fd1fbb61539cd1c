"""Load IPTC Media Topics and the gazetteer of places and organisations.

    manage.py load_topics                  # the shipped release
    manage.py load_topics --vocabulary cptall-x-all.json   # another release (SKOS JSON-LD)

Idempotent: a second run changes nothing; a newer release updates labels, hierarchy
and retirements in place. Then `manage.py retag` re-applies tagging.
"""

from django.core.management.base import BaseCommand

from interviews.subjects.load import load_gazetteer, load_vocabulary
from interviews.tagging import CREDIT


class Command(BaseCommand):
    help = "Load the topic vocabulary (IPTC Media Topics), places and organisations."

    def add_arguments(self, parser):
        parser.add_argument("--vocabulary", help="a Media Topics release (SKOS as JSON-LD)")

    def handle(self, *args, **options):
        topics = load_vocabulary(options.get("vocabulary"))
        entities = load_gazetteer()
        self.stdout.write(
            f"topics: {topics['topics']:,} ({topics['created']} created, "
            f"{topics['updated']} updated); places and organisations: "
            f"{entities['entities']:,} ({entities['created']} created, "
            f"{entities['updated']} updated)"
        )
        self.stdout.write(CREDIT)
