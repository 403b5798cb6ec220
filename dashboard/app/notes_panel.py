"""Notes on the timeline: the notes of the period shown, and a form to add one.

Notes are user text: listed through ``safe.md`` and ``safe.md_link``, never as markup."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import saved
from dashboard.app import safe, state
from dashboard.charts import period_label
from dashboard.store import StoreError

_MESSAGE = "_eventline_note_message"


def _add() -> None:
    chosen = st.session_state.get("note_dates")
    days = list(chosen) if isinstance(chosen, (tuple, list)) else [chosen] if chosen else []
    first, last = (days[0], days[-1]) if days else (None, None)
    if first is None:
        st.session_state[_MESSAGE] = "Not added: choose the note's day (or first and last day)."
        return
    try:
        note = saved.note(first, last, st.session_state.get("note_text", ""),
                          st.session_state.get("note_author", ""),
                          st.session_state.get("note_link", ""))
        state.store().add_note(note)
    except (ValueError, StoreError) as exc:
        st.session_state[_MESSAGE] = f"Not added: {exc}"
        return
    st.session_state[_MESSAGE] = "Note added."
    st.session_state["note_text"] = ""


def _delete(note_id: str) -> None:
    try:
        state.store().delete_note(note_id)
    except StoreError as exc:
        st.session_state[_MESSAGE] = f"Not deleted: {exc}"


def _listed(notes: pd.DataFrame) -> None:
    for note in notes.itertuples():
        when = period_label(note.date_start, note.date_end, None)
        by = f" — {safe.md(note.author)}" if note.author else ""
        link = f" · {safe.md_link('link', note.link)}" if safe.http_url(note.link) else ""
        text, button = st.columns([6, 1])
        text.markdown(f"**{safe.md(when)}** {safe.md(note.text)}{by}{link}")
        button.button("Delete", key=f"note_delete_{note.note_id}", on_click=_delete,
                      args=(note.note_id,))


def notes_panel(notes: pd.DataFrame, default_day: date | None) -> None:
    """The notes drawn on the chart above, and the form that adds one."""
    message = st.session_state.pop(_MESSAGE, None)
    with st.expander(f"Notes on this period ({len(notes)})", expanded=bool(message)):
        if message:
            st.caption(safe.md(message))
        if notes.empty:
            st.caption("No notes yet. A note marks a day or a period on the timeline for "
                       "everyone who opens this store.")
        _listed(notes)
        with st.form("note_form", clear_on_submit=False, border=False):
            day = pd.Timestamp(default_day).date() if default_day is not None else None
            st.date_input("Day, or first and last day", value=[day] if day else [],
                          key="note_dates", format="YYYY-MM-DD")
            st.text_area("Note", key="note_text", max_chars=saved.MAX_NOTE, height=80,
                         placeholder="e.g. ceasefire announced")
            left, right = st.columns(2)
            left.text_input("Author", key="note_author", max_chars=saved.MAX_AUTHOR)
            right.text_input("Link (optional)", key="note_link", placeholder="https://...")
            st.form_submit_button("Add note", on_click=_add)
