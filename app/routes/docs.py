"""`/docs` and `/redoc`: the API reference pages, working offline.

Swagger UI and ReDoc load their scripts, stylesheet and icon from this server
(`/docs/assets/…`), served from the files the `fastapi-offline` package ships, so the pages
render without any network access (FastAPI's defaults load them from a CDN). ReDoc is served
without Google Fonts. Imports nothing from `ingest` or `graph`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS = "/docs/assets"
_TYPES = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "redoc.standalone.js": "text/javascript; charset=utf-8",
          "swagger-ui.css": "text/css; charset=utf-8",
          "favicon.png": "image/png"}


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """Folder of the Swagger UI and ReDoc files inside the installed `fastapi_offline`."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def _openapi_url(request: Request) -> str:
    root = request.scope.get("root_path", "")
    return f"{root}{request.app.openapi_url}"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over `/openapi.json`, its assets served by this app."""
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=_openapi_url(request), title=f"{request.app.title} - Swagger UI",
        oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
        swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
        swagger_ui_parameters=request.app.swagger_ui_parameters)


@router.get("/docs/oauth2-redirect", response_class=HTMLResponse)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over `/openapi.json`, its script served by this app, no web fonts."""
    root = request.scope.get("root_path", "")
    return get_redoc_html(
        openapi_url=_openapi_url(request), title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS}/favicon.png", with_google_fonts=False)


@router.get(ASSETS + "/{name}")
def asset(name: str) -> FileResponse:
    """One of the pages' files (a fixed list; nothing else under the package is served)."""
    if name not in _TYPES:
        raise HTTPException(404, f"no documentation asset {name!r}")
    return FileResponse(assets_dir() / name, media_type=_TYPES[name],
                        headers={"Cache-Control": "public, max-age=86400"})
