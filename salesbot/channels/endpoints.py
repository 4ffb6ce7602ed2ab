"""The channels this server serves, as the dashboard names and filters them."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from salesbot.api.deps import OperatorUser
from salesbot.channels.registry import current_registry

router = APIRouter(prefix="/api/v1/channels", tags=["channels"])


class ChannelOut(BaseModel):
    name: str = Field(description="The code stored with conversations and leads")
    label: str = Field(description="The name people read, in Russian")
    label_en: str = Field(description="The name people read, in English")
    buttons: bool
    files: bool
    typing: bool
    max_text_length: int


@router.get("", response_model=list[ChannelOut], summary="The channels this server serves")
async def list_channels(_: OperatorUser) -> list[ChannelOut]:
    return [
        ChannelOut(
            name=adapter.name,
            label=adapter.label,
            label_en=adapter.label_en,
            buttons=adapter.capabilities.buttons,
            files=adapter.capabilities.files,
            typing=adapter.capabilities.typing,
            max_text_length=adapter.capabilities.max_text_length,
        )
        for adapter in current_registry()
    ]
