from django.conf import settings


def archive(request):
    return {
        "site_name": settings.ARCHIVE_SITE_NAME,
        # Printed after links on paper, where a relative address is no use.
        "site_url": request.build_absolute_uri("/").rstrip("/"),
    }
