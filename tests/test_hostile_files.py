"""Hostile files, directories and gzip input: each fails on its own, the good files beside it go in."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import random
import re
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile_cases import (
    FA,
    FA_1256,
    FA_PARA,
    Case,
    CaseFailure,
    CaseSkipped,
    CliResult,
    TooSlow,
    add,
    clear_reason,
    cli,
    cli_ingest_args,
    contains,
    expect,
    file_case,
    good,
    goods_beside,
    html_page,
    ingest,
    judge,
    one_error_line,
    pytest_params,
    rasad_command,
    remove_chain,
    run_in_pytest,
    select,
    stored_count,
    write_gzip_stream,
)

EMPTY = r"empty|no text"
BINARY = r"binary|not text|NUL|undecodable"
TOO_LARGE = r"too large|limit|over"
MB = 1 << 20

# ---------------------------------------------------------------------------
# Single files
# ---------------------------------------------------------------------------

_FILES: list[tuple[str, str, bytes, dict[str, object]]] = [
    ("empty", "empty.txt", b"", {"fail": EMPTY}),
    ("whitespace_only", "blank.txt", b"  \n\t \r\n \x0b\x0c ", {"fail": EMPTY}),
    ("invisible_marks_only", "marks.txt", "\u200c\u200f \u200c\n\u200f \u200e\u00a0\u200c".encode(), {"fail": r"no text"}),
    ("invisible_marks_no_extension", "marks", "\u200c\u200c\u200f   \u200f\n".encode(), {"fail": r"no text"}),
    ("bom_only", "bom.txt", b"\xef\xbb\xbf", {"fail": EMPTY}),
    ("bom_and_marks_only", "bommarks.txt", "\ufeff\u200c\u200f \n".encode(), {"fail": r"no text|empty"}),
    ("nul_bytes_binary", "blob.bin", b"\x00\x01\x02\x03" * 256, {"fail": BINARY}),
    ("pdf_document", "paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" * 20, {"fail": BINARY + "|PDF"}),
    ("png_named_txt", "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200, {"fail": BINARY + "|PNG"}),
    ("elf_no_extension", "program", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 300, {"fail": BINARY + "|ELF"}),
    ("zip_archive", "archive.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4, {"fail": BINARY + "|zip"}),
    ("nul_inside_persian", "nulinside.txt", (FA[0] + "\x00" + FA[1]).encode(),
     {"fail": BINARY, "text": contains(FA[0], FA[1])}),
    ("cr_only_newlines", "oldmac.txt", "\r".join(FA).encode(), {"text": "\r".join(FA)}),
    ("crlf_newlines", "dos.txt", "\r\n".join(FA).encode(), {"text": "\r\n".join(FA)}),
    ("utf8_bom_removed", "bomtext.txt", b"\xef\xbb\xbf" + FA_PARA.encode(), {"text": FA_PARA}),
    ("control_chars_kept", "controls.txt", (FA[0] + " \x07\x1b[31m\x1b]0;t\x07 " + FA[1]).encode(),
     {"text": FA[0] + " \x07\x1b[31m\x1b]0;t\x07 " + FA[1]}),
    ("astral_and_emoji", "emoji.txt", (FA[0] + " 🚀 𝔸𝔹 𓀀 👩🏽‍🚒 " + FA[1]).encode(), {"text": FA[0] + " 🚀 𝔸𝔹 𓀀 👩🏽‍🚒 " + FA[1]}),
    ("harakat_pile", "zalgo.txt", (FA[0] + " ب" + "\u064e\u0651" * 500 + " " + FA[1]).encode(),
     {"text": FA[0] + " ب" + "\u064e\u0651" * 500 + " " + FA[1]}),
    ("one_200kb_word", "longword.txt", ("ک" * 100_000).encode(), {"text": "ک" * 100_000}),
    ("twenty_thousand_lines", "lines.txt", "\n".join(f"خط شماره {i} از فهرست" for i in range(20_000)).encode(),
     {"text": "\n".join(f"خط شماره {i} از فهرست" for i in range(20_000))}),
    ("digits_and_punctuation_only", "digits.txt", "۱۲۳ ٤٥٦ 789 !!! ؟؟؟ «» ... ٪".encode(),
     {"fail": EMPTY, "text": "۱۲۳ ٤٥٦ 789 !!! ؟؟؟ «» ... ٪"}),
    ("html_saved_as_txt", "page.txt", html_page(FA[:3], "عنوان").encode(),
     {"text": lambda t: FA[0] in t and "<p>" not in t}),
    ("plain_text_named_html", "plain.html", FA_PARA.encode(), {"fail": r"main text|HTML|no text", "text": contains(FA[0])}),
    ("empty_html", "blank.html", b"<html><head></head><body></body></html>", {"fail": r"main text|no text|empty"}),
    ("script_only_html", "script.html",
     "<html><body><script>var a = 'خبر مهم امروز';</script><style>p{color:red}</style></body></html>".encode(),
     {"fail": r"main text|no text|empty"}),
    ("plain_text_named_json", "notjson.json", FA_PARA.encode(), {"fail": r"JSON|malformed"}),
    ("html_named_xml", "page.xml", html_page(FA[:3]).encode(), {"fail": r"feed|XML|main text", "text": contains(FA[0])}),
    ("binary_named_csv", "data.csv", b"\x00\xff" * 500, {"fail": BINARY + "|header|CSV|row"}),
    ("utf8_encoded_surrogate", "surrogate.txt", FA[0].encode() + b" \xed\xa0\x80 " + FA[1].encode(),
     {"fail": r"undecodable|binary|text", "text": contains(FA[0], FA[1])}),
    ("overlong_utf8", "overlong.txt", FA[0].encode() + b" \xc0\xaf\xe0\x80\xaf " + FA[1].encode(),
     {"fail": r"undecodable|binary|text", "text": contains(FA[0], FA[1])}),
    ("stray_latin1_byte", "stray.txt", FA[0].encode() + b" caf\xe9 " + FA[1].encode() + b"\n" + FA[2].encode(),
     {"fail": r"undecodable", "text": contains(FA[0], FA[1], FA[2])}),
    ("zwnbsp_and_rlo_inside", "bidi.txt", (FA[0] + "\ufeff\u202e" + FA[1] + "\u202c").encode(),
     {"text": FA[0] + "\ufeff\u202e" + FA[1] + "\u202c"}),
    ("fifty_thousand_zwnj_one_letter", "zwnjs.txt", ("\u200c" * 50_000 + "ب").encode(),
     {"fail": EMPTY, "text": "\u200c" * 50_000 + "ب"}),
    ("form_feeds_and_tabs", "ff.txt", ("\f".join(FA[:2]) + "\v\t" + FA[2]).encode(), {"text": "\f".join(FA[:2]) + "\v\t" + FA[2]}),
    ("markdown", "notes.md", ("# سرخط\n\n" + FA_PARA + "\n\n* یک\n* دو\n").encode(), {"text": "# سرخط\n\n" + FA_PARA + "\n\n* یک\n* دو\n"}),
    ("cp1256_uppercase_extension", "OLD.TXT", FA_1256.encode("cp1256"), {"text": FA_1256}),
    ("gzip_magic_wrong_extension", "weird.dat", b"\x1f\x8b\x08\x00" + bytes(random.Random(3).randbytes(400)),
     {"fail": r"gzip|corrupt|binary|undecodable"}),
    ("gzip_inside_txt_name", "packed.txt", gzip.compress(FA_PARA.encode()), {"text": FA_PARA}),
    ("newline_in_file_name", "line\nbreak.txt", FA[3].encode() + " پایان.".encode(), {"text": FA[3] + " پایان."}),
    ("persian_name_with_spaces", "خبر امروز (نسخه ۲).txt", FA[2].encode() + " نسخه دوم.".encode(), {"text": FA[2] + " نسخه دوم."}),
    ("file_named_dash", "-", FA[1].encode() + " خط تیره.".encode(), {"text": FA[1] + " خط تیره."}),
    ("file_named_like_option", "--help.txt", FA[0].encode() + " گزینه.".encode(), {"text": FA[0] + " گزینه."}),
    ("name_of_254_bytes", "ب" * 125 + ".txt", FA[3].encode() + " نام بلند.".encode(), {"text": FA[3] + " نام بلند."}),
]

for _name, _file, _data, _opts in _FILES:
    add("files", f"file_{_name}", file_case(_file, _data, **_opts))  # type: ignore[arg-type]


def _too_large(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    (folder / "big.txt").write_text(FA_PARA * 40, encoding="utf-8")
    return judge(ingest(tmp, [folder], goods, max_bytes=4000), "big.txt", TOO_LARGE, None)


add("files", "file_over_max_bytes", _too_large)


def _json_by_sniffing(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    text = good()
    (folder / "list.dat").write_text(f'[{{"title": "t", "text": "{text}"}}]', encoding="utf-8")
    return judge(ingest(tmp, [folder], [*goods, text]), "list.dat", None, None)


add("files", "file_json_without_extension_sniffed", _json_by_sniffing)


# ---------------------------------------------------------------------------
# Directories
# ---------------------------------------------------------------------------


def _dir_case(make: Callable[[Path], list[str]], fail: str | None = None, *, text: object = None,
              needles: Callable[[Path], list[str]] | None = None, **options: object) -> Callable[[Path], str]:
    """Good files beside what ``make(folder)`` adds; ``make`` returns the bad entries' names."""

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        names = make(folder)
        result = ingest(tmp, [folder], goods, **options)
        outcome = "ok"
        for name in names:
            got = judge(result, name, fail, text, either=True)  # type: ignore[arg-type]
            outcome = "clear-error" if got == "clear-error" else outcome
        return outcome

    return run


def _symlink_to_parent(folder: Path) -> list[str]:
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    sub = folder / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..", target_is_directory=True)
    (sub / "m_good.txt").write_text(good(), encoding="utf-8")
    return ["loop", "up"]


def _self_symlink(folder: Path) -> list[str]:
    (folder / "self.txt").symlink_to(folder / "self.txt")
    return ["self.txt"]


def _mutual_symlinks(folder: Path) -> list[str]:
    (folder / "x.txt").symlink_to("y.txt")
    (folder / "y.txt").symlink_to("x.txt")
    return ["x.txt", "y.txt"]


def _broken_symlink(folder: Path) -> list[str]:
    (folder / "broken.txt").symlink_to(folder / "nowhere" / "gone.txt")
    return ["broken.txt"]


def _device_links(folder: Path) -> list[str]:
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.txt").symlink_to("/dev/null")
    (folder / "random.txt").symlink_to("/dev/urandom")
    return ["zero.txt", "null.txt", "random.txt"]


def _unix_socket(folder: Path) -> list[str]:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "sock.txt"))
    except OSError as exc:  # a path too long for sun_path
        raise CaseSkipped(f"cannot bind a unix socket here: {exc}") from exc
    finally:
        sock.close()
    return ["sock.txt"]


def _hidden_things(folder: Path) -> list[str]:
    hidden = folder / ".cache"
    hidden.mkdir()
    (hidden / "junk.txt").write_bytes(b"\x00\x00junk")
    (folder / ".secret.txt").write_bytes(b"")
    return []


def _dir_named_like_file(folder: Path) -> list[str]:
    sub = folder / "x.txt"
    sub.mkdir()
    (sub / "inner.txt").write_text(FA[1] + " درون پوشه.", encoding="utf-8")
    return []


def _outside_dir_link(folder: Path) -> list[str]:
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text(good(), encoding="utf-8")
    (folder / "link").symlink_to(outside, target_is_directory=True)
    return ["link"]


for _name, _make in [("symlink_loop", _symlink_to_parent), ("self_symlink", _self_symlink),
                     ("mutual_symlinks", _mutual_symlinks), ("broken_symlink", _broken_symlink),
                     ("links_to_devices", _device_links), ("unix_socket", _unix_socket),
                     ("hidden_entries_skipped", _hidden_things), ("dir_named_x_txt", _dir_named_like_file),
                     ("symlinked_dir_outside", _outside_dir_link)]:
    add("dirs", f"dir_{_name}", _dir_case(_make))


def _fifo_case(name: str) -> Callable[[Path], str]:
    """A FIFO beside good files: never opened for a blocking read (a guard unblocks it and fails the case)."""

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        fifo = folder / name
        os.mkfifo(fifo)
        done = threading.Event()
        unblocked: list[bool] = []

        def unblock() -> None:  # after 10 s, open the write end so that a blocked reader sees EOF
            if done.wait(10):
                return
            while not done.is_set():
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    time.sleep(0.1)
                    continue
                unblocked.append(True)
                os.close(fd)
                return

        guard = threading.Thread(target=unblock, daemon=True)
        guard.start()
        try:
            result = ingest(tmp, [folder], goods)
        finally:
            done.set()
            guard.join(2)
        if unblocked:
            raise TooSlow(f"the FIFO {name} was opened for reading and blocked until the guard wrote to it")
        return judge(result, name, r"regular|special|FIFO|pipe|not a file", None, either=True)

    return run


add("dirs", "dir_fifo_txt", _fifo_case("pipe.txt"), guard_s=20)
add("dirs", "dir_fifo_no_extension", _fifo_case("pipe"), guard_s=20)


def _nested(depth: int, good_at_bottom: bool) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for _ in range(depth):
                os.mkdir("d", dir_fd=fd)
                nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
                os.close(fd)
                fd = nfd
            if good_at_bottom:
                out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(out, (FA[2] + " ته پوشه‌ها.").encode())
                os.close(out)
        finally:
            os.close(fd)
        try:
            result = ingest(tmp, [folder], goods)
        finally:
            remove_chain(folder, "d")
        expect(len(result.failures) <= 1, f"{len(result.failures)} failures for one deep tree: "
                                          f"{[r.reason for r in result.failures][:3]}")
        return "clear-error" if result.failures else "ok"

    return run


add("dirs", "dir_1500_nested", _nested(1500, True))


def _long_path(tmp: Path) -> str:
    """A file whose path is over 4,096 characters (made with directory fds)."""
    folder = tmp / "in"
    goods = goods_beside(folder)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for i in range(22):
            name = f"{i:02d}" + "n" * 198
            os.mkdir(name, dir_fd=fd)
            nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        out = os.open("far.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, (FA[1] + " مسیر بلند.").encode())
        os.close(out)
    finally:
        os.close(fd)
    result = ingest(tmp, [folder], goods)
    expect(len(result.failures) <= 1, f"{len(result.failures)} failures: {[r.reason for r in result.failures][:3]}")
    return "clear-error" if result.failures else "ok"


add("dirs", "dir_path_over_4096_chars", _long_path)


def _not_root() -> None:
    if os.geteuid() == 0:
        raise CaseSkipped("running as root: chmod 000 does not stop root from reading")


def _unreadable_file(tmp: Path) -> str:
    _not_root()
    folder = tmp / "in"
    goods = goods_beside(folder)
    locked = folder / "locked.txt"
    locked.write_text(good(), encoding="utf-8")
    locked.chmod(0)
    try:
        return judge(ingest(tmp, [folder], goods), "locked.txt", r"permission|denied|cannot read|unreadable", None)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _unreadable_dir(tmp: Path) -> str:
    _not_root()
    folder = tmp / "in"
    goods = goods_beside(folder)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "in.txt").write_text(good(), encoding="utf-8")
    locked.chmod(0)
    try:
        return judge(ingest(tmp, [folder], goods), "locked", r"permission|denied|cannot read|unreadable", None)
    finally:
        locked.chmod(stat.S_IRWXU)


add("dirs", "dir_unreadable_file", _unreadable_file)
add("dirs", "dir_unreadable_subdir", _unreadable_dir)


def _direct(items: Callable[[Path], list[str]], fail: str) -> Callable[[Path], str]:
    """Bad items given directly, between two good files."""

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        first, last = sorted(folder.iterdir())
        bad = items(tmp)
        result = ingest(tmp, [first, *bad, last], goods)
        expect(len(result.failures) == len(bad), f"{len(result.failures)} failures for {len(bad)} bad items: "
                                                  f"{[(r.item[:80], r.reason) for r in result.failures]}")
        for r in result.failures:
            expect(re.search(fail, r.reason, re.I), f"reason {r.reason!r} does not match /{fail}/")
        return "clear-error"

    return run


def _empty_dir(tmp: Path) -> list[str]:
    (tmp / "void").mkdir()
    return [str(tmp / "void")]


def _only_hidden(tmp: Path) -> list[str]:
    (tmp / "hid").mkdir()
    (tmp / "hid" / ".a.txt").write_text(good(), encoding="utf-8")
    return [str(tmp / "hid")]


add("dirs", "dir_empty_given", _direct(_empty_dir, r"no readable|holds no|empty|no files"))
add("dirs", "dir_only_hidden_given", _direct(_only_hidden, r"no readable|holds no|empty|no files"))
add("dirs", "path_missing", _direct(lambda tmp: [str(tmp / "missing.txt")], r"no such file"))
add("dirs", "path_with_nul_byte", _direct(lambda tmp: [str(tmp / "a\x00b.txt")], r"no such file|invalid|NUL|null"))
add("dirs", "path_component_over_255_bytes", _direct(lambda tmp: [str(tmp / ("x" * 300 + ".txt"))],
                                                     r"no such file|too long|name"))
add("dirs", "path_over_4096_given", _direct(lambda tmp: [str(tmp / "/".join(["y" * 200] * 25))],
                                            r"no such file|too long|name"))
add("dirs", "path_dev_zero_given", _direct(lambda tmp: ["/dev/zero"], r"regular|not a file|special|device"))


def _same_file_twice(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    first = sorted(folder.iterdir())[0]
    result = ingest(tmp, [first, first, folder], goods)
    expect(not result.failures, f"failures: {[(r.item, r.reason) for r in result.failures]}")
    expect([r.status for r in result.results].count("duplicate") == 2, f"{[r.status for r in result.results]}")
    return "ok"


add("dirs", "same_file_twice", _same_file_twice)


def _non_utf8_names(tmp: Path) -> str:
    """File names that are not UTF-8: the good one is stored, the empty one fails, both names storable."""
    folder = tmp / "in"
    goods = goods_beside(folder)
    text = good()
    root = os.fsencode(folder)
    with open(root + b"/\xff\xfe.txt", "wb") as fh:
        fh.write(text.encode())
    with open(root + b"/\xff\xfd.txt", "wb") as fh:
        fh.write(b"")
    result = ingest(tmp, [folder], [*goods, text])
    expect(len(result.failures) == 1, f"{[(r.item, r.reason) for r in result.failures]}")
    for name in [r.item for r in result.failures] + [a.source for a in result.articles]:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise CaseFailure(f"name {name!r} holds unpaired surrogates (not escaped)") from exc
    return "clear-error"


add("dirs", "non_utf8_file_names", _non_utf8_names)


def _many_files(n: int) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        folder.mkdir()
        texts = []
        for i in range(n):
            text = f"{FA[i % 4]} یادداشت شماره {i}."
            (folder / f"f{i:05d}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
        result = ingest(tmp, [folder], texts)
        expect(len(result.articles) == n, f"{len(result.articles)} of {n} stored")
        return "ok"

    return run


add("dirs", "dir_300_files", _many_files(300))


# ---------------------------------------------------------------------------
# gzip
# ---------------------------------------------------------------------------


def _gz(data: bytes) -> bytes:
    return gzip.compress(data)


_rows = [f"{FA[i % 4]} ردیف شماره {i} از این بایگانی." for i in range(6)]
_JSONL_GOODS = "".join(f'{{"title": "t{i}", "text": "{t}"}}\n' for i, t in enumerate(_rows)).encode()

_GZIP: list[tuple[str, str, bytes | Callable[[Path], None], dict[str, object]]] = [
    ("corrupt", "bad.txt.gz", b"\x1f\x8b\x08\x00" + random.Random(5).randbytes(2000), {"fail": r"gzip|corrupt"}),
    ("truncated_txt", "cut.txt.gz", _gz(FA_PARA.encode() * 50)[:300], {"fail": r"gzip|corrupt|truncated|end"}),
    ("zero_bytes", "zero.txt.gz", b"", {"fail": EMPTY + r"|gzip"}),
    ("gzip_of_nothing", "nothing.txt.gz", _gz(b""), {"fail": EMPTY}),
    ("trailing_garbage", "tail.txt.gz", _gz(FA_PARA.encode()) + b"GARBAGE\x00\x01",
     {"fail": r"gzip|corrupt|trailing|garbage", "text": FA_PARA}),
    ("double_compressed", "twice.txt.gz", _gz(_gz(FA_PARA.encode())), {"fail": BINARY + "|gzip", "text": FA_PARA}),
    ("html_gz", "page.html.gz", _gz(html_page(FA[:3], "عنوان").encode()), {"text": contains(FA[0], FA[2])}),
    ("bzip2", "data.txt.bz2", bz2.compress(FA_PARA.encode()), {"fail": BINARY + "|bzip|compressed"}),
    ("xz", "data.xz", lzma.compress(FA_PARA.encode()), {"fail": BINARY + "|xz|compressed"}),
    ("bomb_txt_48mb", "bomb.txt.gz", lambda d: write_gzip_stream(d / "bomb.txt.gz", 48 * MB) and None,
     {"fail": TOO_LARGE}),
    ("bomb_html_48mb", "bomb.html.gz", lambda d: write_gzip_stream(d / "bomb.html.gz", 48 * MB, b" " * MB, b"<html><body>") and None,
     {"fail": TOO_LARGE}),
    ("bomb_json_48mb", "bomb.json.gz", lambda d: write_gzip_stream(d / "bomb.json.gz", 48 * MB, b" " * MB, b"[") and None,
     {"fail": TOO_LARGE}),
    ("jsonl_one_line_48mb", "line.jsonl.gz", lambda d: write_gzip_stream(d / "line.jsonl.gz", 48 * MB, b"a" * MB, b'{"text": "') and None,
     {"fail": TOO_LARGE + "|row"}),
]

for _name, _file, _data, _opts in _GZIP:
    add("gzip", f"gzip_{_name}", file_case(_file, _data, **_opts), guard_s=60)  # type: ignore[arg-type]


def _jsonl_gz(name: str, body: Callable[[], bytes], fail: str | None, min_goods: int) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        (folder / name).write_bytes(body())
        result = ingest(tmp, [folder], goods)
        kept = sum(result.has_text(t) for t in _rows)
        expect(kept >= min_goods, f"{kept} of the dump's good rows stored, expected {min_goods}")
        failures = result.failed(name)
        expect(len(failures) <= 1, f"{[r.reason for r in failures]}")
        if fail is not None:
            expect(failures and re.search(fail, failures[0].reason, re.I),
                   f"expected a failure /{fail}/, got {[r.reason for r in failures]}")
        return "clear-error" if failures else "ok"

    return run


add("gzip", "gzip_truncated_jsonl_keeps_rows_before", _jsonl_gz(
    "cut.jsonl.gz", lambda: _gz(_JSONL_GOODS + b'{"text": "' + random.Random(7).randbytes(40_000).hex().encode() + b'"}\n')[:-2000],
    r"gzip|corrupt|truncated|end", 6))
add("gzip", "gzip_multi_member_jsonl", _jsonl_gz("multi.jsonl.gz", lambda: _gz(_JSONL_GOODS[:300]) + _gz(_JSONL_GOODS[300:]), None, 6))
add("gzip", "gzip_jsonl_5mb_of_newlines", _jsonl_gz(
    "nl.jsonl.gz", lambda: _gz(_JSONL_GOODS + b"\n" * (5 * MB) + _JSONL_GOODS), None, 6), guard_s=60)


def _iter_bytes_bomb(tmp: Path) -> str:
    from rasad.ingest import Failure, iter_bytes

    out = list(iter_bytes(write_gzip_stream(tmp / "b.gz", 120 * MB).read_bytes()))
    expect(len(out) == 1 and isinstance(out[0], Failure), f"{[type(o).__name__ for o in out]}")
    reason = clear_reason(out[0].reason, "stdin")
    expect(re.search(TOO_LARGE, reason, re.I), f"reason {reason!r}")
    return "clear-error"


add("gzip", "gzip_bomb_iter_bytes_120mb", _iter_bytes_bomb, guard_s=60)


def stdin_bomb(command: str, size: int) -> Callable[[Path], str]:
    """``rasad ingest -`` / ``rasad analyze -`` given a gzip bomb on stdin."""

    def run(tmp: Path) -> str:
        bomb = write_gzip_stream(tmp / "bomb.gz", size).read_bytes()
        db = tmp / "s.db"
        args = cli_ingest_args(db, "-") if command == "ingest" else ["analyze", "-"]
        res = cli(args, stdin=bomb, timeout=120)
        return one_error_line(res, command, pattern=TOO_LARGE) if command == "analyze" else _failed_line(res)

    return run


def _failed_line(res: CliResult) -> str:
    expect(res.code == 1, f"exit {res.code}; {res.err[-300:]!r}")
    expect(re.search(r"FAILED -: .*(too large|limit)", res.err, re.I), f"{res.err[-300:]!r}")
    return "clear-error"


add("gzip", "gzip_bomb_stdin_ingest_120mb", stdin_bomb("ingest", 120 * MB), guard_s=90)
add("gzip", "gzip_bomb_stdin_analyze_120mb", stdin_bomb("analyze", 120 * MB), guard_s=90)


# ---------------------------------------------------------------------------
# Slow cases: benchmarks/hostile.py only
# ---------------------------------------------------------------------------


def rss_of(args: list[str], stdin: Path | None, timeout: float) -> tuple[int, str, int]:
    """Exit code, stderr and peak RSS (KiB) of ``rasad ARGS`` run with ``stdin`` from a file."""
    with open(stdin or os.devnull, "rb") as fin, open(Path(os.devnull), "wb") as fout:
        errf = Path(os.environ.get("TMPDIR", "/tmp")) / f"rasad-rss-{os.getpid()}.err"
        with open(errf, "wb") as ferr:
            proc = subprocess.Popen([*rasad_command(), *args], stdin=fin, stdout=fout, stderr=ferr)
            ends = time.monotonic() + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > ends:
                    proc.kill()
                    proc.wait()
                    raise TooSlow(f"rasad {' '.join(args)} ran past {timeout} s")
                time.sleep(0.05)
        err = errf.read_bytes().decode("utf-8", "backslashreplace")
        errf.unlink()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if "Traceback" in err or "unexpected error" in err:
        raise CaseFailure(f"traceback: {err[-800:]}")
    return proc.returncode, err, usage.ru_maxrss


def _stdin_bomb_rss(command: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        bomb = write_gzip_stream(tmp / "bomb.gz", 1024 * MB)
        args = cli_ingest_args(tmp / "s.db", "-") if command == "ingest" else ["analyze", "-"]
        code, err, rss = rss_of(args, bomb, 300)
        expect(code != 0 and re.search(TOO_LARGE, err, re.I), f"exit {code}; {err[-300:]!r}")
        expect(rss < 900 * 1024, f"peak RSS {rss / 1024:.0f} MiB for a 1 GB bomb (not bounded)")
        return "clear-error"

    return run


add("gzip", "gzip_bomb_stdin_ingest_1gb", _stdin_bomb_rss("ingest"), slow=True, guard_s=300)
add("gzip", "gzip_bomb_stdin_analyze_1gb", _stdin_bomb_rss("analyze"), slow=True, guard_s=300)


def _file_bomb(name: str, size: int, chunk: bytes, head: bytes = b"") -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        folder.mkdir()
        write_gzip_stream(folder / name, size, chunk, head)
        goods = goods_beside(folder)
        code, err, rss = rss_of([*cli_ingest_args(tmp / "b.db", folder)], None, 300)
        expect(code == 1 and re.search(r"FAILED .*" + re.escape(name), err), f"exit {code}; {err[-300:]!r}")
        expect(stored_count(tmp / "b.db") == len(goods), "good files missing after the bomb")
        expect(rss < 900 * 1024, f"peak RSS {rss / 1024:.0f} MiB (not bounded)")
        return "clear-error"

    return run


add("gzip", "gzip_bomb_txt_1gb", _file_bomb("bomb.txt.gz", 1024 * MB, b"\0" * MB), slow=True, guard_s=300)
add("gzip", "gzip_bomb_jsonl_2gb_newlines", _file_bomb("nl.jsonl.gz", 2048 * MB, b"\n" * MB), slow=True, guard_s=300)
add("gzip", "gzip_bomb_jsonl_1gb_one_line", _file_bomb("line.jsonl.gz", 1024 * MB, b"a" * MB, b'{"text": "'),
    slow=True, guard_s=300)


def _ten_thousand_files(tmp: Path) -> str:
    folder = tmp / "in"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"f{i:05d}.txt").write_text(f"{AR_LINE} {i}", encoding="utf-8")
    started = time.monotonic()
    res = cli(cli_ingest_args(tmp / "t.db", folder), timeout=300)
    took = time.monotonic() - started
    expect(res.code == 0, f"exit {res.code}; {res.err[-300:]!r}")
    expect(stored_count(tmp / "t.db") == 10_000, "not every file stored")
    expect(took < 60, f"10,000 one-line files took {took:.1f} s (goal: under 60 s)")
    return "ok"


AR_LINE = "افتتح المعرض أبوابه للزوار صباح اليوم رقم"
add("dirs", "dir_10000_one_line_files", _ten_thousand_files, slow=True, guard_s=300)
add("dirs", "dir_6000_nested", _nested(6000, False), slow=True, guard_s=120)
add("files", "file_200k_lines", file_case("lines.txt", "\n".join(f"سطر {i}" for i in range(200_000)).encode(),
                                          text="\n".join(f"سطر {i}" for i in range(200_000))), slow=True, guard_s=120)


@pytest.mark.parametrize("case", pytest_params(select("files", "dirs", "gzip")))
def test_hostile(case: Case, tmp_path: Path) -> None:
    run_in_pytest(case, tmp_path)
