"""HTML → PDF with WeasyPrint (fonts from the system: DejaVu for full Cyrillic)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from salesbot.errors import ValidationFailed


def html_to_pdf(html: str, *, base_url: Path, max_bytes: int) -> bytes:
    # imported on first use: a second of every process's start-up otherwise (CLI, worker)
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=html, base_url=str(base_url)).write_pdf()
    if len(pdf) > max_bytes:
        raise ValidationFailed(
            f"Документ получился слишком большим: {len(pdf) / 1_048_576:.1f} МБ при пределе "
            f"{max_bytes / 1_048_576:.0f} МБ. Сократите шаблон или вложенные изображения.",
            code="document_too_large",
        )
    return pdf


async def render_pdf(html: str, *, base_url: Path, max_bytes: int) -> bytes:
    # ~0.1–0.6 s of CPU: keep the event loop free for other requests.
    return await asyncio.to_thread(html_to_pdf, html, base_url=base_url, max_bytes=max_bytes)
