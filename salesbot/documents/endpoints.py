from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import FileResponse, HTMLResponse

from salesbot.api.deps import AdminUser, OperatorUser, RuntimeDep, SessionDep, public_rate_limit
from salesbot.documents.schemas import (
    DocumentIn,
    DocumentOut,
    Requisites,
    TemplateIn,
    TemplateOut,
    TemplatePreviewIn,
    TemplateVersionOut,
)
from salesbot.documents.templates import TEMPLATE_NAMES
from salesbot.errors import NotFound
from salesbot.models import Document

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])
admin_router = APIRouter(prefix="/api/v1/admin/documents", tags=["admin: documents"])


def _out(runtime: RuntimeDep, document: Document) -> DocumentOut:
    url, expires = runtime.documents.signed_url(document)
    out = DocumentOut.model_validate(document)
    out.download_url, out.link_expires_at = url, datetime.fromtimestamp(expires, UTC)
    return out


@router.post(
    "", response_model=DocumentOut, status_code=status.HTTP_201_CREATED, summary="Generate a PDF"
)
async def generate(
    body: DocumentIn, session: SessionDep, runtime: RuntimeDep, _: OperatorUser
) -> DocumentOut:
    generated = await runtime.documents.generate(session, body.request(), body.quote_id)
    return _out(runtime, generated.record)


@router.post(
    "/preview", response_class=HTMLResponse, summary="The document as HTML, without a number"
)
async def preview(
    body: DocumentIn, session: SessionDep, runtime: RuntimeDep, _: OperatorUser
) -> HTMLResponse:
    quote = await runtime.pricing.get(session, body.quote_id)
    return HTMLResponse(await runtime.documents.preview(session, body.request(), quote))


@router.get(
    "/{document_id}", response_model=DocumentOut, summary="A document with a fresh download link"
)
async def get_document(
    document_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, _: OperatorUser
) -> DocumentOut:
    return _out(runtime, await runtime.documents.get(session, document_id))


@router.get(
    "/{document_id}/download",
    response_class=FileResponse,
    dependencies=[Depends(public_rate_limit)],
    summary="Download by a signed link (no login; the link expires)",
)
async def download(
    document_id: uuid.UUID,
    session: SessionDep,
    runtime: RuntimeDep,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(max_length=128)],
) -> FileResponse:
    runtime.documents.check_link(document_id, expires, signature)
    document = await runtime.documents.get(session, document_id)
    path = runtime.documents.file_path(document)
    if not path.is_file():
        raise NotFound("Файл документа не найден в хранилище.", code="document_file_missing")
    return FileResponse(path, media_type="application/pdf", filename=f"{document.number}.pdf")


@admin_router.get(
    "/requisites", response_model=Requisites, summary="Seller requisites used in documents"
)
async def get_requisites(session: SessionDep, runtime: RuntimeDep, _: AdminUser) -> Requisites:
    return Requisites(**await runtime.documents.requisites(session))


@admin_router.put("/requisites", response_model=Requisites, summary="Change seller requisites")
async def put_requisites(
    body: Requisites, session: SessionDep, runtime: RuntimeDep, admin: AdminUser
) -> Requisites:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}
    return Requisites(
        **await runtime.documents.update_requisites(session, changes, actor=admin.email)
    )


@admin_router.get("/templates", response_model=list[str], summary="Template names")
async def template_names(_: AdminUser) -> list[str]:
    return list(TEMPLATE_NAMES)


@admin_router.get("/templates/{name}", response_model=TemplateOut, summary="The template in force")
async def get_template(
    name: str, session: SessionDep, runtime: RuntimeDep, _: AdminUser
) -> TemplateOut:
    body, version = await runtime.documents.template_source(session, name)
    return TemplateOut(name=name, version=version, body=body)


@admin_router.put(
    "/templates/{name}",
    response_model=TemplateVersionOut,
    summary="Save a new version (refused with the Jinja error if it does not render)",
)
async def put_template(
    name: str, body: TemplateIn, session: SessionDep, runtime: RuntimeDep, admin: AdminUser
) -> TemplateVersionOut:
    return TemplateVersionOut.model_validate(
        await runtime.documents.save_template(session, name, body.body, actor=admin.email)
    )


@admin_router.post(
    "/templates/{name}/preview",
    response_class=HTMLResponse,
    summary="A sample document for the editor, with the saved templates or an unsaved draft "
    "of this one (422 if the draft does not render); nothing is stored",
)
async def preview_template(
    name: str, body: TemplatePreviewIn, session: SessionDep, runtime: RuntimeDep, _: AdminUser
) -> HTMLResponse:
    if name not in TEMPLATE_NAMES:
        raise NotFound(f"Шаблона «{name}» нет.", code="template_not_found")
    quote = await runtime.pricing.unsaved(session, body.quote.brief())
    draft = (name, body.body) if body.body is not None else None
    return HTMLResponse(
        await runtime.documents.preview(session, body.request(), quote, draft=draft)
    )


@admin_router.get(
    "/templates/{name}/versions", response_model=list[TemplateVersionOut], summary="Saved versions"
)
async def template_versions(
    name: str, session: SessionDep, runtime: RuntimeDep, _: AdminUser
) -> list[TemplateVersionOut]:
    return [
        TemplateVersionOut.model_validate(v)
        for v in await runtime.documents.template_versions(session, name)
    ]
