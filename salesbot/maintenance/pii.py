"""Re-encrypt personal data with the current key after PII_ENCRYPTION_KEY changed, recompute
the contacts' look-up hashes (`reindex_contacts`), and seal the text of messages stored before
sealing existed or before PII_HASH_KEY changed (`seal_messages`).

Every column of type EncryptedString in the metadata is covered, so new tables with personal
data join the rotation without changes here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession

import salesbot.models  # noqa: F401  (registers every table)
from salesbot.db.base import Base
from salesbot.security.pii import EncryptedString, KeyRing
from salesbot.security.sealing import seal


@dataclass(frozen=True)
class RotationReport:
    table: str
    rows_checked: int
    rows_rotated: int


def encrypted_columns() -> dict[Table, list[str]]:
    found: dict[Table, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        columns = [c.name for c in table.columns if isinstance(c.type, EncryptedString)]
        if columns:
            found[table] = columns
    return found


async def rotate(session: AsyncSession, keyring: KeyRing) -> list[RotationReport]:
    reports = []
    for table, columns in encrypted_columns().items():
        # Raw SQL reads the stored text as is, so each value's key id is visible. Names come
        # from our own metadata, never from input.
        listed = ", ".join(columns)
        rows = (await session.execute(text(f"SELECT id, {listed} FROM {table.name}"))).all()  # noqa: S608
        rotated = 0
        for row in rows:
            stale = {
                name: value
                for name, value in zip(columns, row[1:], strict=True)
                if value is not None and keyring.key_id_of(value) != keyring.current_id
            }
            if not stale:
                continue
            assignments = ", ".join(f"{name} = :{name}" for name in stale)
            fresh = {name: keyring.encrypt(keyring.decrypt(value)) for name, value in stale.items()}
            await session.execute(
                text(f"UPDATE {table.name} SET {assignments} WHERE id = :row_id"),  # noqa: S608
                {"row_id": row[0], **fresh},
            )
            rotated += 1
        reports.append(RotationReport(table.name, len(rows), rotated))
    return reports


@dataclass(frozen=True)
class ReindexReport:
    rows_checked: int
    rows_updated: int


async def reindex_contacts(session: AsyncSession, keyring: KeyRing) -> ReindexReport:
    """Recompute the look-up hashes (phone, email, name) of every contact: for rows stored
    before a hash existed, and after PII_HASH_KEY changed."""
    rows = (
        await session.execute(
            text("SELECT id, name, phone, email, name_hash, phone_hash, email_hash FROM contacts")
        )
    ).all()
    updated = 0
    for row in rows:
        hashes = {}
        for kind, stored in (("name", row[1]), ("phone", row[2]), ("email", row[3])):
            plain = keyring.decrypt(stored) if stored is not None else None
            hashes[f"{kind}_hash"] = keyring.hash(kind, plain) if plain else None
        if hashes == {"name_hash": row[4], "phone_hash": row[5], "email_hash": row[6]}:
            continue
        await session.execute(
            text(
                "UPDATE contacts SET name_hash = :name_hash, phone_hash = :phone_hash,"
                " email_hash = :email_hash WHERE id = :row_id"
            ),
            {"row_id": row[0], **hashes},
        )
        updated += 1
    return ReindexReport(len(rows), updated)


SEAL_BATCH = 500


async def seal_messages(session: AsyncSession, keyring: KeyRing, *, batch: int = SEAL_BATCH) -> int:
    """Mask the contacts in messages whose `contact_hashes` is NULL, keeping the original
    encrypted; returns how many rows were sealed. Locked rows are skipped, so two workers
    never seal the same message."""
    sealed = 0
    while True:
        rows = (
            await session.execute(
                text(
                    "SELECT id, text, sealed_text FROM messages WHERE contact_hashes IS NULL"
                    " ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED"
                ),
                {"batch": batch},
            )
        ).all()
        for row_id, stored, encrypted in rows:
            result = seal(keyring.decrypt(encrypted) if encrypted else stored, keyring)
            await session.execute(
                text(
                    "UPDATE messages SET text = :text, sealed_text = :sealed,"
                    " contact_hashes = :hashes WHERE id = :row_id"
                ),
                {
                    "row_id": row_id,
                    "text": result.text,
                    "sealed": keyring.encrypt(result.original) if result.original else None,
                    "hashes": result.contact_hashes,
                },
            )
        sealed += len(rows)
        if len(rows) < batch:
            return sealed


async def reindex_messages(session: AsyncSession, keyring: KeyRing) -> int:
    """Recompute the contact hashes of every message (after PII_HASH_KEY changed)."""
    await session.execute(text("UPDATE messages SET contact_hashes = NULL"))
    return await seal_messages(session, keyring)
