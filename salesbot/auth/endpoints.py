from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from salesbot.api.deps import (
    ClientIP,
    CurrentUser,
    SessionDep,
    SettingsDep,
    provided,
    public_rate_limit,
)
from salesbot.auth import service
from salesbot.auth.schemas import TokenOut
from salesbot.auth.service import LoginGuard
from salesbot.users.schemas import UserOut

LoginGuardDep = Annotated[LoginGuard, provided("login_guard")]
router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenOut,
    dependencies=[Depends(public_rate_limit)],
    responses={401: {"description": "Wrong e-mail or password, or the account is inactive"}},
    summary="Log in with email and password (OAuth2 password form); returns a JWT",
)
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    login_guard: LoginGuardDep,
    settings: SettingsDep,
    ip: ClientIP,
) -> TokenOut:
    issued = await service.login(
        session,
        email=form.username,
        password=form.password,
        ip=ip,
        guard=login_guard,
        settings=settings,
    )
    return TokenOut(
        access_token=issued.access_token,
        expires_at=issued.expires_at,
        user=UserOut.model_validate(issued.user),
    )


@router.get("/me", response_model=UserOut, summary="The logged-in operator")
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
