"""One interview per document: two imports of the same bytes at once cannot both create one.

The importer finds an interview by its checksum before writing; two imports racing each
other both found none. The unique index makes the later one fail and retry, and so find
the interview the first wrote (interviews/retry.py). Interviews made elsewhere (the
admin) have no checksum and are left out of the index. An archive that already holds
such twins keeps both; the later ones lose their checksum (a re-import still finds them
by address, file name or title).
"""

from django.db import migrations, models


def forget_duplicate_checksums(apps, schema_editor):
    Interview = apps.get_model("interviews", "Interview")
    seen = set()
    for pk, checksum in (
        Interview.objects.exclude(checksum="").order_by("checksum", "id").values_list("id", "checksum")
    ):
        if checksum in seen:
            Interview.objects.filter(pk=pk).update(checksum="")
        seen.add(checksum)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0009_tags")]

    operations = [
        migrations.RunPython(forget_duplicate_checksums, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                fields=["checksum"],
                condition=~models.Q(checksum=""),
                name="unique_interview_checksum",
            ),
        ),
    ]
