"""Where Eventline's bundled data and its default store live, in a checkout and in a wheel."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
# Bundled data: the top-level data/ folder, installed as the package dashboard.data.
BUNDLED: Traversable = files("dashboard.data")
DICTIONARIES: Traversable = BUNDLED / "dictionaries"
SAMPLE_ARTICLES = Path(str(BUNDLED / "articles"))
# Gold corpora live beside the project (research-only: read at run time, never copied in).
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


def _is_checkout() -> bool:
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "data").is_dir()


def default_db() -> Path:
    """The store used without --db or $EVENTLINE_DB: data/ in a checkout, else the user's data
    folder (an installed package's folder may be read-only and is replaced on upgrade)."""
    if _is_checkout():
        return PROJECT_ROOT / "data" / "eventline.duckdb"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "eventline" / "eventline.duckdb"
