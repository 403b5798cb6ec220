"""Happenings on the bundled seed article and the fixture stories (tests/data/stories):
structural facts that must hold whatever the settings, checked on real extraction output."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from dashboard.evaluation.story import GOLD_FILE, load_gold, story_files
from dashboard.happenings import build_happenings, mention_of
from dashboard.happenings.model import TEXT_SOURCES
from dashboard.pipeline import IngestReport, extract_pairs, read_articles
from tests.conftest import SEED_FILE

STORIES = Path(__file__).resolve().parent / "data" / "stories"
STORY_NAMES = sorted(p.name for p in STORIES.iterdir() if p.is_dir())


@cache
def _story(name: str):
    files = [SEED_FILE] if name == "seed" else story_files(STORIES / name)
    pairs = list(extract_pairs(read_articles(files, IngestReport())))
    mentions = [mention_of(e, a) for a, events in pairs for e in events]
    names = {a.article_id: Path(a.path).name for a, _ in pairs}
    return build_happenings(mentions), mentions, names


def _on(happenings, day: date):
    return [h for h in happenings if h.date_start == day and h.date_source in TEXT_SOURCES]


def test_seed_monday_press_conference_is_one_happening_in_japan():
    happenings, _, _ = _story("seed")
    monday = _on(happenings, date(2025, 2, 17))
    assert len(monday) == 1
    conference = monday[0]
    assert (conference.date_end, conference.granularity) == (date(2025, 2, 17), "day")
    assert "JPN" in conference.countries
    assert "Yoshimasa Hayashi" in conference.actors
    assert conference.headline and len(conference.headline) < 90


def test_seed_takeover_is_the_year_2021_not_a_day():
    happenings, _, _ = _story("seed")
    takeover = [h for h in happenings if h.date_start and h.date_start.year == 2021]
    assert [(h.date_start, h.date_end, h.granularity) for h in takeover] == [
        (date(2021, 1, 1), date(2021, 12, 31), "year")]
    assert "AFG" in takeover[0].countries


@pytest.mark.parametrize(("story", "day", "country", "min_articles"), [
    ("lake-ferry", date(2025, 3, 8), "UGA", 4),  # the capsizing, told by five outlets
    ("quake-relief", date(2024, 11, 3), "PER", 3),  # the earthquake
    ("port-attack-trial", date(2024, 6, 14), "FRA", 4),  # the attack, recalled at the trial
    ("trade-talks", date(2025, 5, 12), "CAN", 3),  # the minister's arrival
])
def test_the_main_happening_gathers_its_reports_across_outlets(story, day, country,
                                                               min_articles):
    happenings, _, _ = _story(story)
    biggest = max(_on(happenings, day), key=lambda h: h.articles)
    assert biggest.articles >= min_articles
    assert biggest.sources == len(set(biggest.article_sources))  # distinct outlets
    assert biggest.sources >= 3
    assert country in biggest.countries


@pytest.mark.parametrize("story", ["seed", *STORY_NAMES])
def test_every_text_dated_member_has_its_happenings_period(story):
    happenings, mentions, _ = _story(story)
    by_id = {m.event_id: m for m in mentions}
    for h in happenings:
        members = [by_id[e] for e in h.event_ids]
        assert len(members) == h.mentions
        for m in members:
            if m.text_dated:
                assert (m.date_start, m.date_end) == (h.date_start, h.date_end)
            elif h.date_source == "publication":
                assert m.date_start == h.date_start  # a reported happening: one day's news
        assert set(h.dated_article_ids) == {m.article_id for m in members if m.text_dated}


@pytest.mark.parametrize("story", ["seed", *STORY_NAMES])
def test_every_event_is_in_exactly_one_happening(story):
    happenings, mentions, _ = _story(story)
    members = [e for h in happenings for e in h.event_ids]
    assert sorted(members) == sorted(m.event_id for m in mentions)


@pytest.mark.parametrize("story", STORY_NAMES)
def test_gold_files_are_valid_and_name_existing_articles(story):
    folder = STORIES / story
    gold = load_gold(folder / GOLD_FILE)
    assert gold
    names = {p.name for p in story_files(folder)}
    raw = json.loads((folder / GOLD_FILE).read_text(encoding="utf-8"))
    for entry in raw:
        assert set(entry["articles"]) <= names, entry
        assert set(entry.get("articles_coarser", [])) <= names, entry
        assert all(len(c) == 3 and c.isupper() for c in entry["countries"]), entry


WRITTEN_STORIES = [name for name in STORY_NAMES if name != "taliban-japan"]  # the sample's copy


@pytest.mark.parametrize("story", WRITTEN_STORIES)
def test_fixture_articles_have_front_matter(story):
    for path in story_files(STORIES / story):
        head = path.read_text(encoding="utf-8").split("---")[1]
        for field in ("title:", "published:", "source:", "url:"):
            assert field in head, (path.name, field)
