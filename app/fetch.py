"""Fetch web pages and feeds over HTTP(S) (httpx) and read a page as a `RawArticle`.

One GET per address, with a timeout, a size cap, a bounded number of redirects and a
User-Agent that names diplograph. Every failure (timeout, refused connection, HTTP error,
oversized or non-HTML answer) becomes a `FetchFailed` or `UnsupportedFormat` naming the URL
and saying what to do. This is the only module that does HTTP for reading; what it fetches is
read by `ingest.pages` and `ingest.feeds` (which do no network).
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

import httpx
from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import FetchFailed
from ingest.pages import Fetched, is_url, raw_article_from_page
from ingest.reader import RawArticle

try:
    _VERSION = version("diplograph")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    _VERSION = "dev"

USER_AGENT = f"diplograph/{_VERSION} (news reader for a diplomatic knowledge graph)"


class FetchConfig(BaseModel):
    """How pages and feeds are fetched."""

    model_config = ConfigDict(frozen=True)

    timeout: float = Field(default=20.0, gt=0, description="Seconds to wait for an answer.")
    user_agent: str = Field(default=USER_AGENT, description="User-Agent header sent.")
    max_bytes: int = Field(default=20_000_000, gt=0, description="Largest answer accepted.")
    max_redirects: int = Field(default=5, ge=0, description="Redirects followed.")


def open_client(config: FetchConfig) -> httpx.Client:
    """An httpx client with the config's timeout, redirects and User-Agent."""
    return httpx.Client(timeout=config.timeout, follow_redirects=True,
                        max_redirects=config.max_redirects,
                        headers={"User-Agent": config.user_agent,
                                 "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                                           "application/atom+xml,application/xml;q=0.9,*/*;q=0.5"})


def fetch(url: str, config: FetchConfig | None = None, *,
          client: httpx.Client | None = None) -> Fetched:
    """GET `url` and return its body.

    Args:
        url: An http(s) address.
        config: Timeout, size cap, redirects and User-Agent (defaults when None).
        client: A client from `open_client` to reuse connections; one is opened when None.

    Raises:
        FetchFailed: Bad address, timeout, no connection, too many redirects, an HTTP error
            status, or a body over `config.max_bytes`.
    """
    config = config or FetchConfig()
    if not is_url(url):
        raise FetchFailed("not an http:// or https:// address", source=url)
    own = client is None
    client = client or open_client(config)
    try:
        return _get(client, url, config)
    except httpx.TimeoutException as e:
        raise FetchFailed(f"no answer within {config.timeout:g} s ({type(e).__name__}); check "
                          "the address or give a longer --timeout", source=url) from e
    except httpx.ConnectError as e:
        raise FetchFailed(f"cannot connect ({e}); check the address and the network",
                          source=url) from e
    except httpx.TooManyRedirects as e:
        raise FetchFailed(f"more than {config.max_redirects} redirects", source=url) from e
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
        raise FetchFailed(f"not a valid address ({e})", source=url) from e
    except httpx.HTTPError as e:
        raise FetchFailed(f"the request failed ({type(e).__name__}: {e})", source=url) from e
    finally:
        if own:
            client.close()


def _get(client: httpx.Client, url: str, config: FetchConfig) -> Fetched:
    with client.stream("GET", url) as response:
        if response.status_code >= 400:
            raise FetchFailed(f"the server answered HTTP {response.status_code} "
                              f"{response.reason_phrase}".rstrip(), source=url)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > config.max_bytes:
            raise _too_large(url, config)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > config.max_bytes:
                raise _too_large(url, config)
            chunks.append(chunk)
        media_type, _, params = response.headers.get("Content-Type", "").partition(";")
        charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
        return Fetched(url=url, final_url=str(response.url), media_type=media_type.strip().lower(),
                       charset=charset.group(1) if charset else None, content=b"".join(chunks))


def _too_large(url: str, config: FetchConfig) -> FetchFailed:
    return FetchFailed(f"the answer is larger than {config.max_bytes:,} bytes", source=url)


def read_url(url: str, config: FetchConfig | None = None, *, client: httpx.Client | None = None,
             lang: str | None = None, date: str | None = None) -> RawArticle:
    """Fetch one web page and read it as an article (`fetch` + `raw_article_from_page`)."""
    return raw_article_from_page(fetch(url, config, client=client), lang=lang, date=date)
