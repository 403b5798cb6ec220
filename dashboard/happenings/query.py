"""Happenings from the store: Filters -> SQL -> DataFrames, for pages and the CLI.

The same ``Filters`` as for events, applied to the happening: its period overlaps the date
range, it has one of the countries/actors, its type, its date source, one of its outlets,
and the words appear in its headline or in one of its members' sentences.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from dashboard.happenings.labels import period_label
from dashboard.query import Filters, period_and_lists
from dashboard.schema import EXPORT_COLUMNS, HAPPENING_COLUMNS
from dashboard.store import Store

_COLUMNS = ", ".join(f'h."{name}"' for name, _ in HAPPENING_COLUMNS)
_TEXT_SQL = "h.date_source IN ('explicit', 'relative')"  # dated by the text itself
_ORDER = ("h.date_start NULLS LAST, h.articles DESC, h.mentions DESC, h.happening_id")
_ORDERS = {
    "date": _ORDER,
    "reported": "h.articles DESC, h.mentions DESC, h.date_start NULLS LAST, h.happening_id",
}


def where_clause(filters: Filters, alias: str = "h") -> tuple[str, list]:
    """SQL condition (without WHERE) over the happenings table, and its parameters."""
    # A happening's outlets are a list, where an event's source is one article's column.
    conditions, params = period_and_lists(filters, alias, (("outlets", filters.sources, False),))
    for column, values in (("event_code", filters.event_codes),
                           ("date_source", filters.date_sources)):
        if values:
            conditions.append(f"{alias}.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    words = filters.text.strip().lower()
    if words:
        conditions.append(
            f"(contains(lower({alias}.headline), ?) OR {alias}.happening_id IN ("
            "SELECT m.happening_id FROM happening_members m JOIN events e USING (event_id) "
            "WHERE contains(lower(e.sentence), ?)))")
        params += [words, words]
    _by_members(filters, alias, conditions, params)
    return (" AND ".join(conditions) or "TRUE"), params


# Filters answered from the happenings table itself; any other is asked of its members.
_OWN_FIELDS = ("date_from", "date_to", "countries", "actors", "sources", "event_codes",
               "date_sources", "text", "all_countries", "all_actors")


def _member_filters(filters: Filters) -> Filters:
    """The filters a happening answers through its member events."""
    return replace(filters, **{name: getattr(Filters(), name) for name in _OWN_FIELDS})


def _reads_members(filters: Filters) -> bool:
    """True when the condition scans the member events (a word search, or a member filter)."""
    return bool(filters.text.strip()) or not _member_filters(filters).is_empty()


def _by_members(filters: Filters, alias: str, conditions: list[str], params: list) -> None:
    """The other filters (who acted on whom, languages, datasets' fields ...): a happening
    matches when one of its member events does, with the events' own SQL."""
    from dashboard.query import where_clause as event_where

    rest = _member_filters(filters)
    if rest.is_empty():
        return
    where, more = event_where(rest)
    conditions.append(
        f"{alias}.happening_id IN (SELECT m.happening_id FROM happening_members m "
        f"JOIN events e USING (event_id) LEFT JOIN articles a USING (article_id) "
        f"WHERE {where})")
    params.extend(more)


def happenings(store: Store, filters: Filters | None = None, limit: int | None = None,
               offset: int = 0, order: str = "date") -> pd.DataFrame:
    """Filtered happenings (every table column), by date (``order="date"``) or most
    reported first (``order="reported"``); ``limit``/``offset`` give one page."""
    where, params = where_clause(filters or Filters())
    sql = f"SELECT {_COLUMNS} FROM happenings h WHERE {where} ORDER BY {_ORDERS[order]}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return store.query(sql, params)


def day_weights(store: Store, filters: Filters | None = None) -> pd.DataFrame:
    """(date_start, articles) per day of the text-dated day happenings: where the story is,
    for the timeline's default window (publication days and long periods left out)."""
    where, params = where_clause(filters or Filters())
    sql = (f"SELECT h.date_start, sum(h.articles) AS articles FROM happenings h WHERE {where} "
           f"AND h.granularity = 'day' AND {_TEXT_SQL} "
           "GROUP BY 1 ORDER BY 1")
    frame = store.query(sql, params)
    if frame.empty:  # nothing dated in the text: the publication days are the story
        sql = (f"SELECT h.date_start, sum(h.articles) AS articles FROM happenings h "
               f"WHERE {where} AND h.granularity = 'day' GROUP BY 1 ORDER BY 1")
        frame = store.query(sql, params)
    return frame


# What the story chart and list draw: the id lists (thousands of ids on a big happening) are
# left out, and the outlets and actors cut to the few the hover shows.
_LONG_LISTS = ("article_ids", "titles", "event_ids", "dated_article_ids", "article_sources",
               "article_urls")
_STORY_COLUMNS = ", ".join(
    f'list_slice(h."{name}", 1, 8) AS "{name}"' if name in ("outlets", "actors", "countries")
    else f'h."{name}"' for name, _ in HAPPENING_COLUMNS if name not in _LONG_LISTS)


def happenings_in(store: Store, filters: Filters, first, last, limit: int) -> pd.DataFrame:
    """The ``limit`` most reported happenings whose period overlaps [first, last], by date
    (the columns the story draws, lists cut short)."""
    where, params = where_clause(replace(filters, date_from=first, date_to=last))
    sql = (f"SELECT * FROM (SELECT {_STORY_COLUMNS} FROM happenings h WHERE {where} "
           f"ORDER BY {_ORDERS['reported']} LIMIT {int(limit)}) h ORDER BY {_ORDER}")
    return _python_lists(store.query(sql, params))


_STORY_LISTS = ("actors", "countries", "places", "outlets")


def _python_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """The story's list cells as Python lists, not one NumPy array each: the page caches
    these frames, and 400 happenings pickled and read back in 17 ms with arrays, 3 ms with
    lists (2 ms to convert)."""
    for name in _STORY_LISTS:
        frame[name] = [v.tolist() if isinstance(v, np.ndarray) else v for v in frame[name]]
    return frame


def context_of(store: Store, filters: Filters, first, last, limit: int) -> pd.DataFrame:
    """The ``limit`` most reported text-dated happenings wholly before ``first``, and as
    many wholly after ``last``: the background a story names ("since the Taliban took
    control in 2021"), which the story chart pins to its edges (columns of
    ``happenings_in``)."""
    where, params = where_clause(filters)
    frames = []
    for side, edge in (("h.date_end < ?", first), ("h.date_start > ?", last)):
        sql = (f"SELECT {_STORY_COLUMNS} FROM happenings h WHERE {where} AND {side} "
               f"AND {_TEXT_SQL} ORDER BY {_ORDERS['reported']} LIMIT {int(limit)}")
        frames.append(store.query(sql, [*params, edge]))
    return _python_lists(
        pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True))


def story_summary(store: Store, filters: Filters | None = None) -> tuple[int, int, int]:
    """(happenings, mentions, distinct articles and datasets' outlets) for the caption."""
    filters = filters or Filters()
    where, params = where_clause(filters)
    if _reads_members(filters):
        # The member events' sentences or fields are scanned once (0.33 -> 0.20 CPU seconds
        # for a word at a million events), not once per count; without them, filtering the
        # table twice is the cheaper way (no copy of the article lists).
        sql = (f"WITH m AS MATERIALIZED (SELECT h.mentions, h.article_ids FROM happenings h "
               f"WHERE {where}) SELECT count(*), coalesce(sum(mentions), 0), "
               f"(SELECT count(DISTINCT a) FROM (SELECT UNNEST(article_ids) AS a FROM m)) FROM m")
    else:
        sql = (f"SELECT count(*), coalesce(sum(h.mentions), 0), (SELECT count(DISTINCT a) FROM "
               f"(SELECT UNNEST(h.article_ids) AS a FROM happenings h WHERE {where})) "
               f"FROM happenings h WHERE {where}")
        params = params + params
    happenings_count, mentions, articles = store.query_rows(sql, params)[0]
    return happenings_count, mentions, articles


def count_happenings(store: Store, filters: Filters | None = None) -> int:
    where, params = where_clause(filters or Filters())
    return store.query_rows(f"SELECT count(*) FROM happenings h WHERE {where}", params)[0][0]


_ARTICLE_FIELDS = ("title", "published", "source", "url", "language")
_MEMBER_COLUMNS = ", ".join(
    f'a."{c}"' if c in _ARTICLE_FIELDS else f'e."{c}"' for c in EXPORT_COLUMNS)


def members(store: Store, happening_id: str) -> pd.DataFrame:
    """A happening's member events in export shape (plus ``text_dated``: the sentence dates it
    itself), first reported first, then in reading order."""
    sql = (
        f"SELECT {_MEMBER_COLUMNS}, e.date_source IN ('explicit', 'relative') AS text_dated "
        "FROM happening_members m JOIN events e USING (event_id) "
        "LEFT JOIN articles a USING (article_id) WHERE m.happening_id = ? "
        "ORDER BY a.published NULLS LAST, e.article_id, e.start, e.event_id"
    )
    return store.query(sql, [happening_id])


def happening_of_events(store: Store, event_ids: list[str]) -> pd.DataFrame:
    """event_id -> happening_id, for linking a mention to what it reports."""
    return store.query(
        "SELECT event_id, happening_id FROM happening_members "
        "WHERE event_id IN (SELECT UNNEST(?)) ORDER BY event_id", [list(event_ids)])


def key_dates(store: Store, filters: Filters | None = None, limit: int = 10,
              grains: tuple[str, ...] | None = None, candidates: int | None = None
              ) -> pd.DataFrame:
    """Ranked key dates (``happenings.frame.KEY_DATE_COLUMNS``): periods by the distinct
    articles whose text dates a happening there; publication days only after them.

    The same ranking as ``happenings.keydates.key_dates``, computed in SQL. Counting
    distinct articles means unnesting every happening's article list (a million ids in a
    big store), so only the periods whose sum of articles (an upper bound of the distinct
    count) could reach the top are counted; when the bound cannot prove the ranking, the
    candidates grow until it does, so the answer is exact."""
    where, params = where_clause(filters or Filters())
    if grains:
        where += f" AND coalesce(h.granularity, 'day') IN ({', '.join('?' for _ in grains)})"
        params = params + list(grains)
    # The count grows with the happenings it reads (10: 0.02 s, 50: 0.05 s at a million
    # events); twice the periods wanted proved the ranking at once for the 21 filter
    # sets of benchmarks/bench_dashboard.py at 1M events, reading half of what 4x read.
    wanted = max(candidates or 2 * limit, limit, 1)
    while True:
        frame, next_bound = _ranked_periods(store, where, params, limit, wanted)
        if next_bound is None or _proven(frame, limit, next_bound):
            break
        wanted *= 4
    frame = frame.drop(columns=["bound"])
    frame.insert(3, "label", [
        period_label(_day(r.date_start), _day(r.date_end), r.granularity)
        for r in frame.itertuples()])
    return frame


_FINE_SQL = " ".join(f"WHEN '{g}' THEN {i}" for i, g in
                     enumerate(("day", "week", "month", "quarter", "year", "decade")))


_PERIOD = "h.date_start, h.date_end, coalesce(h.granularity, 'day') AS granularity"
_KEY = "date_start, date_end, granularity, text"


def _ranked_periods(store: Store, where: str, params: list, limit: int, wanted: int
                    ) -> tuple[pd.DataFrame, tuple[bool, int] | None]:
    """The top ``limit`` periods among the ``wanted`` with the highest bounds, and the
    (text, bound) of the best period left out (None when none is).

    Two reads: the bounds (and happening ids) of the best periods from the narrow columns,
    then the article lists of those happenings only. One query joining every happening to
    the picked periods read both list columns of the whole table (0.3 s of its 0.5 s at a
    million events); the filters are applied once, in the first."""
    ranked = _period_bounds(store, where, params, wanted + 1)
    picked, left_out = ranked[:wanted], ranked[wanted:]
    following = (bool(left_out[0][3]), int(left_out[0][6])) if left_out else None
    if not picked:
        return _NO_PERIODS.copy(), following
    return _count_picked(store, picked, limit), following


def _period_bounds(store: Store, where: str, params: list, rows: int) -> list[tuple]:
    """(date_start, date_end, granularity, text, happenings, mentions, bound, happening ids)
    of the first ``rows`` periods: text-dated ones first, publication days only where no
    text dates the same period; by the sum of their happenings' articles (an upper bound of
    the distinct count), ties by date so that the same periods are picked every time."""
    sql = f"""
        WITH h AS MATERIALIZED (
            SELECT h.happening_id, {_PERIOD}, {_TEXT_SQL} AS text, h.mentions, h.articles
            FROM happenings h WHERE {where} AND h.date_start IS NOT NULL
                AND h.date_source <> 'unresolved'
        ),
        periods AS (
            SELECT {_KEY}, count(*) AS happenings, sum(mentions) AS mentions,
                   sum(articles) AS bound
            FROM h GROUP BY ALL
        ),
        best AS (
            SELECT * FROM periods p WHERE p.text OR NOT EXISTS (
                SELECT 1 FROM periods t WHERE t.text AND t.date_start = p.date_start
                    AND t.date_end = p.date_end AND t.granularity = p.granularity)
            ORDER BY text DESC, bound DESC, date_start, date_end, granularity
            LIMIT {int(rows)}
        )
        SELECT b.*, list(h.happening_id) AS ids FROM best b JOIN h USING ({_KEY})
        GROUP BY ALL ORDER BY text DESC, bound DESC, date_start, date_end, granularity
    """
    return store.query_rows(sql, params)


# No period matches: the columns and dtypes the counting query gives, with no rows.
_NO_PERIODS = pd.DataFrame({
    "date_start": pd.Series(dtype="datetime64[us]"), "date_end": pd.Series(dtype="datetime64[us]"),
    "granularity": pd.Series(dtype=object), "articles": pd.Series(dtype="int64"),
    "happenings": pd.Series(dtype="int64"), "mentions": pd.Series(dtype="float64"),
    "headline": pd.Series(dtype=object), "kind": pd.Series(dtype=object),
    "bound": pd.Series(dtype="float64")})


def _count_picked(store: Store, picked: list[tuple], limit: int) -> pd.DataFrame:
    """The picked periods with their distinct articles (dating it in the text, or published
    then) and headline (of the most reported happening there), best first. Only the picked
    happenings are read, and each kind of period unnests its own list column, only when such
    a period was picked: reading a list column costs ~0.1 s at a million events, and a CASE
    choosing between the two lists copied both."""
    ids = [happening_id for row in picked for happening_id in row[7]]
    kinds = {bool(row[3]) for row in picked}
    lists = {True: "dated_article_ids", False: "article_ids"}
    counted = " UNION ALL ".join(
        f"SELECT {_KEY}, count(DISTINCT a.article_id) AS articles FROM x "
        f"CROSS JOIN UNNEST(x.{lists[text]}) AS a(article_id) WHERE x.text = {text} GROUP BY ALL"
        for text in sorted(kinds, reverse=True))
    values = ", ".join("(?, ?, ?, ?, ?, ?, ?)" for _ in picked)
    sql = f"""
        WITH picked({_KEY}, happenings, mentions, bound) AS (VALUES {values}),
        x AS MATERIALIZED (
            SELECT h.happening_id, {_PERIOD}, {_TEXT_SQL} AS text, h.mentions, h.articles,
                   h.headline, h.first_reported,
                   {", ".join(f"h.{lists[text]}" for text in sorted(kinds))}
            FROM happenings h WHERE h.happening_id IN (SELECT UNNEST(?::VARCHAR[]))
        ),
        reported AS (  -- the last day a happening after its first report was reported on
            SELECT h.happening_id, max(a.published) AS last_reported
            FROM happenings h CROSS JOIN UNNEST(h.article_ids) AS u(article_id)
                JOIN articles a ON a.article_id = u.article_id
            WHERE h.happening_id IN (SELECT happening_id FROM x
                                     WHERE x.date_start > x.first_reported)
            GROUP BY ALL
        ),
        plans AS (  -- a period every happening of which lies after its last report
            SELECT {_KEY}, bool_and(coalesce(x.date_start > r.last_reported, false)) AS planned
            FROM x LEFT JOIN reported r USING (happening_id) GROUP BY ALL
        ),
        heads AS (
            SELECT {_KEY}, first(headline ORDER BY articles DESC, mentions DESC,
                                 happening_id DESC) AS headline
            FROM x GROUP BY ALL
        ),
        counted AS ({counted})
        SELECT p.date_start, p.date_end, p.granularity, coalesce(c.articles, 0) AS articles,
               p.happenings::BIGINT AS happenings, p.mentions::DOUBLE AS mentions, hd.headline,
               CASE WHEN p.text THEN 'text' ELSE 'publication' END AS kind, p.bound
        FROM picked p
        LEFT JOIN heads hd USING ({_KEY})
        LEFT JOIN counted c USING ({_KEY})
        LEFT JOIN plans pl USING ({_KEY})
        ORDER BY p.text DESC, articles DESC, pl.planned, p.mentions DESC,
                 CASE p.granularity {_FINE_SQL} ELSE 9 END, p.date_start, p.date_end
        LIMIT {int(limit)}
    """
    return store.query(sql, [value for row in picked for value in row[:7]] + [ids])


def _proven(frame: pd.DataFrame, limit: int, following: tuple[bool, int]) -> bool:
    """True when no period left out can rank among the first ``limit``: the last one kept
    is of a better kind (text before publication) or has more articles than any left-out
    period could have (ties could go either way, so they are not proof)."""
    if len(frame) < limit:
        return False
    last_text = frame["kind"].iloc[-1] == "text"
    next_text, next_bound = following
    if last_text and not next_text:
        return True
    return bool(last_text == next_text and frame["articles"].iloc[-1] > next_bound)


def _day(value):
    """A DuckDB DATE as handed over by pandas (a Timestamp) -> datetime.date."""
    return value.date() if hasattr(value, "date") else value


def pending(store: Store) -> int:
    """Blocks whose happenings still wait to be recomputed (an interrupted ingest)."""
    return store.pending_happenings()
