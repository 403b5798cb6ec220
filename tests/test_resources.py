"""Everything extraction reads comes from one Resources object passed into it (issue 9)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.events import extract_events
from dashboard.extract.resources import Resources, default_resources
from dashboard.models import Article
from dashboard.paths import DICTIONARIES

ARTICLE = Article(
    text="TOKYO - Japan's Foreign Ministry signed a deal with Zorbex on Monday.\n"
    "Chief Cabinet Secretary Yoshimasa Hayashi said the talks went well.",
    published=date(2025, 2, 18),
)


class _Counting(Resources):
    """Resources that count how often each file is read."""

    def __init__(self, folder=DICTIONARIES) -> None:
        super().__init__(folder)
        self.reads: Counter[str] = Counter()

    def rows(self, name: str) -> Iterator[list[str]]:
        self.reads[name] += 1
        return super().rows(name)


def _names(resources: Resources | None = None) -> set[str]:
    return {name for e in extract_events(ARTICLE, resources) for name in e.actors}


def test_each_file_is_read_once_however_many_articles():
    resources = _Counting()
    first = extract_events(ARTICLE, resources)
    assert resources.reads and max(resources.reads.values()) == 1
    before = dict(resources.reads)
    assert extract_events(ARTICLE, resources) == first
    assert dict(resources.reads) == before


def test_the_default_is_one_process_wide_instance():
    assert default_resources() is default_resources()
    assert extract_events(ARTICLE) == extract_events(ARTICLE, Resources())


def test_extraction_uses_the_resources_it_is_given(tmp_path: Path):
    """A folder of dictionaries with one more actor: only extraction handed it knows it."""
    folder = tmp_path / "dictionaries"
    shutil.copytree(Path(str(DICTIONARIES)), folder)
    with (folder / "overlay_actors.tsv").open("a", encoding="utf-8") as overlay:
        overlay.write("Zorbex\tZorbex Holdings Group\tJPN\torganisation\n")
    assert "Zorbex Holdings Group" not in _names()
    assert "Zorbex Holdings Group" in _names(Resources(folder))


@pytest.mark.parametrize("name", ["cameo_verbs.tsv", "geonames_places.tsv.gz"])
def test_a_missing_file_is_an_error_that_names_it(tmp_path: Path, name: str):
    folder = tmp_path / "dictionaries"
    shutil.copytree(Path(str(DICTIONARIES)), folder)
    (folder / name).unlink()  # the gazetteer used to go missing silently: no place found
    with pytest.raises(FileNotFoundError, match=name.replace(".", r"\.")):
        extract_events(ARTICLE, Resources(folder))
