#!/usr/bin/env bash
# Restore a backup made by backup.sh: the database with pg_restore --clean --if-exists (the
# objects of the backup replace those of the same names), then the files over the data folder.
# Stop the app and the worker first; run `salesbot migrate` after restoring an older backup.
set -euo pipefail

usage() {
	cat >&2 <<'USAGE'
Usage: restore.sh --yes BACKUP_DIR

BACKUP_DIR is a folder written by backup.sh (salesbot-<timestamp>). --yes confirms that the
database in DATABASE_URL and the files in SALESBOT_DATA_DIR are overwritten.

Environment:
  DATABASE_URL       the database to restore into; it must exist (createdb), it may be empty
  SALESBOT_DATA_DIR  the data folder to restore files into (default: ./data)
  DOCUMENTS_PATH     where documents.tar.gz goes, when the backup has one
  PG_BIN_DIR         folder with pg_restore (default: the one on PATH), of the server's
                     major version: a newer one sends settings an older server rejects
USAGE
}

die() {
	echo "restore.sh: $*" >&2
	exit 1
}

confirmed=no
backup=
for arg in "$@"; do
	case $arg in
	-h | --help)
		usage
		exit 0
		;;
	--yes) confirmed=yes ;;
	-*)
		usage
		exit 2
		;;
	*)
		[[ -z $backup ]] || {
			usage
			exit 2
		}
		backup=$arg
		;;
	esac
done
if [[ -z $backup ]]; then
	usage
	exit 2
fi
[[ -d $backup ]] || die "$backup is not a folder"
[[ -f $backup/database.dump ]] || die "$backup has no database.dump: not a backup of backup.sh"
[[ -f $backup/files.tar.gz ]] || die "$backup has no files.tar.gz: not a backup of backup.sh"
[[ $confirmed == yes ]] || die "this overwrites the database and the files; add --yes to go ahead"

[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL is not set: the database to restore into"
db_url=$(sed -E 's#^postgres(ql)?\+[A-Za-z0-9_]+://#postgresql://#' <<<"$DATABASE_URL")

pg_restore=${PG_BIN_DIR:+${PG_BIN_DIR%/}/}pg_restore
command -v "$pg_restore" >/dev/null || die "pg_restore not found (install the PostgreSQL client or set PG_BIN_DIR)"

if [[ -f $backup/SHA256SUMS ]]; then
	(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || die "$backup is damaged: checksums differ"
fi

data_dir=${SALESBOT_DATA_DIR:-./data}
mkdir -p "$data_dir"
if [[ -f $backup/documents.tar.gz ]]; then
	[[ -n ${DOCUMENTS_PATH:-} ]] || die "the backup has documents.tar.gz: set DOCUMENTS_PATH to where they go"
	mkdir -p "$DOCUMENTS_PATH"
fi

# One transaction: a restore that fails half-way leaves the database as it was.
"$pg_restore" --clean --if-exists --no-owner --no-privileges --exit-on-error \
	--single-transaction --dbname="$db_url" "$backup/database.dump"

tar -xzf "$backup/files.tar.gz" -C "$data_dir"
if [[ -f $backup/documents.tar.gz ]]; then
	tar -xzf "$backup/documents.tar.gz" -C "$DOCUMENTS_PATH"
fi
echo "restored $backup"
