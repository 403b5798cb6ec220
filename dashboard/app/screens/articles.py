"""Articles page: every ingested article, a page at a time, searchable; read one article."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import highlight, safe, state, views
from dashboard.app.filters import current

PAGE_ROWS = 100


def _listing(filters) -> None:
    search = st.text_input("Search titles, sources and links", key="article_search",
                           placeholder="words in the title, source or URL")
    total = state.cached("count_articles", filters, search=search)
    if total == 0:
        st.info("No articles match. Add some on the Ingest page, or change the search or "
                "the filters.")
        return
    pages = (total + PAGE_ROWS - 1) // PAGE_ROWS
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1,
                           step=1, key="article_page") if pages > 1 else 1
    listed = state.cached("articles", filters, limit=PAGE_ROWS,
                          offset=(int(page) - 1) * PAGE_ROWS, search=search)
    plural = "s" * (total != 1)
    scope = (f"ingested article{plural}" if filters.is_empty()
             else f"article{plural} with matching events")
    first = (int(page) - 1) * PAGE_ROWS + 1
    st.caption(f"{total:,} {scope}{' matching the search' if search.strip() else ''}, newest "
               f"first; rows {first:,}–{first + len(listed) - 1:,}. Select a row to read it.")
    shown = listed.drop(columns=["article_id"]).assign(url=listed["url"].map(safe.http_url))
    picked = views.table(
        shown, key="article_table", on_select="rerun", selection_mode="single-row",
        column_config={"url": st.column_config.LinkColumn("url"),
                       "events": "events extracted", "matching": "events matching"},
    )
    rows = picked.selection.rows if picked else []
    if rows:  # the article read is part of the URL, so a link can open it
        st.query_params["article"] = listed.iloc[rows[0]]["article_id"]


def _reader(article_id: str) -> None:
    article = state.cached("article", article_id)
    if not article:
        st.warning(f"No stored article has the id {safe.md(article_id)} (from the link).")
        return
    found = state.cached("article_events", article_id)
    st.subheader(safe.md(article["title"] or "untitled"), anchor=False)
    published = pd.to_datetime(article["published"])
    when = f"published {published:%Y-%m-%d}" if pd.notna(published) else "no publication date"
    url = safe.http_url(article["url"])
    link = f" · {safe.md_link(article['url'], url)}" if url else ""
    language = f" · language {safe.md(article['language'])}" if article.get("language") else ""
    st.caption(f"{safe.md(article['source'] or 'unknown source')} · {when}{language}{link}")
    marks = highlight.spans_for(article["text"], found.to_dict("records"))
    st.html(f"<div>{highlight.legend_html()}</div>"
            f'<div style="line-height:1.6">{highlight.to_html(article["text"], marks)}</div>')
    views.table(found[views.TABLE_COLUMNS[:-2]], key="article_events")


def _checks() -> None:
    st.subheader("Worth a look")
    checks = state.cached("article_checks")
    st.caption(f"{checks['articles']:,} articles stored: {checks['undated']:,} without a "
               f"publication date (their relative dates stay unresolved), "
               f"{checks['without events']:,} without any event.")
    session = st.session_state.get("ingest_problems", [])
    if session:
        st.caption("Problems reported by ingests in this browser session:")
        st.dataframe({"problem": session}, hide_index=True, width="stretch", key="problems")
    else:
        st.caption("Problems are reported when articles are ingested: on the Ingest page, and "
                   "by `eventline ingest` (`--errors FILE` saves them).")


st.title("Articles")
filters = current()
_listing(filters)
article_id = st.query_params.get("article")
if article_id:
    _reader(article_id)
_checks()
