"""Signing in and out, and changing one's password. Password resets by e-mail are not
offered: the archive sends no mail; an administrator sets a new password
(`manage.py create_editor NAME` or `manage.py changepassword NAME`)."""

from django.contrib.auth import views as auth
from django.urls import path

urlpatterns = [
    path("login/", auth.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
