"""The operator dashboard: the Next.js export in frontend/out, served under /app.

Pages are exported with trailing slashes (`/app/leads/` → `leads/index.html`), so a reload
on any page finds its file; everything under `_next/static/` carries a content hash and is
cached for good. Each page is served with a strict Content-Security-Policy: scripts only
from the export itself plus the page's own inline scripts, allowed by their hashes (Next
writes a few per page), and no framing at all.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse, Response

from salesbot.errors import ServiceUnavailable

DASHBOARD_DIR = Path(__file__).resolve().parents[3] / "frontend" / "out"  # the repository root
IMMUTABLE = "public, max-age=31536000, immutable"
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)

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
        missing = root / "404.html"
        return FileResponse(missing, status_code=404, headers=_page_headers(missing, "no-cache"))
    cache = IMMUTABLE if path.startswith("_next/static/") else "no-cache"
    if found.suffix == ".html":
        return FileResponse(found, headers=_page_headers(found, cache))
    return FileResponse(found, headers={"Cache-Control": cache})


def _page_headers(page: Path, cache: str) -> dict[str, str]:
    return {
        "Cache-Control": cache,
        "Content-Security-Policy": page_policy(page, page.stat().st_mtime_ns),
        "X-Frame-Options": "DENY",
    }


@lru_cache(maxsize=256)
def page_policy(page: Path, modified: int) -> str:
    """The page's policy, allowing exactly its inline scripts (`modified`: a rebuilt page
    gets new hashes)."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
            for body in INLINE_SCRIPT.findall(page.read_bytes())
        }
    )
    return PAGE_POLICY.format(hashes=" ".join(hashes)).replace("'self' ;", "'self';")


def _find(root: Path, path: str) -> Path | None:
    """The file a URL path names, never one outside the export."""
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None
    for candidate in (target, target / "index.html", target.with_name(target.name + ".html")):
        if candidate.is_file():
            return candidate
    return None
