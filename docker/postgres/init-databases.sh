#!/usr/bin/env bash
# Runs once, when the workstation's PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
# One server, one database and one login role per service: each role owns only its own database and PUBLIC may
# not connect to any of them, so a service cannot read another's tables even on this shared server.
set -euo pipefail
: "${MESH_DATABASES:?space-separated list of database names}"
: "${MESH_APP_DB_PASSWORD:?password for the services' roles}"
for db in ${MESH_DATABASES}; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v db="$db" -v pw="$MESH_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE :"db" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
