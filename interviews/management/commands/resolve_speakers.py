"""python manage.py resolve_speakers [--speaker SLUG]... [--unresolved] [--dry-run]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviews.models import Participant, Speaker
from interviews.people.mend import resolve_again


class Command(BaseCommand):
    help = (
        "Resolve stored interviews' speakers again, after the people registry or the archive "
        "learnt more. Turns keep their permalinks; each change is one history entry; what "
        "an editor chose is never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--speaker", action="append", default=[], help="Only this speaker's participations."
        )
        parser.add_argument(
            "--unresolved", action="store_true", help="Only speakers marked unresolved."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")
        parser.add_argument("--user", help="Username to record in the history.")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        participants = Participant.objects.filter(
            speaker__kind__in=[Speaker.PERSON, Speaker.ANONYMOUS]
        )
        if options["speaker"]:
            speakers = Speaker.objects.filter(slug__in=options["speaker"])
            missing = set(options["speaker"]) - set(speakers.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No speaker with the address {', '.join(sorted(missing))}.")
            participants = participants.filter(speaker__in=speakers)
        if options["unresolved"]:
            participants = participants.filter(speaker__unresolved=True)
        participants = participants.select_related(
            "speaker", "interview", "interview__source", "interview__publisher"
        ).order_by("interview__date", "interview_id", "position")
        changes = resolve_again(
            participants.iterator(chunk_size=500), user=user, apply=not options["dry_run"]
        )
        for change in changes:
            self.stdout.write(str(change))
        verb = "would move" if options["dry_run"] else "moved"
        self.stdout.write(
            f"{len(changes)} participations {verb}, {sum(c.turns for c in changes)} turns"
        )
