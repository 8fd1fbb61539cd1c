from django.conf import settings


def archive(request):
    return {"site_name": settings.ARCHIVE_SITE_NAME}
