"""python manage.py create_editor USERNAME [--email ADDRESS] [--reset-password]

Creates an editor account, or adds an existing account to the Editors group. The password
comes from the environment variable ARCHIVE_EDITOR_PASSWORD or, failing that, a prompt.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from interviews.editing.accounts import EDITORS, make_editor

PASSWORD_VARIABLE = "ARCHIVE_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor account, or make an existing account an editor. The password is "
        f"read from ${PASSWORD_VARIABLE} or asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="E-mail address of the account.")
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set a new password for an existing account too.",
        )

    def handle(self, *args, username, email, reset_password, **options):
        User = get_user_model()
        existing = User.objects.filter(username=username).first()
        password = None
        if existing is None or reset_password:
            password = self._password(existing or User(username=username, email=email))
        user, created = make_editor(username, email=email, password=password)
        if created:
            self.stdout.write(f"Created editor {user.get_username()}: sign in at /accounts/login/.")
        else:
            changed = " and set a new password" if password else ""
            self.stdout.write(f"Added {user.get_username()} to the {EDITORS} group{changed}.")

    def _password(self, user) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(f"${PASSWORD_VARIABLE}: {' '.join(error.messages)}") from None
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                f"Set ${PASSWORD_VARIABLE} or run the command in a terminal to be asked for a password."
            )
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ; try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
