from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source_key: str
    title: str
    category: str
    is_active: bool
    active_version: int | None
    updated_at: datetime
    chunks: int = Field(0, description="Live (searchable) chunks")
    index_status: Literal["indexed", "pending", "failed", "inactive"] = Field(
        "indexed",
        description="indexed; pending (re-embedding in progress); failed (see index_error); "
        "inactive (deleted, out of search)",
    )
    index_error: str | None = None


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    content_hash: str
    file_type: str
    size_bytes: int
    title: str
    created_at: datetime


class ChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: str
    version: int | None
    actor: str
    created_at: datetime


class DocumentHistory(BaseModel):
    document: DocumentOut
    versions: list[VersionOut]
    changes: list[ChangeOut]


class IngestOut(BaseModel):
    key: str
    status: str
    version: int | None
    chunks: int


class HitOut(BaseModel):
    document: str
    document_title: str
    category: str
    section: str
    text: str
    score: float
    citation: str


class UnansweredOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    text: str
    times_asked: int
    first_asked_at: datetime
    last_asked_at: datetime
