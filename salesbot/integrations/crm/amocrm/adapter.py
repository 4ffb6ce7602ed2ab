"""amoCRM behind the `Crm` port: a lead is made with one complex create (the lead, its
contact and company), kept up to date with PATCH, annotated with notes, and moved between
the stages the admins mapped our statuses to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of, mask
from salesbot.integrations.crm.amocrm.client import AmoClient, NotConnected
from salesbot.integrations.crm.base import LOST, WON, CrmRef, CrmStage, CrmTask, LeadCard
from salesbot.integrations.errors import OutsideServiceError
from salesbot.settings import Settings

WON_STATUS, LOST_STATUS = 142, 143  # in every pipeline
TASK_TYPES = {"call": 1, "meeting": 2}
FIELD_VALUES_LIMIT = 40  # custom field values one entity may carry


@dataclass(frozen=True)
class AmoMapping:
    """Where our leads go in the account (settings, or the admins' override)."""

    pipeline_id: int | None = None
    statuses: dict[str, int] = field(default_factory=dict)  # our status → amoCRM status id
    fields: dict[str, str] = field(default_factory=dict)  # card field → field id or code

    @classmethod
    def from_settings(cls, settings: Settings) -> AmoMapping:
        return cls(
            settings.amocrm_pipeline_id,
            dict(settings.amocrm_status_map),
            dict(settings.amocrm_field_map),
        )

    def status_id(self, status: str) -> int | None:
        return {WON: WON_STATUS, LOST: LOST_STATUS}.get(status) or self.statuses.get(status)

    def status_of(self, status_id: int) -> str | None:
        """Our status for an amoCRM stage: won, lost, or the one mapped to it."""
        if status_id in (WON_STATUS, LOST_STATUS):
            return WON if status_id == WON_STATUS else LOST
        return next((ours for ours, theirs in self.statuses.items() if theirs == status_id), None)


class AmoCrm:
    name = "amocrm"
    title = "amoCRM"
    kind: Kind = "saas"

    def __init__(self, client: AmoClient | None = None, mapping: AmoMapping | None = None) -> None:
        self._client = client
        self.mapping = mapping or AmoMapping()

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        oauth = settings.amocrm_client_id and settings.amocrm_client_secret
        return bool(settings.amocrm_domain or settings.amocrm_api_base) and bool(
            oauth or settings.amocrm_access_token
        )

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {
                "note": "Задайте AMOCRM_DOMAIN и AMOCRM_CLIENT_ID с AMOCRM_CLIENT_SECRET "
                "(или AMOCRM_ACCESS_TOKEN): без них лиды остаются в Salesbot."
            }
        return {
            "domain": settings.amocrm_domain or host_of(settings.amocrm_api_base),
            "auth": "долгосрочный токен" if settings.amocrm_access_token else "OAuth",
            "client_id": mask(settings.amocrm_client_id),
            "pipeline_id": settings.amocrm_pipeline_id,
            "requests_per_second": settings.amocrm_requests_per_second,
        }

    async def probe(self, context: ProbeContext) -> None:
        """The account's pipelines: a cheap read that needs a valid token."""
        client = AmoClient(context.settings, database=lambda: context.database)
        try:
            pipelines = await client.call("GET", "/api/v4/leads/pipelines")
        except NotConnected as exc:
            raise ProbeFailed(str(exc).removeprefix("amocrm: ")) from exc
        except OutsideServiceError as exc:
            raise ProbeFailed(str(exc).removeprefix("amocrm: ")) from exc
        finally:
            await client.close()
        wanted = context.settings.amocrm_pipeline_id
        found = {p["id"] for p in (pipelines or {}).get("_embedded", {}).get("pipelines", [])}
        if wanted is not None and wanted not in found:
            raise ProbeFailed(f"в аккаунте нет воронки {wanted} (AMOCRM_PIPELINE_ID)")

    # --- the port -------------------------------------------------------------------------------
    @property
    def client(self) -> AmoClient:
        assert self._client is not None, "AmoCrm needs a client for API calls"
        return self._client

    async def find_lead(self, key: str) -> CrmRef | None:
        found = await self.client.call("GET", "/api/v4/leads", params={"query": key})
        for lead in (found or {}).get("_embedded", {}).get("leads", []):
            if key in str(lead.get("name", "")):  # a full-text hit elsewhere is not ours
                return self._ref(lead["id"])
        return None

    async def create_lead(self, card: LeadCard) -> CrmRef:
        lead: dict[str, Any] = {**self._lead_body(card), "request_id": card.key}
        status_id = self.mapping.status_id(card.status)
        if status_id is not None:
            lead["status_id"] = status_id
        if self.client.settings.amocrm_responsible_user_id:
            lead["responsible_user_id"] = self.client.settings.amocrm_responsible_user_id
        embedded: dict[str, Any] = {"tags": [{"name": tag} for tag in card.tags]}
        contact_id = await self._existing_contact(card)
        if contact_id is not None:
            embedded["contacts"] = [{"id": contact_id}]
        elif contact := self._contact_body(card):
            embedded["contacts"] = [contact]
        if card.contact.company:
            embedded["companies"] = [{"name": card.contact.company}]
        lead["_embedded"] = embedded
        answer = await self.client.call("POST", "/api/v4/leads/complex", json=[lead])
        # A plain array, not HAL: [{"id", "contact_id", "company_id", "request_id", "merged"}]
        if not isinstance(answer, list) or not answer:
            raise OutsideServiceError(self.name, "amoCRM не вернул созданную сделку")
        return self._ref(answer[0]["id"])

    async def update_lead(self, ref: CrmRef, card: LeadCard, *, move: bool) -> None:
        body = self._lead_body(card)
        body["tags_to_add"] = [{"name": tag} for tag in card.tags]
        status_id = self.mapping.status_id(card.status) if move else None
        if status_id is not None:
            body["status_id"] = status_id
            body.setdefault("pipeline_id", await self._pipeline_of(ref))
        await self.client.call("PATCH", f"/api/v4/leads/{ref.id}", json=body)

    async def add_note(self, ref: CrmRef, text: str) -> None:
        note = {"note_type": "common", "params": {"text": text}}
        await self.client.call("POST", f"/api/v4/leads/{ref.id}/notes", json=[note])

    async def lead_stage(self, ref: CrmRef) -> CrmStage | None:
        lead = await self.client.call("GET", f"/api/v4/leads/{ref.id}")
        if not lead or lead.get("is_deleted"):
            return None
        status_id = int(lead["status_id"])
        names = await self.stage_names()
        return CrmStage(
            str(status_id),
            str(lead["pipeline_id"]),
            self.mapping.status_of(status_id),
            names.get(str(status_id)),
        )

    async def create_task(self, ref: CrmRef, task: CrmTask) -> CrmRef:
        body = {
            "text": task.text,
            "complete_till": int(task.due.timestamp()),
            "entity_id": int(ref.id),
            "entity_type": "leads",
            "task_type_id": TASK_TYPES[task.kind.value],
        }
        answer = await self.client.call("POST", "/api/v4/tasks", json=[body])
        return CrmRef(str(answer["_embedded"]["tasks"][0]["id"]))

    # --- amoCRM's side --------------------------------------------------------------------------
    async def pipelines(self) -> list[dict[str, Any]]:
        """The account's pipelines with their stages (for the mapping)."""
        answer = await self.client.call("GET", "/api/v4/leads/pipelines")
        return list((answer or {}).get("_embedded", {}).get("pipelines", []))

    async def stage_names(self) -> dict[str, str]:
        """Every stage's name by its id, e.g. {"2031": "Переговоры"}."""
        return {
            str(status["id"]): str(status["name"])
            for pipeline in await self.pipelines()
            for status in pipeline.get("_embedded", {}).get("statuses", [])
        }

    async def subscribe(self, destination: str) -> None:
        """amoCRM posts lead status changes to `destination` (admin rights needed)."""
        body = {"destination": destination, "settings": ["status_lead"]}
        await self.client.call("POST", "/api/v4/webhooks", json=body)

    def _ref(self, lead_id: Any) -> CrmRef:
        base = self.client.settings.amocrm_domain
        url = f"https://{base}/leads/detail/{lead_id}" if base else None
        return CrmRef(str(lead_id), url)

    def _lead_body(self, card: LeadCard) -> dict[str, Any]:
        body: dict[str, Any] = {"name": f"{card.title} [{card.key}]"[:255]}
        if card.amount is not None:
            body["price"] = int(card.amount.to_integral_value())
        if self.mapping.pipeline_id is not None:
            body["pipeline_id"] = self.mapping.pipeline_id
        values = [
            {**_field_ref(self.mapping.fields[name]), "values": [{"value": value}]}
            for name, value in card.fields.items()
            if name in self.mapping.fields and value
        ][:FIELD_VALUES_LIMIT]
        if values:
            body["custom_fields_values"] = values
        return body

    def _contact_body(self, card: LeadCard) -> dict[str, Any] | None:
        contact = card.contact
        values = [
            {"field_code": code, "values": [{"value": value, "enum_code": "WORK"}]}
            for code, value in (("PHONE", contact.phone), ("EMAIL", contact.email))
            if value
        ]
        if not values and not contact.name:
            return None
        body: dict[str, Any] = {"name": contact.name or contact.phone or contact.email}
        if values:
            body["custom_fields_values"] = values
        return body

    async def _existing_contact(self, card: LeadCard) -> int | None:
        """A contact the account already has with the customer's phone or e-mail."""
        for wanted in (_digits(card.contact.phone), (card.contact.email or "").lower()):
            if not wanted:
                continue
            found = await self.client.call("GET", "/api/v4/contacts", params={"query": wanted})
            for contact in (found or {}).get("_embedded", {}).get("contacts", []):
                if wanted in _contact_keys(contact):
                    return int(contact["id"])
        return None

    async def _pipeline_of(self, ref: CrmRef) -> int | None:
        lead = await self.client.call("GET", f"/api/v4/leads/{ref.id}")
        return int(lead["pipeline_id"]) if lead else None


def _field_ref(spec: str) -> dict[str, Any]:
    """A mapped field: its numeric id, or its code (for system fields)."""
    return {"field_id": int(spec)} if spec.isdigit() else {"field_code": spec}


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")[-10:]  # the number without +7 / 8


def _contact_keys(contact: dict[str, Any]) -> set[str]:
    """The phones (last ten digits) and e-mails (lower case) a contact holds."""
    keys: set[str] = set()
    for value_field in contact.get("custom_fields_values") or []:
        code = value_field.get("field_code")
        for item in value_field.get("values") or []:
            value = str(item.get("value", ""))
            keys.add(_digits(value) if code == "PHONE" else value.lower())
    return keys
