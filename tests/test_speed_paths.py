"""The paths that make the corpus step and listings fast give the same results as the plain ones:
bucketed pair loops, batched romanisation, stored labels, progress reports.

Texts are written here (made-up names); nothing comes from the seeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rasad import progress
from rasad.analyze import contradictions as cx
from rasad.cli import app
from rasad.link import entities as le
from rasad.link import names


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 4)), max_size=40))
def test_pairs_within_buckets_are_the_double_loops_pairs_in_its_order(keys: list[int | None]) -> None:
    plain = [(i, j) for i in range(len(keys)) for j in range(i + 1, len(keys)) if keys[i] is not None and keys[i] == keys[j]]
    assert list(cx._pairs_within(keys, lambda k: k)) == plain


def _claim(cid: str, article: int, value: float, unit: str, topic: str | None, keys: list[str]) -> dict[str, Any]:
    return {"id": cid, "article": article, "value": value, "unit": unit, "topic": topic, "keys": keys,
            "comparator": "exactly", "lang": "fa", "start": 0, "end": 1, "text": "x", "names": {}}  # fmt: skip


def test_compare_claims_finds_what_the_plain_loop_finds() -> None:
    claims = [
        _claim("a", 1, 30, "percent", "oil", ["cc:AA"]),
        _claim("b", 2, 60, "percent", "oil", ["cc:AA"]),
        _claim("c", 3, 30, "percent", "oil", ["cc:AA"]),
        _claim("d", 4, 30, "usd", "oil", ["cc:AA"]),  # another unit: never compared
        _claim("e", 5, 61, "percent", "gas", ["cc:AA"]),  # another topic
        _claim("f", 6, 59, "percent", "oil", ["cc:BB"]),  # no shared subject
    ]
    contradictions, confirmations = cx.compare_claims(claims)
    pairs = {tuple(c["items"]) for c in contradictions}
    assert pairs == {("a", "b"), ("b", "c")}
    assert [c["items"] for c in confirmations] == [["a", "c"]]


def test_prefetched_romanisations_are_served_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    rom = names._get_romanizer(True)
    if not rom:
        pytest.skip("arabic-name-romanizer's model is not installed")
    words = ["کاوه", "زرین‌دست", "مهرگان"]
    for w in words:
        names._word_cache.pop((w, "IR", True), None)
    assert names.prefetch([(w, "IR") for w in words] + [("Latin", None)]) == len(words)
    assert names.prefetch([(w, "IR") for w in words]) == 0  # cached now: nothing to do
    found = {w: names._word_cache[(w, "IR", True)] for w in words}
    assert all(c and c[0].text.isascii() and c[0].text for c in found.values())

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the romaniser was called for a prefetched word")

    monkeypatch.setattr(rom, "transliterate", refuse)
    assert all(names._word_candidates(w, "IR", True) is found[w] for w in words)
    assert names.romanize_best(["کاوه مهرگان"], "IR").isascii()


def test_labels_are_computed_once_and_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    e = le.Entity(id="per:x", type="PER", aliases={"fa": ["کاوه مهرگان"], "ar": [], "en": []})
    calls: list[str] = []
    real = le.Entity.refresh_label

    def counting(self: le.Entity) -> None:
        calls.append(self.id)
        real(self)

    monkeypatch.setattr(le.Entity, "refresh_label", counting)
    assert e.label_stale()
    first = e.ensure_label()
    assert first and calls == ["per:x"]
    row = e.row()
    again = le.Entity.from_row(row)
    assert not again.label_stale() and again.record()["label"] == first
    assert calls == ["per:x"]  # read back from the row: nothing recomputed
    again.add_alias("ar", "كاوه مهركان")
    assert again.label_stale()
    again.record()
    assert calls == ["per:x", "per:x"]


def test_tracked_reports_before_the_first_and_after_each_item() -> None:
    heard: list[tuple[str, int, int | None]] = []
    assert list(progress.tracked("abc", "letters", lambda *a: heard.append(a))) == ["a", "b", "c"]
    assert heard == [("letters", 0, 3), ("letters", 1, 3), ("letters", 2, 3), ("letters", 3, 3)]
    assert list(progress.tracked(iter([1]), "n", None)) == [1]
    with progress.using(lambda *a: heard.append(a)):
        progress.current()("inner", 1, None)
    assert heard[-1] == ("inner", 1, None) and progress.current() is progress.silent


def test_the_corpus_step_reports_its_parts(seeds_dir: Path, tmp_path: Path) -> None:
    from rasad.analyze.corpus import run_corpus_step
    from rasad.service import ingest_into_store
    from rasad.store import Store

    heard: list[tuple[str, int, int | None]] = []
    with Store(f"sqlite:///{tmp_path / 'p.db'}") as store:
        ingest_into_store([str(seeds_dir)], store, corpus_step=False)
        report = run_corpus_step(store, progress=lambda *a: heard.append(a))
    steps = list(dict.fromkeys(step for step, _, _ in heard))
    assert steps[:2] == ["linking entities", "labelling entities"]
    assert {"merging events, quotes and claims", "encoding article vectors", "placing stories"} <= set(steps)
    assert ("linking entities", report.articles, report.articles) in heard
    assert all(done <= total for _, done, total in heard if total is not None)


def test_relink_and_eval_show_no_bar_when_stderr_is_not_a_terminal(seeds_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--no-corpus-step", "-q"]).exit_code == 0
    res = runner.invoke(app, ["relink", "--db", db])
    assert res.exit_code == 0 and "entities" in res.output and "ETA" not in res.output


def test_quote_vectors_are_cached_in_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from rasad.analyze.corpus import TextVectors
    from rasad.link import stories
    from rasad.store import Store
    from rasad.store import models as m

    encoded: list[str] = []

    def fake_encode(texts: list[str], progress: object = None) -> np.ndarray:
        encoded.extend(texts)
        rows = np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    monkeypatch.setattr(stories, "encode", fake_encode)
    with Store(f"sqlite:///{tmp_path / 'v.db'}") as store:
        with store.session() as session:
            cache = TextVectors(session)
            first = cache(["گفت که", "قال إن", "گفت که"])
            cache.save(session)
            session.commit()
        assert encoded == ["گفت که", "قال إن"]  # each distinct text once
        assert store.count(m.TextVector) == 2
        encoded.clear()
        with store.session() as session:
            again = TextVectors(session)(["قال إن", "گفت که", "تازه"])
        assert encoded == ["تازه"]  # only the text not cached was encoded
        assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])


def test_listing_from_sql_is_what_the_index_describes(seeds_dir: Path, tmp_path: Path) -> None:
    """`rasad entities` reads the store with a few queries; it lists what the full index would."""
    from rasad.service import ingest_into_store
    from rasad.store import Store

    with Store(f"sqlite:///{tmp_path / 'l.db'}") as store:
        ingest_into_store([str(seeds_dir)], store)
        index = le.load_index(store)
        total, rows = le.list_entities(store)
        assert total == len(index) == len(rows)
        by_id = {r["id"]: r for r in rows}
        for e in index:
            want = le.describe(index, e, top=5)
            got = by_id[e.id]
            for key in ("label", "type", "country", "aliases", "mention_count", "articles"):
                assert got[key] == want[key], (e.id, key)
            assert {c["id"] for c in got["cooccurs"]} <= set(e.neighbors)
        counts = [r["mention_count"] for r in rows]
        assert counts == sorted(counts, reverse=True)
        people_total, people = le.list_entities(store, "PER", limit=2, offset=1)
        assert people_total == sum(1 for e in index if e.type == "PER")
        assert [p["id"] for p in people] == [r["id"] for r in rows if r["type"] == "PER"][1:3]
        fa_total, _ = le.list_entities(store, lang="fa", limit=0)
        assert fa_total == sum(1 for e in index if e.aliases.get("fa"))


def test_read_commands_refuse_a_database_that_does_not_exist(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "typo.db"
    for command in (["stats"], ["report"], ["entities"], ["events"], ["search", "x"], ["relink"]):
        res = runner.invoke(app, [*command, "--db", f"sqlite:///{missing}"])
        assert res.exit_code == 1, (command, res.output)
        assert "no database at" in res.output and "rasad ingest" in res.output
        assert not missing.exists()  # nothing was created


@pytest.mark.parametrize(("command", "valid"), [
    (["entities", "--type", "XYZ"], "PER, ORG, GPE, LOC, FAC"),
    (["events", "--type", "FOO"], "CONSULT"),
])  # fmt: skip
def test_unknown_types_are_errors_that_list_the_valid_ones(tmp_path: Path, command: list[str], valid: str) -> None:
    from rasad.store import Store

    db = f"sqlite:///{tmp_path / 'v.db'}"
    Store(db).close()  # an existing, empty store
    res = CliRunner().invoke(app, [*command, "--db", db])
    assert res.exit_code == 2 and valid in res.output and "unknown value" in res.output


def test_events_help_lists_the_plover_types() -> None:
    from rasad.extract.events import event_types

    res = CliRunner().invoke(app, ["events", "--help"])
    assert res.exit_code == 0 and len(event_types()) == 16
    assert all(t in res.output for t in event_types())


def test_data_cannot_drive_the_terminal() -> None:
    from rasad.cli import shown

    assert shown("title\x1b]0;pwned\x07 \x1b[31mred\u009b") == "title\\x1b]0;pwned\\x07 \\x1b[31mred\\x9b"
    assert shown("خبر\u200c تازه\tok\n") == "خبر\u200c تازه\tok\n"  # ZWNJ, tabs and newlines stay


@pytest.mark.parametrize("args", [["search", "x", "--limit", "9223372036854775808"], ["show", "99999999999999999999"]])
def test_out_of_range_numbers_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    from rasad.store import Store

    db = f"sqlite:///{tmp_path / 'n.db'}"
    Store(db).close()
    res = CliRunner().invoke(app, [*args, "--db", db])
    assert res.exit_code == 2 and "Traceback" not in res.output and "less than or equal to" in res.output
