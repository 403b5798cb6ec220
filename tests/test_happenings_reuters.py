"""Merging at scale on Reuters-21578: many reports of the same market and policy news on
consecutive days. Research-only data: read from ../shared/data at test time, never copied."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from datetime import date

import pytest

from dashboard.extract.events import extract_events
from dashboard.happenings import build_happenings, mention_of
from dashboard.models import Article

DAYS = ("1987-03-02", "1987-03-03", "1987-03-04")
STORIES = 450


@pytest.fixture(scope="module")
def reuters(shared_data_module):
    path = shared_data_module / "news" / "reuters21578" / "reuters21578.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found")
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if story.get("body") and (story.get("date") or "")[:10] in DAYS:
                articles.append(Article(
                    text=story["body"], title=story.get("title") or "", source="Reuters",
                    published=date.fromisoformat(story["date"][:10]),
                    url=f"reuters-21578:{story['newid']}"))
            if len(articles) >= STORIES:
                break
    mentions = [mention_of(e, a) for a in articles for e in extract_events(a)]
    return mentions, build_happenings(mentions)


@pytest.fixture(scope="module")
def shared_data_module():
    from dashboard.paths import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip(f"gold corpora not found at {SHARED_DATA}")
    return SHARED_DATA


def test_identical_evidence_from_different_stories_ends_in_one_happening(reuters):
    mentions, happenings = reuters
    owner = {e: h.happening_id for h in happenings for e in h.event_ids}
    same: dict[tuple, list] = defaultdict(list)
    for m in mentions:
        if len(m.sentence) >= 60:  # a real statement, not "Shr 10 cts"
            same[(m.sentence, m.date_start, m.date_end, m.date_source)].append(m)
    repeated = [group for group in same.values()
                if len({m.article_id for m in group}) > 1]
    assert len(repeated) >= 10  # the sample holds repeated stories (corrections, reissues)
    for group in repeated:
        assert len({owner[m.event_id] for m in group}) == 1, group[0].sentence


def test_happenings_are_far_fewer_than_events(reuters):
    mentions, happenings = reuters
    assert len(mentions) > 3000
    assert len(happenings) < 0.7 * len(mentions)
    merged = [h for h in happenings if h.articles > 1]
    assert len(merged) > 100  # reports from several stories do merge


def test_merged_happenings_keep_one_period(reuters):
    mentions, happenings = reuters
    by_id = {m.event_id: m for m in mentions}
    for h in happenings:
        periods = {(by_id[e].date_start, by_id[e].date_end) for e in h.event_ids
                   if by_id[e].text_dated}
        assert len(periods) <= 1
