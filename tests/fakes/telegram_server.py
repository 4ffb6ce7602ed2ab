"""A fake Telegram Bot API server, after ../shared/api/telegram.md: `POST /bot<token>/<method>`
with form-encoded or multipart bodies (nested objects as JSON strings, uploads as
`attach://<name>`), the `{ok, result}` / `{ok: false, error_code, description, parameters}`
envelope, and the errors the notes list: 401 for a wrong token, 400 for an empty or too long
text, callback data over 64 bytes, unparsable HTML or an unknown chat, 403 for a chat that
blocked the bot, 429 with `retry_after`."""

from __future__ import annotations

import html.parser
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from tests.fakes.threaded import ThreadedFake

TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef"
GET_FILE_LIMIT = 20 * 1024 * 1024  # bots may download files up to 20 MB
BOT = {"id": 123456789, "is_bot": True, "first_name": "SalesBot", "username": "sales_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # part → (name, bytes)
    at: float = field(default_factory=time.monotonic)  # when the fake received it


class FakeTelegram(ThreadedFake):
    name = "fake Telegram Bot API"

    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self.calls: list[Call] = []
        self.blocked: set[int] = set()  # chats whose user blocked the bot
        self.unknown: set[int] = set()  # chats that do not exist
        self._failures: list[tuple[int, str, int | None, str | None]] = []
        self._message_id = 1000
        self.webhook: dict[str, Any] = {}
        self.pending: list[dict[str, Any]] = []  # updates getUpdates hands out
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id → (file_path, bytes)
        self.app.add_api_route("/bot{token}/{method}", self._handle, methods=["GET", "POST"])
        self.app.add_api_route("/file/bot{token}/{path:path}", self._download, methods=["GET"])

    def fail_next(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        *,
        method: str | None = None,
    ) -> None:
        """The next call (of `method`, when given) answers with this error (429s carry
        `retry_after`)."""
        self._failures.append((status, description, retry_after, method))

    def sent(self, method: str = "sendMessage") -> list[Call]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    async def _handle(self, token: str, method: str, request: Request) -> JSONResponse:
        if token != self.token:
            return _error(401, "Unauthorized")
        params, files = await _params(request)
        self.calls.append(Call(method, params, files))
        for failure in self._failures:
            status, description, retry_after, only = failure
            if only is None or only.lower() == method.lower():
                self._failures.remove(failure)
                return _error(status, description, retry_after)
        handler = getattr(self, "_" + method.lower(), None)
        if handler is None:
            return _error(404, "Not Found")
        result = handler(params, files)
        return result if isinstance(result, JSONResponse) else _ok(result)

    async def _download(self, token: str, path: str) -> Response:
        """A file's bytes at the `file_path` getFile gave (the token is the only auth)."""
        self.calls.append(Call("download", {"path": path}))
        found = [data for file_path, data in self.files.values() if file_path == path]
        if token != self.token or not found:
            return _error(404, "Not Found")
        return Response(found[0], media_type="application/octet-stream")

    # --- methods -------------------------------------------------------------------------------
    def _getfile(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        if len(data) > GET_FILE_LIMIT:
            return _error(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": path,
        }

    def _getme(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return BOT

    def _sendchataction(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return self._chat(params) or True

    def _answercallbackquery(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if len(params.get("text", "")) > 200:
            return _error(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _editmessagereplymarkup(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if refused := self._chat(params):
            return refused
        return self._message(params, message_id=int(params["message_id"]))

    def _setwebhook(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://"):
            return _error(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        secret = str(params.get("secret_token", ""))
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            return _error(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, **params}
        return True

    def _getupdates(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            return _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset", 0))
        self.pending = [u for u in self.pending if u["update_id"] >= offset]  # confirmed
        return self.pending

    def _deletewebhook(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    def _sendmessage(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if refused := self._chat(params):
            return refused
        text = str(params.get("text", ""))
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return _error(400, "Bad Request: message is too long")
        if params.get("parse_mode") == "HTML" and not _valid_html(text):
            return _error(400, "Bad Request: can't parse entities: Unsupported start tag")
        if refused := _check_keyboard(params.get("reply_markup")):
            return refused
        return self._message(params, text=text)

    def _senddocument(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if refused := self._chat(params):
            return refused
        reference = str(params.get("document", ""))
        part = (
            reference.removeprefix("attach://") if reference.startswith("attach://") else "document"
        )
        if part not in files:
            return _error(400, "Bad Request: there is no document in the request")
        name, content = files[part]
        return self._message(
            params,
            caption=params.get("caption"),
            document={
                "file_id": f"doc{self._message_id}",
                "file_unique_id": f"u{self._message_id}",
                "file_name": name,
                "mime_type": "application/pdf",
                "file_size": len(content),
            },
        )

    def _chat(self, params: dict[str, Any]) -> JSONResponse | None:
        chat = int(params.get("chat_id", 0))
        if chat in self.unknown:
            return _error(400, "Bad Request: chat not found")
        if chat in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        return None

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        self._message_id += 1
        chat = int(params["chat_id"])
        return {
            "message_id": self._message_id,
            "date": int(time.time()),
            "from": BOT,
            "chat": {"id": chat, "type": "private"},
            **{k: v for k, v in content.items() if v is not None},
        }


async def _params(request: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = dict(request.query_params)
    files: dict[str, tuple[str, bytes]] = {}
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json"):
        params.update(await request.json())
    elif kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        async with request.form() as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files[key] = (value.filename or key, await value.read())
                else:
                    params[key] = value
    for key in ("reply_markup", "entities", "allowed_updates"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params, files


def _check_keyboard(markup: Any) -> JSONResponse | None:
    for row in (markup or {}).get("keyboard", []):  # a reply keyboard under the input field
        if any(not str(button.get("text", "")).strip() for button in row):
            return _error(400, "Bad Request: keyboard button text is empty")
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                return _error(400, "Bad Request: BUTTON_DATA_INVALID")
    return None


class _Tags(html.parser.HTMLParser):
    ALLOWED: ClassVar[set[str]] = {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.valid = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.valid &= tag in self.ALLOWED


def _valid_html(text: str) -> bool:
    parser = _Tags()
    parser.feed(text)
    return parser.valid


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, retry_after: int | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
        description = f"{description}: retry after {retry_after}"
        body["description"] = description
    return JSONResponse(body, status_code=status)
