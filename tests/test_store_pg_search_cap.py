"""PostgreSQL search ranks a bounded set of matches (the newest), so a common word stays fast.

Real server (tests/pg_support.py); documents written here.
"""

from __future__ import annotations

import pytest

from pg_support import require_server, temporary_database
from rasad.doc import Doc
from rasad.store import Store, core


def test_only_the_newest_matches_are_ranked(monkeypatch: pytest.MonkeyPatch) -> None:
    require_server()
    with temporary_database("rasad_test_cap") as url, Store(url) as store:
        ids = []
        for i in range(5):
            text = f"گزارش شماره {i + 1} درباره بندرگاه تازه در ساحل جنوبی منتشر شد و کارشناسان آن را بررسی کردند."
            ids.append(store.add_doc(Doc(text=text, lang="fa", source=f"doc{i}.txt")).id)
        assert {h.article_id for h in store.search("بندرگاه")} == set(ids)
        monkeypatch.setattr(core, "PG_RANK_CANDIDATES", 2)
        assert {h.article_id for h in store.search("بندرگاه")} == set(ids[-2:])
        assert {h.article_id for h in store.search("بندرگاه", lang="fa")} == set(ids[-2:])
