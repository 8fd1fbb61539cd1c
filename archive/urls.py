from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("interviews.urls")),
    path("accounts/", include("interviews.urls_accounts")),
    path("edit/", include("interviews.urls_editing")),
]

handler404 = "interviews.views.errors.not_found"
handler500 = "interviews.views.errors.server_error"
