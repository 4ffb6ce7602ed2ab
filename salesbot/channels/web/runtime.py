"""What the website channel holds while the app runs (built by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from salesbot.channels.attachments.service import AttachmentService
from salesbot.channels.web.flow import ChatFlow
from salesbot.channels.web.inbox_feed import InboxFeed
from salesbot.channels.web.realtime import Realtime
from salesbot.channels.web.service import ChatService
from salesbot.db.engine import Database
from salesbot.security.ratelimit import SlidingWindowLimiter
from salesbot.settings import Settings


@dataclass(frozen=True)
class WebRuntime:
    settings: Settings
    database: Database
    public_limiter: SlidingWindowLimiter
    signal_limiter: SlidingWindowLimiter
    attachments: AttachmentService
    chat: ChatService
    realtime: Realtime
    chat_flow: ChatFlow
    inbox_feed: InboxFeed


async def get_web(request: Request) -> WebRuntime:
    web: WebRuntime = request.app.state.web
    return web


WebDep = Annotated[WebRuntime, Depends(get_web)]
