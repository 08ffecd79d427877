"""rasad.ingest: URL fetching against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasad.doc import Doc
from rasad.ingest import MAX_REDIRECTS, Failure, count_items, iter_documents
from rasad.ingest import fetch as fetch_mod

PARA = "نمایشگاه کتاب امسال با حضور ناشران داخلی و خارجی برگزار می‌شود و تا پایان هفته ادامه دارد."
PAGE = (
    "<html><head><meta charset='utf-8'><title>نمایشگاه</title></head><body><article>"
    + f"<p>{PARA}</p>" * 3 + "</article></body></html>"
).encode()
FEED = (
    "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title>"
    f"<item><title>a</title><link>https://e.org/a</link><description>{PARA}</description></item>"
    "</channel></rss>"
).encode()
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/feed": (200, {"Content-Type": "application/rss+xml"}, FEED),
    "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"}, PARA.encode()),
    "/dump": (200, {"Content-Type": "application/x-ndjson"},
              (f'{{"title": "x", "text": "{PARA}"}}\n').encode()),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
    "/big": (200, {"Content-Type": "text/plain"}, b"a" * 5000),
    "/missing": (404, {"Content-Type": "text/html"}, b"no"),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def handle(self) -> None:
        with contextlib.suppress(OSError):  # the client hung up (timeout, size cap), as it should
            super().handle()

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("/loop/"):  # /loop/N redirects to /loop/N+1
            n = int(path.rsplit("/", 1)[1])
            return self._redirect(f"/loop/{n + 1}")
        if path == "/hop":
            return self._redirect("/page")
        if path.startswith("/to/"):  # absolute redirect to the address after /to/
            return self._redirect("http://" + path[4:])
        if path == "/slow":
            time.sleep(1.5)
        if path == "/trickle":  # a status line and headers, one byte every 0.2 s, never ending
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.2)
            return None
        if path == "/stream":  # no Content-Length: the cap must stop the stream itself
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"b" * 1000)
            return None
        status, headers, body = ROUTES.get(path, ROUTES["/page"] if path == "/slow" else ROUTES["/missing"])
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _one(url: str, **kw: object) -> Doc | Failure:
    out = list(iter_documents([url], **kw))  # type: ignore[arg-type]
    assert len(out) == 1, out
    return out[0]


def test_html_page(base: str) -> None:
    doc = _one(f"{base}/page", allow_private=True)
    assert isinstance(doc, Doc)
    assert PARA in doc.text and doc.title == "نمایشگاه"
    assert doc.source == doc.url == f"{base}/page"


def test_feed_plain_text_and_jsonl(base: str) -> None:
    feed = _one(f"{base}/feed", allow_private=True)
    assert isinstance(feed, Doc) and feed.text == PARA and feed.url == "https://e.org/a"
    plain = _one(f"{base}/plain", allow_private=True)
    assert isinstance(plain, Doc) and plain.text == PARA
    row = _one(f"{base}/dump", allow_private=True)
    assert isinstance(row, Doc) and row.text == PARA and row.source == f"{base}/dump:1"


def test_private_address_refused_by_default(base: str) -> None:
    out = _one(f"{base}/page")
    assert isinstance(out, Failure) and out.item == f"{base}/page"
    assert "refused" in out.reason and "loopback" in out.reason and "127.0.0.1" in out.reason


@pytest.mark.parametrize(
    ("host", "what"),
    [("10.1.2.3", "private"), ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"),
     ("224.0.0.1", "multicast"), ("[::1]", "loopback"), ("[::ffff:192.168.0.1]", "private"),
     ("240.0.0.1", "reserved")],
)
def test_non_public_addresses_refused_before_connecting(host: str, what: str) -> None:
    out = _one(f"http://{host}/x", timeout=0.5)
    assert isinstance(out, Failure) and "refused" in out.reason and what in out.reason


def test_hostname_resolving_to_loopback_refused() -> None:
    out = _one("http://localhost:9/x", timeout=0.5)
    assert isinstance(out, Failure) and "refused" in out.reason and "loopback" in out.reason


def test_redirect_to_private_address_refused(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fetch_mod.check_host

    def first_hop_public(host: str, port: int) -> None:  # "localhost" plays a public site
        if host != "localhost":
            real(host, port)

    monkeypatch.setattr(fetch_mod, "check_host", first_hop_public)
    port = base.rsplit(":", 1)[1]
    ok = _one(f"http://localhost:{port}/plain")
    assert isinstance(ok, Doc)
    out = _one(f"http://localhost:{port}/to/127.0.0.1:{port}/page")
    assert isinstance(out, Failure) and "refused" in out.reason and "loopback" in out.reason


def test_redirects_followed_and_limited(base: str) -> None:
    doc = _one(f"{base}/hop", allow_private=True)
    assert isinstance(doc, Doc) and doc.url == f"{base}/page" and doc.source == f"{base}/hop"
    out = _one(f"{base}/loop/0", allow_private=True)
    assert isinstance(out, Failure) and f"more than {MAX_REDIRECTS}" in out.reason


def test_timeout(base: str) -> None:
    start = time.monotonic()
    out = _one(f"{base}/slow", allow_private=True, timeout=0.3)
    assert isinstance(out, Failure) and "timed out" in out.reason
    assert time.monotonic() - start < 1.4


def test_too_large_response(base: str) -> None:
    out = _one(f"{base}/big", allow_private=True, max_bytes=1000)
    assert isinstance(out, Failure) and "too large" in out.reason
    streamed = _one(f"{base}/stream", allow_private=True, max_bytes=10_000)
    assert isinstance(streamed, Failure) and "download stopped" in streamed.reason


def test_wrong_content_type_and_http_error(base: str) -> None:
    out = _one(f"{base}/image", allow_private=True)
    assert isinstance(out, Failure) and "wrong content type 'image/png'" in out.reason
    missing = _one(f"{base}/missing", allow_private=True)
    assert isinstance(missing, Failure) and "HTTP 404" in missing.reason


def test_bad_url_does_not_stop_the_others(base: str) -> None:
    out = list(iter_documents([f"{base}/image", f"{base}/plain", "ftp://e.org/x"], allow_private=True))
    assert [type(o).__name__ for o in out] == ["Failure", "Doc", "Failure"]
    assert count_items([f"{base}/plain", f"{base}/feed"]) == 2


def test_trickled_headers_end_at_the_whole_fetch_deadline(base: str) -> None:
    """Each byte arrives within the read timeout; the total deadline still ends the fetch."""
    start = time.monotonic()
    out = _one(f"{base}/trickle", allow_private=True, timeout=1.0)
    assert isinstance(out, Failure) and "timed out" in out.reason and "headers" in out.reason
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.org/", "ftp://example.org/x.txt",
                                 "FILE:///etc/hosts"])
def test_other_schemes_are_refused_as_such(url: str) -> None:
    out = _one(url)
    scheme = url.split(":")[0].lower()
    assert isinstance(out, Failure) and "refused" in out.reason and f"{scheme}://" in out.reason
    assert "no such file" not in out.reason


@pytest.mark.parametrize("url", ["http://[::1/", "http://[zz::1]/", "http://:80/x", "http://example.org:99999/"])
def test_malformed_urls_are_clear_failures(url: str) -> None:
    out = _one(url, timeout=0.5)
    assert isinstance(out, Failure) and "malformed URL" in out.reason and "unexpected" not in out.reason


@pytest.mark.parametrize(
    ("host", "inner"),
    [("[::ffff:7f00:1]", "127.0.0.1"), ("[2002:7f00:1::]", "127.0.0.1"), ("[2002:a00:1::1]", "10.0.0.1"),
     ("[64:ff9b::7f00:1]", "127.0.0.1"), ("[64:ff9b::a9fe:a9fe]", "169.254.169.254"), ("[::7f00:1]", "127.0.0.1"),
     ("[2001:0:4136:e378:8000:63bf:80ff:fffe]", "127.0.0.1")],
)
def test_ipv6_embedding_a_private_ipv4_is_refused(host: str, inner: str) -> None:
    out = _one(f"http://{host}/x", timeout=0.5)
    assert isinstance(out, Failure) and "refused" in out.reason and f"embedded IPv4 {inner}" in out.reason


def test_nat64_of_a_public_address_is_judged_by_it() -> None:
    import ipaddress

    assert fetch_mod._address_problem(ipaddress.ip_address("64:ff9b::808:808")) is None
