"""Sales documents: the offer, the contract and the invoice, rendered from versioned
templates into PDFs stored under DOCUMENTS_PATH and served through signed links."""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.documents import links
from salesbot.documents.context import (
    NUMBER_PREFIX,
    DocumentRequest,
    DocumentTerms,
    build_context,
)
from salesbot.documents.rendering import render_pdf
from salesbot.documents.templates import DOCUMENT_TEMPLATES, TemplateRejected, check, environment
from salesbot.errors import NotFound, ValidationFailed
from salesbot.models import (
    Document,
    DocumentCounter,
    DocumentTemplate,
    QuoteRecord,
    SettingOverride,
)
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings, secret_value

REQUISITE_FIELDS = {
    "name": "seller_name",
    "short_name": "seller_short_name",
    "inn": "seller_inn",
    "kpp": "seller_kpp",
    "ogrn": "seller_ogrn",
    "address": "seller_address",
    "bank": "seller_bank",
    "bik": "seller_bik",
    "account": "seller_account",
    "corr_account": "seller_corr_account",
    "director": "seller_director",
    "director_short": "seller_director_short",
    "director_title": "seller_director_title",
    "accountant_short": "seller_accountant_short",
    "phone": "seller_phone",
    "email": "seller_email",
    "website": "seller_website",
}
DIGITS = {
    "inn": (10, 12),
    "kpp": (9,),
    "ogrn": (13, 15),
    "bik": (9,),
    "account": (20,),
    "corr_account": (20,),
}
REQUISITES_KEY = "seller_requisites"


@dataclass(frozen=True)
class GeneratedDocument:
    record: Document
    pdf: bytes


class DocumentService:
    def __init__(self, settings: Settings, pricing: PricingService) -> None:
        self.settings = settings
        self.pricing = pricing
        self._links = links.LinkSigner(
            secret_value(settings.jwt_secret_key), settings.document_link_ttl_hours * 3600
        )

    @property
    def templates_dir(self) -> Path:
        return self.settings.templates_dir

    # --- requisites ------------------------------------------------------------------------
    async def requisites(self, session: AsyncSession) -> dict[str, str]:
        values = {key: str(getattr(self.settings, attr)) for key, attr in REQUISITE_FIELDS.items()}
        override = await session.get(SettingOverride, REQUISITES_KEY)
        if override is not None:
            values.update({k: v for k, v in override.value.items() if k in REQUISITE_FIELDS})
        return values

    async def update_requisites(
        self, session: AsyncSession, changes: dict[str, str], *, actor: str
    ) -> dict[str, str]:
        unknown = set(changes) - set(REQUISITE_FIELDS)
        if unknown:
            raise ValidationFailed(
                f"Неизвестные реквизиты: {', '.join(sorted(unknown))}.", code="invalid_requisites"
            )
        for key, value in changes.items():
            value = value.strip()
            if not value:
                raise ValidationFailed(
                    f"Реквизит «{key}» не может быть пустым.", code="invalid_requisites"
                )
            if key in DIGITS and (not value.isdigit() or len(value) not in DIGITS[key]):
                lengths = " или ".join(map(str, DIGITS[key]))
                raise ValidationFailed(
                    f"«{key}» должен состоять из {lengths} цифр.",
                    code="invalid_requisites",
                    details={"field": key},
                )
            changes[key] = value
        current = await session.get(SettingOverride, REQUISITES_KEY)
        merged = {**(current.value if current else {}), **changes}
        await session.execute(
            pg_insert(SettingOverride)
            .values(key=REQUISITES_KEY, value=merged, updated_by=actor, updated_at=func.now())
            .on_conflict_do_update(
                index_elements=["key"],
                set_={"value": merged, "updated_by": actor, "updated_at": func.now()},
            )
        )
        return await self.requisites(session)

    # --- templates ---------------------------------------------------------------------------
    async def template_overrides(self, session: AsyncSession) -> dict[str, str]:
        rows = await session.execute(
            text(
                "SELECT DISTINCT ON (name) name, body FROM document_templates"
                " ORDER BY name, version DESC"
            )
        )
        return {row[0]: row[1] for row in rows}

    async def template_versions(self, session: AsyncSession, name: str) -> list[DocumentTemplate]:
        result = await session.execute(
            select(DocumentTemplate)
            .where(DocumentTemplate.name == name)
            .order_by(DocumentTemplate.version.desc())
        )
        return list(result.scalars())

    async def template_source(self, session: AsyncSession, name: str) -> tuple[str, int]:
        versions = await self.template_versions(session, name)
        if versions:
            return versions[0].body, versions[0].version
        path = self.templates_dir / name
        if not path.exists():
            raise NotFound(f"Шаблона «{name}» нет.", code="template_not_found")
        return await asyncio.to_thread(path.read_text, "utf-8"), 0

    async def save_template(
        self, session: AsyncSession, name: str, body: str, *, actor: str
    ) -> DocumentTemplate:
        """A new version after it compiles and renders every document; else the reason."""
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('salesbot.templates'))"))
        await self._check_template(await self.template_overrides(session), name, body)
        latest = await session.scalar(
            select(func.max(DocumentTemplate.version)).where(DocumentTemplate.name == name)
        )
        record = DocumentTemplate(
            name=name, version=int(latest or 0) + 1, body=body, created_by=actor
        )
        session.add(record)
        await session.flush()
        return record

    # --- documents -----------------------------------------------------------------------------
    async def next_number(self, session: AsyncSession, kind: str, year: int) -> str:
        statement = (
            pg_insert(DocumentCounter)
            .values(kind=kind, year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=["kind", "year"],
                set_={"last_number": DocumentCounter.last_number + 1},
            )
            .returning(DocumentCounter.last_number)
        )
        value = (await session.execute(statement)).scalar_one()
        return f"{NUMBER_PREFIX[kind]}-{year}-{value:04d}"

    def terms(self) -> DocumentTerms:
        s = self.settings
        return DocumentTerms(s.vat_mode, s.vat_rate, s.prepayment_percent, s.invoice_due_days)

    async def _builder(
        self, session: AsyncSession, request: DocumentRequest, quote: QuoteRecord
    ) -> Callable[[str], dict[str, Any]]:
        """Context for a given document number; requisites and the date are read once."""
        seller, today, terms = await self.requisites(session), self.pricing.today(), self.terms()

        def build(number: str) -> dict[str, Any]:
            return build_context(
                request=request,
                quote=quote.result,
                quote_number=_quote_number(quote),
                number=number,
                today=today,
                seller=seller,
                terms=terms,
            )

        return build

    async def preview(
        self,
        session: AsyncSession,
        request: DocumentRequest,
        quote: QuoteRecord,
        *,
        draft: tuple[str, str] | None = None,
    ) -> str:
        """The document as HTML, numbered «ОБРАЗЕЦ»; with `draft` (a template's name and an
        unsaved text), as it would look once that text is saved."""
        context = (await self._builder(session, request, quote))("ОБРАЗЕЦ")
        overrides = await self.template_overrides(session)
        if draft is not None:
            await self._check_template(overrides, *draft)
            overrides = {**overrides, draft[0]: draft[1]}
        env = environment(self.templates_dir, overrides)
        return env.get_template(DOCUMENT_TEMPLATES[request.kind]).render(**context)

    async def _check_template(self, overrides: dict[str, str], name: str, body: str) -> None:
        try:
            await asyncio.to_thread(check, self.templates_dir, overrides, name, body)
        except TemplateRejected as exc:
            raise ValidationFailed(
                str(exc), code="template_invalid", details={"line": exc.line}
            ) from exc

    async def generate(
        self,
        session: AsyncSession,
        request: DocumentRequest,
        quote_id: uuid.UUID,
        *,
        conversation_id: uuid.UUID | None = None,
    ) -> GeneratedDocument:
        quote = await self.pricing.get(session, quote_id)
        build = await self._builder(session, request, quote)
        build("")  # validate the request before a number is spent on it
        today = self.pricing.today()
        number = await self.next_number(session, request.kind, today.year)
        context = build(number)
        overrides = await self.template_overrides(session)
        template_name = DOCUMENT_TEMPLATES[request.kind]
        html = (
            environment(self.templates_dir, overrides).get_template(template_name).render(**context)
        )
        pdf = await render_pdf(
            html, base_url=self.templates_dir, max_bytes=self.settings.max_pdf_size_mb * 1_048_576
        )
        document_id = uuid.uuid4()
        relative = (
            Path(str(today.year)) / request.kind / f"{_safe(number)}-{document_id.hex[:8]}.pdf"
        )
        await asyncio.to_thread(_write, self.settings.documents_dir / relative, pdf)
        versions = await self.template_versions(session, template_name)
        record = Document(
            id=document_id,
            kind=request.kind,
            number=number,
            quote_id=quote.id,
            conversation_id=conversation_id or quote.conversation_id,
            client_name=str(request.client.get("name") or ""),
            template_version=versions[0].version if versions else 0,
            path=relative.as_posix(),
            sha256=hashlib.sha256(pdf).hexdigest(),
            size_bytes=len(pdf),
        )
        session.add(record)
        await session.flush()
        if record.conversation_id is not None:
            await analytics.document_generated(
                session,
                record.conversation_id,
                kind=record.kind,
                document_id=record.id,
                at=record.created_at,
            )
        return GeneratedDocument(record, pdf)

    async def get(self, session: AsyncSession, document_id: uuid.UUID) -> Document:
        document = await session.get(Document, document_id)
        if document is None:
            raise NotFound("Документ не найден.", code="document_not_found")
        return document

    def file_path(self, document: Document) -> Path:
        return self.settings.documents_dir / document.path

    # --- signed links -----------------------------------------------------------------------------
    def signed_url(self, document: Document, *, now: float | None = None) -> tuple[str, int]:
        query, expires = self._links.query(document.id, now=now)
        base = self.settings.public_url.rstrip("/")
        return f"{base}/api/v1/documents/{document.id}/download?{query}", expires

    def check_link(self, document_id: uuid.UUID, expires: int, signature: str) -> None:
        problem = self._links.problem(document_id, expires, signature)
        if problem == "expired":
            raise ValidationFailed(
                "Срок действия ссылки истёк. Попросите менеджера или ассистента прислать "
                "документ ещё раз.",
                code="link_expired",
            )
        if problem is not None:
            raise NotFound("Документ не найден.", code="document_not_found")


def _quote_number(quote: QuoteRecord) -> str:
    return f"{quote.computed_on.year}-{quote.id.hex[:6].upper()}"


def _safe(number: str) -> str:
    return re.sub(r"[^\w-]", "_", number)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
