"""The sidebar's saved views: name the current view (filters, colour, page), open or delete
one. Views live in the store's own table, so they travel with the data (and
`eventline views` manages the same list)."""

from __future__ import annotations

import streamlit as st

from dashboard import query, saved
from dashboard.app import more_filters, safe, state
from dashboard.app.filters import ALL_OF, FACETS, KEYS, PAGE_CHOICES
from dashboard.models import SavedView
from dashboard.query import Filters
from dashboard.store import StoreError

_OPENED = "_eventline_opened_view"
_MESSAGE = "_eventline_view_message"


def _widget_values(filters: Filters, bounds) -> dict[str, object]:
    """Each filter widget's value for ``filters`` (defaults for what the view leaves open)."""
    values: dict[str, object] = {KEYS["text"]: filters.text}
    if bounds is not None:
        values[KEYS["dates"]] = (filters.date_from or bounds[0], filters.date_to or bounds[1])
    for field, (key, _, _) in FACETS.items():
        values[key] = list(getattr(filters, field))
        if field in ALL_OF:
            values[f"{key}_all"] = getattr(filters, ALL_OF[field])
    for field, key in more_filters.WIDGET_KEYS.items():
        value = getattr(filters, field)
        values[key] = list(value) if isinstance(value, tuple) else value
    return values


def _open(view: SavedView) -> None:
    """Put the view's filters and choices into the widgets (a callback: before they draw)."""
    filters = query.filters_from_dict(view.filters)
    for key, value in _widget_values(filters, state.date_bounds()).items():
        st.session_state[key] = value
    for key, default in PAGE_CHOICES.items():
        st.session_state[key] = view.choices.get(key, default)
    st.session_state[_OPENED] = view.page
    st.session_state[_MESSAGE] = f"Opened the view {view.name}."


def _save(page: str) -> None:
    name = st.session_state.get("view_name", "")
    choices = {key: st.session_state[key] for key, default in PAGE_CHOICES.items()
               if key in st.session_state and st.session_state[key] != default}
    filters = st.session_state.get("_eventline_filters", Filters())
    try:
        view = saved.view(name, page, filters.as_dict(), choices)
        replaced = state.store().save_view(view)
    except (ValueError, StoreError) as exc:
        st.session_state[_MESSAGE] = f"Not saved: {exc}"
        return
    st.session_state[_MESSAGE] = f"{'Replaced' if replaced else 'Saved'} the view {view.name}."
    st.session_state["view_name"] = ""


def _delete(name: str) -> None:
    try:
        state.store().delete_view(name)
    except StoreError as exc:
        st.session_state[_MESSAGE] = f"Not deleted: {exc}"
        return
    st.session_state[_MESSAGE] = f"Deleted the view {name}."


def saved_views_panel(page: str, pages: dict) -> None:
    """``page`` is the page shown now; ``pages`` maps page names to ``st.Page`` objects."""
    views = {view.name: view for view in state.cached("saved_views")}
    message = st.session_state.pop(_MESSAGE, None)
    # Open after an action, so its message shows (a changed count makes a new expander).
    expanded = bool(message) or _OPENED in st.session_state
    with st.sidebar.expander(f"Saved views ({len(views)})", expanded=expanded):
        if message:
            st.caption(safe.md(message))
        opened = st.session_state.get(_OPENED)
        if opened and opened != page and opened in pages:
            st.page_link(pages[opened], label=f"Go to the view's page: {opened.title()}",
                         icon=":material/arrow_forward:")
        elif opened == page:
            st.session_state.pop(_OPENED, None)
        if views:
            name = st.selectbox("Open a saved view", list(views), index=None,
                                key="view_pick", placeholder="choose a view")
            left, right = st.columns(2)
            left.button("Open", key="view_open", disabled=name is None, on_click=_open,
                        args=(views[name],) if name else None)
            right.button("Delete", key="view_delete", disabled=name is None, on_click=_delete,
                         args=(name,) if name else None)
        st.text_input("Save this view as", key="view_name", max_chars=saved.MAX_NAME,
                      placeholder="a name, e.g. Battles in Donetsk")
        st.button("Save view", key="view_save", on_click=_save, args=(page,))
