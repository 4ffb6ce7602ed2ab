"""Files a customer sent through a messenger, kept like the website's uploads: downloaded
from the channel, checked by the same limits (size, type by content, the chat's quota) and
attached to the stored message. A file refused is named to the customer with the reason;
the message's words are kept either way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.service import AttachmentService
from salesbot.channels.attachments.sniff import WITH_VOICE
from salesbot.channels.base import FileRefused, FileSource
from salesbot.conversations.service import ConversationService, Received
from salesbot.conversations.types import Attachment, RemoteFile, Reply
from salesbot.dialog.offline import LANGUAGE, shared_phrases
from salesbot.errors import SalesbotError
from salesbot.models import Author
from salesbot.settings import Settings


async def keep_files(
    source: FileSource,
    session: AsyncSession,
    settings: Settings,
    received: Received,
    files: Sequence[RemoteFile],
) -> None:
    service = AttachmentService(settings)
    conversation = received.conversation
    kept: list[Attachment] = []
    refused: list[tuple[str, str]] = []  # (the file's name, why)
    for number, remote in enumerate(files):
        name = remote.name or "файл"
        try:
            if number >= settings.max_attachments:
                raise FileRefused(
                    f"В одном сообщении можно прислать не более {settings.max_attachments} файлов."
                )
            if remote.size is not None:
                service.check_size(remote.size)  # a file too big is not downloaded at all
            data = await source.download(remote)
            stored = await service.store(
                session, conversation.id, remote.name, data, accepted=WITH_VOICE
            )
        except SalesbotError as refusal:  # the service's and the channel's reasons read alike
            refused.append((name, refusal.message))
            continue
        stored.attached_at = received.message.created_at
        kept.append(service.as_attachment(stored))
    received.message.attachments = [asdict(a) for a in kept]
    if refused:
        logger.bind(conversation_id=str(conversation.id), refused=len(refused)).info(
            "files from the customer refused"
        )
        await _tell_customer(session, settings, received, refused)


async def _tell_customer(
    session: AsyncSession, settings: Settings, received: Received, refused: list[tuple[str, str]]
) -> None:
    token = LANGUAGE.set(received.conversation.language)
    try:
        template = shared_phrases()["file_not_kept"]
    finally:
        LANGUAGE.reset(token)
    for name, reason in refused:
        await ConversationService(settings).add_reply(
            session,
            received.conversation,
            Reply(template.format(name=name, reason=reason)),
            author=Author.system,
        )
