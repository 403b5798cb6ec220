"""Readers turn files into Articles; each format lives in its own module.

``iter_articles`` walks files and folders and yields either an Article or a Problem, so a
bad file is reported (file, line, what was expected) and never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from dashboard.models import Article
from dashboard.readers.common import Problem, ReadError, read_text
from dashboard.readers.jsonl import read_jsonl
from dashboard.readers.textfile import read_text_article

Reader = Callable[[Path, str], Iterator[Article | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_text_article,
    ".md": read_text_article,
    ".markdown": read_text_article,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}

__all__ = [
    "Problem", "READERS", "expand_paths", "iter_articles", "read_file", "supported_suffixes",
]


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Files to read under ``paths`` (folders are walked), or a Problem for a missing path."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from (p for p in files if p.suffix.lower() in READERS)
        elif path.exists():
            yield path
        else:
            yield Problem(str(path), None, "no such file or folder")


def read_file(path: Path) -> Iterator[Article | Problem]:
    """The articles in one file, or Problems saying what could not be read and why."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        expected = ", ".join(supported_suffixes())
        message = f"unsupported file type {path.suffix!r}; expected {expected}"
        yield Problem(str(path), None, message)
        return
    try:
        text = read_text(path)
    except ReadError as exc:
        yield Problem(str(path), None, str(exc))
        return
    yield from reader(path, text)


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | Problem]:
    """Yield every article found under ``paths``, and a Problem for whatever cannot be read."""
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_file(item)
