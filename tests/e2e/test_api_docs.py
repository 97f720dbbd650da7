"""The API reference: `/docs` and `/redoc` work offline, and every parameter and schema is
described (issue 15)."""

from __future__ import annotations

import re
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.issue(15)

_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_assets_are_served_by_the_app(client: Any, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "//" not in "".join(_URL.findall(html)), "a script or stylesheet from elsewhere"
    assert not re.search(r"https?://", html), "the page names a remote address"
    urls = _URL.findall(html)
    assert any(u.endswith(".js") for u in urls)
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
    if page == "/docs":
        assert "/openapi.json" in html and "swagger-ui.css" in html


def test_docs_assets_only_the_listed_files(client: Any) -> None:
    assert client.get("/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith(
        "text/javascript")
    for name in ("core.py", "..%2F__init__.py", "nothing.js"):
        response = client.get(f"/docs/assets/{name}")
        assert response.status_code == 404, name
        assert response.json()["code"] == "not_found"


def _openapi(client: Any) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _has_example(node: dict[str, Any]) -> bool:
    schema = node.get("schema", {})
    return bool(node.get("example") is not None or node.get("examples")
                or schema.get("examples") or schema.get("example") is not None)


def test_openapi_every_parameter_described_with_an_example(client: Any) -> None:
    missing = []
    for path, operations in _openapi(client)["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            for param in operation.get("parameters", []):
                where = f"{method.upper()} {path} {param['in']} {param['name']}"
                if not param.get("description"):
                    missing.append(f"{where}: description")
                if param["in"] in ("query", "path") and not _has_example(param):
                    missing.append(f"{where}: example")
    assert not missing, "\n".join(missing)


def test_openapi_every_schema_and_property_described(client: Any) -> None:
    missing = []
    for name, schema in _openapi(client)["components"]["schemas"].items():
        if not schema.get("description"):
            missing.append(name)
        for prop, spec in schema.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{prop}")
    assert not missing, "no description: " + ", ".join(missing)


def test_openapi_response_schemas_have_examples(client: Any) -> None:
    """Every schema shows an example: its own, or examples on its scalar properties."""
    missing = []
    for name, schema in _openapi(client)["components"]["schemas"].items():
        if schema.get("examples") or schema.get("example") is not None:
            continue
        scalars = {p: s for p, s in schema.get("properties", {}).items()
                   if s.get("type") in ("string", "integer", "number", "boolean")
                   or any(a.get("type") in ("string", "integer") for a in s.get("anyOf", []))}
        if scalars and not any(s.get("examples") or s.get("example") is not None
                               or s.get("enum") or s.get("const") for s in scalars.values()):
            missing.append(name)
    assert not missing, "no example: " + ", ".join(missing)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
@pytest.mark.parametrize(("page", "rendered"), [("/docs", ".opblock"),
                                                ("/redoc", "[data-section-id]")])
def test_docs_page_renders_offline_in_a_browser(seeded_app: Any, page: str,
                                                rendered: str) -> None:
    """The page renders every operation with all traffic to anything but this server cut.

    ReDoc's bundle asks for its vendor's badge image from the vendor's site: cut like the rest,
    a missing picture in the sidebar, nothing else (no script, style, font or data)."""
    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(seeded_app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    origin = f"http://127.0.0.1:{port}"
    elsewhere: list[tuple[str, str]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="diplograph-chromium-") as profile, \
                sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update"])

            def route(r: Any) -> None:
                if r.request.url.startswith(origin) or r.request.url.startswith("data:"):
                    r.continue_()
                else:
                    elsewhere.append((r.request.resource_type, r.request.url))
                    r.abort()

            context.route("**/*", route)
            tab = context.new_page()
            tab.goto(origin + page)
            tab.wait_for_selector(rendered, timeout=30_000)
            count = tab.locator(rendered).count()
            context.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert count >= 10, f"{page}: only {count} operations rendered"
    allowed = {"image"} if page == "/redoc" else set()
    assert all(kind in allowed for kind, _ in elsewhere), f"{page} asked for {elsewhere}"
