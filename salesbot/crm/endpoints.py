"""amoCRM over HTTP: the admins' connection and mapping, the consent's redirect, and the
status hooks amoCRM posts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse

from salesbot.api.deps import AdminUser, DatabaseDep, SessionDep, SettingsDep
from salesbot.crm import connection, mapping
from salesbot.crm.schemas import ConnectionOut, ConsentOut, MappingIn, MappingOut, PipelineOut
from salesbot.crm.status import PROVIDER, event_id, parse_form, status_changes
from salesbot.errors import NotFound, ServiceUnavailable, ValidationFailed
from salesbot.integrations.crm.amocrm.adapter import AmoCrm, AmoMapping
from salesbot.integrations.crm.amocrm.client import AmoClient, NotConnected, redirect_uri
from salesbot.integrations.errors import OutsideServiceError
from salesbot.security.webhook_secrets import require_secret
from salesbot.webhooks import service as ledger

admin_router = APIRouter(prefix="/api/v1/admin/integrations/amocrm", tags=["admin: amoCRM"])
public_router = APIRouter(tags=["amoCRM"])


async def _client(settings: SettingsDep, database: DatabaseDep) -> AsyncIterator[AmoClient]:
    client = AmoClient(settings, database=lambda: database)
    try:
        yield client
    finally:
        await client.close()


ClientDep = Annotated[AmoClient, Depends(_client)]


@admin_router.get("", response_model=ConnectionOut, summary="The amoCRM connection and mapping")
async def get_connection(
    session: SessionDep, settings: SettingsDep, client: ClientDep, _: AdminUser
) -> ConnectionOut:
    described = await connection.describe(settings, client)
    current = await mapping.load(session, settings)
    return ConnectionOut.of(described, current)


@admin_router.post(
    "/connect",
    response_model=ConsentOut,
    summary="Start connecting (or reconnecting) the account: the consent link to open",
    responses={422: {"description": "amocrm_not_configured"}},
)
async def connect(session: SessionDep, settings: SettingsDep, user: AdminUser) -> ConsentOut:
    url = await connection.start(session, settings, started_by=user.email)
    return ConsentOut(consent_url=url, redirect_uri=redirect_uri(settings))


@admin_router.delete("", status_code=204, summary="Disconnect: forget the account's tokens")
async def disconnect(client: ClientDep, _: AdminUser) -> None:
    await client.tokens.forget()


@admin_router.get(
    "/pipelines",
    response_model=list[PipelineOut],
    summary="The account's pipelines and stages, to fill the mapping",
    responses={
        422: {"description": "amocrm_not_connected"},
        503: {"description": "amocrm_unavailable"},
    },
)
async def pipelines(client: ClientDep, _: AdminUser) -> list[PipelineOut]:
    try:
        found = await AmoCrm(client).pipelines()
    except NotConnected as exc:  # the admins' to do, not an outage
        message = str(exc).removeprefix("amocrm: ")
        raise ValidationFailed(message, code="amocrm_not_connected") from exc
    except OutsideServiceError as exc:
        message = str(exc).removeprefix("amocrm: ")
        raise ServiceUnavailable(message, code="amocrm_unavailable") from exc
    return [PipelineOut.of(pipeline) for pipeline in found]


@admin_router.put(
    "/mapping",
    response_model=MappingOut,
    summary="Save the pipeline, the stages of our statuses and the fields of the brief",
    responses={422: {"description": "crm_mapping_invalid"}},
)
async def save_mapping(body: MappingIn, session: SessionDep, user: AdminUser) -> MappingOut:
    saved = await mapping.save(
        session,
        AmoMapping(body.pipeline_id, dict(body.statuses), dict(body.fields)),
        updated_by=user.email,
    )
    return MappingOut.of(saved)


@admin_router.delete(
    "/mapping", response_model=MappingOut, summary="Back to the mapping of the settings"
)
async def reset_mapping(session: SessionDep, settings: SettingsDep, _: AdminUser) -> MappingOut:
    await mapping.reset(session)
    return MappingOut.of(AmoMapping.from_settings(settings))


@public_router.get(
    "/api/v1/integrations/amocrm/callback",
    summary="amoCRM's redirect after an admin's consent (exchanges the code, then the panel)",
    responses={422: {"description": "amocrm_state_invalid"}},
)
async def callback(
    session: SessionDep,
    settings: SettingsDep,
    client: ClientDep,
    code: Annotated[str, Query(max_length=2000)],
    state: Annotated[str | None, Query(max_length=200)] = None,
    referer: Annotated[str | None, Query(max_length=255)] = None,
) -> RedirectResponse:
    await connection.finish(session, client, code=code, state=state, referer=referer)
    return RedirectResponse("/app/settings?amocrm=connected", status_code=303)


@public_router.post(
    "/api/v1/webhooks/amocrm/{secret}",
    summary="amoCRM's lead status hook (form-encoded; the path carries our secret)",
)
async def status_hook(
    secret: str, request: Request, session: SessionDep, settings: SettingsDep
) -> dict[str, bool]:
    expected = connection.webhook_secret(settings)
    if expected is None:
        raise NotFound("amoCRM не подключён.", code="amocrm_not_configured")
    require_secret(secret, expected, refusal="Неверный адрес вебхука amoCRM.")
    body = await request.body()
    form = parse_form(body)
    changes = status_changes(form)
    if not changes:  # a hook of a kind we do not read
        return {"ok": True, "duplicate": False}
    account = form.get("account")
    recorded = await ledger.record(
        session,
        provider=PROVIDER,
        external_id=event_id(body),
        payload={"changes": changes, "account": account if isinstance(account, dict) else {}},
        order_key=f"lead:{changes[0]['id']}",
    )
    return {"ok": True, "duplicate": recorded.duplicate}
