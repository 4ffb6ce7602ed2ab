from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.knowledge.service import KnowledgeService, SourceFile
from salesbot.models import KbCollection
from salesbot.settings import Settings


def make_docx(title: str, sections: list[tuple[str, str]]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=0)
    for heading, body in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


@pytest.fixture
def knowledge(settings: Settings) -> KnowledgeService:
    return KnowledgeService(settings)


@pytest.fixture
async def collection(
    session: AsyncSession, knowledge: KnowledgeService
) -> AsyncIterator[KbCollection]:
    yield await knowledge.collection(session, "test-kb")


def md(text: str) -> bytes:
    return text.encode("utf-8")


FAQ = md(
    "# Частые вопросы об оплате\n\n"
    "## Можно ли оплатить картой?\n\nДа, картой или через СБП по ссылке ЮKassa.\n\n"
    "## Есть ли рассрочка?\n\nРассрочки нет, но оплата делится на два платежа: 50 % и 50 %.\n"
)
INTEGRATIONS = md(
    "# Интеграции\n\n## amoCRM\n\nИИ-Менеджер передаёт сделки в amoCRM с тегами и заметками.\n\n"
    "## Telegram\n\nБот отвечает клиентам в Telegram круглосуточно.\n"
)


def source(key: str, data: bytes, category: str = "faq") -> SourceFile:
    return SourceFile(key, data, category)
