"""Count how often each topic term occurs among the turns of some documents.

    manage.py tagging_stats DOCUMENTS... [--out interviews/tagging/data/term_stats.json]

The tagger weighs a term by its rarity; this writes the counts it reads. Run it on a
large, representative set of documents (the archive's own, exported, or the benchmark
corpus), then `manage.py retag`.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from interviews import parsing
from interviews.paths import expand_paths
from interviews.tagging.profiles import STATS, build_term_stats
from interviews.tagging.taggers import get_tagger


class Command(BaseCommand):
    help = "Count topic terms among the turns of documents, for the tagger's weights."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--out", default=str(STATS))

    def handle(self, *args, **options):
        profiles = get_tagger().profiles

        def turns():
            paths, missing = expand_paths(options["paths"])
            for name in missing:
                self.stderr.write(f"{name}: no such file or folder")
            for path in paths:
                try:
                    parsed = parsing.parse_document(Path(path).read_bytes(), Path(path).name)
                except parsing.ParseError:
                    continue
                for turn in parsed.turns:
                    yield turn.text, (parsed.language or "").split("-")[0]

        stats = build_term_stats(turns(), profiles)
        Path(options["out"]).write_text(json.dumps(stats, sort_keys=True, indent=0) + "\n")
        self.stdout.write(
            f"{stats['turns']:,} turns, {len(stats['df']):,} terms -> {options['out']}"
        )
