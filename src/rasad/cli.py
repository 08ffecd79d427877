"""The ``rasad`` command: a thin face over the library.

Sections, in order: shared options and helpers; ingest and the store
(ingest, stats, report, show, search, export); single documents (analyze,
normalize). Later capabilities add their commands in their own section below,
using :data:`DbOption` and :func:`open_store` for the database.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup
from typer.exceptions import TyperException

from rasad import __version__
from rasad.analyze.contradictions import SEVERITIES
from rasad.extract.events import event_types
from rasad.progress import Progress


class _Commands(TyperGroup):
    """The command group: no traceback reaches a user (``-v`` shows it).

    OS, encoding, parsing, database and size errors become one line,
    "error: <what>: <reason>", and exit status 1; so does anything unexpected,
    named as an internal error. Output is flushed inside the guard, so a full
    disk or a closed pipe on stdout is reported the same way.
    """

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is not None:
            _readable_metavars(command)
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(1) from None
        except Exception as exc:
            if _VERBOSE:
                err.print_exception()
            err.print(f"error: {shown(describe_error(exc))}", markup=False)
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EPIPE):
                _silence_stdout()
            raise typer.Exit(1) from None


#: What each option's value is, as --help shows it (instead of a Python type name).
METAVARS = {
    "--db": "URL", "--lang": "LANG", "--limit": "N", "--offset": "N", "--out": "PATH",
    "--format": "FORMAT", "--type": "TYPE", "--date": "DATE", "--anchor": "DATE",
    "--since": "DATE", "--until": "DATE", "--entity": "NAME", "--speaker": "NAME",
    "--stages": "STAGES", "--workers": "N", "--data": "DIR", "--model": "DIR", "--kind": "KIND",
    "--epochs": "N", "--layers": "N", "--device": "DEVICE",
}  # fmt: skip


def _readable_metavars(command: Any) -> None:
    """Name each value in ``command``'s --help and usage line in words (URL, N, QUERY).

    Options take their name from :data:`METAVARS` (else their own name in
    capitals); arguments are shown by their name in capitals, without the
    type in angle brackets or the braces typer puts around required ones.
    """
    if getattr(command, "_rasad_metavars", False):
        return
    for param in getattr(command, "params", []):
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.param_type_name == "option":
            if param.metavar is None:
                longest = max(param.opts, key=len)
                param.metavar = METAVARS.get(longest, longest.lstrip("-").upper().replace("-", "_"))
        else:
            param.metavar = param.metavar or (param.name or "value").upper()
            name = param.metavar + ("..." if param.nargs != 1 and not param.metavar.endswith("...") else "")
            param.display_type_rich = lambda ctx=None: None
            param.get_usage_pieces = lambda ctx, _name=name: [_name]
    command._rasad_metavars = True


def describe_error(exc: BaseException) -> str:
    """One line for an error a command met: what failed, and why."""
    from sqlalchemy.exc import SQLAlchemyError

    from rasad.pipeline import StageError

    if isinstance(exc, StageError):
        return str(exc)
    if isinstance(exc, OSError):
        what = exc.filename if exc.filename is not None else "output" if exc.errno in (errno.ENOSPC, errno.EPIPE) else None
        reason = exc.strerror or str(exc)
        return f"{what}: {reason}" if what is not None else reason
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        return f"database error: {orig if orig is not None else exc}".splitlines()[0]
    if isinstance(exc, UnicodeError):
        return f"encoding error: {exc}"
    if isinstance(exc, RecursionError):
        return "input nested too deeply to process"
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, ValueError):
        return str(exc) or type(exc).__name__
    return f"internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the exit flush cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


#: Set by ``-v``: failing commands print their traceback.
_VERBOSE = False

app = typer.Typer(
    name="rasad",
    cls=_Commands,
    help=(
        "rasad (رصد): offline news intelligence for Persian and Arabic media. "
        "Ingest articles into a database, search them, look at one article, and export "
        "everything (articles, entities, dates, events, quotes, claims) with offsets "
        "into the original text."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

# ---------------------------------------------------------------------------
# Shared options and helpers
# ---------------------------------------------------------------------------

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="RASAD_DB",
        show_default=False,
        help=(
            "Database as a SQLAlchemy URL (e.g. sqlite:///rasad.db, or a plain file path "
            "for SQLite). Default: $RASAD_DB, else sqlite:///rasad.db."
        ),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` on stderr and return the Exit to raise."""
    err.print(f"error: {message}", markup=False)
    return typer.Exit(code)


#: Largest --limit a listing takes (beyond it the database's integers overflow; nobody reads more rows).
MAX_LIMIT = 100_000
#: Largest id (a signed 64-bit integer, what SQLite and PostgreSQL store).
MAX_ID = 2**63 - 1


def shown(text: object) -> str:
    """``text`` with control characters and escape sequences made visible (``\x1b`` etc.).

    For human-facing lines only: titles, file names and reasons come from the
    data and must not drive the terminal. Stored text keeps them verbatim.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def checked_choice(
    value: str | None, valid: Sequence[str], option: str, case: Callable[[str], str] = str.upper
) -> str | None:
    """``value`` in ``valid``'s case (upper by default) when it is one of them; otherwise a usage error listing them."""
    if value is None:
        return None
    if case(value) not in valid:
        raise typer.BadParameter(f"unknown value {value!r}; choose one of: {', '.join(valid)}", param_hint=option)
    return case(value)


#: Languages an article can be stored with ("und": not determined).
STORED_LANGS = ("fa", "ar", "en", "und")
#: Languages the text stages read.
TEXT_LANGS = ("fa", "ar", "en")
#: Languages rasad has trained models for.
MODEL_LANGS = ("fa", "ar")


def lang_checker(valid: Sequence[str]) -> Any:
    """A --lang callback that lower-cases the value and refuses one outside ``valid``."""

    return lambda value: checked_choice(value, valid, "--lang", str.lower)


def open_store(db: str | None, create: bool = False) -> Any:
    """Open (and migrate) the store, or exit with a clear message.

    Without ``create`` (every command that only reads), a SQLite file that
    does not exist is an error rather than a new, empty database: a mistyped
    ``--db`` would otherwise report an empty corpus.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from rasad.store import Store
    from rasad.store.db import resolve_url

    url = resolve_url(db)
    if not create:
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as exc:
            raise fail(f"cannot open database {url}: {exc}") from exc
        path = parsed.database
        if parsed.get_backend_name() == "sqlite" and path and path != ":memory:" and not Path(path).exists():
            raise fail(f"no database at {path}; run `rasad ingest` first (or give --db)", 1)
    try:
        return Store(db)
    except (SQLAlchemyError, OSError, ValueError) as exc:
        code = 2 if isinstance(exc, ArgumentError | NoSuchModuleError) else 1  # a bad --db is a usage error
        raise fail(f"cannot open database {db or '(default)'}: {describe_error(exc)}", code) from exc


class _RateColumn(ProgressColumn):
    """Items per second of a progress task."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f}/s")


def _bar_columns() -> list[Any]:
    return [
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
    ]  # fmt: skip


@contextlib.contextmanager
def progress_bars(enabled: bool = True) -> Iterator[Progress]:
    """A :mod:`rasad.progress` callback drawing one bar per step on stderr (a terminal only).

    Each bar shows done/total, the rate, the time spent and an ETA.
    """
    with RichProgress(*_bar_columns(), console=err, disable=not (enabled and err.is_terminal)) as bars:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int | None) -> None:
            if step not in tasks:
                tasks[step] = bars.add_task(step, total=total)
            bars.update(tasks[step], completed=done, total=total)

        yield report


def print_json(data: Any) -> None:
    """Write ``data`` as UTF-8 JSON on stdout (Persian and Arabic left readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _version(value: bool) -> None:
    if value:
        from rasad.doctor import kernel_line

        out.print(f"rasad {__version__}")
        out.print(kernel_line(), markup=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version, the encoder kernel chosen for this CPU, and exit.",
        ),
    ] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr (-vv for debug).")
    ] = 0,
) -> None:
    """rasad: offline news intelligence for Persian and Arabic media."""
    global _VERBOSE
    _VERBOSE = verbose > 0
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# ---------------------------------------------------------------------------
# Ingest and the store
# ---------------------------------------------------------------------------


def _stage_list(stages: str | None) -> list[str] | None:
    """The ``--stages`` option as a list of known stage modules, or None for all."""
    if stages is None:
        return None
    from rasad import pipeline

    names = [name.strip() for name in stages.split(",") if name.strip()]
    unknown = [name for name in names if name not in pipeline.STAGES]
    if unknown:
        raise typer.BadParameter(
            f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(pipeline.STAGES)}",
            param_hint="--stages",
        )
    return [name for name in pipeline.STAGES if name in names]


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH_OR_URL...",
            help=(
                "Files (text in any common encoding, HTML, JSONL/CSV dumps, gzip too, "
                "RSS/Atom feeds), directories (walked recursively) or http(s) URLs."
            ),
        ),
    ],
    db: DbOption = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow URLs on loopback, private and link-local addresses (refused by default).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; failures still go to stderr.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            min=1,
            help=(
                "Analyse documents in this many worker processes while the main process "
                "reads and stores (each worker loads the models once; worth it on large inputs)."
            ),
        ),
    ] = 1,
    stages: Annotated[
        str | None,
        typer.Option(
            "--stages",
            help=(
                "Comma-separated stage modules to run, in pipeline order "
                "(default: all of rasad.pipeline.STAGES), e.g. rasad.text for a fast first pass."
            ),
        ),
    ] = None,
    corpus_step: Annotated[
        bool,
        typer.Option(
            "--corpus-step/--no-corpus-step",
            help="Link entities, merge events, find contradictions and stories at the end (run later with `rasad relink`).",
        ),
    ] = True,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="local|tcp://HOST:PORT",
            help=(
                "Analyse on a Dask cluster: 'local' starts -j worker processes here; a scheduler "
                "address uses a running cluster (docs/scaling.md). This process still writes the store."
            ),
        ),
    ] = None,
) -> None:
    """Read articles, analyse them and store them; exact duplicates are stored once.

    Each unreadable item gets one line "FAILED <item>: <reason>" on stderr and
    the rest go on. A summary follows: "ingested N, duplicates N
    (near-duplicates N), failed N"; near-duplicates are stored (and counted as
    ingested) with duplicate_of pointing at the earlier article. Exit status 0
    when every item went in, 1 when any failed.
    """
    from rasad.ingest import count_items
    from rasad.service import ItemResult, ingest_into_store

    if dask is not None:
        from rasad.cluster import check_address

        try:
            check_address(dask)
        except ValueError as exc:
            raise fail(str(exc), 2) from exc
    store = open_store(db, create=True)
    show_bar = not quiet and err.is_terminal
    total = count_items(inputs) if show_bar else None
    with store, progress_bars(not quiet) as report:
        done = 0
        report("ingesting", 0, total)

        def on_item(result: ItemResult) -> None:
            nonlocal done
            if result.status == "failed":
                err.print(f"FAILED {shown(result.item)}: {shown(result.reason)}", markup=False)
            done += 1
            report("ingesting", done, total)

        from rasad.cluster import ClusterError

        try:
            summary = ingest_into_store(
                inputs,
                store,
                allow_private=allow_private,
                progress=on_item,
                workers=workers,
                stages=_stage_list(stages),
                corpus_step=corpus_step,
                corpus_progress=report,
                dask=dask,
            )
        except ClusterError as exc:
            raise fail(f"{exc} ({done} documents were stored before it)", 1) from exc
    if summary.corpus_error:
        err.print(f"corpus step failed (articles are stored; run `rasad relink`): {summary.corpus_error}", markup=False)
    if not quiet:
        out.print(summary.line(), markup=False)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts: articles by language, near-duplicates, and every list of facts."""
    with open_store(db) as store:
        data = store.stats()
    if as_json:
        print_json(data)
        return
    table = Table(title="rasad database", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(data["articles"]))
    for lang, n in data["by_lang"].items():
        table.add_row(f"  {lang}", str(n))
    for key, value in data.items():
        if key not in ("articles", "by_lang"):
            table.add_row(key.replace("_", "-"), str(value))
    out.print(table)


@app.command()
def report(db: DbOption = None, as_json: JsonOption = False) -> None:
    """One line per article: id, language, title, sentences, boilerplate spans, duplicate_of, story."""
    from rasad.store import models as m

    with open_store(db) as store:
        rows = [
            {
                "id": a.id, "lang": a.lang, "title": a.title, "source": a.source,
                "sentences": len(a.sentences or []), "excluded": len(a.excluded or []),
                "duplicate_of": a.duplicate_of, "story": a.story_id,
            }
            for a in store.iter_rows(m.Article)
        ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} articles")
    for column in ("id", "lang", "title", "sentences", "excluded", "duplicate of", "story"):
        table.add_column(column, justify="right" if column != "title" else "left")
    for row in rows:
        title = row["title"] or Path(row["source"]).name or "-"
        table.add_row(
            str(row["id"]), row["lang"] or "?", Text(shown(title)), str(row["sentences"]),
            str(row["excluded"]), str(row["duplicate_of"] or ""), str(row["story"] or ""),
        )  # fmt: skip
    out.print(table)


def render_article(record: dict[str, Any], facts: dict[str, list[dict[str, Any]]]) -> Group:
    """A terminal view of one export article record and its facts.

    Terminals do not reorder right-to-left text reliably, so the text is shown
    one sentence per line (short lines survive any terminal), each with its
    number, offsets and language; boilerplate spans are shown dimmed, apart.
    """
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    date = record.get("date") or {}
    for key, value in (
        ("id", record["id"]), ("title", record.get("title")), ("source", record.get("source")),
        ("url", record.get("url")), ("language", record.get("lang")),
        ("date", f"{date['value']} ({date['precision']}, {date['calendar']}"
                 f"{', inferred' if date.get('inferred') else ''})" if date else None),
        ("duplicate of", record.get("duplicate_of")), ("story", record.get("story")),
        ("characters", len(record["text"])),
    ):  # fmt: skip
        if value not in (None, ""):
            head.add_row(key, Text(shown(value)))
    text = record["text"]
    body = Table(show_header=True, box=None, padding=(0, 1))
    body.add_column("#", justify="right", style="cyan")
    body.add_column("span", justify="right", style="dim")
    body.add_column("lang", style="magenta")
    body.add_column("sentence", overflow="fold")
    pieces = [(s, e, lang, False) for s, e, lang in record.get("sentences") or []]
    pieces += [(s, e, kind, True) for s, e, kind in record.get("excluded") or []]
    if not pieces:
        pieces = [(0, len(text), record.get("lang") or "?", False)]
    number = 0
    for start, end, label, excluded in sorted(pieces):
        snippet = " ".join(text[start:end].split())
        if excluded:
            body.add_row("-", f"{start}-{end}", label, Text(shown(snippet), style="dim strike"))
        else:
            number += 1
            body.add_row(str(number), f"{start}-{end}", label, Text(shown(snippet)))
    parts: list[Any] = [Panel(head, title="article"), Panel(body, title="text, sentence by sentence")]
    for name, items in facts.items():
        if items:
            parts.append(_facts_table(name, items))
    return Group(*parts)


#: The columns `show` and `analyze` print for each list of facts (the rest is in --json).
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": ("label", "type", "country"),
    "times": ("text", "value", "precision", "calendar", "kind"),
    "events": ("type", "mode", "actors", "recipients", "english"),
    "quotes": ("speaker", "cue", "text"),
    "claims": ("text", "value", "unit", "comparator"),
}


def _cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, dict | list):
        return Text(shown(json.dumps(value, ensure_ascii=False)))
    return Text(shown(value))


def _facts_table(name: str, items: list[dict[str, Any]]) -> Table:
    columns = FACT_COLUMNS.get(name) or tuple(k for k in items[0] if k not in ("id", "article", "mentions", "sources"))
    table = Table(title=f"{name} ({len(items)})", title_justify="left")
    table.add_column("where", style="dim")
    for column in columns:
        table.add_column(column, overflow="fold")
    for item in items:
        refs = item.get("mentions") or item.get("sources") or [item]
        where = ", ".join(f"{r.get('start')}-{r.get('end')}" for r in refs[:3] if "start" in r)
        table.add_row(where + (" ..." if len(refs) > 3 else ""), *(_cell(item.get(c)) for c in columns))
    return table


@app.command()
def show(
    article_id: Annotated[
        int, typer.Argument(metavar="ARTICLE_ID", min=1, max=MAX_ID, help="The article's id (see report or search).")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: its metadata, its text sentence by sentence, and its facts."""
    from rasad.export import records

    with open_store(db) as store:
        row = store.get_article(article_id)
        if row is None:
            raise fail(f"no article with id {article_id} in {store.url}", 1)
        fact_rows = store.facts(article_id)
    record = records.article(row)
    refs = records.ArticleRefs(row.id, fact_rows["mentions"])  # references as the entities' ids
    facts = {
        "entities": list(records.entities([], fact_rows["mentions"], {row.id: row.lang})),
        "times": [records.time(r) for r in fact_rows["times"]],
        "events": [records.event(r, refs) for r in fact_rows["events"]],
        "quotes": [records.quote(r, refs) for r in fact_rows["quotes"]],
        "claims": [records.claim(r, refs) for r in fact_rows["claims"]],
    }
    if as_json:
        print_json({"article": record, **facts})
        return
    out.print(render_article(record, facts))


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help=(
                "Words to find (all must occur). Spelling variants meet: ی/ي, ک/ك, harakat, "
                'ZWNJ and digits are folded. "Quoted words" match as a phrase, word* as a prefix.'
            )
        ),
    ],
    db: DbOption = None,
    lang: Annotated[str | None, typer.Option("--lang", callback=lang_checker(STORED_LANGS), help="Only articles in this language: fa, ar, en or und (undetermined).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Most hits to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the normalised text, best matches first, with snippets."""
    with open_store(db) as store:
        hits = store.search(query, lang=lang, limit=limit)
    if as_json:
        print_json([
            {"article": h.article_id, "title": h.title, "lang": h.lang, "source": h.source,
             "score": round(h.score, 4), "snippet": h.snippet, "offset": h.offset,
             "marks": h.marks, "duplicate_of": h.duplicate_of}
            for h in hits
        ])  # fmt: skip
        return
    if not hits:
        out.print("no matches")
        return
    for hit in hits:
        title = Text(f"#{hit.article_id} [{hit.lang or '?'}] ", style="bold cyan")
        title.append(shown(hit.title or Path(hit.source).name or ""), style="bold")
        if hit.duplicate_of:
            title.append(f"  (near-duplicate of #{hit.duplicate_of})", style="dim")
        snippet = Text()
        at = 0
        for start, end in sorted(hit.marks):
            snippet.append(shown(hit.snippet[at:start]))
            snippet.append(shown(hit.snippet[max(at, start):end]), style="bold yellow")
            at = max(at, end)
        snippet.append(shown(hit.snippet[at:]))
        out.print(title)
        out.print(Text("    ") + snippet)
    out.print(Text(f"{len(hits)} hit(s)", style="dim"))


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f",
            help="json: one object; jsonl: one typed record per line; csv: one file per list in the --out folder.",
        ),
    ] = "json",
    out_path: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file (json, jsonl) or folder (csv). Default: stdout (json, jsonl)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export everything in the documented schema (docs/export-schema.md).

    Offsets are Python string indices into each article's original text.
    """
    from rasad.export import FORMATS
    from rasad.export import export as run_export

    fmt = checked_choice(fmt, FORMATS, "--format", str.lower) or fmt
    if fmt == "csv" and out_path is None:
        raise fail("--format csv writes one file per list into a folder: give --out DIR")
    if fmt == "csv" and out_path is not None and out_path.exists() and not out_path.is_dir():
        raise fail(f"--out {out_path} is a file; --format csv writes one file per list into a folder")
    if fmt != "csv" and out_path is not None and out_path.is_dir():
        raise fail(f"--out {out_path} is a folder; --format {fmt} writes one file")
    with open_store(db) as store:
        count = run_export(store, fmt, out_path if out_path is not None else sys.stdout)
    if out_path is not None:
        err.print(f"wrote {count} records to {out_path}", markup=False)


@app.command()
def relink(
    db: DbOption = None,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="Recompute entities and stories from scratch (after a threshold change)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Re-run the corpus step over the whole store: entities, merged events, quote links,
    contradictions, stories.

    `rasad ingest` runs it after each run; re-running changes nothing unless
    articles were added (they join the existing entities, events and stories).
    """
    from dataclasses import asdict

    from rasad.analyze.corpus import run_corpus_step

    with open_store(db) as store, progress_bars() as bars:
        report = run_corpus_step(store, relink=fresh, progress=bars)
    for article_id, reason in report.failed:
        err.print(f"FAILED article {article_id}: {shown(reason)}", markup=False)
    if as_json:
        print_json(asdict(report))
        return
    out.print(report.line(), markup=False)


# ---------------------------------------------------------------------------
# Single documents
# ---------------------------------------------------------------------------


def _read_documents(source: str, allow_private: bool) -> list[Any]:
    """The documents of FILE, URL or stdin ("-"), read by rasad.ingest; exit on failure."""
    from rasad.ingest import Failure, iter_documents

    docs = []
    for item in iter_documents([source], allow_private=allow_private):
        if isinstance(item, Failure):
            raise fail(f"{item.item}: {item.reason}", 1)
        docs.append(item)
    if not docs:
        raise fail(f"{source}: no document found", 1)
    return docs


@app.command()
def analyze(
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="A file, URL, or - for stdin.")],
    lang: Annotated[
        str | None, typer.Option("--lang", callback=lang_checker(TEXT_LANGS), help="The article's language (fa, ar, en); detected when not given.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Publication date, YYYY-MM-DD, to resolve relative dates against."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the export structure (docs/export-schema.md) as JSON.")
    ] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow a URL on a loopback/private address.")
    ] = False,
) -> None:
    """Run the whole pipeline on one document without storing it.

    With --json it prints the same structure as `rasad export`, for this
    article and the facts found in it; without, a readable view.
    """
    from rasad.pipeline import StageError
    from rasad.service import analyze_documents

    docs = _read_documents(source, allow_private)
    try:
        result = analyze_documents(docs, lang=lang, date=date)
    except (StageError, ValueError) as exc:
        raise fail(f"{source}: {exc}", 1) from exc
    if as_json:
        print_json(result)
        return
    for record in result["articles"]:
        facts = {
            name: [x for x in result[name] if x.get("article") == record["id"]
                   or any(ref.get("article") == record["id"] for ref in x.get("mentions", []) + x.get("sources", []))]
            for name in ("entities", "times", "events", "quotes", "claims")
        }  # fmt: skip
        out.print(render_article(record, facts))


@app.command()
def normalize(
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(TEXT_LANGS), help="Language of the text: fa or ar (en passes through).")],
) -> None:
    """Normalise text from stdin to stdout (for fa, missing ZWNJs are restored)."""
    from rasad import text as text_layer
    from rasad.ingest.base import IngestError
    from rasad.ingest.decode import decode_bytes

    raw = sys.stdin.buffer.read()
    if not raw:
        return
    try:
        data, _ = decode_bytes(raw)
    except IngestError as exc:
        raise fail(f"stdin: {exc}", 1) from exc
    sys.stdout.write(text_layer.normalize(data, lang))


# ---------------------------------------------------------------------------
# Entities (rasad.link.entities): `rasad entities`, `rasad entity NAME`
# ---------------------------------------------------------------------------


def _linked_index(store: Any) -> Any:
    """Link whatever mentions are not linked yet (incremental), then return the index."""
    from rasad.link.entities import link_store, load_index

    index = load_index(store)
    with progress_bars() as bars:
        report = link_store(store, index, progress=bars)
    for article_id, reason in report.failed:
        err.print(f"FAILED article {article_id}: {shown(reason)}", markup=False)
    return index


@app.command()
def entities(
    db: DbOption = None,
    etype: Annotated[
        str | None, typer.Option("--type", metavar="TYPE", help="Only this type: PER, ORG, GPE, LOC or FAC.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", callback=lang_checker(TEXT_LANGS), help="Only entities named in this language (fa, ar, en).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most N entities (0: all).")
    ] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the first N (paging).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List the entities of the corpus, most mentioned first, 100 at a time (--limit, --offset).

    Mentions not yet linked are linked first (new articles join the entities
    already in the database). The list is read from the database as stored:
    labels are computed when entities change, not when they are listed.
    """
    from rasad.link.entities import ENTITY_TYPES, link_store, list_entities

    etype = checked_choice(etype, ENTITY_TYPES, "--type")
    with open_store(db) as store:
        with progress_bars() as bars:
            linked = link_store(store, progress=bars)
        for article_id, reason in linked.failed:
            err.print(f"FAILED article {article_id}: {shown(reason)}", markup=False)
        total, rows = list_entities(store, etype, lang, limit or None, offset)
    if as_json:
        print_json(rows)
        return
    span = f"{offset + 1}-{offset + len(rows)} of {total}" if rows and len(rows) < total else str(total)
    table = Table(title=f"{span} entities")
    for column in ("id", "label", "type", "country", "mentions", "articles", "aliases"):
        table.add_column(column, overflow="fold")
    for r in rows:
        names = r["aliases"].get(lang, []) if lang else [a for v in r["aliases"].values() for a in v]
        table.add_row(
            r["id"], Text(shown(r["label"])), r["type"], r["country"] or "", str(r["mention_count"]),
            str(len(r["articles"])), Text(shown("، ".join(names[:6]))),
        )  # fmt: skip
    out.print(table)


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name in any script (Persian, Arabic) or in English.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the entities a name denotes: aliases by language, articles, co-occurring entities."""
    from rasad.link.entities import describe
    from rasad.store import models as m

    with open_store(db) as store:
        index = _linked_index(store)
        hits = [describe(index, e) for e in index.find(name)]
        titles: dict[Any, str] = {}
        with store.session() as session:
            for hit in hits:
                for aid in hit["articles"]:
                    row = session.get(m.Article, aid) if isinstance(aid, int) else None
                    titles[aid] = (row.title or Path(row.source or "").name) if row is not None else ""
    if not hits:
        raise fail(f"no entity named {name!r}", 1)
    if as_json:
        print_json([{**h, "articles": [{"id": a, "title": titles.get(a)} for a in h["articles"]]} for h in hits])
        return
    for h in hits:
        lines = [f"{h['type']}  country: {h['country'] or '-'}  mentions: {h['mention_count']}"]
        for lg, names in h["aliases"].items():
            if names:
                lines.append(f"{lg}: {'، '.join(names)}")
        lines.append("articles: " + "; ".join(f"{a} {titles.get(a) or ''}".strip() for a in h["articles"]))
        if h["cooccurs"]:
            lines.append("with: " + "; ".join(f"{c['label']} ({c['type']}, {c['articles']})" for c in h["cooccurs"]))
        out.print(Panel(Text(shown("\n".join(lines))), title=Text(shown(f"{h['label']}  [{h['id']}]"))))


# ---------------------------------------------------------------------------
# Time (rasad.extract.time): `rasad dates`, `rasad eval dates`
# ---------------------------------------------------------------------------

#: `rasad eval ...`: scores on the peer/test sets; other stages add their commands here.
eval_app = typer.Typer(cls=_Commands, help="Score rasad on public test sets (../shared/data).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@app.command()
def dates(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="A text file in any common encoding (or HTML page), or - for stdin.")
    ],
    lang: Annotated[
        str | None, typer.Option("--lang", callback=lang_checker(TEXT_LANGS), help="Language of the text (fa, ar, en); guessed when not given.")
    ] = None,
    anchor: Annotated[
        str | None,
        typer.Option("--anchor", help="Article date, YYYY-MM-DD; relative dates count from it. Wins over inference."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the time expressions of a text and the article date (given or inferred)."""
    from rasad.extract.time import analyse

    docs = _read_documents(source, allow_private=False)
    if len(docs) > 1:
        err.print(f"{source} holds {len(docs)} documents; listing the first", markup=False)
    try:
        result = analyse(docs[0].text, lang, anchor=anchor)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    date = None if result.date is None else {
        "value": result.date.value, "precision": result.date.precision, "calendar": result.date.calendar,
        "inferred": result.date.inferred, "why": result.date.why, "confidence": result.date.confidence,
    }  # fmt: skip
    times = [
        {"id": i, "start": t.start, "end": t.end, "text": t.text, "value": t.value, "precision": t.precision,
         "calendar": t.calendar, "kind": t.kind, "inferred": t.inferred}
        for i, t in enumerate(result.times, 1)
    ]  # fmt: skip
    if as_json:
        print_json({"date": date, "times": times, "unresolved": result.errors})
        return
    if date is None:
        out.print("article date: unknown (no dated evidence in the text)", markup=False)
    else:
        how = "inferred" if date["inferred"] else "given"
        out.print(f"article date: {date['value']} ({date['precision']}, {how}, confidence {date['confidence']:.2f})", markup=False)
        out.print(f"  why: {date['why']}", markup=False)
    table = Table("span", "text", "value", "precision", "calendar", "kind", "inferred")
    for t in times:
        table.add_row(f"{t['start']}-{t['end']}", Text(shown(t["text"])), str(t["value"]), str(t["precision"]),
                      t["calendar"], t["kind"], "yes" if t["inferred"] else "")  # fmt: skip
    out.print(table)
    for e in result.errors:
        out.print(f"unresolved {e['start']}-{e['end']} {e['text']!r}: {e['reason']}", markup=False)


@eval_app.command("dates")
def eval_dates(
    data: Annotated[
        Path | None, typer.Option("--data", help="Folder of the peer sets (default: ../shared/data/dates).")
    ] = None,
    as_json: JsonOption = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every failing case.")] = False,
) -> None:
    """Score date recognition on dateparser's, persiantools' and parstdex's test sets."""
    from rasad.extract.time.evaluate import DEFAULT_DATA, evaluate, format_report

    try:
        with progress_bars() as bars:
            report, failures = evaluate(data or DEFAULT_DATA, progress=bars)
    except FileNotFoundError as exc:
        raise fail(str(exc), 1) from exc
    if as_json:
        print_json(report)
    else:
        out.print(format_report(report), markup=False)
    if errors:
        for cat, item, detail in failures:
            out.print(f"FAIL [{cat}] {item} :: {detail}", markup=False)


# ---------------------------------------------------------------------------
# NER (rasad.extract.ner): `rasad train ner`, `rasad eval ner`
# ---------------------------------------------------------------------------

#: `rasad train ...`: rebuild shipped models from ../shared/data.
train_app = typer.Typer(cls=_Commands, help="Train rasad's models from ../shared/data.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner(
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(MODEL_LANGS), help="fa (PEYMA) or ar (ANERcorp).")],
    data: Annotated[Path | None, typer.Option("--data", help="Folder of the NER corpora (default: ../shared/data/ner).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Model folder (default: the shipped rasad/models/ner-LANG).")] = None,
    sparse_only: Annotated[bool, typer.Option("--sparse-only", help="No e5 at all: a CRF over sparse features only.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="e5-ft (e5 layers fully fine-tuned, distilled from 12-layer teachers; the shipped kind), crf (CRF over sparse features + frozen e5 vectors) or e5-lora (LoRA adapters).")] = None,
    epochs: Annotated[int | None, typer.Option("--epochs", min=1, help="Fine-tuning epochs (default per kind; e5-ft: teachers and student alike).")] = None,
    layers: Annotated[int | None, typer.Option("--layers", min=1, max=12, help="e5 layers kept in the fine-tuned model (default per language).")] = None,
    device: Annotated[str, typer.Option("--device", help="Where fine-tuning runs: cpu, cuda, or auto (cuda when torch sees a GPU). e5-ft takes minutes on a GPU and many hours on a CPU.")] = "auto",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N sentences of each training file (and N unlabelled ones): quick checks.")] = None,
) -> None:
    """Train the NER model for a language and print its dev/test scores.

    The model and its MODEL_CARD.md are written to --out (default: the shipped folder).
    """
    from rasad.extract.ner.train import train

    if device == "auto":
        import importlib.util

        device = "cpu"
        if importlib.util.find_spec("torch") is not None:
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
    from rasad.progress import using

    try:
        with progress_bars() as bars, using(bars):
            meta = train(
                lang, data_dir=data, out_dir=out_dir, use_e5=not sparse_only,
                kind=kind, epochs=epochs, layers=layers, device=device, limit=limit,
            )
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        raise fail(str(exc), 1) from exc
    print_json(meta)


@train_app.command("parse")
def train_parse(
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(MODEL_LANGS), help="fa (PerDT, Seraji) or ar (PADT v1.2).")],
    data: Annotated[Path | None, typer.Option("--data", help="Folder of the UD treebanks (default: ../shared/data/ud).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Model folder (default: the shipped rasad/models/parse-LANG).")] = None,
    epochs: Annotated[int | None, typer.Option("--epochs", min=1, help="Fine-tuning epochs (default 8).")] = None,
    layers: Annotated[int | None, typer.Option("--layers", min=1, max=12, help="e5 layers kept and fine-tuned (default 6).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Train on the first N sentences only: quick checks.")] = None,
) -> None:
    """Train the dependency parser of a language on the fixed split of its treebanks.

    Prints the scores; writes the model, meta.json and MODEL_CARD.md to --out.
    Takes tens of minutes per epoch on a laptop CPU.
    """
    from rasad.extract.parse import model as parse_model
    from rasad.extract.parse.train import EPOCHS, train
    from rasad.progress import using

    try:
        with progress_bars() as bars, using(bars):
            meta = train(lang, data_dir=data, out_dir=out_dir, epochs=epochs or EPOCHS,
                         n_layers=layers or parse_model.N_LAYERS, limit=limit)
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc), 1) from exc
    print_json({k: meta[k] for k in ("lang", "dev", "test", "train_seconds")})


def _read_trees(path: Path, lang: str) -> list[Any]:
    from rasad.extract.parse.conllu import ConlluError, read_conllu

    try:
        return read_conllu(path, plain=lang == "ar")
    except (OSError, UnicodeDecodeError, ConlluError) as exc:
        raise fail(f"{path}: {exc}", 1) from exc


def _shipped_parser(lang: str, model: Path | None) -> Any:
    from rasad.extract.parse import Parser, parser

    try:
        return Parser(model) if model else parser(lang)
    except FileNotFoundError as exc:
        raise fail(str(exc), 1) from exc


@train_app.command("events")
def train_events(
    out_dir: Annotated[Path | None, typer.Option("--out", help="Model folder (default: the shipped rasad/models/event-filter).")] = None,
    tagger: Annotated[bool, typer.Option("--tagger", help="Also train and ship the trigger tagger (off by default: see the model card).")] = False,
) -> None:
    """Train the event filter on the annotated sentences (benchmarks/data/event_sentences).

    Runs the pipeline over the pooled articles of ../shared/data/news, fits the
    type and roles models on train, calibrates them and picks the default
    --min-confidence on dev, and scores dev and test. Writes weights.npz,
    meta.json and MODEL_CARD.md. A few minutes on a laptop CPU.
    """
    from rasad.extract import event_filter
    from rasad.extract.event_filter_train import train

    try:
        with progress_bars() as bars:
            meta = train(out_dir or event_filter.MODEL_DIR, lambda n, total: bars("articles", n, total), tagger)
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc), 1) from exc
    print_json({k: meta[k] for k in ("threshold", "labelled_sentences", "scores")})


@eval_app.command("events")
def eval_events(
    split: Annotated[str, typer.Option("--split", help="Annotated split to score: dev or test (train is what the model saw).")] = "test",
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", min=0.0, max=1.0, help="Threshold (default: the shipped one).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Precision and recall of events on the annotated sentences (docs/event-annotation.md).

    Precision: of the events kept at the threshold, the share of the right type,
    and of the right type with the right actor, recipient and modality. Recall:
    the share of annotated events found with their type (and, fully, with
    roles and trigger).
    """
    from rasad.extract import event_filter
    from rasad.extract import event_filter_train as training

    split = checked_choice(split, ("train", "dev", "test"), "--split", str.lower) or "test"
    model = event_filter.shipped()
    if model is None:
        raise fail(f"no event filter at {event_filter.MODEL_DIR}: run `rasad train events`", 1)
    floor = event_filter.default_threshold() if min_confidence is None else min_confidence
    try:
        with event_filter.disabled():
            data = [d for d in training.items() if d["split"] == split]
    except FileNotFoundError as exc:
        raise fail(f"the annotated sentences need their articles: {exc}", 1) from exc
    decided = training.decide_all(model, data)
    report = {
        "split": split, "threshold": floor, "precision": training.scores(data, decided, floor),
        "recall": training.recall(data, decided, floor, split), "calibration": training.calibration(data, decided),
    }  # fmt: skip
    if as_json:
        print_json(report)
        return
    p, r = report["precision"], report["recall"]
    out.print(f"{split}: {p['kept']} of {p['of']} events kept at confidence >= {floor:g}")
    out.print(f"precision: type {p['precision_type'] or 0:.3f}, type and roles {p['precision'] or 0:.3f}")
    out.print(f"recall of {r['annotated_events']} annotated events: type {r['recall_type'] or 0:.3f}, full {r['recall_full'] or 0:.3f}")
    out.print(f"calibration error (ECE): {report['calibration']['ece']:.3f}")


@train_app.command("translit")
def train_translit(
    data: Annotated[Path | None, typer.Option("--data", help="Folder of the name lists (default: ../shared/data/names).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Model folder (default: the shipped rasad/models/translit).")] = None,
    epochs: Annotated[int | None, typer.Option("--epochs", min=1, help="Training epochs (default 8).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Train on N random pairs only: quick checks.")] = None,
    lexicon_only: Annotated[bool, typer.Option("--lexicon-only", help="Rebuild only the labels' dictionary (lexicon.tsv.gz, seconds).")] = False,
) -> None:
    """Train the transliteration model (Arabic script to Latin) and its word table.

    Trains on the train rows of the ANETAC, Wikidata and Google name lists, with
    every word whose form is a dev or test word of any list left out, keeps the
    epoch best on dev, and writes weights.npz, table.tsv.gz, meta.json and
    MODEL_CARD.md. About 12-15 minutes on a laptop CPU. It also writes
    lexicon.tsv.gz, the dictionary that English labels read: the majority
    spelling of each word over every split (test words included, so it is never
    scored on them).
    """
    from rasad.link import translit_train

    if lexicon_only:
        try:
            print_json(translit_train.build_lexicon(data or translit_train.DATA_DIR, out_dir))
        except FileNotFoundError as exc:
            raise fail(str(exc), 1) from exc
        return
    try:
        meta = translit_train.train(
            out_dir=out_dir, data_dir=data or translit_train.DATA_DIR, epochs=epochs or translit_train.EPOCHS,
            limit=limit, progress=lambda msg: err.print(msg, markup=False),
        )  # fmt: skip
    except FileNotFoundError as exc:
        raise fail(str(exc), 1) from exc
    print_json({k: meta[k] for k in ("training_pairs", "table_words", "best_epoch", "dev", "fa_dev_letter_for_gaf", "train_seconds")})


@eval_app.command("translit")
def eval_translit(
    split: Annotated[str, typer.Option("--split", help="Split of each name list to score: dev or test.")] = "test",
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score today's romaniser (arabic-name-romanizer, without and with its model; minutes).")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N words of each list.")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Folder of the name lists (default: ../shared/data/names).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Word accuracy and character error rate of the transliteration model on the name lists.

    Per list (ANETAC, Wikidata, Google) and on a Persian list, words and whole
    names (benchmarks/data/translit_fa_check.tsv for test, translit_fa_dev.tsv
    for dev): the model alone, and the word table first with the model for other words. A word is
    right when the top spelling equals any of its reference spellings (case-insensitive).
    """
    from rasad.link import translit_train

    split = checked_choice(split, ("dev", "test"), "--split", str.lower) or "test"
    systems = translit_train.SYSTEMS if baseline else translit_train.SYSTEMS[:2]
    try:
        report = translit_train.evaluate(split, data or translit_train.DATA_DIR, systems, limit=limit)
    except FileNotFoundError as exc:
        raise fail(str(exc), 1) from exc
    if as_json:
        print_json(report)
        return
    table = Table("list", "system", "words", "accuracy", "accuracy (loose)", "CER")
    for name, by_system in report["sources"].items():
        for system, r in by_system.items():
            table.add_row(name, system, str(r["words"]), f"{r['accuracy']:.3f}", f"{r['accuracy_loose']:.3f}", f"{r['cer']:.3f}")
    out.print(table)


@eval_app.command("parse")
def eval_parse(
    conllu: Annotated[Path, typer.Argument(help="A CoNLL-U file with gold heads and relations (UD v1 relations are renamed to v2).")],
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(MODEL_LANGS), help="fa or ar: which shipped parser to score.")],
    model: Annotated[Path | None, typer.Option("--model", help="A parser folder instead of the shipped one.")] = None,
    held_out: Annotated[bool, typer.Option("--held-out", help="Score only the second half of the file: the held-out part when the file is the treebank split file (see the model card).")] = False,
    as_json: JsonOption = False,
) -> None:
    """UAS and LAS of the parser on gold tokens (every word, punctuation included), with per-relation figures."""
    from rasad.extract.parse.train import REPORTED_RELATIONS, evaluate

    trees = _read_trees(conllu, lang)
    if held_out:
        trees = trees[len(trees) // 2 :]
    scores = evaluate(_shipped_parser(lang, model).parse, trees)
    if as_json:
        print_json(scores)
        return
    out.print(f"{scores['sentences']} sentences, {scores['words']} words: UAS {scores['uas']:.4f}, LAS {scores['las']:.4f}")
    table = Table("relation", "gold", "precision", "recall", "F1")
    for rel in REPORTED_RELATIONS:
        v = scores["relations"].get(rel)
        if v:
            table.add_row(rel, str(v["gold"]), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}")
    out.print(table)


@app.command()
def parse(
    source: Annotated[str, typer.Argument(metavar="FILE", help="A CoNLL-U file (with --conllu), or a text file; - for stdin.")],
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(MODEL_LANGS), help="fa or ar.")],
    conllu: Annotated[bool, typer.Option("--conllu", help="FILE is CoNLL-U: parse its words (HEAD and DEPREL may be blank) and keep every other column.")] = False,
    model: Annotated[Path | None, typer.Option("--model", help="A parser folder instead of the shipped one.")] = None,
) -> None:
    """Parse into Universal Dependencies (v2): print CoNLL-U with HEAD and DEPREL filled.

    Without --conllu the text is split into sentences and words by rasad's
    text stage, and each word is one CoNLL-U line.
    """
    from rasad.extract.parse.conllu import ConlluError, Tree, iter_conllu

    parser = _shipped_parser(lang, model)
    if conllu:
        try:
            if source == "-":
                trees = list(iter_conllu(sys.stdin, "-", plain=lang == "ar"))
            else:
                trees = _read_trees(Path(source), lang)
        except (ConlluError, UnicodeDecodeError) as exc:
            raise fail(f"{source}: {exc}", 1) from exc
    else:
        from rasad import pipeline

        trees = []
        for doc in _read_documents(source, allow_private=False):
            doc.lang = lang
            doc = pipeline.run(doc, ["rasad.text"])
            for number, sent in enumerate(doc.sentences, 1):
                tokens = [t for t in doc.tokens if sent.start <= t.start < sent.end]
                if not tokens:
                    continue
                words = [doc.text[t.start : t.end] for t in tokens]
                rows = [[str(i), w, *["_"] * 7, f"TokenRange={t.start}:{t.end}"]
                        for i, (w, t) in enumerate(zip(words, tokens, strict=True), 1)]
                comments = [f"# sent_id = {number}", f"# text = {' '.join(doc.text[sent.start:sent.end].split())}"]
                trees.append(Tree(words, [-1] * len(words), [""] * len(words), rows, comments))
    parsed = parser.parse([t.words for t in trees])
    for tree, (heads, rels) in zip(trees, parsed, strict=True):
        tree.heads, tree.rels = heads, rels
        sys.stdout.write(tree.to_conllu())


@eval_app.command("ner")
def eval_ner(
    conll: Annotated[Path, typer.Argument(metavar="FILE.conll", help="token<TAB>tag lines, BIO tags, blank line between sentences.")],
    lang: Annotated[str, typer.Option("--lang", callback=lang_checker(MODEL_LANGS), help="fa or ar: which shipped model to score.")],
    model: Annotated[Path | None, typer.Option("--model", help="A model folder instead of the shipped one.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Strict (conlleval) entity precision, recall and F1, overall and per type."""
    from rasad.extract.ner.conll import ConllError
    from rasad.extract.ner.train import evaluate

    try:
        with progress_bars() as bars:
            res = evaluate(conll, lang, folder=model, progress=bars)
    except (ConllError, FileNotFoundError, ValueError) as exc:
        raise fail(str(exc), 1) from exc
    if as_json:
        print_json({k: res[k] for k in ("overall", "per_type", "tokens_per_s")})
        return
    table = Table("type", "precision", "recall", "F1", "support")
    for typ, d in res["per_type"].items():
        table.add_row(typ, f"{d['p']:.4f}", f"{d['r']:.4f}", f"{d['f1']:.4f}", str(d["support"]))
    o = res["overall"]
    table.add_row("overall", f"{o['p']:.4f}", f"{o['r']:.4f}", f"{o['f1']:.4f}", "")
    out.print(table)
    out.print(f"{res['tokens']} tokens, {res['sentences']} sentences, {res['tokens_per_s']} tokens/s", markup=False)


# ---------------------------------------------------------------------------
# Facts (rasad.extract.events/quotes/claims, rasad.analyze.contradictions):
# `rasad events`, `rasad quotes`, `rasad claims`
# ---------------------------------------------------------------------------

#: `--limit` and `--offset` of the fact listings.
LimitOption = Annotated[int, typer.Option("--limit", min=0, help="Show at most N (0: all, the default).")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip the first N (paging).")]


def _named_entities(store: Any, entity_name: str | None) -> set[str] | None:
    """The ids an --entity/--speaker name denotes (None without one); unknown names exit 1.

    Mentions not linked yet are linked first (as the listings always did), so a
    new article's names are found."""
    if entity_name is None:
        _link_pending(store)
        return None
    index = _linked_index(store)
    wanted = {e.id for e in index.find(entity_name)}
    if not wanted:
        raise fail(f"no entity named {entity_name!r}", 1)
    return wanted


def _link_pending(store: Any) -> None:
    """Link the mentions not linked yet (nothing is read when there are none)."""
    from rasad.link.entities import link_store

    with progress_bars() as bars:
        report = link_store(store, progress=bars)
    for article_id, reason in report.failed:
        err.print(f"FAILED article {article_id}: {shown(reason)}", markup=False)


def _page_title(total: int, shown_rows: int, offset: int, what: str) -> str:
    """A listing's title: "12 events", or "101-200 of 1234 events" for a page of a longer list."""
    if shown_rows and shown_rows < total:
        return f"{offset + 1}-{offset + shown_rows} of {total} {what}"
    return f"{total} {what}"


def _page_labels(store: Any, pairs: Sequence[tuple[Any, dict[str, Any]]]) -> dict[str, str]:
    """English labels of the entities a page of facts' articles name."""
    from rasad.analyze.corpus import doc_entity_ids, entity_labels

    docs = list({id(d): d for d, _ in pairs}.values())
    with store.session() as session:
        return entity_labels(session, doc_entity_ids(docs))


def _date_text(date: dict[str, Any] | None) -> str:
    """An event date as a reader sees it: "2024-04-03", "on or before 2024-04-03 (article date)"."""
    if not date or not date.get("value"):
        return ""
    if date.get("basis") == "article":
        word = "after" if date.get("relation") == "after" else "on or before"
        return f"{word} {date['value']} (article date)"
    return str(date["value"])


@app.command()
def events(
    db: DbOption = None,
    entity_name: Annotated[str | None, typer.Option("--entity", help="Only events this entity takes part in.")] = None,
    etype: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help=f"Only this PLOVER type: {', '.join(event_types())}."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence", min=0.0, max=1.0,
            help="Only events at least this confident (0-1). Default: the event filter's threshold, "
            "chosen on annotated dev sentences (see docs/facts.md); 0 lists every event.",
        ),
    ] = None,
    limit: LimitOption = 0,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List the corpus's events, each reported event once with all its sources.

    Each event carries the learned filter's confidence that it is coded right
    (type, participants, modality); events below --min-confidence are left out.
    Merged events are stored by the corpus step (`rasad relink`); it runs first
    when some article has not been through it. The filters run in the
    database; --limit and --offset page the list (in id order).
    """
    from rasad.analyze.corpus import ensure_current, event_page
    from rasad.extract.event_filter import default_threshold

    etype = checked_choice(etype, event_types(), "--type")
    floor = default_threshold() if min_confidence is None else min_confidence
    with open_store(db) as store:
        wanted = _named_entities(store, entity_name)
        ensure_current(store)
        total, rows = event_page(store, etype=etype, entities=wanted, min_confidence=floor, limit=limit or None, offset=offset)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{_page_title(total, len(rows), offset, 'events')} (confidence >= {floor:g})")
    for column in ("type", "mode", "modality", "date", "confidence", "event", "articles"):
        table.add_column(column, overflow="fold")
    for e in rows:
        articles = sorted({str(s.get("article")) for s in e["sources"]})
        conf = e.get("confidence")
        table.add_row(e["type"], e["mode"] or "", e["modality"], _date_text(e.get("date")),
                      "" if conf is None else f"{conf:.2f}", Text(shown(e["english"])), ", ".join(articles))  # fmt: skip
    out.print(table)


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only quotes of this person or organisation.")] = None,
    limit: LimitOption = 0,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List the quotes with their speakers; the same statement in other articles is in same_as.

    Only the listed quotes' articles are read; --speaker reads the articles
    that name the speaker. --limit and --offset page the list (in article order).
    """
    from rasad.analyze.contradictions import ref_key
    from rasad.analyze.corpus import ensure_current, fact_page
    from rasad.english import quote_line
    from rasad.export.records import ArticleRefs, resolve_ref

    with open_store(db) as store:
        ensure_current(store)  # same_as is filled by the corpus step
        wanted = _named_entities(store, speaker)
        total, page = fact_page(store, "quotes", speakers=wanted, limit=limit or None, offset=offset)
        labels = _page_labels(store, page)
    rows = []
    for doc, q in page:
        refs = ArticleRefs(doc.meta["id"], doc.mentions)  # the speaker as the export's entity id
        key = ref_key(doc, q.get("speaker"))
        english = quote_line({**q, "speaker": key}, doc=doc, labels=labels)
        rows.append({**q, "speaker": resolve_ref(q.get("speaker"), refs, f"quote {q['id']}"), "english": english})
    if as_json:
        print_json(rows)
        return
    table = Table(title=_page_title(total, len(rows), offset, "quotes"))
    for column in ("article", "quote", "same as"):
        table.add_column(column, overflow="fold")
    for q in rows:
        table.add_row(str(q["article"]), Text(shown(q["english"])), ", ".join(f"qt{x}" for x in q.get("same_as") or []))
    out.print(table)


@app.command()
def claims(
    db: DbOption = None,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="Show figures that conflict or differ across articles, and confirmations.")
    ] = False,
    severity: Annotated[
        str | None,
        typer.Option(
            "--severity", metavar="LEVEL",
            help=f"Only disagreements of this severity ({', '.join(SEVERITIES)}); implies --conflicts, confirmations left out.",
        ),
    ] = None,
    limit: LimitOption = 0,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List the numeric claims, or (--conflicts) where sources disagree, each with its severity.

    --limit and --offset page the list: the claims in article order, or the
    disagreements and then the confirmations; with --conflicts --json the
    object also holds ``total`` (how many of each match).
    """
    from rasad.analyze.corpus import contradiction_page, ensure_current, fact_page
    from rasad.english import claim_line
    from rasad.export.records import ArticleRefs, resolve_refs

    severity = checked_choice(severity, SEVERITIES, "--severity", str.lower)
    if conflicts or severity is not None:
        with open_store(db) as store:
            ensure_current(store)
            totals, result = contradiction_page(store, severity=severity, limit=limit or None, offset=offset)
        if as_json:
            print_json({**result, "total": totals})
            return
        listed = len(result["contradictions"]) + len(result["confirmations"])
        title = f"{totals['contradictions']} disagreements, {totals['confirmations']} confirmations"
        if listed < sum(totals.values()):
            title += f" (listed: {offset + 1}-{offset + listed})" if listed else " (none listed)"
        table = Table(title=title)
        for column in ("kind", "severity", "why", "items"):
            table.add_column(column, overflow="fold")
        for c in [*result["contradictions"], *result["confirmations"]]:
            table.add_row(c["kind"], "" if c["kind"] == "confirm" else str(c.get("severity") or ""),
                          Text(shown(c["why"] or "")), f"{c['list']}: " + ", ".join(map(str, c["items"])))  # fmt: skip
        out.print(table)
        return
    with open_store(db) as store:
        _named_entities(store, None)  # labels of entities as linked now
        total, page = fact_page(store, "claims", limit=limit or None, offset=offset)
        labels = _page_labels(store, page)
    rows = []
    for doc, c in page:
        refs = ArticleRefs(doc.meta["id"], doc.mentions)  # subjects as the export's entity ids
        subjects = resolve_refs(c.get("subjects"), refs, f"claim {c['id']}")
        rows.append({**c, "subjects": subjects, "english": claim_line(c, doc=doc, labels=labels)})
    if as_json:
        print_json(rows)
        return
    table = Table(title=_page_title(total, len(rows), offset, "claims"))
    for column in ("article", "claim", "text"):
        table.add_column(column, overflow="fold")
    for c in rows:
        table.add_row(str(c["article"]), Text(shown(c["english"])), Text(shown(c["text"])))
    out.print(table)


# ---------------------------------------------------------------------------
# The machine: `rasad doctor`
# ---------------------------------------------------------------------------


@app.command()
def doctor(as_json: JsonOption = False) -> None:
    """What rasad finds on this machine and what it chose for it.

    CPU features (as torch reports them), the encoder kernel (fp32, bf16 or
    int8) and thread count chosen for them, the environment variables that
    override the choice (RASAD_KERNEL, RASAD_THREADS, RASAD_NER), which NER
    model each language loads, and installed packages whose versions differ
    from constraints.txt. Loads no model.
    """
    from rasad.doctor import report

    data = report()
    if as_json:
        print_json(data)
        return
    table = Table(title=f"rasad {data['rasad']} on {data['platform']}", show_header=False)
    table.add_column("what")
    table.add_column("value", overflow="fold")
    cpu = data["cpu"]
    flags = [k for k in ("avx2", "avx512", "avx512_bf16", "amx", "vnni") if cpu.get(k)]
    table.add_row("python", data["python"])
    table.add_row("cpu", f"{cpu['machine']}, {cpu['cores']} cores, torch {cpu['torch_capability']}: {', '.join(flags) or '-'}")
    enc = data["encoder"]
    table.add_row("encoder", enc.get("error") or f"{enc['kernel']}: {enc['reason']}")
    if "threads_now" in enc:
        table.add_row(
            "threads",
            f"{enc['threads_now']} now ({enc['busy_cores_now']} cores busy with other work); {enc['threads_idle']} on an idle machine",
        )
    table.add_row("torch", data["torch"] or "not installed (NER uses the sparse model)")
    table.add_row("e5 weights", data["e5_weights"] or "not installed")
    for lang, m in data["ner_models"].items():
        table.add_row(f"NER {lang}", m.get("error") or f"{m['kind']} ({m['loads']})")
    for name, value in data["settings"].items():
        table.add_row(name, value)
    table.add_row("packages", "; ".join(data["package_drift"]) or "as pinned in constraints.txt")
    out.print(table)


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()
