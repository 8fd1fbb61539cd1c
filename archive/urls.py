from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_page

from archive.health import healthz
from interviews.sitemaps import SITEMAPS


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /edit/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", robots),
    path("healthz", healthz, name="healthz"),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("api/v1/", include("interviews.api.urls")),
    path("", include("interviews.urls")),
    path("accounts/", include("interviews.urls_accounts")),
    path("edit/", include("interviews.urls_editing")),
]

handler404 = "interviews.views.errors.not_found"
handler500 = "interviews.views.errors.server_error"
