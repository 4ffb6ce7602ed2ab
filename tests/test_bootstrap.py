"""What a started process writes is readable by its own user only: the data folder, logs,
uploaded files and generated documents (the service often runs as root)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROCESS = """
import sys, pathlib
from pydantic import SecretStr
from salesbot.bootstrap import init_process
from salesbot.channels.attachments.service import AttachmentService
from salesbot.settings import Settings
data = pathlib.Path(sys.argv[1])
settings = Settings(_env_file=None, salesbot_data_dir=data, log_to_file=True,
                    jwt_secret_key=SecretStr("x" * 40), pii_encryption_key=SecretStr("p"),
                    pii_hash_key=SecretStr("h"))
init_process(settings, json_logs=False)
from loguru import logger
logger.warning("written to the log file")
upload = AttachmentService(settings)
upload._write(upload.path_of("0123456789abcdef0123456789abcdef.png"), b"png")
"""


def test_the_data_folder_and_its_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", PROCESS, str(data)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # Run as root with the embedded database, its own user must traverse the folder.
    assert data.stat().st_mode & 0o777 == (0o711 if os.geteuid() == 0 else 0o700)
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files) and any(p.suffix == ".png" for p in files)
    for path in data.rglob("*"):
        mode = path.stat().st_mode & 0o777 & ~0o011  # traversal alone reveals nothing
        assert mode & 0o077 == 0, f"{path.relative_to(data)} is {oct(mode)}"


def test_the_embedded_database_still_stops_cleanly_in_a_private_data_folder(
    tmp_path: Path, database_url: str
) -> None:
    """Run as root, the embedded PostgreSQL runs as its own system user, which must still
    reach its folder inside ours to stop: commands in a row, each stopping it at exit."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "SALESBOT_DATA_DIR": str(tmp_path / "data"),
        "ENVIRONMENT": "test",
        "LOG_TO_FILE": "false",
    }
    for command in (["migrate"], ["seed", "--demo-conversations", "1"], ["migrate"]):
        done = subprocess.run(
            [sys.executable, "-m", "salesbot.cli", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        assert "Failed to stop server" not in done.stdout + done.stderr
    assert (tmp_path / "data").stat().st_mode & 0o077 in (0, 0o011, 0o055)
