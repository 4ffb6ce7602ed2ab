from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from salesbot.api.deps import AdminUser, SessionDep
from salesbot.users import service
from salesbot.users.schemas import UserActive, UserCreate, UserOut

router = APIRouter(prefix="/api/v1/admin/users", tags=["admin: users"])


@router.get("", response_model=list[UserOut], summary="List operator accounts")
async def list_users(session: SessionDep, _: AdminUser) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in await service.list_users(session)]


@router.post(
    "", response_model=UserOut, status_code=status.HTTP_201_CREATED, summary="Create an operator"
)
async def create_user(body: UserCreate, session: SessionDep, _: AdminUser) -> UserOut:
    user = await service.create(
        session, email=body.email, password=body.password, role=body.role, full_name=body.full_name
    )
    return UserOut.model_validate(user)


@router.patch("/{user_id}", response_model=UserOut, summary="Activate or deactivate an operator")
async def set_active(
    user_id: uuid.UUID, body: UserActive, session: SessionDep, admin: AdminUser
) -> UserOut:
    user = await service.set_active(session, user_id, active=body.is_active, actor_id=admin.id)
    return UserOut.model_validate(user)
