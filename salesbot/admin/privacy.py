"""Admin API for a person's requests under 152-FZ: what we keep about them, and erasure."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from loguru import logger

from salesbot.api.deps import AdminUser, SessionDep, SettingsDep
from salesbot.privacy import service
from salesbot.privacy.schemas import ErasedOut, PersonExportOut, PersonIn

router = APIRouter(prefix="/api/v1/admin/privacy", tags=["admin: personal data"])


async def _person(session: SessionDep, body: PersonIn) -> service.Person:
    return await service.find_person(
        session, phone=body.phone, email=body.email, contact_id=body.contact_id
    )


@router.post(
    "/export",
    response_model=PersonExportOut,
    summary="Everything kept about a person (by phone, e-mail or contact id), decrypted",
)
async def export_person(body: PersonIn, session: SessionDep, admin: AdminUser) -> PersonExportOut:
    exported = await service.export_person(session, await _person(session, body))
    logger.info("personal data exported by admin {}", admin.id)
    return PersonExportOut(**exported)


@router.post(
    "/erase",
    response_model=ErasedOut,
    summary="Erase a person: contacts deleted, conversations' words, files and documents gone",
)
async def erase_person(
    body: PersonIn, session: SessionDep, settings: SettingsDep, admin: AdminUser
) -> ErasedOut:
    erased = await service.erase_person(session, settings, await _person(session, body))
    logger.info("personal data erased by admin {}", admin.id)
    return ErasedOut(**asdict(erased))
