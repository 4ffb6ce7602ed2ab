"""A fake AnythingLLM developer API (`/api/v1`), after the server's own route code and
Swagger notes (Mintplex-Labs/anything-llm, server/endpoints/api/{auth,workspace,document}).

What it serves:
- `GET /api/v1/auth` → `{"authenticated": true}`.
- `GET /api/v1/workspaces` → `{"workspaces": [...]}`; `GET /api/v1/workspace/{slug}` →
  `{"workspace": [the workspace]}`, an empty list (still 200) for an unknown slug.
- `POST /api/v1/workspace/{slug}/chat` with `{"message", "mode", "sessionId"?, "reset"?}`:
  `{id, type, textResponse, sources, close, error}`. An unknown slug is a 400 with
  `type: "abort"` and `error: "Workspace <slug> is not a valid workspace."`; an empty
  message or a mode other than `chat`/`query`/`automatic` a 400 of the same shape. In
  `query` mode only embedded passages answer: a workspace with nothing embedded, or no
  passage scoring at least its `similarityThreshold`, gets its `queryRefusalResponse` (or
  the server's default refusal) with `sources: []`. A found answer lists up to `topN`
  sources, best first, each the document's metadata plus the passage's `text` and `score`.
  `chat` mode answers even without sources (the model's general knowledge).
- `POST /api/v1/document/upload`, multipart with `file`: a text file (.txt, .md, .csv,
  .json, .html) becomes a document at `custom-documents/<name>-<uuid>.json` and the answer
  is `{success: true, error: null, documents: [{location, name, title, …}]}`; another type
  is a 500 `{success: false, error: …, documents: []}` as when the collector cannot parse
  it; no `file` part is the bare 500 the real route gives (it reads the missing file).
- `POST /api/v1/workspace/{slug}/update-embeddings` with `{"adds": [location], "deletes":
  [...]}` → `{"workspace": {..., "documents": [{docpath, filename, ...}]}}`; an unknown slug
  is a bare 400 (`Bad Request`, text). A location that names no uploaded document is
  skipped silently, and the answer is still 200, as the real server does.

Every route wants `Authorization: Bearer <key>` with a known key, else 403
`{"error": "No valid api key found."}`. Unknown routes are 404.

The fake's own choices where the notes are silent:
- Passages are a document's paragraphs (split on blank lines). A passage's score is the
  share of the question's words (three letters or more) found in it, a word matching any
  passage word with the same first five letters (so Russian case endings still match);
  `scoreThreshold`/`topN` are per workspace, defaults 0.25 and 4 as the server's.
- The "LLM" answer of a found query is its best passage, quoted.
- AnythingLLM itself has no rate limit; teams run it behind a proxy that has one. The fake
  plays that proxy: more than `rate_limit` requests in `rate_window` seconds answer 429
  with `Retry-After` (whole seconds) and `{"error": "Too many requests"}`. Refused
  requests do not count. `rate_limit = 0` switches it off.

Tests steer it: `api_keys`, `add_workspace`, `add_document` (upload + embed in one step),
`fail_next(status, times)`, `abort_next(error)`, `rate_limit`/`rate_window`, `down`; and read `calls`.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from tests.fakes.threaded import ThreadedFake

API_KEY = "FAKE-ANYTHINGLLM-KEY-0001"
WORKSPACE = "salesbot"
DEFAULT_REFUSAL = "There is no relevant information in this workspace to answer your query."
NO_KEY = {"error": "No valid api key found."}
TEXT_TYPES = (".txt", ".md", ".csv", ".json", ".html", ".htm")
MODES = ("automatic", "chat", "query")
_WORD = re.compile(r"\w+")


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # JSON (or None), or the multipart file name for uploads
    status: int = 0


@dataclass
class Document:
    location: str
    title: str
    text: str
    published: str

    @property
    def passages(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.text) if p.strip()]

    def metadata(self) -> dict[str, Any]:
        """What the server keeps about a document and repeats in each of its sources."""
        words = len(self.text.split())
        return {
            "url": f"file:///app/collector/hotdir/{self.title}",
            "title": self.title,
            "docAuthor": "Unknown",
            "description": "Unknown",
            "docSource": "a text file uploaded by the user.",
            "chunkSource": self.title,
            "published": self.published,
            "wordCount": words,
            "token_count_estimate": int(words * 1.3),
        }


@dataclass
class Workspace:
    id: int
    slug: str
    name: str
    query_refusal: str | None = None
    similarity_threshold: float = 0.25
    top_n: int = 4
    documents: list[str] = field(default_factory=list)  # locations embedded, in order

    def render(self, store: dict[str, Document]) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "chatMode": "chat",
            "similarityThreshold": self.similarity_threshold,
            "topN": self.top_n,
            "queryRefusalResponse": self.query_refusal,
            "documents": [
                {
                    "id": i + 1,
                    "docId": str(uuid.uuid5(uuid.NAMESPACE_URL, location)),
                    "filename": location.rsplit("/", 1)[-1],
                    "docpath": location,
                    "workspaceId": self.id,
                    "metadata": store[location].metadata(),
                    "pinned": False,
                }
                for i, location in enumerate(self.documents)
            ],
        }


class FakeAnythingLLM(ThreadedFake):
    name = "fake AnythingLLM"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._failures: deque[int] = deque()
        self.reset()
        routes = (
            ("GET", "/api/v1/auth", self._auth),
            ("GET", "/api/v1/workspaces", self._workspaces),
            ("GET", "/api/v1/workspace/{slug}", self._workspace),
            ("POST", "/api/v1/workspace/{slug}/chat", self._chat),
            ("POST", "/api/v1/workspace/{slug}/update-embeddings", self._update_embeddings),
            ("POST", "/api/v1/document/upload", self._upload),
        )
        for method, path, handler in routes:
            self.app.add_api_route(path, self._guarded(handler), methods=[method])

    def reset(self) -> None:
        """One key, one empty workspace (`salesbot`), no documents, calls or failures, the
        rate limit off."""
        with self._lock:
            self.api_keys = {API_KEY}
            self.store: dict[str, Document] = {}
            self.workspaces: dict[str, Workspace] = {}
            self.calls: list[Call] = []
            self.down = False  # every request answers 502, as a proxy with the server gone
            self.rate_limit = 0
            self.rate_window = 60.0
            self._hits: deque[float] = deque()
            self._failures.clear()
            self._aborts: deque[str] = deque()
        self.add_workspace(WORKSPACE)

    @property
    def base_url(self) -> str:
        """What a team sets as ANYTHINGLLM_URL (the server's origin, without /api)."""
        return self.origin

    # --- what tests steer -------------------------------------------------------------------
    def add_workspace(self, slug: str, **settings: Any) -> Workspace:
        with self._lock:
            workspace = Workspace(len(self.workspaces) + 1, slug, slug.title(), **settings)
            self.workspaces[slug] = workspace
            return workspace

    def add_document(self, title: str, text: str, workspace: str = WORKSPACE) -> str:
        """A document uploaded and embedded into `workspace` (as the team does in the UI)."""
        with self._lock:
            location = self._store(title, text)
            self.workspaces[workspace].documents.append(location)
            return location

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """The next `times` authenticated requests answer `status` and do nothing."""
        with self._lock:
            self._failures.extend([status] * times)

    def abort_next(self, error: str, times: int = 1) -> None:
        """The next `times` chats fail inside a 200, as when the workspace's vector search or
        LLM fails: `type: "abort"`, `textResponse: null`, the reason in `error`."""
        with self._lock:
            self._aborts.extend([error] * times)

    def calls_to(self, suffix: str) -> list[Call]:
        return [c for c in self.calls if c.path.endswith(suffix)]

    # --- the gate every route passes ----------------------------------------------------------
    def _guarded(self, handler: Any) -> Any:
        async def route(request: Request) -> Response:
            call = await self._record(request)
            response = self._refusal(request)
            if response is None:
                with self._lock:
                    response = handler(request, call)
            call.status = response.status_code
            return response

        return route

    async def _record(self, request: Request) -> Call:
        body: Any = None
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/"):
            async with request.form() as form:
                upload = form.get("file")
                body = {"file": getattr(upload, "filename", None)}
                request.state.upload = (
                    (upload.filename, await upload.read()) if hasattr(upload, "read") else None
                )
        else:
            raw = await request.body()
            if raw:
                try:
                    body = await request.json()
                except ValueError:
                    body = raw.decode(errors="replace")
        call = Call(request.method, request.url.path, dict(request.headers), body)
        with self._lock:
            self.calls.append(call)
        return call

    def _refusal(self, request: Request) -> Response | None:
        """The proxy's answers (down, rate limit), a steered failure, or the key check."""
        with self._lock:
            if self.down:
                return PlainTextResponse("Bad Gateway", status_code=502)
            if self.rate_limit:
                now = time.monotonic()
                while self._hits and self._hits[0] <= now - self.rate_window:
                    self._hits.popleft()
                if len(self._hits) >= self.rate_limit:
                    wait = max(1, int(self._hits[0] + self.rate_window - now + 0.999))
                    return JSONResponse(
                        {"error": "Too many requests"},
                        status_code=429,
                        headers={"Retry-After": str(wait)},
                    )
                self._hits.append(now)
            auth = request.headers.get("authorization", "")
            # the server takes the second word of the header, whatever the first says
            parts = auth.split(" ")
            if len(parts) < 2 or parts[1] not in self.api_keys:
                return JSONResponse(NO_KEY, status_code=403)
            if self._failures:
                return PlainTextResponse(
                    "Internal Server Error", status_code=self._failures.popleft()
                )
        return None

    # --- routes (called under the lock) -------------------------------------------------------
    def _auth(self, request: Request, call: Call) -> Response:
        return JSONResponse({"authenticated": True})

    def _workspaces(self, request: Request, call: Call) -> Response:
        return JSONResponse(
            {"workspaces": [w.render(self.store) for w in self.workspaces.values()]}
        )

    def _workspace(self, request: Request, call: Call) -> Response:
        found = self.workspaces.get(request.path_params["slug"])
        return JSONResponse({"workspace": [found.render(self.store)] if found else []})

    def _chat(self, request: Request, call: Call) -> Response:
        slug = request.path_params["slug"]
        body = call.body if isinstance(call.body, dict) else {}
        workspace = self.workspaces.get(slug)
        if workspace is None:
            return _abort(f"Workspace {slug} is not a valid workspace.")
        message, mode = body.get("message"), body.get("mode") or "chat"
        if not message or not isinstance(message, str):
            return _abort("Message is empty")
        if mode not in MODES:
            return _abort(f"{mode} is not a valid mode.")
        if self._aborts:
            return _abort(self._aborts.popleft(), status=200)
        sources = self._search(workspace, message)
        if mode == "query" and not sources:
            text = workspace.query_refusal or DEFAULT_REFUSAL
            return JSONResponse(_answer(text, []))
        if sources:
            text = f"Согласно «{sources[0]['title']}»: {sources[0]['text']}"
        else:
            text = "A general answer from the model's own knowledge."
        return JSONResponse(_answer(text, sources))

    def _upload(self, request: Request, call: Call) -> Response:
        upload = getattr(request.state, "upload", None)
        if upload is None:
            return PlainTextResponse("Internal Server Error", status_code=500)
        name, data = upload
        if not name.lower().endswith(TEXT_TYPES):
            return JSONResponse(
                {
                    "success": False,
                    "error": f"File extension {name.rsplit('.', 1)[-1]} not supported for parsing.",
                    "documents": [],
                },
                status_code=500,
            )
        location = self._store(name, data.decode("utf-8", errors="replace"))
        document = self.store[location]
        listed = {"location": location, "name": location.rsplit("/", 1)[-1], **document.metadata()}
        return JSONResponse({"success": True, "error": None, "documents": [listed]})

    def _update_embeddings(self, request: Request, call: Call) -> Response:
        workspace = self.workspaces.get(request.path_params["slug"])
        if workspace is None:
            return PlainTextResponse("Bad Request", status_code=400)
        body = call.body if isinstance(call.body, dict) else {}
        for location in body.get("deletes") or []:
            if location in workspace.documents:
                workspace.documents.remove(location)
        for location in body.get("adds") or []:
            if location in self.store and location not in workspace.documents:
                workspace.documents.append(location)
        return JSONResponse({"workspace": workspace.render(self.store)})

    # --- the fake's retrieval -----------------------------------------------------------------
    def _store(self, title: str, text: str) -> str:
        location = f"custom-documents/{title}-{uuid.uuid4()}.json"
        published = time.strftime("%m/%d/%Y, %I:%M:%S %p")
        self.store[location] = Document(location, title, text, published)
        return location

    def _search(self, workspace: Workspace, question: str) -> list[dict[str, Any]]:
        asked = {_stem(w) for w in _WORD.findall(question.lower()) if len(w) >= 3}
        if not asked:
            return []
        scored = []
        for location in workspace.documents:
            document = self.store[location]
            for passage in document.passages:
                present = {_stem(w) for w in _WORD.findall(passage.lower())}
                score = len(asked & present) / len(asked)
                if score >= workspace.similarity_threshold:
                    scored.append((score, document, passage))
        scored.sort(key=lambda item: item[0], reverse=True)
        return [
            {"id": str(uuid.uuid4()), **document.metadata(), "text": passage, "score": score}
            for score, document, passage in scored[: workspace.top_n]
        ]


def _stem(word: str) -> str:
    return word[:5]


def _answer(text: str, sources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "textResponse",
        "sources": sources,
        "close": True,
        "error": None,
        "textResponse": text,
        "metrics": {},
    }


def _abort(error: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {
            "id": str(uuid.uuid4()),
            "type": "abort",
            "textResponse": None,
            "sources": [],
            "close": True,
            "error": error,
        },
        status_code=status,
    )
