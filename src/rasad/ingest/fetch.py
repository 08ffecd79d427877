"""Fetching a URL, carefully: only when asked, public addresses only, bounded.

Every hop (the URL given and each redirect) is checked: the scheme must be
http(s), and every address the host name resolves to must be public unless
``allow_private`` is set. Redirects are followed by hand, at most
:data:`MAX_REDIRECTS`. The body is streamed and abandoned past ``max_bytes``;
the whole fetch must end within ``timeout`` seconds. Only HTML, XML (feeds),
plain text and JSON are accepted.

The address check resolves the name just before httpx connects, which
resolves it again; a DNS server that changes its answer in between
(rebinding) is not defended against.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from rasad.ingest.base import MAX_REDIRECTS, IngestError, human_size, too_large

log = logging.getLogger(__name__)

USER_AGENT = "rasad/0.1 (offline news analysis; fetches only URLs a user gives it)"
#: Media types accepted from a server; a missing type is sniffed from the body.
ALLOWED_TYPES = frozenset({
    "text/html", "application/xhtml+xml",
    "text/xml", "application/xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml",
    "text/plain", "text/csv", "text/tab-separated-values",
    "application/json", "application/feed+json", "application/x-ndjson", "application/jsonl",
})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str  # the final URL, after redirects
    content_type: str  # media type, lower case, no parameters; "" when not sent
    charset: str | None
    data: bytes


def is_url(item: str) -> bool:
    """True when ``item`` is an http(s) URL rather than a path."""
    return item.lower().startswith(("http://", "https://"))


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    for attr, what in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                       ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                       ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attr):
            return what
    if not ip.is_global:
        return "non-public"
    return None


def check_host(host: str, port: int) -> None:
    """Raise :class:`IngestError` unless every address of ``host`` is public."""
    try:
        ips = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise IngestError(f"host {host!r} not found ({exc})") from exc
        ips = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in ips:
        problem = _address_problem(ip)
        if problem:
            article = "an" if problem[0] in "aeiou" else "a"
            what = f"{article} {problem} address"
            where = (f"{host} is {what}" if str(ip) == host.strip("[]")
                     else f"{host} resolves to {what} ({ip})")
            raise IngestError(f"refused: {where}; allow private addresses to fetch it "
                              "(--allow-private, allow_private=True)")


def _checked(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"refused: only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise IngestError("URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise IngestError(f"URL has a bad port: {exc}") from exc
    if not allow_private:
        check_host(parts.hostname, port)


def fetch(url: str, *, allow_private: bool, max_bytes: int, timeout: float) -> Fetched:
    """Download ``url`` under the rules above; raises :class:`IngestError` with the reason."""
    import httpx

    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(
            follow_redirects=False, timeout=httpx.Timeout(timeout), trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xml, "
                     "application/rss+xml, application/atom+xml, text/plain, application/json"},
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                _checked(url, allow_private)
                with client.stream("GET", url) as resp:
                    if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                        nxt = urljoin(url, resp.headers["location"])
                        log.debug("redirect %s -> %s", url, nxt)
                        url = nxt
                        continue
                    return _read(resp, url, max_bytes, deadline, timeout)
            raise IngestError(f"too many redirects (more than {MAX_REDIRECTS})")
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from exc


def _read(resp: object, url: str, max_bytes: int, deadline: float, timeout: float) -> Fetched:
    import httpx

    assert isinstance(resp, httpx.Response)
    if resp.status_code >= 400:
        raise IngestError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
    if resp.status_code >= 300:
        raise IngestError(f"HTTP {resp.status_code} without a usable Location header")
    header = resp.headers.get("content-type", "")
    ctype = header.split(";")[0].strip().lower()
    if ctype and ctype not in ALLOWED_TYPES and not ctype.endswith(("+xml", "+json")):
        raise IngestError(f"wrong content type {ctype!r}: only HTML, XML feeds, text and JSON are read")
    charset = None
    for param in header.split(";")[1:]:
        k, _, v = param.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    length = resp.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise IngestError(too_large(int(length), max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(f"too large: the response passed {human_size(max_bytes)} "
                              "(max_bytes); download stopped")
        if time.monotonic() > deadline:
            raise IngestError(f"timed out after {timeout:g} s (download too slow)")
        chunks.append(chunk)
    return Fetched(url=str(resp.url), content_type=ctype, charset=charset, data=b"".join(chunks))
