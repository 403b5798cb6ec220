"""The pure happenings engine on tiny hand-made mentions: blocking, join-or-new,
publication-dated mentions, ids, records, headlines, key dates, refresh plans."""

from __future__ import annotations

import ast
import gc
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.lexicon import read_rows
from dashboard.happenings import build_happenings, cluster_mentions, key_dates
from dashboard.happenings.headline import MAX_LENGTH, headline
from dashboard.happenings.labels import period_label
from dashboard.happenings.model import block_key, happening_id_for
from dashboard.happenings.plan import plan_refresh
from dashboard.happenings.words import (
    _WORD,
    _clause_break,
    content_words,
    focus_clause,
    tokens,
)
from dashboard.paths import DICTIONARIES
from tests.happening_helpers import mention

MONDAY, TUESDAY = date(2025, 2, 17), date(2025, 2, 18)
HAYASHI = ("Yoshimasa Hayashi", "Taliban")


def _press_conference():
    """One press conference told by three outlets, in different words."""
    return [
        mention("e1", "Hayashi confirmed the Taliban visit at a press conference on Monday.",
                MONDAY, actors=HAYASHI, article="a1", title="Taliban officials visit Japan"),
        mention("e2", "Chief Cabinet Secretary Hayashi told a press conference on Monday that "
                "Taliban officials were visiting.", MONDAY, actors=HAYASHI, article="a2",
                source="Wire B", published=date(2025, 2, 19),
                title="Japan confirms Taliban delegation visit"),
        mention("e3", "On Monday Hayashi said the Taliban delegation met ministry officials.",
                MONDAY, actors=HAYASHI, article="a3", source="Wire C",
                published=date(2025, 2, 20), title="Taliban delegation in Japan"),
    ]


def test_reports_of_one_happening_make_one_happening():
    found = build_happenings(_press_conference())
    assert len(found) == 1
    happening = found[0]
    assert (happening.date_start, happening.date_end, happening.granularity) == (
        MONDAY, MONDAY, "day")
    assert happening.countries == ("JPN",)
    assert (happening.mentions, happening.articles, happening.sources) == (3, 3, 3)
    assert happening.article_ids == ("a1", "a2", "a3")  # first reported first
    assert happening.first_reported == TUESDAY
    assert happening.event_ids == ("e1", "e2", "e3")
    assert happening.happening_id == happening_id_for("e1")  # named after its founder
    assert set(HAYASHI) <= set(happening.actors)


def test_ids_and_groups_do_not_depend_on_input_order():
    mentions = _press_conference() + [
        mention("e4", "Protesters marched in Kabul on Monday.", MONDAY, article="a4",
                actors=("Protesters",), countries=("AFG",), code="14"),
    ]
    first = build_happenings(mentions)
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert build_happenings(shuffled) == first


def test_conflicting_dates_stay_apart_and_are_never_averaged():
    mentions = _press_conference()
    mentions[2] = replace(mentions[2], date_start=TUESDAY, date_end=TUESDAY)
    found = build_happenings(mentions)
    assert sorted((h.date_start, h.mentions) for h in found) == [(MONDAY, 2), (TUESDAY, 1)]


def test_a_year_is_not_merged_with_a_day_of_that_year():
    day = mention("d", "The Taliban took control of Kabul on August 15.", date(2021, 8, 15),
                  actors=("Taliban",), countries=("AFG",), code="19")
    year = mention("y", "The Taliban took control of Afghanistan in 2021.", date(2021, 1, 1),
                   last=date(2021, 12, 31), grain="year", how="explicit", date_text="2021",
                   actors=("Taliban",), countries=("AFG",), code="19", article="a2")
    found = build_happenings([day, year])
    assert sorted(h.granularity for h in found) == ["day", "year"]


def test_different_happenings_on_one_day_stay_apart():
    talks = _press_conference()[:2]
    quake = mention("q1", "A strong earthquake shook Hokkaido on Monday, damaging roads.",
                    MONDAY, article="a9", title="Earthquake shakes Hokkaido", code="",
                    places=("Hokkaido",))
    found = build_happenings([*talks, quake])
    assert sorted(h.mentions for h in found) == [1, 2]


def test_a_dated_detail_with_no_type_and_nobody_joins_its_articles_happening():
    ferry = mention("f1", "A ferry capsized on Lake Victoria on Saturday evening.", MONDAY,
                    actors=("MV Nakiwogo Star",), code="17", title="Ferry capsizes")
    missing = mention("f2", "Dozens of passengers were still missing late on Saturday.",
                      MONDAY, code="", start=80, title="Ferry capsizes")
    elsewhere = mention("f3", "Markets were closed on Saturday.", MONDAY, code="",
                        article="a2", title="Weekend markets")
    found = build_happenings([ferry, missing, elsewhere])
    owner = {e: h.happening_id for h in found for e in h.event_ids}
    assert owner["f2"] == owner["f1"]  # a detail of what its own article told that day
    assert owner["f3"] != owner["f1"]  # another article's detail is scored as usual
    typed = replace(missing, event_id="f4", event_code="04", start=90)
    owners = {e: h.happening_id for h in build_happenings([ferry, typed]) for e in h.event_ids}
    assert owners["f4"] != owners["f1"]  # an event of its own is scored as usual


def test_a_time_of_day_statement_that_matches_nothing_joins_its_articles_happening():
    surrender = mention("s1", "The sailors surrendered on Sunday after the government promised "
                        "back pay.", MONDAY, actors=("Sri Lankan navy",), code="19",
                        title="Mutineers surrender")
    gangway = mention("s2", "The 40 crew members of the Ranagala walked down the gangway in "
                      "Trincomalee at noon.", MONDAY, actors=("Ranagala",), code="16",
                      start=90, date_text="noon", title="Mutineers surrender")
    at_noon = replace(gangway, timex_value="2025-02-17T12:00")
    owner = {e: h.happening_id for h in build_happenings([surrender, at_noon])
             for e in h.event_ids}
    assert owner["s2"] == owner["s1"]  # "at noon" goes on with the day its article tells
    owner = {e: h.happening_id for h in build_happenings([surrender, gangway])
             for e in h.event_ids}
    assert owner["s2"] != owner["s1"]  # dated by a day of its own, it is scored as usual
    now = replace(gangway, timex_value="PRESENT_REF")  # no time of day, though it has a T
    owner = {e: h.happening_id for h in build_happenings([surrender, now])
             for e in h.event_ids}
    assert owner["s2"] != owner["s1"]
    other = replace(at_noon, event_id="s3", article_id="a2")
    owner = {e: h.happening_id for h in build_happenings([surrender, other])
             for e in h.event_ids}
    assert owner["s3"] != owner["s1"]  # another article's time of day is scored as usual


def test_a_statement_printed_word_for_word_on_many_days_counts_on_its_first_day_only():
    """A site's "related news" line under a month of stories is page furniture."""
    line = "Havana airport will reopen to international flights on 15 November."
    copies = [mention(f"r{n}", line, date(2011, 11, 15), article=f"a{n}",
                      published=date(2011, 2, 20 + n), date_text="15 November")
              for n in range(4)]
    same_day = replace(copies[0], event_id="r9", article_id="a9")
    found = build_happenings([*copies, same_day])
    assert [(h.articles, sorted(h.event_ids)) for h in found] == [(2, ["r0", "r9"])]
    twice = build_happenings(copies[:2])  # two days: two reports, not furniture
    assert [h.articles for h in twice] == [2]


def test_undated_statement_joins_the_happening_it_describes():
    later = mention("p1", "Hayashi told the press conference the Taliban visit was private.",
                    None, how="publication", actors=HAYASHI, article="a5",
                    published=TUESDAY, title="Taliban officials visit Japan")
    found = build_happenings([*_press_conference(), later])
    assert len(found) == 1
    assert found[0].mentions == 4
    assert found[0].date_source == "relative"  # dated by the text, not by publication
    assert "a5" not in found[0].dated_article_ids


def test_undated_statement_published_too_late_stays_reported():
    late = mention("p1", "Hayashi told the press conference the Taliban visit was private.",
                   None, how="publication", actors=HAYASHI, article="a5",
                   published=date(2025, 2, 24), title="Taliban officials visit Japan")
    found = build_happenings([*_press_conference(), late])
    reported = [h for h in found if h.date_source == "publication"]
    assert [(h.date_start, h.mentions) for h in reported] == [(date(2025, 2, 24), 1)]


def test_explicit_member_makes_the_happening_explicit():
    mentions = _press_conference()
    mentions[1] = replace(mentions[1], date_source="explicit", date_text="February 17")
    assert build_happenings(mentions)[0].date_source == "explicit"


def test_undated_article_gives_an_undated_happening():
    found = build_happenings([mention("u", "Officials met on Monday in Kabul.", None,
                                      published=None, how="unresolved")])
    assert (found[0].date_start, found[0].date_source, found[0].first_reported) == (
        None, "unresolved", None)


def test_block_keys():
    assert block_key(_press_conference()[0]) == "t:day:2025-02-17:2025-02-17"
    assert block_key(mention("p", "x", None, how="publication")) == "p:2025-02-18"
    assert block_key(mention("u", "x", None, how="unresolved", published=None)) == "u:a1"


@pytest.mark.parametrize(("sentence", "date_text", "expected"), [
    ("TOKYO — Japan's foreign minister met the Taliban delegation on Monday.", "Monday",
     "Japan's foreign minister met the Taliban delegation on Monday"),
    ("On Monday, the ministry ordered an inquiry into the sinking of the ferry.", "Monday",
     "The ministry ordered an inquiry into the sinking of the ferry"),
    ("Divers recovered 17 bodies from the lake on Sunday, police said.", "Sunday",
     "Divers recovered 17 bodies from the lake on Sunday"),
    ("The toll from the earthquake rose to 31 on Monday, according to the civil defence "
     "institute.", "Monday", "The toll from the earthquake rose to 31 on Monday"),
    ("Yesterday's aftershock brought down the church.", "Yesterday",
     "Yesterday's aftershock brought down the church"),
    ("The ferry, carrying 120 people, capsized on Saturday.", "Saturday",
     "The ferry, carrying 120 people, capsized on Saturday"),
])
def test_headline(sentence, date_text, expected):
    assert headline(sentence, date_text) == expected


@pytest.mark.parametrize(("sentence", "date_text", "expected"), [
    ("Divers pulled 17 bodies from the lake yesterday, and the search for 60 missing "
     "passengers continued today from two navy boats.", "today",
     "The search for 60 missing passengers continued today from two navy boats"),
    ("Divers pulled 17 bodies from the lake yesterday, and the search for 60 missing "
     "passengers continued today from two navy boats.", "yesterday",
     "Divers pulled 17 bodies from the lake yesterday"),
    ("Talks failed on Monday; the ministers met again on Wednesday.", "Wednesday",
     "The ministers met again on Wednesday"),
    ("Las conversaciones fracasaron el lunes, pero los ministros volvieron a reunirse el "
     "miércoles.", "el miércoles", "Los ministros volvieron a reunirse el miércoles"),
    ("Officials said the tariff talks went well, and ended Monday.", "Monday",
     "Officials said the tariff talks went well, and ended Monday"),  # too short alone
    # the date in a later comma clause: that clause is its news, not the main one's
    ("Military police arrested 12 sailors on Tuesday, accusing them of leading last week's "
     "mutiny on the supply ship Ranagala.", "last week",
     "Accusing them of leading last week's mutiny on the supply ship Ranagala"),
    ("Military police arrested 12 sailors on Tuesday, accusing them of leading last week's "
     "mutiny on the supply ship Ranagala.", "on Tuesday",
     "Military police arrested 12 sailors on Tuesday"),
    ("Rescuers found 12 bodies on Monday, after the ferry sank on Saturday.", "on Saturday",
     "After the ferry sank on Saturday"),
    ("Rescuers found bodies on Monday, in 2021.", "in 2021",
     "Rescuers found bodies on Monday, in 2021"),  # too short alone
])
def test_a_sentence_with_two_dates_is_headlined_by_the_statement_holding_each(
        sentence, date_text, expected):
    assert headline(sentence, date_text, several_dates=True) == expected


def _coordinator_rows():
    from dashboard.extract.lexicon import read_rows
    from dashboard.paths import DICTIONARIES

    return [row for row in read_rows(DICTIONARIES, "headline_words.tsv")
            if row[0] == "coordinator"]


@pytest.mark.parametrize("row", _coordinator_rows(), ids=lambda row: f"{row[2]}-{row[1]}")
def test_every_coordinator_example_is_split_into_its_two_statements(row):
    from dashboard.happenings.headline import _coordination

    parts = _coordination().split(row[3])
    assert len(parts) == 2 and all(len(part.split()) >= 3 for part in parts)


def test_a_sentence_with_one_date_keeps_its_coordinated_clauses():
    sentence = "The ferry capsized on Saturday, and dozens of passengers are missing."
    assert headline(sentence, "Saturday") == sentence.rstrip(".")


def test_long_headline_is_cut_at_a_clause_or_a_word():
    sentence = ("Rescue teams from Chile and Colombia, with sniffer dogs and heavy cutting gear, "
                "arrived in Chala on Tuesday to help Peruvian firefighters search the rubble of "
                "collapsed houses.")
    text = headline(sentence, "Tuesday")
    assert len(text) <= MAX_LENGTH
    assert text.startswith("Rescue teams from Chile and Colombia arrived in Chala on Tuesday")


def test_key_dates_count_articles_dating_it_in_the_text_then_publication_days():
    mentions = _press_conference() + [
        mention("p1", "Officials declined to comment.", None, how="publication",
                article="a7", published=date(2025, 2, 21), countries=("USA",), code="01"),
        mention("p2", "Officials declined to comment further.", None, how="publication",
                article="a8", published=date(2025, 2, 21), countries=("USA",), code="01"),
        mention("y", "The Taliban took control in 2021.", date(2021, 1, 1),
                last=date(2021, 12, 31), grain="year", how="explicit", date_text="2021",
                countries=("AFG",), article="a1"),
    ]
    ranked = key_dates(build_happenings(mentions), limit=5)
    assert [(k.date_start, k.articles, k.kind) for k in ranked] == [
        (MONDAY, 3, "text"), (date(2021, 1, 1), 1, "text"), (date(2025, 2, 21), 2, "publication")]
    days = key_dates(build_happenings(mentions), limit=5, grains=("day",))
    assert date(2021, 1, 1) not in [k.date_start for k in days]


def test_on_a_tie_what_happened_ranks_before_what_was_only_planned():
    signed = mention("s", "Canada and Mexico signed an agreement on Thursday.",
                     date(2025, 5, 15), published=date(2025, 5, 16), article="b1")
    plan = mention("p", "Mexico will lift the tariffs from June 1.", date(2025, 6, 1),
                   published=date(2025, 5, 16), article="b1", date_text="June 1", code="05")
    usmca = mention("u", "The USMCA took effect in July 2020.", date(2020, 7, 1),
                    last=date(2020, 7, 31), grain="month", how="explicit",
                    date_text="July 2020", article="b2", published=date(2025, 5, 16),
                    code="06", countries=("USA",))
    ranked = key_dates(build_happenings([signed, plan, usmca]), limit=3)
    assert [(k.date_start, k.planned) for k in ranked] == [
        (date(2025, 5, 15), False), (date(2020, 7, 1), False), (date(2025, 6, 1), True)]
    done = replace(plan, event_id="d", article_id="b3", published=date(2025, 6, 2),
                   sentence="Mexico lifted the tariffs on June 1, as it had promised.")
    found = build_happenings([plan, done])
    assert len(found) == 1  # announced, then reported done: it happened
    assert not key_dates(found, limit=1)[0].planned


@pytest.mark.parametrize(("first", "last", "grain", "label"), [
    (date(2025, 2, 17), date(2025, 2, 17), "day", "17 February 2025"),
    (date(2025, 2, 15), date(2025, 2, 19), "day", "15–19 February 2025"),
    (date(2025, 2, 10), date(2025, 2, 16), "week", "week of 10 February 2025"),
    (date(2025, 2, 1), date(2025, 2, 28), "month", "February 2025"),
    (date(2025, 1, 1), date(2025, 3, 31), "quarter", "Q1 2025"),
    (date(2021, 1, 1), date(2021, 12, 31), "year", "2021"),
    (date(2020, 1, 1), date(2029, 12, 31), "decade", "the 2020s"),
    (None, None, None, ""),
])
def test_period_label(first, last, grain, label):
    assert period_label(first, last, grain) == label


@pytest.mark.parametrize("enabled", [True, False])
def test_clustering_leaves_the_garbage_collector_as_it_found_it(enabled):
    # clustering pauses the cyclic collector for speed; the caller's setting must survive
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert len(cluster_mentions(_press_conference())) == 1
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_clustering_leaves_a_callers_frozen_objects_frozen():
    # (clustering hands what it built to the oldest generation only when nothing is frozen)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen and len(cluster_mentions(_press_conference())) == 1
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_content_words_are_language_agnostic_and_skip_function_words():
    assert content_words("The ferries capsized, police said on Monday.") == ["ferry", "capsiz",
                                                                          "polic"]
    assert content_words("Los manifestantes protestaron ayer en El Cairo") == [
        "manife", "protes", "cairo"]


@pytest.mark.parametrize(("text", "words"), [
    ("Les dockers ont bloqué le port de Dakar lundi, a déclaré le syndicat.",
     ["docker", "bloqué", "port", "dakar", "syndic"]),
    ("Die Regierung hat am Montag den Notstand erklärt, sagte ein Sprecher.",
     ["regier", "notsta", "erklär", "sprech"]),
    ("Il governo ha dichiarato lo stato di emergenza lunedì, ha detto il ministro.",
     ["govern", "emerge", "minist"]),
    ("O governo decretou estado de emergência na segunda-feira, disse o ministro.",
     ["govern", "decret", "emergê", "minist"]),
    # one list for all languages: German "war", Italian "state", Spanish "sea" are English
    ("The war at sea: the state says a man was hurt.", ["war", "sea", "stat", "man", "hurt"]),
])
def test_function_words_of_each_language_are_no_evidence(text, words):
    assert content_words(text) == words


@pytest.mark.parametrize("text", [
    "The ferries capsized, police said on Monday.",
    "snake_case__words, tabs\tand\x1cseparators\x1f; $50-million (38 dead) at 12:30",
    "U.S.-led talks: 'no deal' -- Reuters/AP\r\n#tag @user 3rd 2024-05-01",
    "\u212a is the Kelvin sign, lower-cased to an ASCII k",
    "Los manifestantes protestaron ayer en El Cairo",
    "Manifestación en Bogotá; 北京 talks",
    "",
])
def test_tokens_split_ascii_text_as_the_word_pattern_does(text):
    # ASCII text takes a faster path (translate + split) that must give the same words
    assert tokens(text) == _WORD.findall(text.lower())


def test_focus_clause_is_the_clause_holding_the_date():
    sentence = "Dufresne arrived today, hoping to lift the tariffs imposed in January."
    assert focus_clause(sentence, "January") == " hoping to lift the tariffs imposed in January."
    assert focus_clause("One clause on Monday.", "Monday") == ""
    since = "The worst mutiny in the navy since the civil war ended in 2009."
    assert focus_clause(since, "2009") == " the civil war ended in 2009."
    after = "The sailors surrendered on Sunday after the government promised back pay."
    assert focus_clause(after, "Sunday") == "The sailors surrendered on Sunday "
    assert focus_clause("Sinceros saludos el lunes", "lunes") == ""  # whole words only


def _clause_openers() -> list[list[str]]:
    return list(read_rows(DICTIONARIES, "clause_openers.tsv"))


@pytest.mark.parametrize("row", _clause_openers(), ids=lambda row: f"{row[1]}-{row[0]}")
def test_each_clause_opener_cuts_its_example_where_the_bar_says(row):
    word, language, example = row
    assert language in {"en", "es", "fr", "de", "it", "pt"}
    before, after = example.split(" | ")
    assert after.lower().startswith(word.lower())
    text = f"{before} {after}"
    assert len(before) + 1 in {m.start() for m in _clause_break().finditer(text)}


@pytest.mark.parametrize(("forms", "stem"), [
    (("ended", "end", "ending", "ends"), "end"),
    (("seized", "seize", "seizing", "seizes"), "seiz"),
    (("attacked", "attack", "attacking", "attacks"), "attack"),
    (("cuts", "cut"), "cut"),
])
def test_english_verb_endings_share_a_stem(forms, stem):
    assert {tuple(content_words(form)) for form in forms} == {(stem,)}


def test_refresh_plan_adds_the_publication_days_a_day_block_can_attract():
    plan = plan_refresh(["t:day:2025-02-17:2025-02-17", "t:year:2021-01-01:2021-12-31"])
    assert plan.blocks == ("p:2025-02-17", "p:2025-02-18", "p:2025-02-19",
                           "t:day:2025-02-17:2025-02-17", "t:year:2021-01-01:2021-12-31")
    assert plan.context == ((date(2025, 2, 15), date(2025, 2, 19)),)


CORE = ("model", "words", "cluster", "headline", "summary", "keydates", "labels", "plan")


@pytest.mark.parametrize("name", CORE)
def test_core_is_pure(name):
    path = Path(__file__).resolve().parent.parent / "dashboard" / "happenings" / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"pandas", "duckdb", "pyarrow", "streamlit", "plotly", "sklearn"}
    for call in ("date.today(", "datetime.now(", "datetime.today(", "time.time("):
        assert call not in source


def test_stopword_rows_are_lower_case_words_of_a_read_language_listed_once():
    rows = list(read_rows(DICTIONARIES, "stopwords.tsv"))
    assert all(len(row) == 2 and row[1] in {"en", "es", "fr", "de", "it", "pt"} for row in rows)
    assert all(row[0] == row[0].lower() and row[0].isalpha() for row in rows), [
        row for row in rows if row[0] != row[0].lower() or not row[0].isalpha()]
    assert len({tuple(row) for row in rows}) == len(rows)


def _trailer_rows() -> list[list[str]]:
    return [row for row in read_rows(DICTIONARIES, "headline_words.tsv")
            if row[0] in ("attribution", "source")]


@pytest.mark.parametrize("row", _trailer_rows(), ids=lambda row: f"{row[2]}-{row[1]}")
def test_every_attribution_and_source_example_loses_its_trailing_clause(row):
    from dashboard.happenings.headline import _trailers

    said, cited = _trailers()
    pattern = said if row[0] == "attribution" else cited
    assert pattern.sub("", row[3].rstrip(".")) == row[3].split(",")[0]


@pytest.mark.parametrize("row", [row for row in read_rows(DICTIONARIES, "headline_words.tsv")
                                 if row[0] == "relation"], ids=lambda row: f"{row[2]}-{row[1]}")
def test_every_relation_example_puts_its_date_in_a_side_clause(row):
    from dashboard.happenings.headline import dated_aside

    example = row[3]
    date_text = example[example.index("[") + 1:example.index("]")]
    sentence = example.replace("[", "").replace("]", "")
    assert dated_aside(sentence, date_text)
    assert not dated_aside(f"The ministers met on {date_text}.", date_text)


@pytest.mark.parametrize(("sentence", "date_text", "expected"), [
    # a comma inside brackets separates nothing, and an imported note's date lead goes
    ("On 28 March 2022, workers and farmers (under the banner of the SKM) staged protests "
     "across Bihar state (coded as Patna, Patna), during the two-day general strike called "
     "by the unions, against the economic policies of the central government.", "2022-03-28",
     "Workers and farmers (under the banner of the SKM) staged protests across Bihar state…"),
    # a list is no aside: its items are kept, and the sentence is cut at a clause
    ("On 28 March 2022, on the call of the unions, bank, roadways employees and other "
     "workers, staged a protest at all district headquarters of UP, including in Khalilabad "
     "town (Sant Kabir Nagar district, UP), against privatisation.", "2022-03-28",
     "On the call of the unions, bank, roadways employees and other workers"),
    ("On 3 January 2022, 1-4 Turkmen soldiers were killed and 2 others from the same side "
     "were injured when the Taliban clashed with the Turkmenistan military at the border in "
     "the Dahan Haji and Bosagha Bala areas Khamyab district, Jowzjan.", "2022-01-03",
     "1-4 Turkmen soldiers were killed and 2 others from the same side were injured when the…"),
])
def test_an_imported_notes_headline_keeps_its_clauses_whole(sentence, date_text, expected):
    assert headline(sentence, date_text) == expected
