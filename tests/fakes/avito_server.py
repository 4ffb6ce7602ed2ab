"""A fake Avito API (api.avito.ru), after ../shared/api/avito.md.

What it serves: the form-encoded client-credentials token (`/token` and `/token/`) whose
tokens really expire; `GET /core/v1/accounts/self`; the messenger paths exactly as the notes
give them (webhook subscribe v3, unsubscribe and the subscriptions list v1 — the list is a
POST —, chats v2, messages v3 with its trailing slash, send text / upload image / send image
/ delete / read v1, blacklist v2, voice files v1); the items list and the item info of the
Items API. Errors use Avito's envelope `{"error": {"code", "message", "fields"?}}` (the items
routes use the flat `{"code", "message"}` for statuses their spec does not list); a route the
notes say does not exist (`/messenger/v3/send`, `/messenger/v3/chats`, a GET of the
subscriptions list …) answers 404 like any unknown route.

Tests set the state (account, chats, listings), inject 429 bursts and 5xx, expire tokens,
build the webhooks Avito would send (the account's own messages come back too) and read
what the client did in `calls`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import secrets
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Literal, get_args

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

CLIENT_ID = "fake-avito-client-id"
CLIENT_SECRET = "fake-avito-client-secret"
ACCOUNT = {
    "id": 94235311,
    "name": "Тестовый продавец",
    "email": "seller@example.com",
    "phone": "79990000000",
    "phones": ["79990000000"],
    "profile_url": "https://avito.ru/user/0f1e2d3c4b5a/profile",
}
BUYER_ID = 55501234  # the peer of chats a test does not give one
TOKEN_TTL = 86400
TEXT_LIMIT = 1000
IMAGE_MAX_BYTES = 24 * 1024 * 1024
IMAGE_MAX_PIXELS = 75_000_000
IMAGE_SIZES = ("1280x960", "140x105", "32x32")
IMAGE_FIELD = "uploadfile[]"
CHAT_TYPES = ("u2i", "u2u", "a2u")
ITEM_STATUSES = ("active", "removed", "old", "blocked", "rejected")
# Statuses the specs describe with the enveloped error; others on items routes are flat.
ENVELOPED = {400, 401, 402, 403, 404, 429, 500, 503}
# Requests per minute the specs publish, sent in X-RateLimit-Limit with a 429.
PUBLISHED_LIMITS = {"/core/v1/items": 25, "/core/v1/accounts/{user_id}/items/{item_id}/": 500}

MessageType = Literal[
    "text",
    "image",
    "link",
    "item",
    "location",
    "call",
    "deleted",
    "voice",
    "system",
    "appCall",
    "file",
    "video",
]
MESSAGE_TYPES = set(get_args(MessageType))


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]  # the query string, or the form posted to /token
    body: Any = None  # the JSON body, or the non-file fields of a multipart one
    files: list[tuple[str, str, bytes]] = field(default_factory=list)  # (field, name, bytes)
    token: str | None = None
    status: int = 0  # what the fake answered


@dataclass
class Chat:
    id: str
    chat_type: str
    item_id: int | None
    peer_id: int
    peer_name: str
    created: int
    updated: int
    messages: list[dict[str, Any]] = field(default_factory=list)  # oldest first, no direction


@dataclass
class _Incoming:
    path: dict[str, str]
    query: QueryParams
    body: Any
    files: list[tuple[str, str, bytes]]
    malformed: bool  # a body that is not JSON


class _Rejected(Exception):
    """Raised while serving a request: it fails with this status (and these fields)."""

    def __init__(
        self,
        status: int,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.fields = fields
        self.headers = headers

    def response(self, flat: bool = False) -> JSONResponse:
        message = HTTPStatus(self.status).phrase
        body: dict[str, Any]
        if flat and self.status not in ENVELOPED:
            body = {"code": self.status, "message": message}
        else:
            body = {"error": {"code": self.status, "message": message}}
            if self.fields:
                body["error"]["fields"] = self.fields
        return JSONResponse(body, status_code=self.status, headers=self.headers)


Handler = Callable[[_Incoming], Any]


class FakeAvito(ThreadedFake):
    name = "fake Avito API"

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self._lock = threading.Lock()
        self._failures: list[tuple[int, int | None]] = []  # (status, retry_after)
        self._seq = 0
        self.reset()
        self.app.router.redirect_slashes = False  # a path is served only as the notes spell it
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        self.app.add_api_route("/token", self._token, methods=["POST"])
        self.app.add_api_route("/token/", self._token, methods=["POST"])
        for method, path, handler in self._routes():
            self._serve_route(method, path, handler)
        # Avito's image CDN: the sizes' links, no token needed
        self.app.add_api_route("/img/{image_id}/{size}", self._image_file, methods=["GET"])

    def reset(self) -> None:
        """Back to a fresh account with the default behaviour: no tokens, chats, listings,
        subscriptions, calls or pending failures (the credentials stay)."""
        self.token_ttl = TOKEN_TTL  # seconds; `expires_in` of new tokens
        self.stale_token_status = 403  # the spec's answer to an expired token (401 also seen)
        self.single_token = False  # a new token revokes the older ones ("one per account")
        self.messenger_denied_status: int | None = None  # 403/402: no messenger tariff
        self.messages_shape: Literal["wrapped", "bare"] = "wrapped"
        self.default_rate_limit = 60  # X-RateLimit-Limit where the specs publish none
        self.account: dict[str, Any] = dict(ACCOUNT)
        self.calls: list[Call] = []
        self.tokens: dict[str, float] = {}  # token → expiry (unix time)
        self.tokens_issued = 0
        self.chats: dict[str, Chat] = {}
        self.items: dict[int, dict[str, Any]] = {}  # item id → listing fields (see _listing)
        self.images: dict[str, dict[str, Any]] = {}  # image id → filename, content, sizes
        self.subscriptions: list[dict[str, str]] = []
        self.blacklist: list[dict[str, Any]] = []
        self.voices: dict[str, str] = {}  # voice id → file URL
        self.deliveries: list[tuple[str, dict[str, Any], int]] = []  # (url, payload, status)
        self._failures.clear()

    @property
    def user_id(self) -> int:
        return int(self.account["id"])

    # --- what tests steer -----------------------------------------------------------------------
    def expire_tokens(self) -> None:
        """Every token issued so far is now stale (answered with `stale_token_status`)."""
        with self._lock:
            self.tokens = dict.fromkeys(self.tokens, 0.0)

    def rate_limit_next(self, n: int = 1, retry_after: int | None = None) -> None:
        """The next `n` authorised API requests get a 429 (Retry-After only if given: the
        notes do not document it)."""
        with self._lock:
            self._failures.extend([(429, retry_after)] * n)

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """The next `times` authorised API requests fail with `status` (e.g. 500, 503)."""
        with self._lock:
            self._failures.extend([(status, None)] * times)

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    def add_chat(
        self,
        chat_id: str | None = None,
        *,
        item_id: int | None = None,
        peer_id: int = BUYER_ID,
        peer_name: str = "Покупатель",
        chat_type: str | None = None,
    ) -> Chat:
        """A chat with a buyer; its type comes from the id prefix (`u2i-…`) unless given."""
        kind = chat_type or (chat_id or "").split("-", 1)[0]
        if kind not in CHAT_TYPES:
            kind = "u2i" if item_id is not None else "u2u"
        now = int(time.time())
        chat = Chat(
            id=chat_id or f"{kind}-{secrets.token_urlsafe(12)}",
            chat_type=kind,
            item_id=item_id,
            peer_id=peer_id,
            peer_name=peer_name,
            created=now,
            updated=now,
        )
        self.chats[chat.id] = chat
        return chat

    def add_message(
        self,
        chat_id: str,
        text: str = "",
        *,
        author_id: int | None = None,
        type: MessageType = "text",
        content: dict[str, Any] | None = None,
        created: int | None = None,
    ) -> dict[str, Any]:
        """Store a message in a known chat (from the buyer unless `author_id` says otherwise)
        and return it as the messages list shows it."""
        if type not in MESSAGE_TYPES:
            raise ValueError(f"unknown Avito message type {type!r}")
        chat = self.chats[chat_id]
        author = chat.peer_id if author_id is None else author_id
        message: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "author_id": author,
            "created": created or int(time.time()),
            "type": type,
            "content": _content(type, text) if content is None else content,
            "is_read": author == self.user_id,  # the account has seen what it wrote
            "read": None,
        }
        with self._lock:
            self._seq += 1
            message["seq"] = self._seq  # the order of storing, across chats
            chat.messages.append(message)
            chat.updated = max(chat.updated, message["created"])
        return self._message_json(message)

    def messages(self, chat_id: str) -> list[dict[str, Any]]:
        """A chat's messages, oldest first, as the API shows them."""
        return [self._message_json(m) for m in self.chats[chat_id].messages]

    def sent(self, chat_id: str | None = None) -> list[dict[str, Any]]:
        """The account's own messages (what the client sent), oldest first."""
        chats = [self.chats[chat_id]] if chat_id else list(self.chats.values())
        return [
            self._message_json(m)
            for chat in chats
            for m in chat.messages
            if m["author_id"] == self.user_id
        ]

    # --- webhooks -------------------------------------------------------------------------------
    def webhook_payload(
        self,
        chat_id: str,
        text: str = "",
        *,
        author_id: int | None = None,
        item_id: int | None = None,
        type: MessageType = "text",
        content: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The v3 webhook for a new message: it is stored in the chat first (created, about
        `item_id`, if unknown), so a later messages fetch shows it as well."""
        if chat_id not in self.chats:
            peer = author_id if author_id not in (None, self.user_id) else BUYER_ID
            self.add_chat(chat_id, item_id=item_id, peer_id=peer)
        message = self.add_message(chat_id, text, author_id=author_id, type=type, content=content)
        return self.payload_for(chat_id, message["id"])

    def echo_payload(self, message_id: str | None = None) -> dict[str, Any]:
        """The webhook Avito sends back for the account's own message (by default the last
        one it sent), with `author_id` equal to `user_id`."""
        own = [
            (chat.id, m)
            for chat in self.chats.values()
            for m in chat.messages
            if m["author_id"] == self.user_id and message_id in (None, m["id"])
        ]
        if not own:
            raise LookupError("the account has sent no such message")
        chat_id, message = max(own, key=lambda pair: pair[1]["seq"])
        return self.payload_for(chat_id, message["id"])

    def payload_for(self, chat_id: str, message_id: str) -> dict[str, Any]:
        """The webhook envelope of a stored message (post it twice to mimic a redelivery)."""
        chat = self.chats[chat_id]
        message = next(m for m in chat.messages if m["id"] == message_id)
        created = message["created"]
        return {
            "id": str(uuid.uuid4()),
            "version": "v3.0.0",
            "timestamp": created,
            "payload": {
                "type": "message",
                "value": {
                    "id": message["id"],
                    "chat_id": chat.id,
                    "user_id": self.user_id,
                    "author_id": message["author_id"],
                    "created": created,
                    "type": message["type"],
                    "chat_type": chat.chat_type,
                    "content": message["content"],
                    "item_id": chat.item_id if chat.chat_type == "u2i" else None,
                    "published_at": datetime.fromtimestamp(created, UTC).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"
                    ),
                    "read": message["read"],
                },
            },
        }

    def deliver(
        self, payload: dict[str, Any], url: str | None = None, timeout: float = 2.0
    ) -> list[httpx.Response]:
        """POST a webhook to `url` or to every subscription, from the calling thread, with
        Avito's 2 s patience. The signature header is a guess (HMAC-SHA256 of the body keyed
        by the client secret): the notes call the real algorithm undocumented."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        signature = hmac.new(self.client_secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"content-type": "application/json", "x-avito-messenger-signature": signature}
        targets = [url] if url else [s["url"] for s in self.subscriptions]
        responses = []
        for target in targets:
            response = httpx.post(target, content=body, headers=headers, timeout=timeout)
            self.deliveries.append((target, payload, response.status_code))
            responses.append(response)
        return responses

    # --- plumbing -------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler]]:
        v1 = "/messenger/v1/accounts/{user_id}"
        return [
            ("GET", "/core/v1/accounts/self", self._account),
            ("POST", "/messenger/v3/webhook", self._subscribe),
            ("POST", "/messenger/v1/webhook/unsubscribe", self._unsubscribe),
            ("POST", "/messenger/v1/subscriptions", self._list_subscriptions),
            ("GET", "/messenger/v2/accounts/{user_id}/chats", self._list_chats),
            ("GET", "/messenger/v2/accounts/{user_id}/chats/{chat_id}", self._get_chat),
            ("GET", "/messenger/v3/accounts/{user_id}/chats/{chat_id}/messages/", self._list),
            ("POST", v1 + "/chats/{chat_id}/messages", self._send_text),
            ("POST", v1 + "/uploadImages", self._upload_image),
            ("POST", v1 + "/chats/{chat_id}/messages/image", self._send_image),  # before ↓
            ("POST", v1 + "/chats/{chat_id}/messages/{message_id}", self._delete_message),
            ("POST", v1 + "/chats/{chat_id}/read", self._mark_read),
            ("POST", "/messenger/v2/accounts/{user_id}/blacklist", self._add_to_blacklist),
            ("GET", v1 + "/getVoiceFiles", self._voice_files),
            ("GET", "/core/v1/items", self._list_items),
            ("GET", "/core/v1/accounts/{user_id}/items/{item_id}/", self._item_info),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            return await self._serve(request, route, handler)

        self.app.add_api_route(route, endpoint, methods=[method])

    async def _serve(self, request: Request, route: str, handler: Handler) -> Response:
        call = self._record(request)
        incoming = await _read(request)
        call.body, call.files = incoming.body, incoming.files
        try:
            self._gate(route, call.token, incoming.path)
            if incoming.malformed:
                raise _Rejected(400, {"body": "not valid JSON"})
            result = handler(incoming)
            response = result if isinstance(result, Response) else JSONResponse(result)
        except _Rejected as rejected:
            response = rejected.response(flat=route.startswith("/core/v1/") and "items" in route)
        call.status = response.status_code
        return response

    def _record(self, request: Request, params: dict[str, str] | None = None) -> Call:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params) if params is None else params,
            token=token if scheme.lower() == "bearer" else None,
        )
        self.calls.append(call)
        return call

    def _gate(self, route: str, token: str | None, path: dict[str, str]) -> None:
        """What a request meets before its handler: auth, injected failures, the tariff,
        the account in the path."""
        expires = self.tokens.get(token or "")
        if expires is None:
            raise _Rejected(401)
        if expires <= time.time():
            raise _Rejected(self.stale_token_status)
        self._injected_failure(route)
        if route.startswith("/messenger/") and self.messenger_denied_status:
            raise _Rejected(self.messenger_denied_status)
        if "user_id" in path and _int(path["user_id"], "user_id") != self.user_id:
            raise _Rejected(403)  # another account's data (status unverified)

    def _injected_failure(self, route: str) -> None:
        with self._lock:
            if not self._failures:
                return
            status, retry_after = self._failures.pop(0)
        headers = None
        if status == 429:
            limit = PUBLISHED_LIMITS.get(route, self.default_rate_limit)
            headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0"}
            if retry_after is not None:
                headers["Retry-After"] = str(retry_after)
        raise _Rejected(status, headers=headers)

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths, and known paths with another method (Avito answers a GET of the
        POST-only subscriptions list with 404, not 405)."""
        status = getattr(exc, "status_code", 500)
        call = self._record(request)
        call.status = 404 if status in (404, 405) else status
        return _Rejected(call.status).response()

    # --- auth and account -----------------------------------------------------------------------
    async def _token(self, request: Request) -> Response:
        form_encoded = request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        )
        form: dict[str, str] = {}
        if form_encoded:
            async with request.form() as data:
                form = {k: v for k, v in data.items() if isinstance(v, str)}
        call = self._record(request, form)
        response = self._grant(form) if form_encoded else _oauth_error(400, "invalid_request")
        call.status = response.status_code
        return response

    def _grant(self, form: dict[str, str]) -> JSONResponse:
        if any(not form.get(key) for key in ("grant_type", "client_id", "client_secret")):
            return _oauth_error(400, "invalid_request")
        if form["grant_type"] != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type")  # the other flows: not faked
        if (form["client_id"], form["client_secret"]) != (self.client_id, self.client_secret):
            return _oauth_error(401, "invalid_client")
        token = secrets.token_urlsafe(32)
        with self._lock:
            if self.single_token:
                self.tokens = dict.fromkeys(self.tokens, 0.0)
            self.tokens[token] = time.time() + self.token_ttl
            self.tokens_issued += 1
        return JSONResponse(
            {"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}
        )

    def _account(self, incoming: _Incoming) -> Any:
        return self.account

    # --- messenger: webhooks --------------------------------------------------------------------
    def _subscribe(self, incoming: _Incoming) -> Any:
        url = _webhook_url(incoming.body)
        if all(s["url"] != url for s in self.subscriptions):
            self.subscriptions.append({"url": url, "version": "3"})
        return {"ok": True}

    def _unsubscribe(self, incoming: _Incoming) -> Any:
        url = _webhook_url(incoming.body)
        self.subscriptions = [s for s in self.subscriptions if s["url"] != url]
        return {"ok": True}

    def _list_subscriptions(self, incoming: _Incoming) -> Any:
        return {"subscriptions": [dict(s) for s in self.subscriptions]}

    # --- messenger: chats and messages ----------------------------------------------------------
    def _list_chats(self, incoming: _Incoming) -> Any:
        query = incoming.query
        limit, offset = _page(query)
        item_ids = {_int(i, "item_ids") for i in query.get("item_ids", "").split(",") if i}
        types = [t for t in query.get("chat_types", "u2i").split(",") if t]
        if not types or any(t not in CHAT_TYPES for t in types):
            raise _Rejected(400, {"chat_types": "one or more of " + ",".join(CHAT_TYPES)})
        unread_only = _flag(query.get("unread_only", "false"), "unread_only")
        chats = [
            chat
            for chat in self.chats.values()
            if chat.chat_type in types
            and (not item_ids or chat.item_id in item_ids)
            and (not unread_only or self._unread(chat))
        ]
        chats.sort(key=lambda chat: chat.updated, reverse=True)
        return {"chats": [self._chat_json(chat) for chat in chats[offset : offset + limit]]}

    def _get_chat(self, incoming: _Incoming) -> Any:
        return self._chat_json(self._chat(incoming))

    def _list(self, incoming: _Incoming) -> Any:
        """Newest first (commonly assumed); does not mark the chat read."""
        chat = self._chat(incoming)
        limit, offset = _page(incoming.query)
        page = [self._message_json(m) for m in reversed(chat.messages)][offset : offset + limit]
        return page if self.messages_shape == "bare" else {"messages": page}

    def _send_text(self, incoming: _Incoming) -> Any:
        chat = self._chat(incoming)
        body = incoming.body if isinstance(incoming.body, dict) else {}
        if body.get("type", "text") != "text":
            raise _Rejected(400, {"type": "only text is sent here"})
        message = body.get("message")
        text = message.get("text") if isinstance(message, dict) else None
        if not isinstance(text, str) or not text:
            raise _Rejected(400, {"message.text": "required"})
        if len(text) > TEXT_LIMIT:
            raise _Rejected(400, {"message.text": f"at most {TEXT_LIMIT} characters"})
        sent = self.add_message(chat.id, text, author_id=self.user_id)
        return {key: sent[key] for key in ("id", "created", "direction", "type", "content")}

    def _upload_image(self, incoming: _Incoming) -> Any:
        if len(incoming.files) != 1 or incoming.files[0][0] != IMAGE_FIELD:
            raise _Rejected(400, {IMAGE_FIELD: "exactly one file in this field"})
        _, filename, content = incoming.files[0]
        if problem := _image_problem(content):
            raise _Rejected(400, {IMAGE_FIELD: problem})
        image_id = f"{secrets.randbelow(10**5):05d}.{secrets.token_hex(9)}"
        return {image_id: self._store_image(image_id, filename, content)}

    def _store_image(self, image_id: str, filename: str, content: bytes) -> dict[str, str]:
        sizes = {size: f"{self.origin}/img/{image_id}/{size}.jpg" for size in IMAGE_SIZES}
        self.images[image_id] = {"filename": filename, "content": content, "sizes": sizes}
        return sizes

    def customer_image(self, content: bytes) -> dict[str, Any]:
        """The `content` of an image message a customer sends (served by the fake's CDN)."""
        image_id = f"{secrets.randbelow(10**5):05d}.{secrets.token_hex(9)}"
        return {"image": {"sizes": self._store_image(image_id, "photo.jpg", content)}}

    async def _image_file(self, image_id: str, size: str) -> Response:
        self.calls.append(Call("GET", f"/img/{image_id}/{size}", {}))
        image = self.images.get(image_id)
        if image is None:
            return Response(status_code=404)
        return Response(image["content"], media_type="image/jpeg")

    def _send_image(self, incoming: _Incoming) -> Any:
        chat = self._chat(incoming)
        image_id = incoming.body.get("image_id") if isinstance(incoming.body, dict) else None
        if not isinstance(image_id, str) or not image_id:
            raise _Rejected(400, {"image_id": "required"})
        if image_id not in self.images:
            raise _Rejected(400, {"image_id": "unknown image"})  # status unverified
        content = {"image": {"sizes": dict(self.images[image_id]["sizes"])}}
        sent = self.add_message(chat.id, author_id=self.user_id, type="image", content=content)
        keys = ("id", "author_id", "created", "direction", "type", "content")
        return {key: sent[key] for key in keys}

    def _delete_message(self, incoming: _Incoming) -> Any:
        """Own messages within an hour; the message stays, typed `deleted` (the statuses of
        the refusals are unverified)."""
        chat = self._chat(incoming)
        message_id = incoming.path["message_id"]
        message = next((m for m in chat.messages if m["id"] == message_id), None)
        if message is None:
            raise _Rejected(404)
        if message["author_id"] != self.user_id:
            raise _Rejected(403)
        if time.time() - message["created"] > 3600:
            raise _Rejected(400, {"message_id": "can be deleted within 1 hour only"})
        message.update(type="deleted", content={})
        return {}

    def _mark_read(self, incoming: _Incoming) -> Any:
        for message in self._chat(incoming).messages:
            message["is_read"] = True
        return {"ok": True}

    def _add_to_blacklist(self, incoming: _Incoming) -> Any:
        users = incoming.body.get("users") if isinstance(incoming.body, dict) else None
        if not isinstance(users, list) or not users:
            raise _Rejected(400, {"users": "required"})
        for user in users:
            if not isinstance(user, dict) or not isinstance(user.get("user_id"), int):
                raise _Rejected(400, {"users.user_id": "required int64"})
            context = user.get("context")
            reason = context.get("reason_id") if isinstance(context, dict) else None
            if reason not in (None, 1, 2, 3, 4):  # spam, fraud, insults, other
                raise _Rejected(400, {"users.context.reason_id": "1, 2, 3 or 4"})
        self.blacklist.extend(users)
        return {}

    def _voice_files(self, incoming: _Incoming) -> Any:
        """Repeated `voice_ids` or one comma-separated value: the encoding is unverified."""
        ids = [v for raw in incoming.query.getlist("voice_ids") for v in raw.split(",") if v]
        if not ids:
            raise _Rejected(400, {"voice_ids": "required"})
        return {"voices_urls": {v: self.voices[v] for v in ids if v in self.voices}}

    # --- items ----------------------------------------------------------------------------------
    def _list_items(self, incoming: _Incoming) -> Any:
        """The account's own listings, filtered by `status` and `category` when given."""
        query = incoming.query
        per_page = _int(query.get("per_page", "25"), "per_page", 1, 100)
        page = _int(query.get("page", "1"), "page", 1)
        statuses = [s for s in query.get("status", "").split(",") if s]
        if any(s not in ITEM_STATUSES for s in statuses):
            raise _Rejected(400, {"status": "one or more of " + ",".join(ITEM_STATUSES)})
        category = _int(query["category"], "category") if "category" in query else None
        own = [
            listing
            for listing in map(self._listing, sorted(self.items))
            if listing["user_id"] == self.user_id
            and (not statuses or listing["status"] in statuses)
            and category in (None, listing["category"]["id"])
        ]
        keys = ("id", "title", "price", "status", "url", "address", "category")
        start = (page - 1) * per_page
        return {
            "meta": {"page": page, "per_page": per_page},
            "resources": [{k: item[k] for k in keys} for item in own[start : start + per_page]],
        }

    def _item_info(self, incoming: _Incoming) -> Any:
        """Status and dates only — no title or price, as the notes warn."""
        item_id = _int(incoming.path["item_id"], "item_id")
        info: dict[str, Any] = dict.fromkeys(
            ("url", "start_time", "finish_time", "autoload_item_id", "vas")
        )
        if item_id not in self.items:
            return {"status": "not_found", **info}
        listing = self._listing(item_id)
        if listing["user_id"] != self.user_id:
            return {"status": "another_user", **info}
        return {"status": listing["status"], **{key: listing.get(key) for key in info}}

    # --- state as the API shows it --------------------------------------------------------------
    def _chat(self, incoming: _Incoming) -> Chat:
        chat = self.chats.get(incoming.path["chat_id"])
        if chat is None:
            raise _Rejected(404)
        return chat

    def _unread(self, chat: Chat) -> bool:
        return any(not m["is_read"] for m in chat.messages)

    def _message_json(self, message: dict[str, Any]) -> dict[str, Any]:
        direction = "out" if message["author_id"] == self.user_id else "in"
        return {
            "id": message["id"],
            "author_id": message["author_id"],
            "created": message["created"],
            "direction": direction,
            "type": message["type"],
            "content": message["content"],
            "is_read": message["is_read"],
            "read": message["read"],
        }

    def _chat_json(self, chat: Chat) -> dict[str, Any]:
        data: dict[str, Any] = {"id": chat.id, "created": chat.created, "updated": chat.updated}
        if chat.item_id is not None:
            data["context"] = {"type": "item", "value": self._chat_item(chat.item_id)}
        data["users"] = [
            _user(self.user_id, str(self.account["name"]), chat.item_id),
            _user(chat.peer_id, chat.peer_name, chat.item_id),
        ]
        if chat.messages:
            data["last_message"] = self._message_json(chat.messages[-1])
        return data

    def _chat_item(self, item_id: int) -> dict[str, Any]:
        listing = self._listing(item_id)
        return {
            "id": item_id,
            "title": listing["title"],
            "price_string": listing.get("price_string") or _price_string(listing["price"]),
            "url": listing["url"],
            "user_id": listing["user_id"],
            "status_id": listing.get("status_id", 10),
            "images": {"count": 1, "main": {"140x105": f"https://img.avito.example/{item_id}"}},
        }

    def _listing(self, item_id: int) -> dict[str, Any]:
        """A registered listing (`items[item_id]`) over defaults for the fields left out."""
        return {
            "id": item_id,
            "title": f"Объявление {item_id}",
            "price": None,
            "status": "active",
            "url": f"https://www.avito.ru/items/{item_id}",
            "address": "",
            "category": {"id": 0, "name": ""},
            "user_id": self.user_id,
            **self.items.get(item_id, {}),
        }


async def _read(request: Request) -> _Incoming:
    body: Any = None
    files: list[tuple[str, str, bytes]] = []
    malformed = False
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        fields: dict[str, str] = {}
        async with request.form() as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files.append((key, value.filename or "", await value.read()))
                else:
                    fields[key] = value
        body = fields or None
    elif raw := await request.body():
        try:
            body = json.loads(raw)
        except ValueError:
            malformed = True
    path = {key: str(value) for key, value in request.path_params.items()}
    return _Incoming(path, request.query_params, body, files, malformed)


def _oauth_error(status: int, error: str) -> JSONResponse:
    """OAuth2-style token errors: the notes mark Avito's real body unverified."""
    return JSONResponse({"error": error, "error_description": error}, status_code=status)


def _int(raw: str, name: str, low: int | None = None, high: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise _Rejected(400, {name: "must be an integer"}) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Rejected(400, {name: f"must be within {low}..{high}"})
    return value


def _page(query: QueryParams) -> tuple[int, int]:
    """`limit` 1..100 (default 100) and `offset` 0..1000, as the messenger lists take them."""
    return _int(query.get("limit", "100"), "limit", 1, 100), _int(
        query.get("offset", "0"), "offset", 0, 1000
    )


def _flag(raw: str, name: str) -> bool:
    if raw.lower() not in ("true", "false", "1", "0"):
        raise _Rejected(400, {name: "must be a boolean"})
    return raw.lower() in ("true", "1")


def _webhook_url(body: Any) -> str:
    url = body.get("url") if isinstance(body, dict) else None
    if not isinstance(url, str) or not url:
        raise _Rejected(400, {"url": "required"})
    return url


def _content(kind: str, text: str) -> dict[str, Any]:
    """Content of a message built from text; types with richer content take `content=`."""
    if kind in ("text", "system"):
        return {"text": text}
    if kind == "image":
        return {
            "image": {"sizes": {s: f"https://img.avito.example/in/{s}.jpg" for s in IMAGE_SIZES}}
        }
    return {}


def _user(user_id: int, name: str, item_id: int | None) -> dict[str, Any]:
    profile = hashlib.sha256(str(user_id).encode()).hexdigest()[:16]
    return {
        "id": user_id,
        "name": name,
        "public_user_profile": {
            "user_id": user_id,
            "item_id": item_id,
            "url": f"https://avito.ru/user/{profile}/profile",
            "avatar": {
                "default": f"https://img.avito.example/avatar/{profile}",
                "images": {"128x128": f"https://img.avito.example/avatar/{profile}/128"},
            },
        },
    }


def _price_string(price: int | None) -> str:
    return "" if price is None else f"{price:,} ₽".replace(",", " ")


def _image_problem(content: bytes) -> str | None:
    kind = _image_kind(content)
    if kind is None:
        return "JPEG, HEIC, GIF, BMP or PNG expected"
    if len(content) > IMAGE_MAX_BYTES:
        return "larger than 24 MB"
    size = _dimensions(kind, content)
    if size and size[0] * size[1] > IMAGE_MAX_PIXELS:
        return "more than 75 megapixels"
    return None


def _image_kind(content: bytes) -> str | None:
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if content.startswith(b"BM"):
        return "bmp"
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "heic"
    return None


def _dimensions(kind: str, content: bytes) -> tuple[int, int] | None:
    """Width and height from the header, where it is cheap to read (not HEIC)."""
    try:
        if kind == "png":
            width, height = struct.unpack(">II", content[16:24])
            return width, height
        if kind == "gif":
            width, height = struct.unpack("<HH", content[6:10])
            return width, height
        if kind == "bmp":
            width, height = struct.unpack("<ii", content[18:26])
            return abs(width), abs(height)
        if kind == "jpeg":
            return _jpeg_dimensions(content)
    except struct.error:
        return None
    return None


def _jpeg_dimensions(content: bytes) -> tuple[int, int] | None:
    """Walk the segments up to the start-of-frame marker, which holds the size."""
    i = 2
    while i + 9 <= len(content) and content[i] == 0xFF:
        marker = content[i + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[i + 5 : i + 9])
            return width, height
        (length,) = struct.unpack(">H", content[i + 2 : i + 4])
        i += 2 + length
    return None
