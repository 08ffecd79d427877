"""The shipped rasad.text tables rebuild byte for byte from ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import needs_shared_data
from rasad.text import train_boilerplate, train_zwnj


@needs_shared_data
@pytest.mark.parametrize(
    ("module", "name"),
    [(train_zwnj, "zwnj_fa.json.gz"), (train_boilerplate, "boilerplate_fa_ar.json.gz")],
)
def test_table_rebuilds_identically(module: object, name: str, shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / name
    module.main(["--data", str(shared_data / "news"), "--out", str(out)])  # type: ignore[attr-defined]
    shipped = Path(train_zwnj.__file__).parent / "data" / name
    assert out.read_bytes() == shipped.read_bytes()
