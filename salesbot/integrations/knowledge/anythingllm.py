"""AnythingLLM's developer API, for teams whose documents already live in one of its
workspaces: the passages a workspace finds for a question (workspace chat in `query` mode),
pushing a document into the workspace, and a check of the key and the workspace.

Query mode is used because it answers only from the workspace's documents: when nothing
matches it returns no sources (and the workspace's refusal text, which we ignore), never
an answer from the model's general knowledge. The passages come back as `sources`; the
vector database's cosine similarity is in their `score`, when the database reports one.

AnythingLLM stores every chat it answers, query-mode ones included, in its own chat log, so
no session id is sent: customers' questions are not linked to each other there."""

from __future__ import annotations

import asyncio
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from loguru import logger

from salesbot.errors import ConfigurationError
from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of
from salesbot.integrations.errors import (
    OutsideServiceError,
    PermanentError,
    RetryableError,
    error_for_status,
)
from salesbot.integrations.http import send_with_retries
from salesbot.settings import Settings, secret_value

SERVICE = "anythingllm"
# An upload waits for AnythingLLM to parse the file (a long PDF takes minutes), and adding it
# to the workspace waits for its embedder: both outlast a chat answer by far.
DOCUMENT_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class Passage:
    title: str  # the document's title in AnythingLLM (its file name unless set on upload)
    text: str
    score: float | None  # cosine similarity of question and passage, when reported


class AnythingLLMEntry:
    """AnythingLLM on the admins' integration board, configured when KNOWLEDGE_BACKEND
    chooses it; its check asks for the key and the workspace."""

    name = SERVICE
    title = "AnythingLLM (база знаний)"
    kind: Kind = "knowledge"

    def configured(self, settings: Settings) -> bool:
        return settings.knowledge_backend == "anythingllm"

    def details(self, settings: Settings) -> dict[str, Any]:
        return {
            "host": host_of(settings.anythingllm_url),
            "workspace": settings.anythingllm_workspace,
        }

    async def probe(self, context: ProbeContext) -> None:
        try:
            await AnythingLLM.from_settings(context.settings).check()
        except ConfigurationError as exc:
            raise ProbeFailed(exc.message) from exc
        except OutsideServiceError as exc:
            raise ProbeFailed(str(exc).removeprefix(f"{SERVICE}: ")) from exc


class AnythingLLM:
    """One workspace of one AnythingLLM server. Each call opens its own connection: the
    calls are few and slow (a query runs the workspace's LLM), so a pool would buy nothing
    and would tie the adapter to one event loop."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        workspace: str,
        *,
        timeout: float,
        max_retries: int,
    ) -> None:
        self.workspace = workspace
        self._api = base_url.rstrip("/").removesuffix("/api") + "/api/v1"
        self._headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
        self._timeout = timeout
        self._max_retries = max_retries

    @classmethod
    def from_settings(cls, settings: Settings) -> AnythingLLM:
        url, key = settings.anythingllm_url, secret_value(settings.anythingllm_api_key)
        if not url or not key:
            missing = [
                name
                for name, value in (("ANYTHINGLLM_URL", url), ("ANYTHINGLLM_API_KEY", key))
                if not value
            ]
            raise ConfigurationError(
                "KNOWLEDGE_BACKEND=anythingllm needs "
                + " and ".join(missing)
                + ": set them (the key is made in AnythingLLM under Settings → Developer API),"
                " or set KNOWLEDGE_BACKEND=own to answer from our own index."
            )
        return cls(
            url,
            key,
            settings.anythingllm_workspace,
            # query mode runs the workspace's LLM before it answers
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.max_retries,
        )

    # --- the calls --------------------------------------------------------------------------
    async def query(self, question: str) -> list[Passage]:
        """The workspace's passages for `question`, best first as AnythingLLM ranks them;
        [] when its documents say nothing about it."""
        answer = await self._call(
            "POST", self._workspace_path("chat"), json={"message": question, "mode": "query"}
        )
        if answer.get("type") == "abort" or answer.get("error"):
            # its vector search or its LLM failed inside a 200; the same question may work later
            said = _said(answer) or "без объяснения"
            logger.bind(service=SERVICE, workspace=self.workspace).warning(
                "workspace chat aborted: {}", said
            )
            raise RetryableError(SERVICE, f"AnythingLLM прервал ответ: {said}.")
        passages = [_passage(source) for source in answer.get("sources") or []]
        return [p for p in passages if p is not None]

    async def upload(self, path: Path) -> str:
        """Upload a file and embed it into the workspace; returns its location in
        AnythingLLM (what the workspace's document list and later removals name it by)."""
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        uploaded = await self._call(
            "POST",
            "/document/upload",
            files={"file": (path.name, await asyncio.to_thread(path.read_bytes), mime)},
            slow=True,
        )
        documents = uploaded.get("documents") or []
        if not uploaded.get("success") or not documents or not documents[0].get("location"):
            raise PermanentError(
                SERVICE, f"AnythingLLM не принял файл {path.name}: {_said(uploaded)}."
            )
        location = str(documents[0]["location"])
        updated = await self._call(
            "POST",
            self._workspace_path("update-embeddings"),
            json={"adds": [location], "deletes": []},
            slow=True,
        )
        # AnythingLLM answers 200 even when embedding failed: the workspace's list tells.
        embedded = {d.get("docpath") for d in (updated.get("workspace") or {}).get("documents", [])}
        if location not in embedded:
            raise PermanentError(
                SERVICE,
                f"AnythingLLM принял файл {path.name}, но не добавил его в пространство "
                f"«{self.workspace}»: проверьте настройки эмбеддера и журнал AnythingLLM.",
            )
        logger.bind(service=SERVICE).info("uploaded a document into workspace {}", self.workspace)
        return location

    async def titles(self) -> set[str]:
        """The titles of the workspace's documents (an uploaded file's title is its name)."""
        found = await self._call("GET", self._workspace_path(""))
        workspace = found.get("workspace")
        if isinstance(workspace, list):  # some versions answer a list of one
            workspace = workspace[0] if workspace else None
        if not workspace:
            raise PermanentError(SERVICE, self._no_workspace())
        titles = set()
        for document in workspace.get("documents") or []:
            metadata = document.get("metadata") or {}
            if isinstance(metadata, str):  # stored as a JSON string by some versions
                metadata = json.loads(metadata or "{}")
            if title := metadata.get("title"):
                titles.add(str(title))
        return titles

    async def check(self) -> None:
        """Raises unless the key is accepted and the workspace exists."""
        await self._call("GET", "/auth")
        found = await self._call("GET", self._workspace_path(""))
        # an unknown slug is a 200 with an empty list, not a 404
        if not found.get("workspace"):
            raise PermanentError(SERVICE, self._no_workspace())

    # --- HTTP -------------------------------------------------------------------------------
    def _workspace_path(self, action: str) -> str:
        path = f"/workspace/{quote(self.workspace, safe='')}"
        return f"{path}/{action}" if action else path

    def _no_workspace(self) -> str:
        return (
            f"в AnythingLLM нет рабочего пространства «{self.workspace}»: "
            "укажите в ANYTHINGLLM_WORKSPACE его slug (как в адресе пространства)."
        )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        files: Any = None,
        slow: bool = False,
    ) -> dict[str, Any]:
        # the workspace and the status only: questions are customers' words
        log = logger.bind(service=SERVICE, workspace=self.workspace)
        answers: list[httpx.Response] = []
        async with httpx.AsyncClient(
            headers=self._headers, timeout=DOCUMENT_TIMEOUT_SECONDS if slow else self._timeout
        ) as http:

            async def request() -> httpx.Response:
                answer = await http.request(method, self._api + path, json=json, files=files)
                answers.append(answer)  # the helper's error keeps no body; ours quotes it
                return answer

            try:
                response = await send_with_retries(SERVICE, request, max_retries=self._max_retries)
            except RetryableError as exc:
                log.warning("{} {} gave up: {}", method, path, exc)
                raise self._gave_up(exc, answers[-1] if answers else None) from exc
        if response.status_code >= 400:
            log.warning("{} {} answered HTTP {}", method, path, response.status_code)
            raise self._error(response)
        log.debug("{} {} answered HTTP {}", method, path, response.status_code)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise PermanentError(SERVICE, f"AnythingLLM ответил не JSON-объектом на {path}.")
        return body

    def _gave_up(self, exc: RetryableError, last: httpx.Response | None) -> RetryableError:
        tries = self._max_retries + 1
        said = _said(_json(last)) if last is not None else ""
        if said:  # it answered each time, and said why (e.g. its document parser is offline)
            message = f"AnythingLLM ответил HTTP {exc.status} {tries} раз подряд: {said}"
        else:
            reason = str(exc).removeprefix(f"{SERVICE}: ")
            message = (
                f"AnythingLLM недоступен ({reason} после {tries} попыток): проверьте, что "
                "сервер по ANYTHINGLLM_URL запущен и отвечает."
            )
        return RetryableError(SERVICE, message, status=exc.status)

    def _error(self, response: httpx.Response) -> OutsideServiceError:
        status = response.status_code
        explained = _said(_json(response))
        said = explained or response.text.strip()[:300] or f"HTTP {status}"
        if status in (401, 403):
            return PermanentError(
                SERVICE,
                f"AnythingLLM не принял ключ API ({said}): создайте ключ в AnythingLLM "
                "(Settings → Developer API) и укажите его в ANYTHINGLLM_API_KEY.",
                status=status,
            )
        # An unknown workspace: the chat says so in JSON, update-embeddings answers a bare 400.
        if status == 400 and (not explained or "workspace" in explained.lower()):
            return PermanentError(SERVICE, self._no_workspace(), status=status)
        return error_for_status(SERVICE, status, f"AnythingLLM ответил HTTP {status}: {said}")


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _said(body: Any) -> str:
    """What AnythingLLM wrote about a failure: `error` (chat, uploads, auth) or `message`."""
    if isinstance(body, dict):
        for key in ("error", "message"):
            if body.get(key):
                return str(body[key])[:300]
    return ""


def _passage(source: Any) -> Passage | None:
    """A source of a query answer; the docs show its text as `chunk`, servers send `text`."""
    if not isinstance(source, dict):
        return None
    text = str(source.get("text") or source.get("chunk") or "").strip()
    if not text:
        return None
    title = str(source.get("title") or source.get("chunkSource") or "AnythingLLM")
    score = source.get("score")
    return Passage(title, text, float(score) if isinstance(score, int | float) else None)
