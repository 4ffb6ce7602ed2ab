"""deploy/Dockerfile and its health check script (the image itself is built elsewhere:
building it needs the network)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

from salesbot.channels.web.dashboard import DASHBOARD_DIR
from salesbot.channels.web.site import WIDGET_BUNDLE
from salesbot.settings import DEFAULT_TEMPLATES_DIR

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
HEALTHCHECK = ROOT / "deploy" / "healthcheck.py"
DOCKERIGNORE = ROOT / ".dockerignore"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def runtime_stage() -> list[tuple[str, str]]:
    """The instructions of the last stage: what the shipped image is made of."""
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def test_multi_stage_build_with_both_front_ends() -> None:
    stages = [rest for keyword, rest in instructions() if keyword == "FROM"]
    assert len(stages) >= 3
    copies = [rest for keyword, rest in runtime_stage() if keyword == "COPY"]
    # The built files land where the app looks for them, relative to the source tree in /app.
    workdir = Path([rest for keyword, rest in runtime_stage() if keyword == "WORKDIR"][-1])
    wanted = {
        DASHBOARD_DIR.relative_to(ROOT): "--from=dashboard",
        WIDGET_BUNDLE.relative_to(ROOT): "--from=widget",
        DEFAULT_TEMPLATES_DIR.relative_to(ROOT): "",
    }
    for relative, source in wanted.items():
        assert any(
            c.startswith(source) and c.split()[-1].rstrip("/") in {str(relative)} for c in copies
        ), f"nothing copied to {workdir / relative}"


def test_runtime_is_unprivileged_healthy_and_serves_by_default() -> None:
    stage = runtime_stage()
    keywords = dict(stage)
    assert keywords["USER"] not in {"root", "0"}
    assert keywords["STOPSIGNAL"] == "SIGTERM"
    assert "/health" in keywords["HEALTHCHECK"]
    assert keywords["CMD"].startswith('["salesbot", "serve"')
    installed = " ".join(rest for keyword, rest in stage if keyword == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in installed
    assert "fonts-dejavu-core" in installed


def test_build_context_leaves_out_local_state() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text().splitlines()}
    assert {".git", ".venv", "data", "**/node_modules", ".env"} <= ignored
    assert {"frontend/out", "widget/dist"} <= ignored  # built inside the image, never stale


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/health" else 503)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_app() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def check(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK), *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def test_health_check_script(local_app: str) -> None:
    assert check(f"{local_app}/health").returncode == 0
    failing = check(f"{local_app}/ready")
    assert failing.returncode == 1
    assert "unhealthy" in failing.stderr
    assert check("worker").returncode == 1  # no DATABASE_URL: unhealthy, with the reason
    assert check().returncode == 2


def test_worker_health_reads_the_heartbeat(database_url: str) -> None:
    """Against the migrated test database: healthy only while a worker's heartbeat is fresh."""
    url = re.sub(r"^postgresql\+psycopg://", "postgresql://", database_url)
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone() != (0,):
            pytest.skip("another test's worker is registered in the shared test database")
        (worker,) = conn.execute(
            "INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id"
        ).fetchone() or (None,)
        try:
            assert check("worker", DATABASE_URL=database_url).returncode == 0
            conn.execute(
                "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '5 minutes'"
                " WHERE id = %s",
                (worker,),
            )
            stale = check("worker", DATABASE_URL=database_url)
            assert stale.returncode == 1
            assert re.search(r"heartbeat 30\d s ago", stale.stderr), stale.stderr
        finally:
            conn.execute("DELETE FROM procrastinate_workers WHERE id = %s", (worker,))
        missing = check("worker", DATABASE_URL=database_url)
        assert missing.returncode == 1
        assert "no worker has reported" in missing.stderr
