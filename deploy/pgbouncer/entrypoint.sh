#!/bin/sh
# The password comes from the environment, never from the image.
set -e
printf '"%s" "%s"\n' "${DB_USER:-postgres}" "$DB_PASSWORD" > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
