"""Web page: `GET /` and the static files shipped in the package (`app/static/`).

The page is plain HTML/JS/CSS over the JSON API (`/entities`, `/graph`, `/meetings`, …);
its one library, cytoscape, is a vendored built file (`static/vendor/`), so nothing is
fetched from a CDN and no build step runs. Files are served from the installed package
through `importlib.resources`, with a path check so that only files under `static/` go out.
This module imports nothing from `ingest` or `graph` and holds no Cypher.
"""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

router = APIRouter(tags=["web"])

# The page loads only its own files; the API is same-origin. No inline or remote scripts;
# inline styles are allowed because cytoscape sets a style attribute on its container.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain"}


@lru_cache(maxsize=1)
def static_dir() -> Path:
    """Folder of the page's files inside the installed `app` package."""
    return Path(str(resources.files("app").joinpath("static")))


def _static_file(path: str) -> Path | None:
    root = static_dir().resolve()
    candidate = (root / path).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> Response:
    """The graph explorer page (one HTML file; its state lives in the query string)."""
    html = (static_dir() / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers={**_SECURITY_HEADERS, "Cache-Control": "no-cache"})


@router.get("/static/{path:path}", include_in_schema=False)
def static_file(path: str) -> Response:
    """A file of the page (`app.js`, `app.css`, `vendor/cytoscape.min.js`…); 404 otherwise."""
    file = _static_file(path)
    if file is None:
        raise HTTPException(status_code=404, detail=f"No static file {path!r}.")
    media_type = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
    return FileResponse(file, media_type=media_type or "application/octet-stream",
                        headers={**_SECURITY_HEADERS, "Cache-Control": "public, max-age=300"})
