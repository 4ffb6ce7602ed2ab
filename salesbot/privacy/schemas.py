from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PersonIn(BaseModel):
    """Whom the request is about: at least one of them. In the body, not the URL, so the
    phone or e-mail never lands in an access log."""

    model_config = ConfigDict(extra="forbid")

    phone: str | None = Field(None, max_length=40, examples=["+7 912 345-67-89"])
    email: str | None = Field(None, max_length=320, examples=["ivan@example.ru"])
    contact_id: uuid.UUID | None = None


class PersonExportOut(BaseModel):
    contacts: list[dict[str, Any]]
    conversations: list[dict[str, Any]]


class ErasedOut(BaseModel):
    contacts: int = Field(description="Contacts deleted")
    conversations: int = Field(description="Conversations erased (words, files, documents)")
    messages: int
    files: int = Field(description="Files the person attached, deleted")
    documents: int = Field(description="Generated documents (PDF), deleted")
    mails: int = Field(description="Mails to the person (documents, invitations), deleted")
    missing_files: list[str] = Field(description="Files that were already gone from disk")
