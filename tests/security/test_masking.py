from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest
from loguru import logger

from salesbot.observability.logging import configure_logging
from salesbot.security.masking import mask_text


class TestMaskText:
    @pytest.mark.parametrize(
        "raw",
        [
            "+7 (999) 123-45-67",
            "89991234567",
            "8 800 555 35 35",
            "ivan.petrov@example.com",
            "Bearer abcdefghijklmnopqrstuvwxyz",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl",
            "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1",
            "password=hunter22",
        ],
    )
    def test_sensitive_values_disappear(self, raw: str) -> None:
        masked = mask_text(f"before {raw} after")
        assert raw not in masked
        assert masked.startswith("before ") and masked.endswith(" after")

    @pytest.mark.parametrize(
        "harmless",
        [
            "2026-11-21 23:40:00",
            "550e8400-e29b-41d4-a716-446655440000",
            "timestamp=1795303740",
            "price 150000 for 30 users",
        ],
    )
    def test_ordinary_values_stay(self, harmless: str) -> None:
        assert mask_text(harmless) == harmless


class TestLogs:
    def test_log_lines_are_json_and_masked_everywhere(self, tmp_path: Path) -> None:
        log_file = tmp_path / "salesbot.log"
        configure_logging("INFO", log_file)
        try:
            logger.bind(contact="ivan@example.com").info("lead phone +7 999 123-45-67")
            logging.getLogger("uvicorn.error").warning("std lib says ivan@example.com")
            try:
                raise ValueError("cannot parse 89991234567")
            except ValueError:
                logger.exception("failed")
            logger.complete()
        finally:
            configure_logging("WARNING", None)
        content = log_file.read_text()
        assert "ivan@example.com" not in content
        # not a bare "999": a timestamp's microseconds may hold it (…06.999133)
        assert "123-45-67" not in content and "9991234567" not in content
        lines = [json.loads(line) for line in content.splitlines()]
        assert lines[0]["message"] == "lead phone [phone]"
        assert lines[0]["extra"] == {"contact": "[email]"}
        assert lines[1]["message"] == "std lib says [email]"
        assert "ValueError: cannot parse [phone]" in lines[2]["exception"]

    def test_the_console_sink_writes_to_the_stdout_of_the_moment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A server thread that logs after its test (an SMTP server closing a connection) must
        not write into a stream pytest has closed meanwhile: the sink looks stdout up at each
        line, as a process whose stdout is replaced expects."""
        gone, now = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdout", gone)
        configure_logging("INFO", None)
        try:
            gone.close()
            monkeypatch.setattr(sys, "stdout", now)
            logging.getLogger("aiosmtpd.smtp").info("connection lost")
        finally:
            configure_logging("WARNING", None)
        assert json.loads(now.getvalue())["message"] == "connection lost"
