#!/bin/sh
# First start of the PostgreSQL container: two ordinary roles, neither a
# superuser (superusers bypass row-level security, the second wall between
# municipalities). "samskab" owns the database and, through the services'
# migrations, every table: the services log in as it (db_owner) only to
# migrate and for the vacuum after a vote's close. "samskab_app" serves
# the requests (db): it may read and write the tables, which each service
# grants it after migrating, and can neither alter them nor switch
# row-level security off (NOBYPASSRLS, owner of nothing).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_pw="$SAMSKAB_DB_OWNER_PASSWORD" -v pw="$SAMSKAB_DB_PASSWORD" <<'SQL'
CREATE ROLE samskab LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'owner_pw';
CREATE ROLE samskab_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'pw';
CREATE DATABASE samskab OWNER samskab;
SQL
