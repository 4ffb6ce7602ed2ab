"""The embedded server: shared between processes, started once under a race, stopped at the end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest

from salesbot.db import embedded
from tests.conftest import ROOT, redis_url_for_tests
from tests.web.conftest import bound_socket

# Start (or join) the server, print the postmaster pid, then wait for a line on stdin.
HOLDER = """
import sys, pathlib
from salesbot.db import embedded
uri = embedded.start_embedded_server(pathlib.Path(sys.argv[1]))
pid = int((pathlib.Path(sys.argv[1]) / "postgres" / "postmaster.pid").read_text().split()[0])
print(pid, uri, flush=True)
sys.stdin.readline()
"""


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _server_pid(line: str) -> int:
    return int(line.split()[0])


def _running(data_dir: Path) -> bool:
    pid_file = embedded.embedded_pid_file(data_dir)
    return pid_file.exists()


class TestEmbeddedServer:
    def test_processes_share_one_server_and_the_last_one_stops_it(self, tmp_path: Path) -> None:
        first, second = _holder(tmp_path), _holder(tmp_path)  # racing starts
        try:
            assert first.stdout is not None and second.stdout is not None
            line_a, line_b = first.stdout.readline(), second.stdout.readline()
            assert _server_pid(line_a) == _server_pid(line_b)
            uri = line_a.split()[1]
            with psycopg.connect(uri) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
            first.communicate("\n", timeout=30)
            assert _running(tmp_path), "the server must outlive the first process"
            with psycopg.connect(uri) as conn:  # still serving the second
                conn.execute("SELECT 1")
        finally:
            second.communicate("\n", timeout=30)
            if first.poll() is None:
                first.kill()
                first.communicate(timeout=10)
        assert not _running(tmp_path), "the last process must stop the server"

    def test_a_killed_holder_does_not_keep_the_server_forever(self, tmp_path: Path) -> None:
        victim = _holder(tmp_path)
        assert victim.stdout is not None
        pid = _server_pid(victim.stdout.readline())
        victim.kill()
        victim.communicate(timeout=10)  # reaps it and closes its pipes
        survivor = _holder(tmp_path)
        try:
            assert survivor.stdout is not None
            assert _server_pid(survivor.stdout.readline()) == pid  # joined, not restarted
            handles = json.loads((tmp_path / "postgres" / ".handle_pids.json").read_text())
            assert victim.pid not in handles
        finally:
            survivor.communicate("\n", timeout=30)
        assert not _running(tmp_path)

    def test_database_creation_and_uri_rewrite(self, database_url: str) -> None:
        assert (
            embedded.replace_database("postgresql://u@/a?host=/tmp/x", "b")
            == "postgresql://u@/b?host=/tmp/x"
        )
        assert (
            embedded.replace_database("postgresql://u@h:5432/a", "b") == "postgresql://u@h:5432/b"
        )


class TestServeStops:
    def test_sigterm_stops_serve_and_its_embedded_server_cleanly(self, tmp_path: Path) -> None:
        """A service manager stops `salesbot serve` with SIGTERM: the embedded PostgreSQL
        must go with it, leaving no pid file, as it does on Ctrl+C."""
        sock, url = bound_socket()
        port = url.rsplit(":", 1)[1]
        sock.close()
        env = _serve_env(tmp_path, LOG_TO_FILE="false", EMBEDDED_WORKER="false")
        serve = subprocess.Popen(
            [sys.executable, "-m", "salesbot.cli", "serve", "--port", port],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(serve, url)
            postmaster = int(embedded.embedded_pid_file(tmp_path).read_text().split()[0])
            serve.send_signal(signal.SIGTERM)
            assert serve.wait(timeout=60) == 0
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait()
        assert not _running(tmp_path), "the embedded server's pid file is left behind"
        assert _gone(postmaster), "the embedded PostgreSQL is still running"


class TestSeveralWorkers:
    def test_two_processes_share_the_embedded_server_and_answer_chats(self, tmp_path: Path) -> None:
        """`salesbot serve --workers 2` with the embedded database: both processes serve
        from one PostgreSQL (started and stopped by `serve`), sharing Redis."""
        redis_url = redis_url_for_tests()
        if redis_url is None:
            pytest.skip("needs Redis: set TEST_REDIS_URL")
        sock, url = bound_socket()
        port = url.rsplit(":", 1)[1]
        sock.close()
        env = _serve_env(tmp_path, LOG_TO_FILE="false", LLM_PROVIDER="offline", REDIS_URL=redis_url)
        command = [sys.executable, "-m", "salesbot.cli", "serve", "--port", port, "--workers", "2"]
        serve = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # so a failed test can stop the workers too
        )
        try:
            _wait_healthy(serve, url)
            with httpx.Client(base_url=url, timeout=30) as http:
                # Both processes up (the kernel gives an idle server's connections to
                # whichever waits last, so which one answers is not a test of this).
                workers = [
                    p
                    for p in psutil.Process(serve.pid).children()
                    if "spawn_main" in " ".join(p.cmdline())
                ]
                assert len(workers) == 2 and all(w.is_running() for w in workers)
                chat = http.post("/api/v1/chat/sessions").json()
                answer = http.post(
                    f"/api/v1/chat/sessions/{chat['session_id']}/messages",
                    json={"text": "Здравствуйте! Сколько стоит бот для продаж?"},
                    headers={"Authorization": f"Bearer {chat['token']}"},
                )
                assert answer.status_code == 200 and answer.json()["replies"]
            postmaster = int(embedded.embedded_pid_file(tmp_path).read_text().split()[0])
            serve.send_signal(signal.SIGTERM)
            assert serve.wait(timeout=60) == 0
            assert all(_gone(w.pid) for w in workers)
        finally:
            if serve.poll() is None:
                os.killpg(serve.pid, signal.SIGKILL)
                serve.wait()
        assert _gone(postmaster), "the embedded PostgreSQL is still running"

    def test_several_processes_without_redis_are_refused_with_the_reason(
        self, tmp_path: Path
    ) -> None:
        env = _serve_env(tmp_path)
        done = subprocess.run(
            [sys.executable, "-m", "salesbot.cli", "serve", "--workers", "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert "REDIS_URL" in done.stderr


def _serve_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """`salesbot serve`'s environment: this one without a database or Redis of its own (the
    embedded server in `data_dir`), plus `extra`."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**inherited, "SALESBOT_DATA_DIR": str(data_dir), "ENVIRONMENT": "test", **extra}


def _wait_healthy(serve: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert serve.poll() is None, "salesbot serve exited while starting"
        assert time.monotonic() < deadline, "salesbot serve did not start"
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)


def _gone(pid: int, timeout: float = 15) -> bool:
    """The process has ended (an orphan may linger as a zombie until something reaps it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False
