"""What a file really is, read from its first bytes; never from its name or the browser's
claim. Only the types some chat accepts are recognised."""

from __future__ import annotations

import io
import zipfile

PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OGG = "audio/ogg"  # a messenger's voice message (Opus in Ogg)

ACCEPTED = (PNG, JPEG, GIF, WEBP, PDF, DOCX)  # what the website chat takes
WITH_VOICE = (*ACCEPTED, OGG)  # what a messenger's customer may send besides
EXTENSIONS = {
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    WEBP: ".webp",
    PDF: ".pdf",
    DOCX: ".docx",
    OGG: ".ogg",
}


def sniff(data: bytes) -> str | None:
    """The content type of `data`, or None when it is not one any chat accepts."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[:5] == b"%PDF-":
        return PDF
    if data[:4] == b"PK\x03\x04" and _is_docx(data):
        return DOCX
    if data[:4] == b"OggS":
        return OGG
    return None


def _is_docx(data: bytes) -> bool:
    # Any ZIP starts with PK; a Word document has its main part and content-types manifest.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names
