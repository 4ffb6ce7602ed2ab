from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.maintenance.pii import reindex_contacts
from salesbot.models import Contact
from salesbot.security.pii import get_keyring, pii_hash
from salesbot.settings import Settings


class TestReindex:
    async def test_missing_and_stale_hashes_are_recomputed(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        old = Contact(id=uuid.uuid4(), name="Алёна Петрова", phone="+79123456789")
        fresh = Contact(
            id=uuid.uuid4(), name="Иван", name_hash=pii_hash("name", "Иван"), email="i@x.ru"
        )
        fresh.email_hash = pii_hash("email", "i@x.ru")
        session.add_all([old, fresh])
        await session.flush()
        report = await reindex_contacts(session, get_keyring())
        assert (report.rows_checked, report.rows_updated) == (2, 1)
        row = (
            await session.execute(
                text("SELECT name_hash, phone_hash, email_hash FROM contacts WHERE id = :id"),
                {"id": old.id},
            )
        ).one()
        assert row == (pii_hash("name", "алена  петрова"), pii_hash("phone", "89123456789"), None)
        again = await reindex_contacts(session, get_keyring())
        assert again.rows_updated == 0
