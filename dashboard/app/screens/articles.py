"""Articles page: what was ingested, with event counts and problems; read one article."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import highlight, state, views
from dashboard.app.filters import current

st.title("Articles")
filters = current()
listed = state.cached("articles", filters)
if listed.empty:
    st.info("No articles match the filters. Add some on the Ingest page.")
else:
    scope = "stored articles" if filters.is_empty() else "articles with matching events"
    st.caption(f"{len(listed):,} {scope} (newest first). Select a row to read the article.")
    picked = views.table(
        listed.drop(columns=["article_id"]), key="article_table",
        on_select="rerun", selection_mode="single-row",
        column_config={"url": st.column_config.LinkColumn("url"),
                       "events": "events extracted", "matching": "events matching"},
    )
    rows = picked.selection.rows if picked else []
    if rows:  # the article read is part of the URL, so a link can open it
        st.query_params["article"] = listed.iloc[rows[0]]["article_id"]
    article_id = st.query_params.get("article")
    article = state.cached("article", article_id) if article_id else None
    if article:
        found = state.cached("article_events", article_id)
        st.subheader(article["title"] or "untitled")
        published = pd.to_datetime(article["published"])
        when = f"published {published:%Y-%m-%d}" if pd.notna(published) else "no publication date"
        link = f" · [{article['url']}]({article['url']})" if article["url"] else ""
        st.caption(f"{article['source'] or 'unknown source'} · {when}{link}")
        marks = highlight.spans_for(article["text"], found.to_dict("records"))
        st.html(f"<div>{highlight.legend_html()}</div>"
                f'<div style="line-height:1.6">{highlight.to_html(article["text"], marks)}</div>')
        views.table(found[views.TABLE_COLUMNS[:-2]], key="article_events")

st.subheader("Ingest problems")
problems = state.cached("ingest_problems")
session = st.session_state.get("ingest_problems", [])
checks = state.cached("article_checks")
st.caption(f"{checks['articles']:,} articles stored: {checks['undated']:,} without a "
           f"publication date (their relative dates stay unresolved), "
           f"{checks['without events']:,} without any event.")
if problems is not None and not problems.empty:
    views.table(problems, key="problems")
elif session:
    st.caption("This store keeps no problem log; these are from ingests in this session.")
    st.dataframe({"problem": session}, hide_index=True, width="stretch", key="problems")
else:
    st.caption("No problems recorded in this session. (This store keeps no problem log; "
               "`eventline ingest` prints problems as it runs and `--errors FILE` saves them.)")
