"""Entry point of the Streamlit app (``eventline serve`` runs this file)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app import state
from dashboard.app.filters import share_link, sidebar_filters
from dashboard.app.saved_views import saved_views_panel

SCREENS = Path(__file__).resolve().parent / "screens"

st.set_page_config(page_title="Eventline", page_icon="🗓️", layout="wide")

PAGES = {
    "timeline": st.Page(SCREENS / "timeline.py", title="Timeline", icon=":material/timeline:",
                        default=True),
    "map": st.Page(SCREENS / "map.py", title="Map", icon=":material/public:"),
    "actors": st.Page(SCREENS / "actors.py", title="Actors", icon=":material/groups:"),
    "articles": st.Page(SCREENS / "articles.py", title="Articles", icon=":material/article:"),
    "ingest": st.Page(SCREENS / "ingest.py", title="Ingest", icon=":material/upload_file:"),
    "data": st.Page(SCREENS / "data.py", title="Data", icon=":material/table_view:"),
}
navigation = st.navigation(list(PAGES.values()))
current_page = next((name for name, page in PAGES.items() if page == navigation), "timeline")
# Drawn here, before the page, so the URL-bound filters belong to every page.
with state.reading():  # a score of list queries: the file is attached once for them
    sidebar_filters()
saved_views_panel(current_page, PAGES)
link_slot = st.sidebar.container()
navigation.run()
# After the page: the link then holds the page's own choices too (the colour, for one).
with link_slot:
    share_link()
