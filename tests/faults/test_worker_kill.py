"""SIGKILL of `salesbot worker` mid-turn (issue 22): the answer jobs it held are run again
after a restart, and each conversation gets its answer once. The turns are held "mid-turn"
by a slow fake LLM, so the kill lands while every job is running."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import text

from salesbot.conversations.types import InboundMessage
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.dialog.tasks import use_engine
from salesbot.integrations.llm.providers import openai_chat_model
from salesbot.jobs.app import job_app, jobs_connected
from salesbot.jobs.tasks import retry_stalled_jobs
from salesbot.models import Channel
from salesbot.settings import LLMProvider, Settings
from tests.conftest import process_settings
from tests.fakes.openai_server import FakeOpenAI, Step
from tests.processes import salesbot_process, server_environment
from tests.queue import drain

TURNS = 4  # = WORKER_CONCURRENCY, so every turn is in flight at the kill
ANSWER = "Ответ после перезапуска."


@asynccontextmanager
async def worker(settings: Settings, log: Path) -> AsyncIterator[subprocess.Popen[bytes]]:
    env = server_environment(settings, "http://127.0.0.1:9")
    env.update(
        {
            "LLM_PROVIDER": settings.llm_provider.value,
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": settings.openai_base_url,
            "WORKER_CONCURRENCY": str(TURNS),
            "WORKER_POLL_SECONDS": "0.2",
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            "WORKER_STALLED_AFTER_SECONDS": "2",
        }
    )
    async with salesbot_process(["worker"], env, log, cwd=settings.salesbot_data_dir) as process:
        yield process


async def answers(database: Database) -> dict[str, tuple[int, bool]]:
    """Per conversation: bot replies stored, and whether its customer message is answered."""
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT c.external_chat_id, count(m.id) FILTER (WHERE m.author = 'bot'),"
                " coalesce((c.state ->> 'answered_through')::bigint, 0) >="
                "   max(m.seq) FILTER (WHERE m.author = 'customer')"
                " FROM conversations c JOIN messages m ON m.conversation_id = c.id"
                " GROUP BY c.id"
            )
        )
        return {chat: (int(bot), bool(done)) for chat, bot, done in rows}


async def job_states(database: Database) -> dict[str, int]:
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT status::text, count(*) FROM procrastinate_jobs"
                " WHERE task_name = 'dialog.answer' GROUP BY status"
            )
        )
        return {status: int(n) for status, n in rows}


async def dead_for(database: Database, seconds: float) -> bool:
    """The killed worker's heartbeat is older than `seconds` (or it was pruned already)."""
    async with database.transaction() as session:
        stale = await session.scalar(
            text(
                "SELECT bool_and(w.id IS NULL OR w.last_heartbeat < now() - make_interval("
                "secs => :s)) FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w"
                " ON w.id = j.worker_id WHERE j.status = 'doing'"
            ),
            {"s": seconds},
        )
    return bool(stale)


async def wait_until(condition: Callable[[], Awaitable[bool]], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


async def test_a_killed_worker_s_turns_are_answered_once_after_a_restart(
    database_url: str, database: Database, clean_db: None, tmp_path: Path
) -> None:
    llm = FakeOpenAI().start()
    try:
        settings = process_settings(
            database_url,
            tmp_path,
            llm_provider=LLMProvider.openai,
            openai_api_key=SecretStr("sk-test"),
            openai_base_url=llm.base_url,
        )
        # Every first call hangs (the worker dies during it); later calls answer at once.
        llm.script.extend(Step(delay=20, text="слишком поздно") for _ in range(TURNS))
        llm.script.extend(Step(text=ANSWER) for _ in range(TURNS * 4))
        engine = DialogEngine.standalone(settings, OfflineBrain(settings))
        async with jobs_connected(database_url), database.transaction() as session:
            for i in range(TURNS):  # stored with its answer job, as a channel's webhook does
                inbound = InboundMessage(Channel.web, f"kill-{i}", "Здравствуйте, что вы умеете?")
                await engine.receive(session, inbound)
        log = tmp_path / "worker.log"

        async with worker(settings, log) as first:

            async def all_in_flight() -> bool:
                return len(llm.requests) >= TURNS

            await wait_until(all_in_flight, f"turns never reached the LLM: {log}", 60)
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        assert await job_states(database) == {"doing": TURNS}  # held by the dead worker
        assert all(bot == 0 for bot, _ in (await answers(database)).values())

        # What the periodic recovery (every minute) does, run here instead of waited for:
        # once the dead worker's heartbeat is older than WORKER_STALLED_AFTER_SECONDS, its
        # jobs are queued again. A fresh worker (in this process) then runs them.
        await wait_until(lambda: dead_for(database, 2.5), "no stale heartbeat", 30)
        restarted = time.monotonic()
        async with jobs_connected(database_url):
            requeued = await retry_stalled_jobs(job_app, 2)
            # The restarted worker's engine, with the LLM (as `choose_brain` builds it).
            model = openai_chat_model(
                settings, model=llm.model, base_url=llm.base_url, api_key="sk-test"
            )
            use_engine(
                DialogEngine.standalone(settings, LLMBrain(settings, model, OfflineBrain(settings)))
            )
            try:
                await drain(settings, rounds=3)
            finally:
                use_engine(None)
                await model.client.close()
        recovered = time.monotonic() - restarted
        assert requeued == TURNS  # found by the stalled-job recovery, not by another path
        final = await answers(database)
        jobs = await job_states(database)
    finally:
        llm.stop()

    print(
        f"\nworker killed with {TURNS} turns in flight; {requeued} jobs requeued, "
        f"answered in {recovered:.1f} s: {final}"
    )
    assert final == {f"kill-{i}": (final[f"kill-{i}"][0], True) for i in range(TURNS)}
    replies = {bot for bot, _ in final.values()}
    assert len(replies) == 1 and replies.pop() >= 1  # the same answer once per conversation
    # Every answer job done (the backstop may have added some; they answered nothing twice).
    assert set(jobs) == {"succeeded"}, jobs
