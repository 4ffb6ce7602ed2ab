"""AnythingLLM as the knowledge backend, against the fake developer API over a real socket
(tests/fakes/anythingllm_server.py): passages become search hits, failures become errors
an admin can act on, retries follow the project's policy, and the offline brain answers
from a workspace passage."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from loguru import logger
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from salesbot.cli import app as cli
from salesbot.config_report import integrations
from salesbot.conversations.types import InboundMessage
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.offline import OfflineBrain
from salesbot.errors import ConfigurationError, ValidationFailed
from salesbot.integrations import http, status
from salesbot.integrations.base import ProbeContext
from salesbot.integrations.errors import PermanentError, RetryableError
from salesbot.integrations.knowledge.anythingllm import AnythingLLM
from salesbot.knowledge.backend import AnythingLLMKnowledge, knowledge_backend
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Channel
from salesbot.settings import Settings, use_settings
from tests.conftest import process_settings
from tests.fakes.anythingllm_server import API_KEY, WORKSPACE, FakeAnythingLLM

COLLECTION = "main"  # ignored by AnythingLLM: the workspace is the collection
BITRIX = (
    "Интеграция с Битрикс24 работает из коробки: сделки и контакты синхронизируются "
    "в обе стороны, настройка занимает один день."
)
SUPPORT = "Техническая поддержка отвечает круглосуточно, без выходных."


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAnythingLLM]:
    fake = FakeAnythingLLM().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeAnythingLLM) -> FakeAnythingLLM:
    server.reset()
    return server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, fake: FakeAnythingLLM) -> Settings:
    return process_settings(
        database_url,
        tmp_path,
        knowledge_backend="anythingllm",
        anythingllm_url=fake.base_url,
        anythingllm_api_key=SecretStr(API_KEY),
        anythingllm_workspace=WORKSPACE,
        max_retries=2,
    )


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The back-off delays asked for, each slept as a moment."""
    asked: list[float] = []

    async def moment(seconds: float) -> None:
        asked.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))

    monkeypatch.setattr(http, "_sleep", moment)
    return asked


@pytest.fixture
def backend(settings: Settings, sleeps: list[float]) -> AnythingLLMKnowledge:
    chosen = knowledge_backend(settings)
    assert isinstance(chosen, AnythingLLMKnowledge)
    return chosen


async def search(backend: AnythingLLMKnowledge, query: str, **kwargs: object) -> list:  # type: ignore[type-arg]
    # AnythingLLM needs no database session; the port's signature carries one for our index
    return await backend.search(None, COLLECTION, query, **kwargs)  # type: ignore[arg-type]


class TestSearch:
    async def test_a_passage_becomes_a_hit_with_its_citation(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        fake.add_document("integracii.md", BITRIX)
        fake.add_document("support.md", SUPPORT)
        [hit] = await search(backend, "С Битриксом работаете?")
        assert (hit.document_key, hit.document_title, hit.title) == ("integracii.md",) * 3
        assert hit.text == BITRIX and hit.citation == "integracii.md"
        assert hit.category == "" and hit.section == ""
        assert hit.score == hit.similarity == 1.0  # both words found: the fake's score
        [again] = await search(backend, "А с Битрикс24 работаете?")
        assert again.chunk_id == hit.chunk_id  # the same passage keeps its id
        [call, _] = fake.calls_to("/chat")
        assert call.body == {"message": "С Битриксом работаете?", "mode": "query"}
        assert call.headers["authorization"] == f"Bearer {API_KEY}"

    async def test_nothing_found_is_an_empty_list(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        fake.add_document("support.md", SUPPORT)
        assert await search(backend, "Какая погода завтра в Сочи?") == []
        fake.reset()  # a workspace with nothing embedded refuses the same way
        assert await search(backend, "С Битриксом работаете?") == []

    async def test_k_limits_the_hits_and_scores_keep_the_order(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        for i in range(3):
            fake.add_document(f"d{i}.md", "оплата картой" + " по счёту" * i)
        hits = await search(backend, "оплата картой по счёту", k=2)
        assert [h.document_key for h in hits] == ["d1.md", "d2.md"]
        assert hits[0].score >= hits[1].score

    @pytest.mark.parametrize(
        ("query", "k", "code"), [("   ", 3, "empty_query"), ("оплата", 0, "invalid_k")]
    )
    async def test_bad_queries_fail_as_with_our_own_index(
        self,
        fake: FakeAnythingLLM,
        backend: AnythingLLMKnowledge,
        settings: Settings,
        query: str,
        k: int,
        code: str,
    ) -> None:
        with pytest.raises(ValidationFailed) as ours:
            await search(backend, query, k=k)
        with pytest.raises(ValidationFailed) as own:
            await KnowledgeService(settings).search(None, COLLECTION, query, k=k)  # type: ignore[arg-type]
        assert ours.value.code == own.value.code == code
        assert ours.value.message == own.value.message
        assert fake.calls == []  # refused before any call

    async def test_the_question_never_reaches_the_logs(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        lines: list[str] = []
        sink = logger.add(lambda message: lines.append(str(message)), level="DEBUG")
        try:
            fake.fail_next(503)
            await search(backend, "Мой телефон +79991234567, перезвоните")
            fake.api_keys.clear()
            with pytest.raises(PermanentError):
                await search(backend, "Мой телефон +79991234567, перезвоните")
        finally:
            logger.remove(sink)
        assert lines and any(WORKSPACE in line for line in lines)
        assert not any("7999" in line or "перезвоните" in line for line in lines)


class TestFailures:
    async def test_a_wrong_key_is_a_permanent_error_that_says_what_to_do(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        fake.api_keys = {"another-key"}
        with pytest.raises(PermanentError) as raised:
            await search(backend, "С Битриксом работаете?")
        assert raised.value.status == 403
        assert "No valid api key found." in str(raised.value)
        assert "ANYTHINGLLM_API_KEY" in str(raised.value)
        assert len(fake.calls) == 1  # a refused key is not retried

    async def test_an_unknown_workspace_names_the_setting(
        self, fake: FakeAnythingLLM, settings: Settings, sleeps: list[float]
    ) -> None:
        other = knowledge_backend(settings.model_copy(update={"anythingllm_workspace": "sales"}))
        with pytest.raises(PermanentError) as raised:
            await search(other, "С Битриксом работаете?")  # type: ignore[arg-type]
        assert raised.value.status == 400
        assert "«sales»" in str(raised.value) and "ANYTHINGLLM_WORKSPACE" in str(raised.value)

    async def test_429_then_success_is_retried(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge, sleeps: list[float]
    ) -> None:
        fake.add_document("integracii.md", BITRIX)
        fake.fail_next(429, times=2)
        [hit] = await search(backend, "С Битриксом работаете?")
        assert hit.document_key == "integracii.md"
        assert [c.status for c in fake.calls_to("/chat")] == [429, 429, 200]
        assert len(sleeps) == 2 and sleeps[1] > sleeps[0]  # exponential back-off

    async def test_the_proxy_retry_after_is_honoured(
        self,
        fake: FakeAnythingLLM,
        backend: AnythingLLMKnowledge,
        sleeps: list[float],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        async def really(seconds: float) -> None:  # the window must pass for the retry
            sleeps.append(seconds)
            await asyncio.sleep(seconds)

        monkeypatch.setattr(http, "_sleep", really)
        fake.rate_limit, fake.rate_window = 1, 0.2
        await search(backend, "оплата")
        await search(backend, "оплата")  # the second within the window: 429, Retry-After: 1
        assert [c.status for c in fake.calls] == [200, 429, 200] and sleeps == [1.0]

    async def test_5xx_past_max_retries_is_a_retryable_error_that_says_so(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge, sleeps: list[float]
    ) -> None:
        fake.fail_next(500, times=10)
        with pytest.raises(RetryableError) as raised:
            await search(backend, "С Битриксом работаете?")
        assert raised.value.status == 500
        assert "3 попыток" in str(raised.value) and "ANYTHINGLLM_URL" in str(raised.value)
        assert len(fake.calls) == 3  # MAX_RETRIES=2: the call and two retries

    async def test_an_abort_inside_a_200_is_a_retryable_error_with_the_reason(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge
    ) -> None:
        fake.abort_next("No text completion could be completed with this input.")
        with pytest.raises(RetryableError, match="No text completion could be completed"):
            await search(backend, "оплата")

    async def test_an_unreachable_server_is_a_retryable_error(
        self, settings: Settings, sleeps: list[float]
    ) -> None:
        gone = settings.model_copy(update={"anythingllm_url": "http://127.0.0.1:9"})
        with pytest.raises(RetryableError) as raised:
            await search(knowledge_backend(gone), "оплата")  # type: ignore[arg-type]
        assert "unreachable" in str(raised.value) and len(sleeps) == 2


class TestDocumentsAndCheck:
    async def test_an_uploaded_file_is_embedded_and_then_answers(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge, tmp_path: Path
    ) -> None:
        path = tmp_path / "integracii.md"
        path.write_text(BITRIX, encoding="utf-8")
        location = await backend.client.upload(path)
        assert location.startswith("custom-documents/integracii.md-")
        assert fake.workspaces[WORKSPACE].documents == [location]
        [embed] = fake.calls_to("/update-embeddings")
        assert embed.body == {"adds": [location], "deletes": []}
        [hit] = await search(backend, "С Битриксом работаете?")
        assert hit.document_key == "integracii.md"

    async def test_a_file_anythingllm_cannot_read_is_refused_clearly(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge, tmp_path: Path
    ) -> None:
        path = tmp_path / "scan.xyz"
        path.write_bytes(b"\x00\x01")
        with pytest.raises(RetryableError, match="not supported for parsing"):
            await backend.client.upload(path)  # AnythingLLM says so with a 500
        assert fake.workspaces[WORKSPACE].documents == []

    async def test_check_passes_then_fails_on_a_key_or_a_workspace(
        self, fake: FakeAnythingLLM, backend: AnythingLLMKnowledge, settings: Settings
    ) -> None:
        await backend.client.check()
        missing = AnythingLLM.from_settings(
            settings.model_copy(update={"anythingllm_workspace": "sales"})
        )
        with pytest.raises(PermanentError, match="ANYTHINGLLM_WORKSPACE"):
            await missing.check()
        fake.api_keys.clear()
        with pytest.raises(PermanentError, match="ANYTHINGLLM_API_KEY"):
            await backend.client.check()


class TestOnTheBoard:
    async def test_listed_when_chosen_and_its_check_names_a_refused_key(
        self, fake: FakeAnythingLLM, settings: Settings, database: Database, clean_db: None
    ) -> None:
        own = settings.model_copy(update={"knowledge_backend": "own"})
        context = ProbeContext(settings=settings, database=database, counters=None)
        async with database.transaction() as session:
            chosen = {s.name: s for s in await status.list_statuses(session, settings)}
            unused = {s.name: s for s in await status.list_statuses(session, own)}
            healthy = await status.check(session, "anythingllm", context)
            fake.api_keys.clear()
            refused = await status.check(session, "anythingllm", context)
        entry = chosen["anythingllm"]
        assert (entry.configured, entry.kind) == (True, "knowledge")
        assert entry.details == {
            "host": fake.base_url.removeprefix("http://"),
            "workspace": WORKSPACE,
        }
        assert unused["anythingllm"].configured is False
        assert healthy.healthy is True  # (a last error stays on the board, as for every service)
        assert refused.healthy is False and refused.last_error is not None
        assert "ANYTHINGLLM_API_KEY" in refused.last_error and API_KEY not in refused.last_error

    def test_config_check_names_what_is_missing(self, settings: Settings) -> None:
        states = {i.name: i for i in integrations(settings)}
        assert states["anythingllm"].state == "on"
        keyless = {
            i.name: i
            for i in integrations(settings.model_copy(update={"anythingllm_api_key": None}))
        }
        assert keyless["anythingllm"].missing == ("ANYTHINGLLM_API_KEY",)
        own = {
            i.name: i
            for i in integrations(settings.model_copy(update={"knowledge_backend": "own"}))
        }
        assert own["anythingllm"].state == "off"


class TestPush:
    """`salesbot kb push`: a team moving to AnythingLLM seeds its workspace from our
    knowledge base folder, once; a second run sends only what is new."""

    def test_a_folder_goes_into_the_workspace_once(
        self, fake: FakeAnythingLLM, settings: Settings, tmp_path: Path, sleeps: list[float]
    ) -> None:
        folder = tmp_path / "kb"
        (folder / "faq").mkdir(parents=True)
        (folder / "faq" / "integrations.md").write_text(f"# Интеграции\n\n{BITRIX}\n")
        (folder / "support.txt").write_text(SUPPORT)
        (folder / "logo.png").write_bytes(b"\x89PNG")  # not a document: left out
        use_settings(settings)
        try:
            first = CliRunner().invoke(cli, ["kb", "push", str(folder)])
            (folder / "sla.md").write_text("# SLA\n\nОтвечаем за 15 минут в рабочее время.\n")
            second = CliRunner().invoke(cli, ["kb", "push", str(folder)])
        finally:
            use_settings(None)
        assert first.exit_code == 0, first.output
        assert "Sent to AnythingLLM: 2, already there: 0" in " ".join(first.output.split())
        assert second.exit_code == 0, second.output
        assert "Sent to AnythingLLM: 1, already there: 2" in " ".join(second.output.split())
        titles = sorted(
            fake.store[location].title for location in fake.workspaces[WORKSPACE].documents
        )
        assert titles == ["integrations.md", "sla.md", "support.txt"]

    def test_a_file_refused_is_named_and_the_rest_still_go(
        self, fake: FakeAnythingLLM, settings: Settings, tmp_path: Path, sleeps: list[float]
    ) -> None:
        (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 a scanned page, no text layer")
        (tmp_path / "support.txt").write_text(SUPPORT)
        use_settings(settings.model_copy(update={"anythingllm_url": fake.base_url}))
        try:
            result = CliRunner().invoke(cli, ["kb", "push", str(tmp_path)])
        finally:
            use_settings(None)
        assert result.exit_code == 1
        said = " ".join(result.output.split())
        assert "scan.pdf" in said and "Sent to AnythingLLM: 1" in said
        assert len(fake.workspaces[WORKSPACE].documents) == 1

    def test_without_anythingllm_settings_it_says_what_to_set(
        self, settings: Settings, tmp_path: Path
    ) -> None:
        use_settings(settings.model_copy(update={"anythingllm_api_key": None}))
        try:
            result = CliRunner().invoke(cli, ["kb", "push", str(tmp_path)])
        finally:
            use_settings(None)
        assert result.exit_code == 2
        assert "ANYTHINGLLM_API_KEY" in " ".join(result.output.split())


class TestFactory:
    def test_own_is_the_default_and_reuses_the_given_service(self, settings: Settings) -> None:
        own = settings.model_copy(update={"knowledge_backend": "own"})
        service = KnowledgeService(own)
        assert knowledge_backend(own, own=service) is service
        assert isinstance(knowledge_backend(own), KnowledgeService)

    def test_anythingllm_is_chosen_by_the_setting(self, settings: Settings) -> None:
        chosen = knowledge_backend(settings, own=KnowledgeService(settings))
        assert isinstance(chosen, AnythingLLMKnowledge)
        assert chosen.client.workspace == WORKSPACE

    @pytest.mark.parametrize(
        ("update", "named"),
        [
            ({"anythingllm_url": None}, "ANYTHINGLLM_URL"),
            ({"anythingllm_api_key": None}, "ANYTHINGLLM_API_KEY"),
            ({"anythingllm_api_key": SecretStr("")}, "ANYTHINGLLM_API_KEY"),
        ],
    )
    def test_anythingllm_without_its_address_or_key_is_a_configuration_error(
        self, settings: Settings, update: dict[str, object], named: str
    ) -> None:
        with pytest.raises(ConfigurationError) as raised:
            knowledge_backend(settings.model_copy(update=update))
        assert named in raised.value.message and "KNOWLEDGE_BACKEND=own" in raised.value.message


class TestOfflineBrain:
    async def test_a_product_question_is_answered_from_a_workspace_passage(
        self, fake: FakeAnythingLLM, session: AsyncSession, settings: Settings
    ) -> None:
        fake.add_document("integracii.md", BITRIX)
        engine = DialogEngine.standalone(settings, OfflineBrain(settings))
        result = await engine.handle(
            session, InboundMessage(Channel.web, "allm-1", "С Битриксом работаете?")
        )
        text = "\n".join(reply.text for reply in result.replies)
        assert "Битрикс24 работает из коробки" in text and "integracii.md" in text
        assert [c.body["mode"] for c in fake.calls_to("/chat")] == ["query"]
        assert any(m.meta.get("sources") for m in result.replies)
