#!/bin/sh
# The replica service: copy the primary once (pg_basebackup -R writes the standby
# settings), then run as a hot standby streaming from it.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -U postgres -q; do sleep 1; done
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup -h db -U postgres -D "$PGDATA" -R -X stream -c fast
fi
exec postgres -c hot_standby=on
