"""A real server on a loopback port for socket and browser tests (uvicorn in the test's loop)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.settings import Settings
from tests.conftest import make_settings


def bound_socket() -> tuple[socket.socket, str]:
    """A loopback socket on a free port and its URL (for settings that must know it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


@asynccontextmanager
async def live_server(
    app: FastAPI, bound: tuple[socket.socket, str] | None = None
) -> AsyncIterator[str]:
    """Serve `app` until the block ends; yields its base URL."""
    sock, url = bound or bound_socket()
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", ws="websockets-sansio")
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(600):
            if server.started or task.done():
                break
            await asyncio.sleep(0.05)
        if task.done():
            task.result()  # startup failed: raise its error
        yield url
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture
def web_settings(database_url: str, tmp_path: Path, settings: Settings) -> Settings:
    return make_settings(database_url, tmp_path, widget_allowed_origins=["https://shop.example"])


@pytest.fixture
async def server(web_settings: Settings, clean_db: None, database: Database) -> AsyncIterator[str]:
    async with live_server(create_app(web_settings, configure_process=False)) as url:
        yield url
    set_database(database)


@pytest.fixture
async def http(server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        yield client


async def new_session(http: httpx.AsyncClient, **headers: Any) -> dict[str, str]:
    response = await http.post("/api/v1/chat/sessions", headers=headers)
    assert response.status_code == 201, response.text
    session: dict[str, str] = response.json()
    return session
