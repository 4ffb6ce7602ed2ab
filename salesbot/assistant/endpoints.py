"""The assistant inside amoCRM over HTTP: the widget posts a manager's message with amoCRM's
disposable token, and gets the answer within AMOCRM_ASSISTANT_ANSWER_SECONDS. Only the
account's amoCRM pages may call it from the browser (`AssistantCors`)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Header
from loguru import logger
from pydantic import BaseModel, Field
from pydantic_ai import Agent
from sqlalchemy.dialects.postgresql import insert
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salesbot.api.deps import DatabaseDep, SessionDep, SettingsDep, provided
from salesbot.assistant.amo import AmoWorkspace
from salesbot.assistant.brain import Context, CrmAssistant
from salesbot.assistant.llm import CrmDeps
from salesbot.assistant.tokens import account_origin, read_token, spend
from salesbot.db.base import utcnow
from salesbot.errors import ServiceUnavailable, TimedOut
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.integrations.errors import OutsideServiceError
from salesbot.models import AssistantSession
from salesbot.settings import Settings

PREFIX = "/api/v1/amocrm-assistant"
router = APIRouter(prefix=PREFIX, tags=["amoCRM assistant"])


class ContextIn(BaseModel):
    area: str | None = Field(None, max_length=64, description="amoCRM's area: lcard, ccard, …")
    entity_type: Literal["leads", "contacts", "companies"] | None = Field(
        None, description="The open card's kind"
    )
    entity_id: int | None = Field(None, ge=1, description="The open card's id")


class MessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    context: ContextIn = Field(default_factory=ContextIn)
    conversation_id: str | None = Field(None, max_length=64)


class ChoiceOut(BaseModel):
    label: str
    text: str = Field(description="What the widget sends when the choice is clicked")


class MessageOut(BaseModel):
    reply: str
    mode: Literal["llm", "rules"] = Field(description="Who read the request: an LLM or rules")
    choices: list[ChoiceOut] = Field(default_factory=list)
    conversation_id: str


@router.post(
    "/messages",
    response_model=MessageOut,
    summary="A manager's message to the assistant inside amoCRM",
    responses={
        401: {"description": "token_missing, token_invalid, token_expired, token_replayed"},
        403: {"description": "amocrm_forbidden: the manager's rights in amoCRM do not allow it"},
        503: {"description": "amocrm_unavailable"},
        504: {"description": "timed_out"},
    },
)
async def message(
    body: MessageIn,
    session: SessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
    agent: Annotated[Agent[CrmDeps, str] | None, provided("crm_agent")],
    x_auth_token: Annotated[str | None, Header(max_length=4096)] = None,
) -> MessageOut:
    user = read_token(settings, x_auth_token)
    async with database.transaction() as spending:  # spent even if the answer fails
        await spend(spending, user)
    stored = await session.get(AssistantSession, (user.account_id, user.user_id))
    state = dict(stored.state) if stored is not None else {}
    client = AmoClient(settings, database=lambda: database)
    assistant = CrmAssistant(settings, AmoWorkspace(client, user.user_id), utcnow(), agent)
    context = Context(body.context.area, body.context.entity_type, body.context.entity_id)
    try:
        async with asyncio.timeout(settings.amocrm_assistant_answer_seconds):
            answer = await assistant.answer(state, body.text, context)
    except TimeoutError as exc:
        raise TimedOut(
            "amoCRM отвечает слишком долго: повторите запрос через минуту.", code="timed_out"
        ) from exc
    except OutsideServiceError as exc:
        logger.bind(service="amocrm").warning("assistant: amoCRM failed: {}", type(exc).__name__)
        raise ServiceUnavailable(
            "Не получилось обратиться к amoCRM: " + str(exc).removeprefix("amocrm: "),
            code="amocrm_unavailable",
        ) from exc
    finally:
        await client.close()
    await session.execute(
        insert(AssistantSession)
        .values(account_id=user.account_id, user_id=user.user_id, state=state, updated_at=utcnow())
        .on_conflict_do_update(
            index_elements=["account_id", "user_id"], set_={"state": state, "updated_at": utcnow()}
        )
    )
    return MessageOut(
        reply=answer.reply,
        mode="llm" if answer.mode == "llm" else "rules",
        choices=[ChoiceOut(label=c.label, text=c.text) for c in answer.choices],
        conversation_id=f"{user.account_id}:{user.user_id}",
    )


class AssistantCors:
    """CORS for the assistant's routes: the account's amoCRM origin only, with the
    `X-Auth-Token` header; whatever the site-wide CORS allows elsewhere does not apply."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.origin = account_origin(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        origin = Headers(scope=scope).get("origin")
        allowed = origin is not None and origin == self.origin
        if scope["method"] == "OPTIONS" and origin is not None:
            response: Response = (
                Response(status_code=204, headers=self._preflight(origin))
                if allowed
                else PlainTextResponse("Disallowed CORS origin", status_code=400)
            )
            await response(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name in ("access-control-allow-origin", "access-control-expose-headers"):
                    del headers[name]
                if allowed and origin is not None:
                    headers["Access-Control-Allow-Origin"] = origin
                    headers["Access-Control-Expose-Headers"] = "X-Request-ID"
                    headers.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    def _preflight(origin: str) -> dict[str, str]:
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "X-Auth-Token, Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
