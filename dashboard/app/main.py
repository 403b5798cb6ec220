"""Entry point of the Streamlit app (``eventline serve`` runs this file)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app.filters import share_link, sidebar_filters

PAGES = Path(__file__).resolve().parent / "screens"

st.set_page_config(page_title="Eventline", page_icon="🗓️", layout="wide")

navigation = st.navigation(
    [
        st.Page(PAGES / "timeline.py", title="Timeline", icon=":material/timeline:", default=True),
        st.Page(PAGES / "map.py", title="Map", icon=":material/public:"),
        st.Page(PAGES / "actors.py", title="Actors", icon=":material/groups:"),
        st.Page(PAGES / "articles.py", title="Articles", icon=":material/article:"),
        st.Page(PAGES / "ingest.py", title="Ingest", icon=":material/upload_file:"),
        st.Page(PAGES / "data.py", title="Data", icon=":material/table_view:"),
    ]
)
# Drawn here, before the page, so the URL-bound filters belong to every page.
sidebar_filters()
link_slot = st.sidebar.container()
navigation.run()
# After the page: the link then holds the page's own choices too (the colour, for one).
with link_slot:
    share_link()
