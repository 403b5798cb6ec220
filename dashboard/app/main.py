"""Entry point of the Streamlit app (``eventline serve`` runs this file)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="Eventline", page_icon="🗓️", layout="wide")

navigation = st.navigation(
    [
        st.Page(PAGES / "timeline.py", title="Timeline", icon="📈", default=True),
    ]
)
navigation.run()
