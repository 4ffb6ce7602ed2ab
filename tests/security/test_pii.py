from __future__ import annotations

import base64
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.maintenance.pii import rotate
from salesbot.models import Contact
from salesbot.security.pii import (
    KeyRing,
    PIIDecryptionError,
    configure_keyring,
    normalise,
    pii_hash,
)
from salesbot.settings import Settings


async def _add_contact(session: AsyncSession, *, phone: str, email: str, name: str) -> uuid.UUID:
    contact = Contact(
        id=uuid.uuid4(),
        name=name,
        phone=phone,
        email=email,
        phone_hash=pii_hash("phone", phone),
        email_hash=pii_hash("email", email),
    )
    session.add(contact)
    await session.flush()
    return contact.id


class TestEncryptedColumns:
    async def test_raw_sql_sees_no_plaintext(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        contact_id = await _add_contact(
            session, phone="+7 (999) 123-45-67", email="Ivan.Petrov@Example.com", name="Иван Петров"
        )
        row = (
            await session.execute(
                text("SELECT name, phone, email, phone_hash FROM contacts WHERE id = :id"),
                {"id": contact_id},
            )
        ).one()
        dump = " ".join(row)
        for secret in ("Иван", "999", "123-45-67", "Ivan", "example"):
            assert secret not in dump
        assert all(value.startswith("v1:") for value in row[:3])
        session.expire_all()
        loaded = await session.get_one(Contact, contact_id)
        assert (loaded.name, loaded.phone, loaded.email) == (
            "Иван Петров",
            "+7 (999) 123-45-67",
            "Ivan.Petrov@Example.com",
        )

    async def test_same_value_encrypts_differently_each_time(self, settings: Settings) -> None:
        ring = KeyRing.from_settings(settings)
        assert ring.encrypt("secret") != ring.encrypt("secret")

    async def test_exact_lookup_by_hash_in_any_spelling(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        contact_id = await _add_contact(
            session, phone="8 999 123 45 67", email="a.b@Mail.RU", name="А"
        )
        await _add_contact(session, phone="+79990000000", email="other@mail.ru", name="Б")
        by_phone = await session.scalar(
            select(Contact.id).where(Contact.phone_hash == pii_hash("phone", "+7 (999) 123-45-67"))
        )
        by_email = await session.scalar(
            select(Contact.id).where(Contact.email_hash == pii_hash("email", "  A.B@mail.ru "))
        )
        assert by_phone == contact_id == by_email

    def test_tampered_value_is_refused(self, settings: Settings) -> None:
        ring = KeyRing.from_settings(settings)
        stored = ring.encrypt("+79991234567")
        prefix, key_id, payload = stored.split(":", 2)
        raw = bytearray(base64.urlsafe_b64decode(payload))
        raw[15] ^= 0x01  # one bit of the ciphertext
        flipped = base64.urlsafe_b64encode(bytes(raw)).decode()
        with pytest.raises(PIIDecryptionError):
            ring.decrypt(f"{prefix}:{key_id}:{flipped}")
        with pytest.raises(PIIDecryptionError):  # a value cannot be relabelled to another key
            ring.decrypt(f"{prefix}:00000000:{payload}")

    @pytest.mark.parametrize(
        ("kind", "raw", "expected"),
        [
            ("phone", "8 (999) 123-45-67", "79991234567"),
            ("phone", "9991234567", "79991234567"),
            ("phone", "+7 999 123 45 67", "79991234567"),
            ("email", " Foo@Bar.RU ", "foo@bar.ru"),
        ],
    )
    def test_normalise(self, kind: str, raw: str, expected: str) -> None:
        assert normalise(kind, raw) == expected


class TestKeyRotation:
    async def test_old_values_stay_readable_and_rotate_to_the_new_key(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        old = KeyRing.from_secrets("old-key", [], "hash-key")
        configure_keyring(old)
        contact_id = await _add_contact(
            session, phone="+79991234567", email="x@y.ru", name="Старый"
        )

        new = KeyRing.from_secrets("new-key", ["old-key"], "hash-key")
        configure_keyring(new)
        session.expire_all()
        assert (await session.get_one(Contact, contact_id)).name == "Старый"

        reports = {r.table: r for r in await rotate(session, new)}
        assert reports["contacts"].rows_rotated == 1
        stored = (
            await session.execute(
                text("SELECT name FROM contacts WHERE id = :id"), {"id": contact_id}
            )
        ).scalar_one()
        assert new.key_id_of(stored) == new.current_id
        again = {r.table: r for r in await rotate(session, new)}
        assert again["contacts"].rows_rotated == 0

        configure_keyring(KeyRing.from_secrets("new-key", [], "hash-key"))  # old key retired
        session.expire_all()
        assert (await session.get_one(Contact, contact_id)).name == "Старый"
        # the look-up hash does not depend on the encryption key
        assert (await session.get_one(Contact, contact_id)).phone_hash == new.hash(
            "phone", "+79991234567"
        )
        configure_keyring(KeyRing.from_settings(settings))
