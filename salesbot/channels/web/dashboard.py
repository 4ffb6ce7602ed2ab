"""The operator dashboard: the Next.js export in frontend/out, served under /app.

Pages are exported with trailing slashes (`/app/leads/` → `leads/index.html`), so a reload
on any page finds its file; everything under `_next/static/` carries a content hash and is
cached for good.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse, Response

from salesbot.errors import ServiceUnavailable

DASHBOARD_DIR = Path(__file__).resolve().parents[3] / "frontend" / "out"  # the repository root
IMMUTABLE = "public, max-age=31536000, immutable"

router = APIRouter(include_in_schema=False)


@router.get("/app")
async def dashboard_root() -> RedirectResponse:
    return RedirectResponse("/app/", status_code=308)


@router.get("/app/{path:path}")
async def dashboard_file(path: str) -> Response:
    root = DASHBOARD_DIR.resolve()
    if not (root / "index.html").is_file():
        raise ServiceUnavailable(
            "The dashboard is not built yet: run `make frontend` (or `npm ci && npm run build` "
            "in frontend/).",
            code="dashboard_not_built",
        )
    found = _find(root, path)
    if found is None:
        return FileResponse(
            root / "404.html", status_code=404, headers={"Cache-Control": "no-cache"}
        )
    cache = IMMUTABLE if path.startswith("_next/static/") else "no-cache"
    return FileResponse(found, headers={"Cache-Control": cache})


def _find(root: Path, path: str) -> Path | None:
    """The file a URL path names, never one outside the export."""
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None
    for candidate in (target, target / "index.html", target.with_name(target.name + ".html")):
        if candidate.is_file():
            return candidate
    return None
