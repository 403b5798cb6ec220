"""The sidebar filters shared by every page; each widget is bound to the URL.

They are drawn by ``main.py`` before the page runs, so the bindings belong to the app's main
script and survive moving between pages (a page's own bound widgets would be dropped).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.app import more_filters, safe, state
from dashboard.models import DATE_SOURCES
from dashboard.query import SEARCHABLE_COLUMNS, Filters, facet_scopes

# URL parameter names (widget keys) of the date range and the search box.
KEYS = {"dates": "dates", "text": "q"}
# Filters field -> (widget key = URL parameter, facet column, label) for the lists.
FACETS = {
    "countries": ("country", "countries", "Countries"),
    "actors": ("actor", "actors", "Actors"),
    "event_codes": ("type", "event_code", "Event types"),
    "sources": ("source", "source", "Sources"),
    "date_sources": ("datesrc", "date_source", "Date source"),
    "languages": ("lang", "language", "Languages"),
}
ALL_OF = {"countries": "all_countries", "actors": "all_actors"}  # lists an event has many of
SEARCHABLE = ("actors", "sources")  # lists long enough to need a find box
MAX_OPTIONS = 1000  # a multiselect with more options slows the browser and says nothing more
CAPTION_VALUES = 5  # the top values written under each list, with their counts
_CURRENT = "_eventline_filters"
_BOUNDS = "_eventline_date_bounds"  # the stored date range the date widget was last drawn for
_LINK_NOTES = "_eventline_link_notes"
_LINK_UNMATCHED = "_eventline_link_unmatched"  # kept from the link, though nothing has them
_LINK_CHECKED = "_eventline_link_checked"


def current() -> Filters:
    """The filters drawn in this run (pages call this; main.py draws them first)."""
    return st.session_state.get(_CURRENT, Filters())


def _options(field: str, key: str, found: list[str], lists: pd.DataFrame) -> list[str]:
    """What the list offers: the most frequent values in the view the other filters gave on
    the last run (``lists``: ``_facet_lists`` of that run's filters), values the find box
    matched, and any the URL or the user already chose."""
    values = lists.loc[lists["facet"] == field, "value"].astype(str).tolist()
    chosen = [*st.query_params.get_all(key), *st.session_state.get(key, [])]
    return list(dict.fromkeys([*found, *values, *chosen]))


_LISTS = tuple((field, column) for field, (_, column, _) in FACETS.items())


def _facet_lists(filters: Filters) -> pd.DataFrame:
    """Each list's first ``MAX_OPTIONS`` values with their counts under the *other*
    filters: rows of (facet, value, events).

    Every list is counted in one cached scan per set of rows (``facet_scopes``), even those
    that only need another scope: a run writes the first five under each list, and the
    next run offers the lists from the same answers (its lists follow the filters of the
    run before); a filter added or removed then finds its other scope counted already."""
    parts = []
    for scope, members in facet_scopes(_LISTS, filters).items():
        lists = state.cached("facet_tops", _LISTS, scope, limit=MAX_OPTIONS)
        parts.append(lists[lists["facet"].isin([field for field, _ in members])])
    return pd.concat(parts, ignore_index=True)


def _find(field: str, column: str, label: str) -> list[str]:
    """A search over every stored value, for names beyond the list's first thousand."""
    needle = st.sidebar.text_input(f"Find {label.lower()}", key=f"find_{field}",
                                   placeholder="part of a name, any case")
    if not needle.strip():
        return []
    found = state.cached("facet_search", column, needle)
    st.sidebar.caption(f"{len(found)} match{'es' * (len(found) != 1)}, listed first below"
                       if found else f"Nothing stored matches {safe.md(needle)}.")
    return found


def _date_range() -> tuple[date | None, date | None]:
    bounds = state.date_bounds()
    if bounds is None:
        return None, None
    low, high = bounds
    seen = st.session_state.get(_BOUNDS)
    st.session_state[_BOUNDS] = bounds
    if seen is None:
        fixed = _dates_from_link(low, high)
        if fixed is not None:
            st.session_state[KEYS["dates"]] = fixed
    elif seen != bounds and KEYS["dates"] in st.session_state:
        st.session_state[KEYS["dates"]] = _follow_bounds(
            _ends(st.session_state[KEYS["dates"]]), seen, bounds)
    chosen = st.sidebar.date_input(
        "Date range", value=(low, high), min_value=low, max_value=high,
        key=KEYS["dates"], bind="query-params", format="YYYY-MM-DD",
    )
    first, last = _ends(chosen)
    # The whole range means "no date filter", so undated events are not silently dropped.
    first, last = (None if first == low else first), (None if last == high else last)
    if first or last:
        st.sidebar.caption(f"Showing {first or low} – {last or high} of the stored "
                           f"{low} – {high}.")
    return first, last


def _follow_bounds(chosen: tuple[date | None, date | None], seen: tuple[date, date],
                   bounds: tuple[date, date]) -> tuple[date, date]:
    """After an ingest changed the stored dates, an end that sat on the old bound moves to
    the new one (it meant "everything"), and a chosen day stays, clipped to the new bounds:
    the old range must not silently become a filter."""
    (first, last), (old_low, old_high), (low, high) = chosen, seen, bounds
    first = low if first in (None, old_low) else min(max(first, low), high)
    last = high if last in (None, old_high) else max(min(last, high), first)
    return first, last


def _dates_from_link(low: date, high: date) -> tuple[date, date] | None:
    """The link's date range with its valid days kept: a junk end date must not drop a good
    start date. Each value left out or clipped is named in the sidebar."""
    raw = st.query_params.get_all(KEYS["dates"])
    if not raw:
        return None
    days: list[date | None] = []
    for value in raw[:2]:
        try:
            days.append(date.fromisoformat(value.strip().replace("/", "-")))
        except ValueError:
            days.append(None)
            _note(f"date {value!r} (expected YYYY-MM-DD)")
    for value in raw[2:]:
        _note(f"date {value!r} (a range has two dates)")
    first, last = (days + [None])[:2]
    if first and last and first > last:
        first, last = last, first
    clipped = (max(min(first or low, high), low), min(max(last or high, low), high))
    for asked, kept in zip((first, last), clipped, strict=True):
        if asked and asked != kept:
            _note(f"date {asked} (outside the stored {low} – {high}; {kept} is used)")
    return clipped


def _note(text: str) -> None:
    notes = st.session_state.setdefault(_LINK_NOTES, [])
    if text not in notes:
        notes.append(text)


def _link_notes() -> None:
    """Values of the link that the filters could not use, named until dismissed."""
    notes = st.session_state.get(_LINK_NOTES, [])
    unmatched = st.session_state.get(_LINK_UNMATCHED, [])
    if not notes and not unmatched:
        return
    if notes:
        st.sidebar.warning("Ignored from the link: " + "; ".join(safe.md(n) for n in notes))
    if unmatched:
        st.sidebar.warning("Kept from the link, but no stored event has: "
                           + "; ".join(safe.md(n) for n in unmatched))
    if st.sidebar.button("Dismiss", key="dismiss_link_notes"):
        st.session_state[_LINK_NOTES] = []
        st.session_state[_LINK_UNMATCHED] = []
        st.rerun()


def _ends(chosen) -> tuple[date | None, date | None]:
    if isinstance(chosen, (tuple, list)):
        if len(chosen) == 2:
            return chosen[0], chosen[1]
        if len(chosen) == 1:  # the user has picked the first day of a range only
            return chosen[0], None
        return None, None
    return chosen, chosen


def _type_label(names: dict[str, str]):
    return lambda code: f"{names.get(code, '')} ({code})".strip()


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar, remember and return what they select."""
    st.sidebar.header("Filters")
    date_from, date_to = _date_range()
    text = st.sidebar.text_input(
        "Search the evidence", key=KEYS["text"], bind="query-params",
        placeholder="words in the evidence sentence",
    )
    type_names = state.event_type_names()
    first_run = not st.session_state.get(_LINK_CHECKED)
    st.session_state[_LINK_CHECKED] = True
    picked: dict[str, Any] = {}
    slots = {}
    found: dict[str, list[str]] = {}
    offered = _facet_lists(current())
    for field in FACETS:
        picked[field], found[field] = _multiselect(field, type_names, first_run, offered)
        slots[field] = st.sidebar.empty()  # filled with counts once every filter is known
        if field in ALL_OF:
            picked[ALL_OF[field]] = st.sidebar.toggle(
                "all of them (not any)", key=f"{FACETS[field][0]}_all", bind="query-params",
                help="Only events that name every value chosen above.")
    scope = current()
    picked.update(more_filters.dyad_filters(scope, found.get("actors", [])))
    picked.update(more_filters.detail_filters(scope))
    filters = Filters(date_from=date_from, date_to=date_to, text=text.strip(), **picked)
    st.session_state[_CURRENT] = filters
    _facet_captions(slots, filters, type_names)
    _link_notes()
    return filters


def _multiselect(field: str, type_names: dict[str, str], first_run: bool, lists: pd.DataFrame
                 ) -> tuple[tuple[str, ...], list[str]]:
    """The list's chosen values, and what its find box matched (offered elsewhere too)."""
    # Labels must not carry counts: a bound widget writes its label into the URL, and a link
    # has to reopen the same view after new articles change the counts. Counts go below.
    key, column, label = FACETS[field]
    extra = {}
    found: list[str] = []
    if field == "date_sources":
        options = list(DATE_SOURCES)
    elif field == "event_codes":  # few codes, all listed; the URL holds labels, not codes
        options = state.facet(column)["value"].astype(str).tolist()
        extra = {"format_func": _type_label(type_names)}
    else:
        found = _find(field, column, label) if field in SEARCHABLE else []
        options = _options(field, key, found, lists)
        if first_run:
            _check_link_names(field, column)
    if first_run and field in ("date_sources", "event_codes"):
        _check_link_values(field, options, extra.get("format_func", str))
    chosen = st.sidebar.multiselect(label, options, key=key, bind="query-params",
                                    filter_mode="contains", **extra)
    return tuple(chosen), found


def _iso3_of(value: str) -> str | None:
    """The ISO-3 code of a country's name or ISO-2 code, any case ("Ghana", "gh")."""
    from dashboard.importers.common import iso2_to_iso3, iso3_codes, name_to_iso3

    wanted = value.strip()
    if wanted.upper() in iso3_codes():
        return wanted.upper()
    return name_to_iso3().get(wanted.lower()) or iso2_to_iso3().get(wanted.upper())


def _check_link_names(field: str, column: str) -> None:
    """Name the link's values that no stored event has ("country=Japan" where the store says
    JPN). They stay chosen, so the link's other values still apply, but the empty page that
    follows is explained. A list offers only its first thousand values, so each value is
    looked up in the whole store."""
    key, _, name = FACETS[field]
    for value in st.query_params.get_all(key):
        if column in SEARCHABLE_COLUMNS:
            # Stored values holding it, most frequent first: the value itself, or close ones
            close = state.cached("facet_search", column, value, limit=1000)
            stored = value in close
        else:
            close, stored = [], value in set(state.facet(column)["value"].astype(str))
        if stored:
            continue
        if field == "countries" and (code := _iso3_of(value)) and code != value:
            close = [code]  # "Ghana": countries are stored as ISO-3 codes
        hint = f" (did you mean {', '.join(map(repr, close[:3]))}?)" if close else ""
        unmatched = st.session_state.setdefault(_LINK_UNMATCHED, [])
        if (note := f"{name.lower()} {value!r}{hint}") not in unmatched:
            unmatched.append(note)


def _check_link_values(field: str, options: list[str], label) -> None:
    """Name the link's values that this list cannot take (the widget drops them silently)."""
    key, _, name = FACETS[field]
    offered = {label(option) for option in options}
    for value in st.query_params.get_all(key):
        if value not in offered:
            shown = ", ".join(sorted(offered)[:3])
            _note(f"{name.lower()} {value!r} (not in this store; expected e.g. {shown})"
                  if offered else f"{name.lower()} {value!r} (this store has none)")


def _facet_captions(slots: dict, filters: Filters, type_names: dict[str, str]) -> None:
    """Under each list, its top values with counts that follow the *other* filters."""
    # One cached query per scope: a facet whose own filter is set is counted over rows that
    # other changes leave alone, so its answer is often reused.
    lists = _facet_lists(filters)
    for field, slot in slots.items():
        rows = lists[lists["facet"] == field].head(CAPTION_VALUES)
        label = _type_label(type_names) if field == "event_codes" else str
        parts = [f"{safe.md(label(v))} {n:,}"
                 for v, n in zip(rows["value"], rows["events"], strict=True)]
        if parts:
            slot.caption(" · ".join(parts))


# Choices that pages bind to the URL, with their defaults. The browser writes them into its
# address bar after the run that drew them, so the link reads them from the widgets' state.
PAGE_CHOICES: dict[str, object] = {"show": "happenings", "colour": "event type", "points": True}


def view_url() -> str:
    """The link that reopens this view: the page URL with the bound filters and choices."""
    base = st.context.url or "http://localhost:8501/"
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    for key, default in PAGE_CHOICES.items():
        value = st.session_state.get(key, default)
        if value != default:
            params[key] = [str(value).lower() if isinstance(value, bool) else str(value)]
        else:
            params.pop(key, None)
    query_string = urlencode(params, doseq=True)
    return f"{base}?{query_string}" if query_string else base


def share_link() -> None:
    """Drawn after the page has run (pages never call ``st.stop``), so that the page's own
    URL-bound choices, such as the colour, are in the link."""
    with st.expander("Copy link to this view"):
        st.code(view_url(), language=None, wrap_lines=True)
        st.caption("Use the copy icon; the link reopens these filters on this page.")
