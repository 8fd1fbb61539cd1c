"""python manage.py speakers_report [--top N] [--json]: speakers that look wrong, with figures."""

import json

from django.core.management.base import BaseCommand

from interviews.models import Speaker
from interviews.people.report import build_report


class Command(BaseCommand):
    help = (
        "Suspect speakers for editors: one-word names, names that begin with a title, "
        "unresolved labels, and clusters that may be one person."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--top", type=int, default=0, help="Also list the N most quoted people."
        )
        parser.add_argument("--limit", type=int, default=30, help="Clusters and suspects shown.")
        parser.add_argument("--json", action="store_true", help="Everything as JSON.")

    def handle(self, *args, **options):
        report = build_report()
        top = list(
            Speaker.objects.people()
            .filter(turn_count__gt=0)
            .order_by("-turn_count", "name_key")[: options["top"]]
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "figures": report.figures(),
                        "clusters": [
                            {
                                "reasons": c.reasons,
                                "speakers": [_row(s) for s in c.speakers],
                            }
                            for c in report.clusters
                        ],
                        "suspects": [
                            {**_row(s.speaker), "reasons": s.reasons} for s in report.suspects
                        ],
                        "top": [_row(s) for s in top],
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
            return
        for name, value in report.figures().items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")
        limit = options["limit"]
        if report.clusters:
            self.stdout.write(f"\nMay be one person ({len(report.clusters)} clusters):")
            for cluster in report.clusters[:limit]:
                names = "; ".join(f"{s.name} ({s.turn_count})" for s in cluster.speakers)
                self.stdout.write(f"  {names} — {', '.join(cluster.reasons)}")
        if report.suspects:
            self.stdout.write(f"\nSuspect names ({len(report.suspects)}):")
            for suspect in report.suspects[:limit]:
                self.stdout.write(
                    f"  {suspect.speaker.name} ({suspect.speaker.turn_count}): "
                    f"{', '.join(suspect.reasons)}"
                )
        if top:
            self.stdout.write(f"\nThe {len(top)} most quoted people:")
            for rank, speaker in enumerate(top, 1):
                self.stdout.write(f"  {rank:3d}. {speaker.name}\t{speaker.turn_count}")


def _row(speaker: Speaker) -> dict:
    return {
        "id": speaker.pk,
        "slug": speaker.slug,
        "name": speaker.name,
        "person": speaker.person_id or None,
        "turns": speaker.turn_count,
        "interviews": speaker.interview_count,
    }
