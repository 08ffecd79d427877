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

import contextlib
import ipaddress
import logging
import re
import socket
import threading
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
    return url_scheme(item) in ("http", "https")


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def url_scheme(item: str) -> str | None:
    """The scheme of ``item`` when it is written as a URL (``file://``, ``ftp://`` ...), else None."""
    m = _SCHEME.match(item)
    return m[1].lower() if m else None


#: NAT64 prefixes: the last 32 bits of such an IPv6 address are an IPv4 address.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: IPv4-mapped, 6to4, Teredo, NAT64, IPv4-compatible."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in net for net in _NAT64):
        found.append(low32)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, deprecated IPv4-compatible
        found.append(low32)
    return found


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in embedded_ipv4(ip):
            problem = _address_problem(inner)
            if problem:
                return f"{problem} (embedded IPv4 {inner})"
        if any(ip in net for net in _NAT64):
            return None  # a translated public IPv4 address: judged by it alone, above
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
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:
        raise IngestError(f"malformed URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"refused: only http and https URLs are fetched, not {parts.scheme!r}")
    if not hostname:
        raise IngestError("malformed URL: it has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise IngestError(f"malformed URL: bad port: {exc}") from exc
    if not allow_private:
        check_host(hostname, port)


class _Deadline:
    """Ends a fetch at its deadline, whatever it is waiting for.

    httpx's timeouts bound each network step; a server that trickles its
    headers a byte at a time never trips them. This watches the connections
    a request opens (httpx's ``trace`` extension) and shuts their sockets at
    the deadline, which ends any read in progress.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict[str, object]) -> None:
        """httpx trace hook: remember each new connection's socket."""
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = getattr(stream, "get_extra_info", lambda _name: None)("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        """Stop the timer (the fetch ended)."""
        self._timer.cancel()


def fetch(url: str, *, allow_private: bool, max_bytes: int, timeout: float) -> Fetched:
    """Download ``url`` under the rules above; raises :class:`IngestError` with the reason.

    ``timeout`` bounds the whole fetch: connecting, headers, redirects and body.
    """
    import httpx

    deadline = time.monotonic() + timeout
    watchdog = _Deadline(timeout)
    too_slow = f"timed out after {timeout:g} s (the whole fetch, headers included)"
    try:
        with httpx.Client(
            follow_redirects=False, timeout=httpx.Timeout(timeout), trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xml, "
                     "application/rss+xml, application/atom+xml, text/plain, application/json"},
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                _checked(url, allow_private)
                with client.stream("GET", url, extensions={"trace": watchdog.trace}) as resp:
                    if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                        nxt = urljoin(url, resp.headers["location"])
                        log.debug("redirect %s -> %s", url, nxt)
                        url = nxt
                        continue
                    return _read(resp, url, max_bytes, deadline, timeout)
            raise IngestError(f"too many redirects (more than {MAX_REDIRECTS})")
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.InvalidURL as exc:
        raise IngestError(f"malformed URL: {exc}") from exc
    except (httpx.HTTPError, OSError) as exc:
        if watchdog.expired:
            raise IngestError(too_slow) from exc
        raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from exc
    except IngestError:
        if watchdog.expired:
            raise IngestError(too_slow) from None
        raise
    finally:
        watchdog.cancel()


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
