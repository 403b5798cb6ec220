"""Where the project's bundled data lives (the repository's ``data/`` folder)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_ARTICLES = DATA_DIR / "articles"
DEFAULT_DB = DATA_DIR / "eventline.duckdb"
# Gold corpora live beside the project (research-only: read at run time, never copied in).
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
