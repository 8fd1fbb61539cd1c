from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("interviews.urls")),
]

handler404 = "interviews.views.errors.not_found"
handler500 = "interviews.views.errors.server_error"
