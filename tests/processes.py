"""`salesbot` commands as real processes for the tests that need them (serve, worker): the
test's settings as their environment, a log file, readiness, and a clean stop."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from salesbot.settings import Settings


def server_environment(settings: Settings, url: str) -> dict[str, str]:
    """The settings of the test process, as the environment of a `salesbot serve`."""
    secrets = {
        "JWT_SECRET_KEY": settings.jwt_secret_key,
        "PII_ENCRYPTION_KEY": settings.pii_encryption_key,
        "PII_HASH_KEY": settings.pii_hash_key,
    }
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}}
    env.update(
        {
            "ENVIRONMENT": "test",
            "DATABASE_URL": settings.database_url or "",
            "SALESBOT_DATA_DIR": str(settings.salesbot_data_dir),
            "EMBEDDED_WORKER": "false",
            "LOG_TO_FILE": "false",
            "PUBLIC_URL": url,
            **{key: secret.get_secret_value() for key, secret in secrets.items() if secret},
        }
    )
    return env


async def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Returns once `url` answers /health; raises if the process exits first (with the end of
    its `log`, when it writes one) or a minute passes."""
    async with httpx.AsyncClient(base_url=url, timeout=2) as client:
        for _ in range(600):
            if process.poll() is not None:
                output = log.read_text(errors="replace")[-3000:] if log else "(see its output)"
                raise RuntimeError(f"salesbot serve exited:\n{output}")
            try:
                if (await client.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("salesbot serve did not answer /health within a minute")


@asynccontextmanager
async def salesbot_process(
    args: list[str],
    env: dict[str, str],
    log: Path,
    *,
    cwd: Path | None = None,
    ready_url: str | None = None,
) -> AsyncIterator[subprocess.Popen[bytes]]:
    """`salesbot <args>` writing to `log`; with `ready_url`, yielded once it answers /health.
    Stopped with SIGTERM at the end (SIGKILL after 20 s), unless the test killed it first."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "salesbot.cli", *args],
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        if ready_url is not None:
            await wait_ready(ready_url, process, log)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
