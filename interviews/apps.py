from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interview archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .revision import connect_signals

        connect_signals()
        from .search import repair_after_migrate
        from .search.sqlite import register_functions

        # The SQLite search triggers call a Python function on every connection.
        connection_created.connect(register_functions, dispatch_uid="archive_search_functions")
        post_migrate.connect(
            repair_after_migrate, sender=self, dispatch_uid="archive_search_repair"
        )
