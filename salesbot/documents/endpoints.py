from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import FileResponse, HTMLResponse

from salesbot.api.deps import AdminUser, OperatorUser, SessionDep, provided, public_rate_limit
from salesbot.documents.schemas import (
    DocumentIn,
    DocumentOut,
    Requisites,
    TemplateIn,
    TemplateOut,
    TemplatePreviewIn,
    TemplateVersionOut,
)
from salesbot.documents.service import DocumentService
from salesbot.documents.templates import TEMPLATE_NAMES
from salesbot.errors import NotFound
from salesbot.models import Document
from salesbot.pricing.service import PricingService

PricingDep = Annotated[PricingService, provided("pricing")]
DocumentsDep = Annotated[DocumentService, provided("documents")]
router = APIRouter(prefix="/api/v1/documents", tags=["documents"])
admin_router = APIRouter(prefix="/api/v1/admin/documents", tags=["admin: documents"])


def _out(documents: DocumentsDep, document: Document) -> DocumentOut:
    url, expires = documents.signed_url(document)
    out = DocumentOut.model_validate(document)
    out.download_url, out.link_expires_at = url, datetime.fromtimestamp(expires, UTC)
    return out


@router.post(
    "", response_model=DocumentOut, status_code=status.HTTP_201_CREATED, summary="Generate a PDF"
)
async def generate(
    body: DocumentIn, session: SessionDep, documents: DocumentsDep, _: OperatorUser
) -> DocumentOut:
    generated = await documents.generate(session, body.request(), body.quote_id)
    return _out(documents, generated.record)


@router.post(
    "/preview", response_class=HTMLResponse, summary="The document as HTML, without a number"
)
async def preview(
    body: DocumentIn,
    session: SessionDep,
    documents: DocumentsDep,
    pricing: PricingDep,
    _: OperatorUser,
) -> HTMLResponse:
    quote = await pricing.get(session, body.quote_id)
    return HTMLResponse(await documents.preview(session, body.request(), quote))


@router.get(
    "/{document_id}", response_model=DocumentOut, summary="A document with a fresh download link"
)
async def get_document(
    document_id: uuid.UUID, session: SessionDep, documents: DocumentsDep, _: OperatorUser
) -> DocumentOut:
    return _out(documents, await documents.get(session, document_id))


@router.get(
    "/{document_id}/download",
    response_class=FileResponse,
    dependencies=[Depends(public_rate_limit)],
    summary="Download by a signed link (no login; the link expires)",
)
async def download(
    document_id: uuid.UUID,
    session: SessionDep,
    documents: DocumentsDep,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(max_length=128, pattern="^[0-9a-f]+$")],
) -> FileResponse:
    documents.check_link(document_id, expires, signature)
    document = await documents.get(session, document_id)
    path = documents.file_path(document)
    if not path.is_file():
        raise NotFound("Файл документа не найден в хранилище.", code="document_file_missing")
    return FileResponse(path, media_type="application/pdf", filename=f"{document.number}.pdf")


@admin_router.get(
    "/requisites", response_model=Requisites, summary="Seller requisites used in documents"
)
async def get_requisites(session: SessionDep, documents: DocumentsDep, _: AdminUser) -> Requisites:
    return Requisites(**await documents.requisites(session))


@admin_router.put("/requisites", response_model=Requisites, summary="Change seller requisites")
async def put_requisites(
    body: Requisites, session: SessionDep, documents: DocumentsDep, admin: AdminUser
) -> Requisites:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}
    return Requisites(**await documents.update_requisites(session, changes, actor=admin.email))


@admin_router.get("/templates", response_model=list[str], summary="Template names")
async def template_names(_: AdminUser) -> list[str]:
    return list(TEMPLATE_NAMES)


@admin_router.get("/templates/{name}", response_model=TemplateOut, summary="The template in force")
async def get_template(
    name: str, session: SessionDep, documents: DocumentsDep, _: AdminUser
) -> TemplateOut:
    body, version = await documents.template_source(session, name)
    return TemplateOut(name=name, version=version, body=body)


@admin_router.put(
    "/templates/{name}",
    response_model=TemplateVersionOut,
    summary="Save a new version (refused with the Jinja error if it does not render)",
)
async def put_template(
    name: str, body: TemplateIn, session: SessionDep, documents: DocumentsDep, admin: AdminUser
) -> TemplateVersionOut:
    return TemplateVersionOut.model_validate(
        await documents.save_template(session, name, body.body, actor=admin.email)
    )


@admin_router.post(
    "/templates/{name}/preview",
    response_class=HTMLResponse,
    summary="A sample document for the editor, with the saved templates or an unsaved draft "
    "of this one (422 if the draft does not render); nothing is stored",
)
async def preview_template(
    name: str,
    body: TemplatePreviewIn,
    session: SessionDep,
    documents: DocumentsDep,
    pricing: PricingDep,
    _: AdminUser,
) -> HTMLResponse:
    if name not in TEMPLATE_NAMES:
        raise NotFound(f"Шаблона «{name}» нет.", code="template_not_found")
    quote = await pricing.unsaved(session, body.quote.brief())
    draft = (name, body.body) if body.body is not None else None
    return HTMLResponse(await documents.preview(session, body.request(), quote, draft=draft))


@admin_router.get(
    "/templates/{name}/versions", response_model=list[TemplateVersionOut], summary="Saved versions"
)
async def template_versions(
    name: str, session: SessionDep, documents: DocumentsDep, _: AdminUser
) -> list[TemplateVersionOut]:
    return [
        TemplateVersionOut.model_validate(v)
        for v in await documents.template_versions(session, name)
    ]
