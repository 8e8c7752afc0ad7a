#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d):
# the owner role that migrations run as, and the runtime role the app runs as
# (docs/adr/0017-databaseroller.md). Neither is a superuser. `manage.py migrate` as the owner
# then gives the runtime role its privileges (felles/dbroller.py).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v eier="$KOORD_EIER" -v eier_passord="$KOORD_EIER_PASSORD" \
  -v app="$KOORD_APP" -v app_passord="$KOORD_APP_PASSORD" \
  -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"eier" LOGIN PASSWORD :'eier_passord';
CREATE ROLE :"app" LOGIN PASSWORD :'app_passord';
ALTER DATABASE :"db" OWNER TO :"eier";
ALTER SCHEMA public OWNER TO :"eier";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
SQL
