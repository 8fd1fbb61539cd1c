"""python manage.py check_archive [--fix]: every stored count and copy against the rows."""

from django.core.management.base import BaseCommand, CommandError

from interviews.consistency import check_archive


class Command(BaseCommand):
    help = (
        "Check speakers' and interviews' counts, speakers' current roles, the copies turns "
        "keep of their interview and participant, and the search index's rows; --fix repairs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Repair what disagrees.")

    def handle(self, *args, **options):
        drifts = check_archive(fix=options["fix"])
        if not drifts:
            self.stdout.write("The archive is consistent: every stored count and copy agrees.")
            return
        verb = "repaired" if options["fix"] else "found"
        for drift in drifts:
            self.stdout.write(f"{verb}: {drift}")
        if not options["fix"]:
            raise CommandError(f"{len(drifts)} kinds of drift; run check_archive --fix")
