"""What a started process writes is readable by its own user only: the data folder, logs,
uploaded files and generated documents (the service often runs as root)."""

from __future__ import annotations

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
    assert data.stat().st_mode & 0o777 == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files) and any(p.suffix == ".png" for p in files)
    for path in data.rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path.relative_to(data)} is {oct(mode)}"
