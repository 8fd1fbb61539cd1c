"""Precision and recall of the tagger against the gold set (tests/gold/).

manage.py evaluate_tagging [--gold tests/gold/tagging.yaml] [--documents tests/gold/documents.tar.xz]
                           [--details] [--json]
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from interviews.tagging.evaluation import evaluate, gold_archive, read_archive, read_gold

GOLD = Path(settings.BASE_DIR) / "tests" / "gold"


class Command(BaseCommand):
    help = "Compare the tagger with the gold set built by reading."

    def add_arguments(self, parser):
        gold, documents = gold_archive(GOLD)
        parser.add_argument("--gold", default=str(gold))
        parser.add_argument("--documents", default=str(documents))
        parser.add_argument("--details", action="store_true", help="list every difference")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        report = evaluate(read_gold(options["gold"]), read_archive(options["documents"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(f"{report.documents} documents, {report.turns} turns")
        self.stdout.write(f"{'level':10} {'tags':22} {'precision':>9} {'recall':>7} {'F1':>6}")
        for level, kind, count in report.rows():
            self.stdout.write(
                f"{level:10} {kind:22} {count.precision:9.2f} {count.recall:7.2f} {count.f1:6.2f}"
                f"   ({count.true_positive}/{count.predicted} predicted, {count.gold} gold)"
            )
        for name in report.missing:
            self.stderr.write(f"missing: {name}")
        if options["details"]:
            for line in report.mistakes:
                self.stdout.write("  " + line)
