from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse

from salesbot.api.deps import SessionDep, public_rate_limit
from salesbot.channels.web.runtime import WebDep

router = APIRouter(prefix="/api/v1/files", tags=["chat"])


@router.get(
    "/{file_id}",
    response_class=FileResponse,
    dependencies=[Depends(public_rate_limit)],
    summary="Download an attached file by a signed link",
)
async def download(
    file_id: uuid.UUID,
    session: SessionDep,
    runtime: WebDep,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(max_length=128, pattern="^[0-9a-f]+$")],
) -> FileResponse:
    runtime.attachments.check_link(file_id, expires, signature)
    stored = await runtime.attachments.get(session, file_id)
    return FileResponse(
        runtime.attachments.path_of(stored.storage_key),
        media_type=stored.content_type,
        filename=stored.name,
        # Never let a browser run an uploaded file as a page of ours.
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"},
    )
