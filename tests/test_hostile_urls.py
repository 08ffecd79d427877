"""Hostile URLs and servers (all on 127.0.0.1, started here): clear failures in bounded time."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostile_cases import (
    FA,
    Case,
    Route,
    TextCheck,
    add,
    clear_reason,
    contains,
    expect,
    goods_beside,
    gzip_stream,
    html_page,
    ingest,
    judge,
    pytest_params,
    raw,
    redirect,
    reply,
    run_in_pytest,
    select,
    serve,
    silent,
    trickle,
)

FA_1256 = [s.replace("ی", "ي") for s in FA]
PAGE = html_page(FA, "سرخط").encode()
HTML = "text/html; charset=utf-8"
PLAIN = "text/plain; charset=utf-8"


def is_refusal(reason: str) -> bool:
    """A refusal of the address or scheme, not a refused TCP connection."""
    low = reason.lower()
    return (low.startswith("refused") or "refused:" in low) and "connection refused" not in low and "errno" not in low


def url_case(
    routes: dict[str, Route],
    target: str | Callable[[str], str],
    *,
    fail: str | None = None,
    text: TextCheck = None,
    refused: bool = False,
    either: bool = False,
    allow_private: bool = True,
    timeout: float | None = 2.0,
    **options: Any,
) -> Callable[[Path], str]:
    """Serve ``routes``, ingest the URL ``target`` (a path, or made from the base URL) between two good files.

    ``fail``: a reason pattern; ``refused``: the reason must be an address or
    scheme refusal; ``text``: the URL must give a document with that text.
    """

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        first, last = sorted(folder.iterdir())
        with serve(routes) as base:
            url = target(base) if callable(target) else base + target
            extra = {"timeout": timeout} if timeout is not None else {}
            result = ingest(tmp, [first, url, last], goods, allow_private=allow_private, **extra, **options)
        failures = [r for r in result.failures if r.item == url]
        expect(len(result.failures) == len(failures) <= 1,
               f"{[(r.item[-40:], r.reason) for r in result.failures]}")
        if refused:
            expect(failures and is_refusal(failures[0].reason),
                   f"{url}: expected a refusal, got {[r.reason for r in failures] or 'a document'}")
        expect(not any("root:x:0:0" in a.text for a in result.articles), "a local file's content was read")
        return judge(result, url, fail, text, either=either)

    return run


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


SLOW = r"timed out|timeout|deadline"
ROUTES: dict[str, Route] = {
    "/page": reply(200, HTML, PAGE),
    "/trickle-headers": trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 40 + b"\r\n"),
    "/trickle-status": trickle(b"", b"HTTP/1.1 200 OK\r\n"),
    "/trickle-body": trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n",
                             FA[0].encode()),
    "/silent": silent(),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-gopher": redirect("gopher://127.0.0.1:70/x"),
    "/to-ftp": redirect("ftp://127.0.0.1/x"),
    "/to-malformed": redirect("http://[::1/"),
    "/no-location": reply(302, None, b""),
    "/loop": redirect("/loop"),
    "/big": reply(200, PLAIN, FA[0].encode() * 50),
    "/huge-length": reply(200, PLAIN, FA[0].encode(), length=10**12),
    "/short-body": reply(200, PLAIN, b"0123456789", length=5000),
    "/gzip-bomb": reply(200, PLAIN, gzip_stream(60 << 20), {"Content-Encoding": "gzip"}),
    "/br-garbage": reply(200, PLAIN, b"\x00\xffnot brotli at all" * 10, {"Content-Encoding": "br"}),
    "/png": reply(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    "/octet": reply(200, "application/octet-stream", FA[0].encode()),
    "/pdf": reply(200, "application/pdf", b"%PDF-1.4\n"),
    "/404": reply(404, HTML, b"<html><body>missing</body></html>"),
    "/500": reply(500, HTML, b"<html><body>broken</body></html>"),
    "/403": reply(403, HTML, b"<html><body>no</body></html>"),
    "/hangup": raw(b""),
    "/garbage": raw(b"NOT HTTP AT ALL\r\n\r\n"),
    "/many-headers": raw(b"HTTP/1.1 200 OK\r\n" + b"X-Filler: abcdefgh\r\n" * 100_000 + b"\r\n" + FA[0].encode()),
    "/empty": reply(200, PLAIN, b""),
    "/204": reply(204, None, b""),
    "/charset-lies": reply(200, "text/html; charset=windows-1252", html_page(FA_1256, "سرخط").encode("cp1256")),
    "/charset-bogus": reply(200, "text/plain; charset=x-bogus", FA[1].encode()),
    "/nul": reply(200, PLAIN, FA[0].encode() + b"\x00\x00\x00" + FA[1].encode()),
    "/dump": reply(200, "application/x-ndjson", ('{"text": "' + FA[2] + '"}\n{"text": 12\n{"text": "' + FA[3] + '"}\n').encode()),
}


def _route(path: str, **kw: Any) -> Callable[[Path], str]:
    return url_case(ROUTES, path, **kw)


_URLS: list[tuple[str, Callable[[Path], str], float]] = [
    ("control_page", _route("/page", text=contains(FA[0], FA[3])), 30),
    ("trickling_headers", _route("/trickle-headers", fail=SLOW), 12),
    ("trickling_status_line", _route("/trickle-status", fail=SLOW), 12),
    ("trickling_body", _route("/trickle-body", fail=SLOW), 12),
    ("silent_server", _route("/silent", fail=SLOW), 12),
    ("redirect_to_file", _route("/to-file", fail=r"file", refused=True), 30),
    ("redirect_to_gopher", _route("/to-gopher", fail=r"gopher", refused=True), 30),
    ("redirect_to_ftp", _route("/to-ftp", fail=r"ftp", refused=True), 30),
    ("redirect_malformed", _route("/to-malformed", fail=r"malformed|invalid"), 30),
    ("redirect_without_location", _route("/no-location", fail=r"location|redirect|HTTP 302"), 30),
    ("redirect_loop", _route("/loop", fail=r"too many redirects"), 30),
    ("body_over_max_bytes", _route("/big", fail=r"too large", max_bytes=2000), 30),
    ("declared_length_1tb", _route("/huge-length", fail=r"too large|incomplete|length|closed|stopped"), 30),
    ("short_body", _route("/short-body", fail=r"incomplete|closed|length|ended|short|peer|protocol|read"), 30),
    ("gzip_encoding_bomb", _route("/gzip-bomb", fail=r"too large|stopped"), 60),
    ("bad_brotli", _route("/br-garbage", fail=r"decod|brotli|encoding|corrupt|binary"), 30),
    ("type_png", _route("/png", fail=r"wrong content type"), 30),
    ("type_octet_stream", _route("/octet", fail=r"wrong content type"), 30),
    ("type_pdf", _route("/pdf", fail=r"wrong content type"), 30),
    ("http_404", _route("/404", fail=r"HTTP 404"), 30),
    ("http_500", _route("/500", fail=r"HTTP 500"), 30),
    ("http_403", _route("/403", fail=r"HTTP 403"), 30),
    ("server_hangs_up", _route("/hangup", fail=r"closed|disconnect|protocol|connection|ended|response"), 30),
    ("not_http", _route("/garbage", fail=r"protocol|invalid|malformed|HTTP|response"), 30),
    ("hundred_thousand_headers", _route("/many-headers", fail=r"header|protocol|too|large|invalid|response"), 30),
    ("empty_body", _route("/empty", fail=r"empty|no text"), 30),
    ("no_content_204", _route("/204", fail=r"empty|no text|HTTP 204|content"), 30),
    ("charset_header_lies", _route("/charset-lies", text=contains(FA_1256[0], FA_1256[3])), 30),
    ("charset_header_bogus", _route("/charset-bogus", text=FA[1]), 30),
    ("nul_bytes_text_plain", _route("/nul", fail=r"binary|NUL", text=contains(FA[0], FA[1])), 30),
    ("path_10000_chars", _route("/" + "p" * 10_000, fail=r"HTTP 4\d\d|too long|URL"), 30),
    ("connection_refused", url_case({}, lambda base: f"http://127.0.0.1:{_closed_port()}/x",
                                    fail=r"connect|refused|unreachable"), 30),
]

for _name, _fn, _guard in _URLS:
    add("urls", f"url_{_name}", _fn, guard_s=_guard)


def _dump_over_http(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    with serve(ROUTES) as base:
        url = base + "/dump"
        result = ingest(tmp, [url, *sorted(folder.iterdir())], [*goods, FA[2], FA[3]], allow_private=True, timeout=5)
    expect([r.item for r in result.failures] == [url + ":2"], f"{[(r.item, r.reason) for r in result.failures]}")
    return "clear-error"


add("urls", "url_dump_with_a_bad_line", _dump_over_http)


def _schemes(url: str, scheme: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        result = ingest(tmp, [*sorted(folder.iterdir()), url], goods, timeout=2)
        failures = result.failed(url)
        expect(len(failures) == 1, f"{url}: {[(r.item, r.reason) for r in result.failures]}")
        reason = clear_reason(failures[0].reason, url)
        expect(re.search(rf"\b{scheme}\b", reason, re.I) and "no such file" not in reason,
               f"{url}: reason {reason!r} should refuse the {scheme} scheme by name")
        return "clear-error"

    return run


for _url, _scheme in [("file:///etc/passwd", "file"), ("FILE:///etc/passwd", "file"), ("gopher://x", "gopher"),
                      ("ftp://x", "ftp"), ("ftp://127.0.0.1/pub/x.txt", "ftp"), ("sftp://x/y", "sftp")]:
    add("urls", f"scheme_{_url.split(':')[0]}_{'local' if '127' in _url else 'x'}_{'up' if _url[0].isupper() else 'lo'}",
        _schemes(_url, _scheme))


def _malformed(url: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        result = ingest(tmp, [*sorted(folder.iterdir()), url], goods, timeout=2)
        failures = result.failed(url)
        expect(len(failures) == 1, f"{url!r}: {[(r.item, r.reason) for r in result.failures]}")
        reason = clear_reason(failures[0].reason, url)
        expect(re.search(r"malformed|invalid|bad port|no host|not a valid", reason, re.I),
               f"{url!r}: reason {reason!r} should call the URL malformed")
        return "clear-error"

    return run


for _i, _url in enumerate(["http://[::1/", "http://", "http:///x", "http://:80/", "http://[::1]:abc/",
                           "http://127.0.0.1:99999/", "https://[zz::1]/", "http://[::1/x/y?q=1"]):
    add("urls", f"malformed_{_i}_{re.sub(r'[^a-z0-9]+', '_', _url.split('//', 1)[1])[:20] or 'empty'}", _malformed(_url))


_LOOPBACKS = ["127.0.0.1", "127.1", "0x7f.1", "2130706433", "017700000001", "127.000.000.001", "localhost",
              "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]",
              "[64:ff9b::a00:1]", "[0:0:0:0:0:0:0:1]", "[::]", "[::127.0.0.1]", "[fe80::1]"]

for _i, _host in enumerate(_LOOPBACKS):
    add("urls", f"refused_{_i:02d}_{re.sub(r'[^a-z0-9]+', '_', _host).strip('_') or 'any'}",
        url_case(ROUTES, lambda base, h=_host: f"http://{h}:{base.rsplit(':', 1)[1]}/page", refused=True,
                 fail=r"refused", allow_private=False), guard_s=15)


def _redirect_hop(location: str, pattern: str) -> Callable[[Path], str]:
    """A first hop that passes as public ("localhost" let through) redirecting to ``location``: refused."""

    def run(tmp: Path) -> str:
        from rasad.ingest import fetch as fetch_mod

        real = fetch_mod.check_host

        def first_hop_public(host: str, port: int) -> None:
            if host != "localhost":
                real(host, port)

        routes = dict(ROUTES)
        routes["/hop"] = lambda h, stop: redirect(location.replace("PORT", str(h.server.server_address[1])))(h, stop)
        fetch_mod.check_host = first_hop_public  # type: ignore[assignment]
        try:
            case = url_case(routes, lambda base: "http://localhost:" + base.rsplit(":", 1)[1] + "/hop",
                            refused=True, fail=pattern, allow_private=False)
            return case(tmp)
        finally:
            fetch_mod.check_host = real  # type: ignore[assignment]

    return run


add("urls", "redirect_to_loopback_refused", _redirect_hop("http://127.0.0.1:PORT/page", r"loopback"))
add("urls", "redirect_to_mapped_loopback_refused", _redirect_hop("http://[::ffff:127.0.0.1]:PORT/page", r"loopback"))
add("urls", "redirect_to_file_without_allow_private", _redirect_hop("file:///etc/passwd", r"file"))


@pytest.mark.parametrize("case", pytest_params(select("urls")))
def test_hostile(case: Case, tmp_path: Path) -> None:
    run_in_pytest(case, tmp_path)
