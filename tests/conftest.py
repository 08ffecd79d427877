"""Shared fixtures: where the repo, the seeds and ../shared/data are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "examples" / "seeds"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

#: Use as a decorator on tests that read ../shared/data.
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason="../shared/data is not beside the repo (it holds the training and evaluation corpora)",
)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the repo (it holds the training and evaluation corpora)")
    return SHARED_DATA
