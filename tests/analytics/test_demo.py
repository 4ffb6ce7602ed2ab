"""The synthetic history: real-looking rows, encrypted contacts, analytics that agree with
the business tables, topped up rather than duplicated; and `salesbot seed`'s option."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from salesbot.analytics import demo
from salesbot.analytics.service import AnalyticsService
from salesbot.conversations.repository import unanswered_conversations
from salesbot.db.engine import Database
from salesbot.models import Contact
from salesbot.settings import Settings
from tests.conftest import ROOT

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class TestDemo:
    async def test_history_of_90_days_with_its_analytics(
        self, database: Database, settings: Settings, clean_db: None
    ) -> None:
        seen: list[tuple[int, int]] = []
        report = await demo.generate(
            database,
            settings,
            conversations=400,
            seed=1,
            now=NOW,
            on_progress=lambda done, total: seen.append((done, total)),
        )
        assert (report.created, report.existing) == (400, 0)
        assert seen == [(0, 400), (400, 400)]
        again = await demo.generate(database, settings, conversations=400, now=NOW)
        assert (again.created, again.existing) == (0, 400)

        async with database.transaction() as session:
            counts = (
                await session.execute(
                    text(
                        "SELECT (SELECT count(*) FROM conversations),"
                        " (SELECT count(*) FROM conversation_facts),"
                        " (SELECT count(DISTINCT channel) FROM conversations),"
                        " (SELECT min(created_at) FROM conversations),"
                        " (SELECT count(*) FROM messages m JOIN conversations c"
                        "   ON c.id = m.conversation_id WHERE m.created_at < c.created_at),"
                        " (SELECT sum(customer_messages + bot_messages + manager_messages)"
                        "   FROM conversation_days),"
                        " (SELECT count(*) FROM messages WHERE author <> 'system'),"
                        " (SELECT name FROM contacts LIMIT 1),"
                        " (SELECT count(*) FROM conversations WHERE last_customer_seq = 0),"
                        " (SELECT count(*) FROM conversations"
                        "   WHERE operator_read_seq < last_customer_seq AND closed_at IS NULL)"
                    )
                )
            ).one()
            contact = (await session.execute(text("SELECT id FROM contacts LIMIT 1"))).scalar_one()
            decrypted = await session.get_one(Contact, contact)
            summary = await AnalyticsService(settings).summary(
                session,
                AnalyticsService(settings).period((NOW - timedelta(days=89)).date(), NOW.date()),
            )
        conversations, facts, channels, oldest, early, counted, messages, raw_name, *inbox = counts
        silent, unread = inbox
        assert silent == 0 and 0 < unread < conversations  # every row shows in the inbox
        # History is answered history: the answer backstop must find nothing to answer in it.
        async with database.transaction() as session:
            waiting = await unanswered_conversations(
                session, waiting_since=datetime.now(UTC), oldest=NOW - timedelta(days=365)
            )
        assert waiting == []
        assert conversations == facts == 400 and channels == 3
        assert oldest >= NOW - timedelta(days=91) and early == 0
        assert counted == messages
        assert raw_name.startswith("v1:") and " " in (decrypted.name or "")
        funnel = [stage.count for stage in summary.funnel]
        assert funnel[0] == 400 and funnel == sorted(funnel, reverse=True) and funnel[-1] > 0
        assert 0.7 < (summary.automation.rate or 0) < 0.98
        assert 600 < (summary.response_time.p50_ms or 0) < 1300
        assert summary.response_time.replies > 1000 and summary.nps.responses > 20


class TestSeedCommand:
    def test_demo_conversations_option(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SALESBOT_DATA_DIR": str(tmp_path),
            "ENVIRONMENT": "test",
            "LOG_TO_FILE": "false",
        }
        result = subprocess.run(
            [sys.executable, "-m", "salesbot.cli", "seed", "--demo-conversations", "30"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "Demo conversations: 30 added, 0 were already there." in result.stdout
