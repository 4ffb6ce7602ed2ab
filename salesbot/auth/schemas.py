from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from salesbot.users.schemas import UserOut


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105  (OAuth2 token type, not a secret)
    expires_at: datetime
    user: UserOut
