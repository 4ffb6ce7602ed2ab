"""GigaChat (Sber) behind the OpenAI client that pydantic-ai drives.

Two differences from the OpenAI API are bridged in the HTTP client, so the model class stays
pydantic-ai's own:

* Auth: every request carries a Bearer access token that GigaChat's OAuth endpoint issues for
  30 minutes in exchange for the authorization key. `GigaChatAuth` caches it, refreshes it a
  minute before expiry, and once more on a 401.
* Function calling: GigaChat's /chat/completions speaks the older `functions` /
  `function_call` dialect (arguments as a JSON object, results as `role: "function"`
  messages whose content must be JSON). `GigaChatDialect` rewrites OpenAI `tools` requests
  into it and the answers back into `tool_calls`.

Sber's servers present a certificate issued by the Russian Trusted Root CA (Минцифры); point
`SSL_CERT_FILE` at a bundle that includes it rather than switching verification off
(docs/dialog.md).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator
from typing import Any

import httpx

# Refresh this long before the token's stated expiry, so a request never races it.
REFRESH_MARGIN_SECONDS = 60.0
# The keys GigaChat's chat request accepts, besides the translated ones.
_PASSED_KEYS = ("model", "temperature", "top_p", "max_tokens", "repetition_penalty", "stream")


class GigaChatAuthError(httpx.RequestError):
    """The OAuth endpoint refused the authorization key or answered nonsense. A request error
    to the OpenAI client, so the fallback chain moves on to the next provider."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class GigaChatAuth(httpx.Auth):
    """Bearer auth with a cached OAuth access token; one refresh-and-retry on a 401."""

    def __init__(
        self,
        *,
        auth_key: str,
        scope: str,
        oauth_url: str,
        timeout: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._auth_key = auth_key
        self._scope = scope
        self._oauth_url = oauth_url
        self._timeout = timeout
        self._clock = clock  # tests move time forward
        self._token: str | None = None
        self._expires_at = 0.0  # epoch seconds
        self._lock = asyncio.Lock()
        self.fetches = 0  # tokens obtained, for tests and logs

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError("GigaChatAuth works with httpx.AsyncClient only")
        yield request  # pragma: no cover

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            # Revoked or expired early: one fresh token, one retry (httpx reads and closes the
            # refused response itself).
            request.headers["Authorization"] = f"Bearer {await self.token(stale=token)}"
            yield request

    async def token(self, *, stale: str | None = None) -> str:
        """A valid access token; `stale` is one the server refused, never returned again."""
        async with self._lock:
            fresh = self._clock() < self._expires_at - REFRESH_MARGIN_SECONDS
            if self._token is None or not fresh or self._token == stale:
                self._token, self._expires_at = await self._fetch()
                self.fetches += 1
            return self._token

    async def _fetch(self) -> tuple[str, float]:
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            response = await client.post(
                self._oauth_url,
                headers={
                    "Authorization": f"Basic {self._auth_key}",
                    "RqUID": str(uuid.uuid4()),
                    "Accept": "application/json",
                },
                data={"scope": self._scope},
            )
        if response.status_code != 200:
            raise GigaChatAuthError(
                f"GigaChat OAuth answered {response.status_code}", response.status_code
            )
        try:
            body = response.json()
            return str(body["access_token"]), float(body["expires_at"]) / 1000
        except (ValueError, KeyError, TypeError) as exc:
            raise GigaChatAuthError("GigaChat OAuth answer has no access_token") from exc


class GigaChatDialect(httpx.AsyncBaseTransport):
    """Translates OpenAI tool calling to GigaChat's functions on the way out and back, for
    whole answers and for streamed ones (server-sent events, chunk by chunk)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return await self._inner.handle_async_request(request)
        body = json.loads(await request.aread())
        content = json.dumps(to_gigachat(body), ensure_ascii=False).encode()
        headers = httpx.Headers(request.headers)
        headers["Content-Length"] = str(len(content))
        outgoing = httpx.Request(
            "POST", request.url, headers=headers, content=content, extensions=request.extensions
        )
        response = await self._inner.handle_async_request(outgoing)
        if response.status_code != 200:
            return response
        kept = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
        ]
        if body.get("stream"):
            return httpx.Response(200, headers=kept, stream=_Events(response), request=request)
        try:
            answer = from_gigachat(json.loads(await response.aread()))
        finally:
            await response.aclose()
        return httpx.Response(200, headers=kept, json=answer, request=request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Events(httpx.AsyncByteStream):
    """GigaChat's server-sent chunks, each rewritten into an OpenAI chunk as it arrives."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self._id = f"gigachat-{uuid.uuid4().hex}"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        pending = b""
        async for data in self._response.aiter_bytes():
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                yield self._line(line) + b"\n"
        if pending:
            yield self._line(pending)

    def _line(self, line: bytes) -> bytes:
        payload = line.removeprefix(b"data:").strip()
        if not line.startswith(b"data:") or not payload or payload == b"[DONE]":
            return line
        chunk = chunk_from_gigachat(json.loads(payload), self._id)
        return b"data: " + json.dumps(chunk, ensure_ascii=False).encode()

    async def aclose(self) -> None:
        await self._response.aclose()


def to_gigachat(body: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI chat request in GigaChat's terms."""
    result = {key: body[key] for key in _PASSED_KEYS if key in body}
    if "max_tokens" not in result and "max_completion_tokens" in body:
        result["max_tokens"] = body["max_completion_tokens"]
    result["messages"] = _messages(body.get("messages", []))
    tools = [t["function"] for t in body.get("tools", []) if t.get("type") == "function"]
    if tools:
        result["functions"] = [
            {
                "name": tool["name"],
                "description": tool.get("description", ""),
                "parameters": _simple_schema(tool.get("parameters") or {"type": "object"}),
            }
            for tool in tools
        ]
        choice = body.get("tool_choice", "auto")
        if isinstance(choice, dict) and choice.get("function"):
            result["function_call"] = {"name": choice["function"]["name"]}
        else:
            # GigaChat cannot be made to call "some" function; "required" degrades to "auto".
            result["function_call"] = "none" if choice == "none" else "auto"
    return result


def _messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names: dict[str, str] = {}  # tool_call_id → function name, for the results
    system: list[str] = []
    result: list[dict[str, Any]] = []
    for message in messages:
        role, text = message.get("role"), _text(message.get("content"))
        if role in ("system", "developer"):
            system.append(text)  # GigaChat takes one system message, first
        elif role == "assistant" and message.get("tool_calls"):
            for i, call in enumerate(message["tool_calls"]):
                names[call["id"]] = call["function"]["name"]
                result.append(
                    {
                        "role": "assistant",
                        "content": text if i == 0 else "",
                        "function_call": {
                            "name": call["function"]["name"],
                            "arguments": _json_object(call["function"].get("arguments")),
                        },
                    }
                )
        elif role == "tool":
            result.append(
                {
                    "role": "function",
                    "name": names.get(message.get("tool_call_id", ""), ""),
                    "content": _json_text(text),
                }
            )
        else:
            result.append({"role": role, "content": text})
    if system:
        result.insert(0, {"role": "system", "content": "\n\n".join(system)})
    return result


def from_gigachat(answer: dict[str, Any]) -> dict[str, Any]:
    """A GigaChat chat answer in OpenAI's terms."""
    answer.setdefault("id", f"gigachat-{uuid.uuid4().hex}")
    answer.setdefault("object", "chat.completion")
    for choice in answer.get("choices", []):
        message = choice.get("message", {})
        message.pop("functions_state_id", None)
        call = message.pop("function_call", None)
        if call:
            message["tool_calls"] = [_tool_call(call)]
            message["content"] = message.get("content") or None
            choice["finish_reason"] = "tool_calls"
    return answer


def chunk_from_gigachat(chunk: dict[str, Any], chunk_id: str) -> dict[str, Any]:
    """A streamed GigaChat chunk in OpenAI's terms: a function call arrives whole, in one."""
    chunk.setdefault("id", chunk_id)
    chunk["object"] = "chat.completion.chunk"
    for choice in chunk.get("choices", []):
        delta = choice.get("delta", {})
        delta.pop("functions_state_id", None)
        call = delta.pop("function_call", None)
        if call:
            delta["tool_calls"] = [{"index": 0, **_tool_call(call)}]
            delta["content"] = delta.get("content") or None
        if choice.get("finish_reason") == "function_call":
            choice["finish_reason"] = "tool_calls"
    return chunk


def _tool_call(call: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"call_{uuid.uuid4().hex[:24]}",
        "type": "function",
        "function": {
            "name": call["name"],
            "arguments": json.dumps(call.get("arguments") or {}, ensure_ascii=False),
        },
    }


def _simple_schema(schema: Any) -> Any:
    """GigaChat's function parameters know plain types: `X | None` (anyOf with null) becomes X."""
    if isinstance(schema, list):
        return [_simple_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    options = schema.get("anyOf")
    if isinstance(options, list):
        concrete = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
        if len(concrete) == 1 and isinstance(concrete[0], dict):
            merged = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
            schema = {**concrete[0], **merged}
    return {
        key: _simple_schema(value)
        for key, value in schema.items()
        if key not in ("additionalProperties", "title", "strict")
        and not (key == "default" and value is None)
    }


def _text(content: Any) -> str:
    if isinstance(content, list):  # content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


def _json_object(arguments: Any) -> dict[str, Any]:
    if isinstance(arguments, dict):
        return arguments
    try:
        parsed = json.loads(arguments or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _json_text(text: str) -> str:
    """Function results must be a JSON object for GigaChat; anything else is wrapped."""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return text
    return json.dumps({"result": text}, ensure_ascii=False)
