"""A fake service's lifecycle: its FastAPI app served by uvicorn in a daemon thread on a
free loopback port, started and stopped by the test."""

from __future__ import annotations

import socket
import threading
import time
from typing import Self

import uvicorn
from fastapi import FastAPI
from pydantic_ai import models


class ThreadedFake:
    name = "fake service"
    # A fake LLM provider: while one runs, pydantic-ai may send model requests (to it).
    serves_models = False
    running_model_fakes = 0

    def __init__(self) -> None:
        self.app = FastAPI()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self._server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_config=None)
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline, f"{self.name} did not start"
            time.sleep(0.02)
        if self.serves_models:
            ThreadedFake.running_model_fakes += 1
            models.ALLOW_MODEL_REQUESTS = True
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self.serves_models:
            ThreadedFake.running_model_fakes -= 1
            models.ALLOW_MODEL_REQUESTS = ThreadedFake.running_model_fakes > 0
