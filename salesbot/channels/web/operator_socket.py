"""The managers' socket (namespace `/operators`): live events of every conversation for the
dashboard, and the manager's typing and read signals to the visitor (a read also moves the
team's read marker)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import socketio
from pydantic import BaseModel, Field, ValidationError

from salesbot.channels.web.realtime import OPERATORS, OPERATORS_ROOM, refusal
from salesbot.channels.web.runtime import WebRuntime
from salesbot.conversations import inbox
from salesbot.db.hooks import announce
from salesbot.errors import SalesbotError
from salesbot.models import Role, User
from salesbot.security.tokens import decode_token


class ConversationSignal(BaseModel):
    conversation_id: uuid.UUID
    typing: bool = True
    seq: int = Field(0, ge=0)


class OperatorNamespace(socketio.AsyncNamespace):
    def __init__(self, runtime: Callable[[], WebRuntime]) -> None:
        super().__init__(OPERATORS)
        self._runtime = runtime

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        runtime = self._runtime()
        if not runtime.settings.dashboard_allowed(environ.get("HTTP_ORIGIN")):
            raise refusal("origin_not_allowed", "Панель открыта с чужого адреса.")
        token = auth.get("token") if isinstance(auth, dict) else None
        try:
            claims = decode_token(runtime.settings, token or "")
        except SalesbotError as exc:
            raise refusal(exc.code, exc.message) from None
        async with runtime.database.transaction() as session:
            user = await session.get(User, claims.user_id)
        if user is None or not user.is_active or user.role not in {r.value for r in Role}:
            raise refusal("account_disabled", "Учётная запись отключена или удалена.")
        await self.save_session(sid, {"user_id": user.id, "name": user.email})
        await self.enter_room(sid, OPERATORS_ROOM)

    async def on_typing(self, sid: str, data: Any) -> None:
        try:
            signal = ConversationSignal.model_validate(data or {})
        except ValidationError:
            return
        await self._runtime().realtime.typing(signal.conversation_id, "manager", signal.typing)

    async def on_read(self, sid: str, data: Any) -> dict[str, Any]:
        """The team's read marker moves forward (as `POST …/read` does); the visitor and the
        other operators hear of it. The ack says where the marker is."""
        try:
            signal = ConversationSignal.model_validate(data or {})
        except ValidationError:
            return {"ok": False, "error": {"code": "validation_error"}}
        runtime = self._runtime()
        operator = await self.get_session(sid)
        try:
            async with runtime.database.transaction() as session:
                marker = await inbox.mark_read(session, signal.conversation_id, signal.seq)
                if marker.moved:
                    by = operator["name"]
                    announce(session, "read", signal.conversation_id, seq=marker.seq, by=by)
        except SalesbotError as exc:
            return {"ok": False, "error": {"code": exc.code, "message": exc.message}}
        return {"ok": True, "seq": marker.seq}
