#!/usr/bin/env bash
# Back up Salesbot: the database (pg_dump custom format) and the files it keeps on disk
# (generated documents, visitors' uploads, development secrets) into one timestamped folder.
# Runs the same inside the app image (`docker compose run --rm backup`) and on a plain host.
set -euo pipefail

usage() {
	cat >&2 <<'USAGE'
Usage: backup.sh DEST_DIR

Writes DEST_DIR/salesbot-<UTC timestamp>/ with
  database.dump      pg_dump -Fc of DATABASE_URL
  files.tar.gz       SALESBOT_DATA_DIR without the embedded database and the logs
  documents.tar.gz   DOCUMENTS_PATH, only when it lies outside SALESBOT_DATA_DIR
  SHA256SUMS         checksums that restore.sh verifies

Environment:
  DATABASE_URL       postgresql://user:password@host:5432/db (a +psycopg driver is accepted)
  SALESBOT_DATA_DIR  the data folder (default: ./data)
  DOCUMENTS_PATH     the documents folder, when it is not <SALESBOT_DATA_DIR>/documents
  PG_BIN_DIR         folder with pg_dump (default: the one on PATH); of the server's
                     major version or newer (an older pg_dump refuses a newer server)
  BACKUP_KEEP        keep only this many newest backups in DEST_DIR (default: all)
USAGE
}

die() {
	echo "backup.sh: $*" >&2
	exit 1
}

if [[ $# -eq 1 && ($1 == -h || $1 == --help) ]]; then
	usage
	exit 0
fi
if [[ $# -ne 1 || $1 == -* ]]; then
	usage
	exit 2
fi
dest=$1

[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL is not set: the database to back up"
# SQLAlchemy's driver suffix (postgresql+psycopg://) means nothing to libpq.
db_url=$(sed -E 's#^postgres(ql)?\+[A-Za-z0-9_]+://#postgresql://#' <<<"$DATABASE_URL")

pg_dump=${PG_BIN_DIR:+${PG_BIN_DIR%/}/}pg_dump
command -v "$pg_dump" >/dev/null || die "pg_dump not found (install the PostgreSQL client or set PG_BIN_DIR)"

data_dir=${SALESBOT_DATA_DIR:-./data}
[[ -d $data_dir ]] || die "data folder $data_dir does not exist (set SALESBOT_DATA_DIR)"
data_dir=$(cd "$data_dir" && pwd -P)

docs_dir=
if [[ -n ${DOCUMENTS_PATH:-} && -d $DOCUMENTS_PATH ]]; then
	docs_dir=$(cd "$DOCUMENTS_PATH" && pwd -P)
	# Already in files.tar.gz when it lives inside the data folder.
	[[ $docs_dir == "$data_dir" || $docs_dir == "$data_dir"/* ]] && docs_dir=
fi

mkdir -p "$dest"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$dest/salesbot-$stamp"
[[ ! -e $final ]] || die "$final already exists"
# Written under a hidden name and renamed at the end: a backup cut short never looks complete.
work="$dest/.salesbot-$stamp.partial"
trap 'rm -rf "$work"' EXIT
mkdir -m 0700 "$work"

"$pg_dump" --format=custom --no-owner --no-privileges --file="$work/database.dump" --dbname="$db_url"

# The embedded database is in the dump already (a copy of its live files would be torn),
# and logs are not worth restoring.
tar -czf "$work/files.tar.gz" -C "$data_dir" \
	--exclude=./postgres --exclude=./logs --exclude='*.lock' --exclude='./*.tmp' .
if [[ -n $docs_dir ]]; then
	tar -czf "$work/documents.tar.gz" -C "$docs_dir" .
fi

(cd "$work" && sha256sum -- *.dump *.tar.gz >SHA256SUMS)
mv "$work" "$final"
trap - EXIT
echo "$final"

if [[ -n ${BACKUP_KEEP:-} ]]; then
	[[ $BACKUP_KEEP =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a positive number, not '$BACKUP_KEEP'"
	# Timestamped names sort by age; everything but the newest BACKUP_KEEP goes.
	mapfile -t old < <(find "$dest" -mindepth 1 -maxdepth 1 -type d -name 'salesbot-*' | sort | head -n -"$BACKUP_KEEP")
	for folder in "${old[@]}"; do
		rm -rf -- "$folder"
	done
fi
