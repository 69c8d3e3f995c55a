#!/bin/sh
# First start of the PostgreSQL container: the services log in as "samskab",
# an ordinary role that owns its database. Not a superuser: superusers bypass
# row-level security, which is the second wall between municipalities.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v pw="$SAMSKAB_DB_PASSWORD" <<'SQL'
CREATE ROLE samskab LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
CREATE DATABASE samskab OWNER samskab;
SQL
