from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.api.deps import AdminUser, OperatorUser, SessionDep, SettingsDep, provided
from salesbot.errors import ValidationFailed
from salesbot.knowledge.retrieval import Mode
from salesbot.knowledge.schemas import (
    ChangeOut,
    DocumentHistory,
    DocumentOut,
    HitOut,
    IngestOut,
    UnansweredOut,
    VersionOut,
)
from salesbot.knowledge.service import KnowledgeService, SourceFile
from salesbot.models import KbCollection, KbDocument
from salesbot.security.text import StorableStr

KnowledgeDep = Annotated[KnowledgeService, provided("knowledge")]
router = APIRouter(prefix="/api/v1/admin/kb", tags=["admin: knowledge base"])
search_router = APIRouter(prefix="/api/v1/kb", tags=["knowledge base"])

CollectionQuery = Annotated[str | None, Query(description="Collection; default KB_COLLECTION")]


async def _collection(
    session: AsyncSession, knowledge: KnowledgeService, name: str | None
) -> KbCollection:
    return await knowledge.collection(session, name or knowledge.settings.kb_collection)


async def _described(
    session: AsyncSession,
    knowledge: KnowledgeService,
    target: KbCollection,
    documents: list[KbDocument],
) -> list[DocumentOut]:
    """Documents with their chunk counts and indexing state."""
    states = await knowledge.index_states(session, target, documents)
    return [
        DocumentOut.model_validate(d).model_copy(
            update={
                "chunks": states[d.id].chunks,
                "index_status": states[d.id].status,
                "index_error": states[d.id].error,
            }
        )
        for d in documents
    ]


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=status.HTTP_201_CREATED,
    summary="Upload a document (Markdown, text, HTML, PDF, DOCX); a change makes a new version",
)
async def upload(
    file: UploadFile,
    session: SessionDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    admin: AdminUser,
    category: Annotated[StorableStr, Form(max_length=100)] = "",
    collection: Annotated[StorableStr | None, Form(max_length=100)] = None,
) -> IngestOut:
    limit = settings.kb_max_file_mb * 1_048_576
    data = await file.read(limit + 1)
    name = (file.filename or "").replace("\\", "/").split("/")[-1]
    if not name:
        raise ValidationFailed("У файла нет имени.", code="file_unreadable")
    if len(data) > limit:
        raise ValidationFailed(f"Файл больше {settings.kb_max_file_mb} МБ.", code="file_too_large")
    service = knowledge
    target = await _collection(session, knowledge, collection)
    key = f"{category}/{name}" if category else name
    [result] = await service.ingest(
        session, target, [SourceFile(key, data, category)], actor=admin.email
    )
    if result.status == "failed":
        raise ValidationFailed(
            f"Файл «{name}» не принят: {result.error}.",
            code="file_unreadable",
            details={"file": name},
        )
    return IngestOut(
        key=result.key, status=result.status, version=result.version, chunks=result.chunks
    )


@router.get("/documents", response_model=list[DocumentOut], summary="Documents of a collection")
async def documents(
    session: SessionDep,
    knowledge: KnowledgeDep,
    _: AdminUser,
    collection: CollectionQuery = None,
    include_inactive: bool = False,
) -> list[DocumentOut]:
    service = knowledge
    target = await _collection(session, knowledge, collection)
    found = await service.documents(session, target, include_inactive=include_inactive)
    return await _described(session, knowledge, target, list(found))


@router.get(
    "/documents/{document_id}",
    response_model=DocumentHistory,
    summary="A document's versions and change log",
)
async def history(
    document_id: uuid.UUID,
    session: SessionDep,
    knowledge: KnowledgeDep,
    _: AdminUser,
    collection: CollectionQuery = None,
) -> DocumentHistory:
    service = knowledge
    target = await _collection(session, knowledge, collection)
    document = await service.document(session, target, document_id)
    [described] = await _described(session, knowledge, target, [document])
    return DocumentHistory(
        document=described,
        versions=[VersionOut.model_validate(v) for v in await service.versions(session, document)],
        changes=[ChangeOut.model_validate(c) for c in await service.changes(session, document)],
    )


@router.delete(
    "/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a document from search (its versions stay and can be restored)",
)
async def delete(
    document_id: uuid.UUID,
    session: SessionDep,
    knowledge: KnowledgeDep,
    admin: AdminUser,
    collection: CollectionQuery = None,
) -> None:
    service = knowledge
    target = await _collection(session, knowledge, collection)
    await service.delete(
        session, target, await service.document(session, target, document_id), actor=admin.email
    )


@router.post(
    "/documents/{document_id}/versions/{number}/restore",
    response_model=DocumentOut,
    summary="Make an earlier version the searchable one",
)
async def restore(
    document_id: uuid.UUID,
    number: int,
    session: SessionDep,
    knowledge: KnowledgeDep,
    admin: AdminUser,
    collection: CollectionQuery = None,
) -> DocumentOut:
    service = knowledge
    target = await _collection(session, knowledge, collection)
    document = await service.document(session, target, document_id)
    await service.restore(session, target, document, number, actor=admin.email)
    [described] = await _described(session, knowledge, target, [document])
    return described


@search_router.get("/search", response_model=list[HitOut], summary="Search the knowledge base")
async def search(
    session: SessionDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    _: OperatorUser,
    q: Annotated[str, Query(min_length=1, max_length=1000)],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    mode: Mode = Mode.hybrid,
    category: str | None = None,
    collection: CollectionQuery = None,
) -> list[HitOut]:
    hits = await knowledge.search(
        session, collection or settings.kb_collection, q, k=k, mode=mode, category=category
    )
    return [
        HitOut(
            document=h.document_key,
            document_title=h.document_title,
            category=h.category,
            section=h.section,
            text=h.text,
            score=h.score,
            citation=h.citation,
        )
        for h in hits
    ]


@search_router.get(
    "/unanswered",
    response_model=list[UnansweredOut],
    summary="Questions the knowledge base could not answer",
)
async def unanswered_questions(session: SessionDep, _: OperatorUser) -> list[UnansweredOut]:
    from salesbot.knowledge import unanswered

    return [UnansweredOut.model_validate(q) for q in await unanswered.open_questions(session)]
