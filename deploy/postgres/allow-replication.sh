#!/bin/sh
# Run once by the postgres image when it creates the database: let the replica service
# stream the primary's WAL over the compose network, with the same password.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
