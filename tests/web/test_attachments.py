"""Attachments: type read from the content, size and count limits, safe names, signed links."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from salesbot.channels.attachments.service import display_name
from salesbot.channels.attachments.sniff import DOCX, GIF, JPEG, PDF, PNG, WEBP, sniff

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PNG_BYTES, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, JPEG),
        (b"GIF89a" + b"\x00" * 10, GIF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", WEBP),
        (PDF_BYTES, PDF),
        (docx_bytes(), DOCX),
        (plain_zip(), None),
        (b"<html><script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_sniffing_reads_the_content(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("raw", "content_type", "expected"),
    [
        ("../../etc/passwd.pdf", PDF, "passwd.pdf"),
        ("C:\\Users\\me\\КП.pdf", PDF, "КП.pdf"),
        ("photo.exe", PNG, "photo.png"),
        ("\x00\x1f.png", PNG, "файл.png"),
        (None, JPEG, "файл.jpg"),
    ],
)
def test_display_names_are_harmless(raw: str | None, content_type: str, expected: str) -> None:
    assert display_name(raw, content_type) == expected


async def _session(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    created = (await client.post("/api/v1/chat/sessions")).json()
    return created["session_id"], {"Authorization": f"Bearer {created['token']}"}


async def test_upload_attach_and_download_through_a_signed_link(
    client: httpx.AsyncClient,
) -> None:
    session_id, auth = await _session(client)
    uploaded = await client.post(
        f"/api/v1/chat/sessions/{session_id}/attachments",
        files={"file": ("../../secret/ТЗ.pdf", PDF_BYTES, "image/png")},  # the claim is ignored
        headers=auth,
    )
    assert uploaded.status_code == 201, uploaded.text
    stored = uploaded.json()
    assert stored["content_type"] == PDF
    assert stored["name"] == "ТЗ.pdf"

    sent = await client.post(
        f"/api/v1/chat/sessions/{session_id}/messages",
        json={"text": "Вот наше ТЗ", "attachment_ids": [stored["id"]]},
        headers=auth,
    )
    assert sent.status_code == 200, sent.text
    history = (
        await client.get(f"/api/v1/chat/sessions/{session_id}/messages", headers=auth)
    ).json()
    attached = history[0]["attachments"][0]
    assert attached["name"] == "ТЗ.pdf" and attached["content_type"] == PDF

    download = await client.get(attached["url"])
    assert download.status_code == 200
    assert download.content == PDF_BYTES
    assert download.headers["content-type"] == PDF
    assert download.headers["x-content-type-options"] == "nosniff"

    forged = attached["url"].replace("signature=", "signature=0")
    assert (await client.get(forged)).json()["error"]["code"] == "attachment_not_found"


async def test_limits_and_foreign_files_are_refused(client: httpx.AsyncClient, settings) -> None:  # type: ignore[no-untyped-def]
    session_id, auth = await _session(client)
    url = f"/api/v1/chat/sessions/{session_id}/attachments"

    html = await client.post(url, files={"file": ("cv.pdf", b"<html>hi</html>")}, headers=auth)
    huge = await client.post(
        url,
        files={"file": ("big.png", PNG_BYTES + b"\x00" * settings.max_attachment_bytes)},
        headers=auth,
    )
    assert html.status_code == 422
    assert html.json()["error"]["code"] == "attachment_type_not_allowed"
    assert huge.status_code == 422
    assert huge.json()["error"]["code"] == "attachment_too_large"

    ids = []
    for _ in range(settings.max_attachments + 1):
        response = await client.post(url, files={"file": ("a.png", PNG_BYTES)}, headers=auth)
        ids.append(response.json()["id"])
    too_many = await client.post(
        f"/api/v1/chat/sessions/{session_id}/messages",
        json={"text": "файлы", "attachment_ids": ids},
        headers=auth,
    )
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "too_many_attachments"

    # A file of another chat cannot be attached by id.
    other_id, other_auth = await _session(client)
    stolen = await client.post(
        f"/api/v1/chat/sessions/{other_id}/messages",
        json={"text": "чужой файл", "attachment_ids": [ids[0]]},
        headers=other_auth,
    )
    assert stolen.status_code == 404
    assert stolen.json()["error"]["code"] == "attachment_not_found"
