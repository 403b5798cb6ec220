"""`eventline eval story` and `eventline eval tls` on tiny references and story folders."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.evaluation.corpus import jsonl_articles
from dashboard.evaluation.story import GoldEntry, load_gold, parse_period, score_story
from dashboard.evaluation.tls import (
    date_f1,
    mention_count_days,
    pubcount_days,
    read_reference,
)
from dashboard.happenings import build_happenings
from dashboard.models import Article
from tests.happening_helpers import mention

STORIES = Path(__file__).resolve().parent / "data" / "stories"


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-02-17", (date(2025, 2, 17), date(2025, 2, 17), "day")),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
    ("2021", (date(2021, 1, 1), date(2021, 12, 31), "year")),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_bad_gold_names_the_file_entry_and_field(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"date": "2025-02-17", "countries": ["JPN"], "articles": []},
                                {"date": "17/02/2025", "articles": []}]))
    with pytest.raises(ValueError, match=r"gold.json: entry 2: '17/02/2025' is not a date"):
        load_gold(gold)


def _entry(day: date, what: str, articles: tuple[str, ...], countries=("JPN",)) -> GoldEntry:
    return GoldEntry(day, day, "day", what, (), frozenset(countries), frozenset(articles))


def test_story_figures_on_hand_made_happenings():
    monday, tuesday = date(2025, 2, 17), date(2025, 2, 18)
    mentions = [
        mention("e1", "Ministers met in Tokyo on Monday.", monday, article="a1"),
        mention("e2", "The ministers' Tokyo meeting on Monday went well.", monday, article="a2",
                published=date(2025, 2, 19), source="Wire B"),
        mention("e3", "A typhoon hit Okinawa on Tuesday.", tuesday, article="a2", code="",
                published=date(2025, 2, 19), source="Wire B", start=40),
        mention("e4", "Markets fell on Friday.", date(2025, 2, 14), article="a1", code="",
                start=60, countries=("USA",)),
    ]
    happenings = build_happenings(mentions)
    gold = [_entry(monday, "ministers meet in Tokyo", ("one.txt", "two.txt")),
            _entry(tuesday, "typhoon hits Okinawa", ("two.txt",)),
            _entry(date(2025, 2, 20), "never reported", ("one.txt",))]
    figures = score_story(gold, happenings, {"a1": "one.txt", "a2": "two.txt"},
                          {m.event_id: m.sentence for m in mentions})
    assert figures["found (share)"] == pytest.approx(2 / 3)
    assert figures["happenings per found entry"] == 1.0
    assert figures["text-dated happenings per gold entry"] == 1.0  # 3 happenings, 3 entries
    assert figures["happenings on no gold date"] == 1  # the Friday markets
    assert figures["key-date F1"] == pytest.approx(2 / 3)
    assert figures["found, one-to-one (share)"] == pytest.approx(2 / 3)


def test_eval_story_prints_the_figures_per_story():
    result = CliRunner().invoke(main, ["eval", "story", str(STORIES / "taliban-japan"),
                                       str(STORIES / "trade-talks")])
    assert result.exit_code == 0, result.output
    for figure in ("found (share)", "happenings per found entry",
                   "text-dated happenings per gold entry", "happenings on no gold date",
                   "key-date F1"):
        assert figure in result.output
    header = result.output.splitlines()[0].split()
    assert header == ["taliban-japan", "trade-talks"]


def test_eval_story_names_a_gold_article_that_is_missing(tmp_path):
    (tmp_path / "one.txt").write_text("---\npublished: 2025-02-18\n---\nTalks on Monday.\n")
    (tmp_path / "gold.json").write_text(json.dumps(
        [{"date": "2025-02-17", "countries": ["JPN"], "articles": ["two.txt"]}]))
    result = CliRunner().invoke(main, ["eval", "story", str(tmp_path)])
    assert result.exit_code != 0 and "'two.txt'" in result.output


REFERENCE = """2025-02-17
Ministers meet in Tokyo .
--------------------------------
2025-02-18
A typhoon hits Okinawa .
Schools close .
--------------------------------
"""


def test_read_reference(tmp_path):
    path = tmp_path / "ref.txt"
    path.write_text(REFERENCE, encoding="utf-8")
    assert read_reference(path) == [date(2025, 2, 17), date(2025, 2, 18)]
    (tmp_path / "empty.txt").write_text("no dates here\n")
    with pytest.raises(ValueError, match="no YYYY-MM-DD"):
        read_reference(tmp_path / "empty.txt")


def test_date_f1_and_baselines():
    reference = [date(2025, 2, 17), date(2025, 2, 18)]
    assert date_f1([date(2025, 2, 17), date(2025, 2, 1)], reference)["F1"] == 0.5
    articles = [Article(text=f"t{n}", published=day) for n, day in enumerate(
        [date(2025, 2, 18), date(2025, 2, 18), date(2025, 2, 19), date(2025, 2, 17)])]
    assert pubcount_days(articles, 2) == [date(2025, 2, 18), date(2025, 2, 17)]  # tie: earlier
    mentions = [mention("a", "x", date(2025, 2, 17)), mention("b", "y", date(2025, 2, 17)),
                mention("c", "z", date(2025, 2, 16)),
                mention("d", "w", None, how="publication")]
    assert mention_count_days(mentions, 1) == [date(2025, 2, 17)]
    # Within a span (the published protocol), days outside it are never picked
    assert pubcount_days(articles, 2, (date(2025, 2, 19), date(2025, 2, 20))) == [
        date(2025, 2, 19)]
    assert mention_count_days(mentions, 2, (date(2025, 2, 10), date(2025, 2, 16))) == [
        date(2025, 2, 16)]


def test_topic_articles_from_jsonl(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for topic, day in (("libya", "2011-02-17"), ("egypt", "2011-01-26")):
            handle.write(json.dumps({"topic": topic, "lang": "es", "date": day,
                                     "doc_id": f"gv_{topic}", "text": "Protestas hoy."}) + "\n")
    found = list(jsonl_articles(path, topic="libya"))
    assert [(a.published, a.language, a.title) for a in found] == [
        (date(2011, 2, 17), "es", "gv_libya")]
    assert [a.language for a in jsonl_articles(path, language="pt")] == ["pt", "pt"]


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "Hoy.", "date": "17/02/2011"}', "'17/02/2011' is not a YYYY-MM-DD date"),
    ('{"body": "Hoy."}', 'expected a JSON object with a "text" string'),
    ('["Hoy."]', 'expected a JSON object with a "text" string'),
    ('{"text": "Hoy.",', "invalid JSON"),
])
def test_a_bad_corpus_line_stops_the_eval_naming_file_and_line(tmp_path, line, problem):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"text": "Protestas hoy.", "date": "2011-02-17"}\n\n' + line + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=f"articles.jsonl:3: .*{re.escape(problem)}"):
        list(jsonl_articles(path))
    result = CliRunner().invoke(main, ["eval", "lang-coverage", str(path)])
    assert result.exit_code != 0 and "articles.jsonl:3" in result.output


def test_eval_tls_prints_our_score_beside_both_baselines(tmp_path):
    reference = tmp_path / "ref.txt"
    reference.write_text("2025-03-08\nThe ferry capsizes .\n" + "-" * 32 + "\n"
                         "2025-03-11\nWinds halt the search .\n" + "-" * 32 + "\n")
    result = CliRunner().invoke(main, ["eval", "tls", str(reference),
                                       str(STORIES / "lake-ferry")])
    assert result.exit_code == 0, result.output
    assert "k = 2 reference dates" in result.output
    for method in ("key dates (happenings)", "publication count", "mention count"):
        assert method in result.output
    figures = json.loads(CliRunner().invoke(main, ["eval", "tls", str(reference),
                                                   str(STORIES / "lake-ferry"),
                                                   "--json"]).output)
    assert figures["counts"]["k"] == 2
    # 8 March is dated by five articles; 11 March by two, behind 9 and 10 March (three each)
    assert figures["key dates (happenings)"]["shared"] == 1
    assert figures["publication count"]["shared"] == 1  # one article a day: the earliest
    assert figures["counts"]["reachable"] == 2
    within = figures["within reference span"]
    assert within["counts"]["k"] == 2 and within["counts"]["articles"] >= 1
    assert within["counts"]["articles"] < figures["counts"]["articles"]  # later reports left out
    reference.write_text("2020-01-01\nNothing about it .\n" + "-" * 32 + "\n"
                         + reference.read_text())
    result = CliRunner().invoke(main, ["eval", "tls", str(reference),
                                       str(STORIES / "lake-ferry")])
    assert "published on: 2 of 3; no method that picks days from those can pass F1 0.6667" \
        in result.output


def test_eval_tls_with_a_topic_that_has_no_article(tmp_path):
    reference = tmp_path / "ref.txt"
    reference.write_text(REFERENCE)
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"topic": "egypt", "date": "2011-01-26", "text": "x"}) + "\n")
    result = CliRunner().invoke(main, ["eval", "tls", str(reference), str(articles),
                                       "--topic", "syria"])
    assert result.exit_code != 0 and "no article with topic 'syria'" in result.output
