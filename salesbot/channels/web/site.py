"""What a browser loads: the landing page at `/`, the widget script and its settings."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import FileResponse
from pydantic import BaseModel

from salesbot.api.deps import SettingsDep, public_rate_limit
from salesbot.channels.attachments.sniff import ACCEPTED
from salesbot.channels.web import dashboard
from salesbot.channels.web.endpoints import allowed_origin
from salesbot.errors import ServiceUnavailable

LANDING_DIR = Path(__file__).resolve().parent / "landing"
WIDGET_BUNDLE = Path(__file__).resolve().parents[3] / "widget" / "dist" / "widget.js"

LANDING_ASSETS = {
    "styles.css": "text/css; charset=utf-8",
    "landing.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

router = APIRouter(include_in_schema=False)
config_router = APIRouter(prefix="/api/v1/widget", tags=["chat"])


class WidgetConfig(BaseModel):
    allowed: bool
    max_message_length: int
    max_attachments: int
    max_attachment_bytes: int
    attachment_types: list[str]


@config_router.get(
    "/config",
    response_model=WidgetConfig,
    dependencies=[Depends(allowed_origin), Depends(public_rate_limit)],
    summary="What the widget needs to know; 403 origin_not_allowed on a foreign site",
)
async def widget_config(settings: SettingsDep) -> WidgetConfig:
    return WidgetConfig(
        allowed=True,
        max_message_length=settings.max_message_length,
        max_attachments=settings.max_attachments,
        max_attachment_bytes=settings.max_attachment_bytes,
        attachment_types=list(ACCEPTED),
    )


@router.get("/")
async def landing() -> FileResponse:
    return FileResponse(LANDING_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    if not WIDGET_BUNDLE.is_file():
        raise ServiceUnavailable(
            "The chat widget is not built yet: run `make widget` (or `npm ci && npm run build` "
            "in widget/).",
            code="widget_not_built",
        )
    return FileResponse(
        WIDGET_BUNDLE,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


def _asset_route(name: str, media_type: str) -> None:
    async def asset() -> FileResponse:
        return FileResponse(
            LANDING_DIR / name, media_type=media_type, headers={"Cache-Control": "no-cache"}
        )

    router.add_api_route(f"/{name}", asset, methods=["GET"])


# The page refers to its files relatively, so they are served beside it at the root.
for _name, _type in LANDING_ASSETS.items():
    _asset_route(_name, _type)


def mount_site(app: FastAPI) -> None:
    app.include_router(router)
    app.include_router(dashboard.router)
    app.include_router(config_router)
