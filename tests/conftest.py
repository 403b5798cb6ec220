"""Shared fixtures: the seed article, temporary stores, the pinned reference date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from dashboard.paths import SAMPLE_ARTICLES, SHARED_DATA

# Property tests are deterministic (the same examples on every run) and never timed: a busy
# machine must not turn a slow example into a failure (speed lives in benchmarks/).
settings.register_profile("eventline", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("eventline")

SEED_FILE = SAMPLE_ARTICLES / "taliban-japan-visit.txt"
SEED_PUBLISHED = date(2025, 2, 18)


@pytest.fixture
def seed_file() -> Path:
    return SEED_FILE


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"gold corpora not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def seed_store(tmp_path: Path):
    """A fresh store holding the seed article."""
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store

    store = Store(tmp_path / "seed.duckdb")
    report = ingest_paths([SEED_FILE], store)
    assert report.articles_added == 1
    return store
