from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from salesbot.documents.context import DocumentRequest
from salesbot.pricing.schemas import QuoteRequest


class ClientIn(BaseModel):
    name: str = Field(min_length=1, max_length=300, description="Company (or person) name")
    contact_name: str | None = Field(None, max_length=200)
    representative: str | None = Field(None, max_length=200, description="Who signs, full name")
    representative_title: str | None = Field(None, max_length=200)
    inn: str | None = Field(None, pattern=r"^\d{10}(\d{2})?$")
    kpp: str | None = Field(None, pattern=r"^\d{9}$")
    ogrn: str | None = Field(None, pattern=r"^\d{13}(\d{2})?$")
    address: str | None = Field(None, max_length=500)
    bank: str | None = Field(None, max_length=300)
    bik: str | None = Field(None, pattern=r"^\d{9}$")
    account: str | None = Field(None, pattern=r"^\d{20}$")
    corr_account: str | None = Field(None, pattern=r"^\d{20}$")
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)


class BriefLine(BaseModel):
    label: str = Field(max_length=100)
    value: str = Field(max_length=300)


class DocumentDetails(BaseModel):
    """What a document says beyond its quote: the client, the package, the brief lines."""

    kind: Literal["offer", "contract", "invoice"]
    client: ClientIn
    package: Literal["start", "optimum", "enterprise"] | None = Field(
        None, description="Default: the quote's recommended package"
    )
    brief: list[BriefLine] = Field(default_factory=list, max_length=20)
    contract_number: str | None = Field(None, max_length=50)
    invoice_stage: Literal["prepayment", "full"] = "prepayment"

    def request(self) -> DocumentRequest:
        return DocumentRequest(
            kind=self.kind,
            client=self.client.model_dump(),
            package=self.package,
            brief_lines=tuple((line.label, line.value) for line in self.brief),
            contract_number=self.contract_number,
            invoice_stage=self.invoice_stage,
        )


class DocumentIn(DocumentDetails):
    quote_id: uuid.UUID


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    number: str
    quote_id: uuid.UUID | None
    size_bytes: int
    sha256: str
    template_version: int
    created_at: datetime
    download_url: str = ""
    link_expires_at: datetime | None = None


class Requisites(BaseModel):
    name: str | None = None
    short_name: str | None = None
    inn: str | None = None
    kpp: str | None = None
    ogrn: str | None = None
    address: str | None = None
    bank: str | None = None
    bik: str | None = None
    account: str | None = None
    corr_account: str | None = None
    director: str | None = None
    director_short: str | None = None
    director_title: str | None = None
    accountant_short: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None


class TemplateOut(BaseModel):
    name: str
    version: int = Field(description="0 = the file shipped with the installation")
    body: str


class TemplateIn(BaseModel):
    body: str = Field(min_length=1, max_length=200_000)


class TemplatePreviewIn(DocumentDetails):
    """A sample document for the template editor: priced from `quote` (computed, never
    stored), rendered with the saved templates or, with `body`, with that unsaved text in
    place of the template being edited."""

    quote: QuoteRequest
    body: str | None = Field(
        None, min_length=1, max_length=200_000, description="The template's unsaved draft"
    )


class TemplateVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    version: int
    created_by: str
    created_at: datetime
    body: str = Field(description="The template's text in this version (to compare or restore)")
