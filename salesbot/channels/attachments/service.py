"""Store, find and link the files visitors attach to chat messages."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.sniff import ACCEPTED, DOCX, EXTENSIONS, OGG, PDF, sniff
from salesbot.conversations.types import Attachment
from salesbot.db.base import utcnow
from salesbot.db.hooks import after_commit
from salesbot.documents import links
from salesbot.errors import NotFound, PayloadTooLarge, ValidationFailed
from salesbot.models import StoredFile
from salesbot.settings import Settings, secret_value

_LABELS = {
    "image": "изображения (PNG, JPEG, GIF, WebP)",
    PDF: "PDF",
    DOCX: "DOCX",
    OGG: "голосовые сообщения",
}


def accepted_label(accepted: Collection[str]) -> str:
    """«изображения (PNG, JPEG, GIF, WebP), PDF или DOCX», for the types accepted."""
    kinds = list(dict.fromkeys("image" if t.startswith("image/") else t for t in accepted))
    words = [_LABELS[kind] for kind in kinds]
    return ", ".join(words[:-1]) + " или " + words[-1] if len(words) > 1 else words[0]


def display_name(raw: str | None, content_type: str) -> str:
    """A harmless name to show: no folders, no control characters, the real extension."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", name).strip(" .")[:200] or "файл"
    return stem + EXTENSIONS[content_type]


class AttachmentService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._links = links.LinkSigner(
            secret_value(settings.jwt_secret_key), settings.document_link_ttl_hours * 3600
        )

    async def store(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        filename: str | None,
        data: bytes,
        *,
        accepted: Collection[str] = ACCEPTED,
    ) -> StoredFile:
        self.check_size(len(data))
        if not data:
            raise ValidationFailed("Файл пустой.", code="attachment_empty")
        content_type = sniff(data)
        if content_type is None or content_type not in accepted:
            raise ValidationFailed(
                f"Этот тип файла не поддерживается. Можно прислать {accepted_label(accepted)}.",
                code="attachment_type_not_allowed",
                details={"accepted": list(accepted)},
            )
        await self._check_quota(session, conversation_id, len(data))
        key = uuid.uuid4().hex + EXTENSIONS[content_type]
        self._write(self.path_of(key), data)
        record = StoredFile(
            conversation_id=conversation_id,
            name=display_name(filename, content_type),
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_key=key,
        )
        session.add(record)
        await session.flush()
        return record

    def check_size(self, size: int) -> None:
        limit = self.settings.max_attachment_bytes
        if size > limit:
            raise ValidationFailed(
                f"Файл слишком большой: допустимо не более {self.settings.max_attachment_mb:g} МБ.",
                code="attachment_too_large",
                details={"size": size, "max_size": limit},
            )

    async def for_message(
        self, session: AsyncSession, conversation_id: uuid.UUID, ids: list[uuid.UUID]
    ) -> tuple[Attachment, ...]:
        """The attachments of a new message; each id must be a file of this conversation."""
        if len(ids) > self.settings.max_attachments:
            raise ValidationFailed(
                f"Слишком много вложений: допустимо не более {self.settings.max_attachments}.",
                code="too_many_attachments",
                details={"count": len(ids), "max": self.settings.max_attachments},
            )
        if not ids:
            return ()
        rows = await session.execute(
            select(StoredFile).where(
                StoredFile.id.in_(ids), StoredFile.conversation_id == conversation_id
            )
        )
        found = {f.id: f for f in rows.scalars()}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise NotFound(
                "Вложение не найдено: загрузите файл ещё раз.",
                code="attachment_not_found",
                details={"ids": missing},
            )
        now = utcnow()
        for stored in found.values():  # in the message's transaction: kept only if it is
            stored.attached_at = stored.attached_at or now
        return tuple(self.as_attachment(found[i]) for i in dict.fromkeys(ids))

    async def _check_quota(
        self, session: AsyncSession, conversation_id: uuid.UUID, adding: int
    ) -> None:
        used = await session.scalar(
            select(func.coalesce(func.sum(StoredFile.size), 0)).where(
                StoredFile.conversation_id == conversation_id
            )
        )
        quota = int(self.settings.max_uploads_per_session_mb * 1024 * 1024)
        if int(used or 0) + adding > quota:
            raise PayloadTooLarge(
                f"В этот чат уже загружено много файлов (не более "
                f"{self.settings.max_uploads_per_session_mb:g} МБ). Пришлите остальное "
                "менеджеру на почту или удалите лишнее.",
                code="upload_quota_exceeded",
                details={"used": int(used or 0), "quota": quota},
            )

    async def delete_unattached(self, session: AsyncSession, *, older_than: datetime) -> int:
        """Forget files no message took (the rows now, the bytes after the commit)."""
        rows = await session.execute(
            delete(StoredFile)
            .where(StoredFile.attached_at.is_(None), StoredFile.created_at < older_than)
            .returning(StoredFile.storage_key)
        )
        keys = list(rows.scalars())

        async def remove_files() -> None:
            for key in keys:
                self.path_of(key).unlink(missing_ok=True)

        after_commit(session, remove_files)
        return len(keys)

    def as_attachment(self, stored: StoredFile) -> Attachment:
        return Attachment(
            name=stored.name,
            content_type=stored.content_type,
            size=stored.size,
            url=self.signed_url(stored.id),
            storage_key=f"file:{stored.id}",
        )

    async def get(self, session: AsyncSession, file_id: uuid.UUID) -> StoredFile:
        stored = await session.get(StoredFile, file_id)
        if stored is None or not self.path_of(stored.storage_key).is_file():
            raise NotFound("Файл не найден.", code="attachment_not_found")
        return stored

    def path_of(self, storage_key: str) -> Path:
        # Keys are our own hex names; refuse anything else so no path can escape the folder.
        if not re.fullmatch(r"[0-9a-f]{32}\.[a-z]{3,4}", storage_key):
            raise NotFound("Файл не найден.", code="attachment_not_found")
        return self.settings.uploads_dir / storage_key[:2] / storage_key

    def signed_url(self, file_id: uuid.UUID, *, now: float | None = None) -> str:
        query, _ = self._links.query(file_id, now=now)
        return f"/api/v1/files/{file_id}?{query}"

    def check_link(self, file_id: uuid.UUID, expires: int, signature: str) -> None:
        problem = self._links.problem(file_id, expires, signature)
        if problem == "expired":
            raise ValidationFailed(
                "Срок действия ссылки истёк. Обновите чат, чтобы получить новую.",
                code="link_expired",
            )
        if problem is not None:
            raise NotFound("Файл не найден.", code="attachment_not_found")

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(data)
        os.replace(partial, path)  # readers never see half a file
