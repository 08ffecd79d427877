"""End to end on the demo corpus: ingest examples/seeds, export, check general properties."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app
from rasad.export import validate

runner = CliRunner()


def test_seeds_ingest_export_search(seeds_dir: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    files = sorted(p.name for p in seeds_dir.iterdir())
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"ingested {len(files)}, duplicates 0" in result.stdout

    data = json.loads(runner.invoke(app, ["export", "--db", db, "--format", "json"]).stdout)
    assert validate(data) == []
    articles = data["articles"]
    assert [Path(a["source"]).name for a in articles] == files
    assert [a["lang"] for a in articles] == ["fa", "ar", "ar", "fa", "fa"]
    for name, article in zip(files, articles, strict=True):
        text = article["text"]
        assert text == (seeds_dir / name).read_text(encoding="utf-8")
        assert article["sentences"] and all(0 <= s < e <= len(text) for s, e, _ in article["sentences"])
        for start, end, kind in article["excluded"]:
            assert kind == "boilerplate" and text[start:end].strip()
    by_prefix = {name[:3]: article for name, article in zip(files, articles, strict=True)}
    assert by_prefix["003"]["excluded"] and by_prefix["004"]["excluded"]
    # Same story in two languages is not a near-duplicate.
    assert all(a["duplicate_of"] is None for a in articles)

    # Every article can be found by a word of its own first sentence, with a snippet of its text.
    for article in articles:
        start, end, _ = article["sentences"][0]
        word = max(article["text"][start:end].split(), key=len).strip("«»،,.:")
        hits = json.loads(runner.invoke(app, ["search", word, "--db", db, "--json", "--limit", "50"]).stdout)
        assert article["id"] in [h["article"] for h in hits], word
        for hit in hits:
            text = articles[hit["article"] - 1]["text"]
            snippet = hit["snippet"]
            assert text[hit["offset"] : hit["offset"] + len(snippet)].replace("\n", " ") == snippet
