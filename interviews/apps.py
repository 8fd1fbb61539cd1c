from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interview archive"
    default_auto_field = "django.db.models.BigAutoField"
