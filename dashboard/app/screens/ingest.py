"""Ingest page: upload files or paste text; new events show up on the other pages at once.

Off unless the server was started with `--allow-uploads`: the dashboard has no log-in.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import safe, state, uploads
from dashboard.pipeline import SetupError
from dashboard.readers import supported_suffixes
from dashboard.readers.problems import printable

_plain = safe.md

def _show(report) -> None:
    st.success(f"{report.articles_read} articles read: {report.articles_added} new, "
               f"{report.articles_unchanged} already stored; {report.events_stored} events "
               "stored. They are on the other pages now.")
    messages = [printable(p) for p in report.problems]
    for message in messages:
        st.warning(_plain(message))
    st.session_state.setdefault("ingest_problems", []).extend(messages)


def _run(work) -> None:
    """Run an ingest; an incomplete installation is explained, not shown as a traceback."""
    try:
        _show(work())
    except SetupError as exc:
        st.error(_plain(exc))


def _files_form() -> None:
    with st.form("upload_form", clear_on_submit=True):
        chosen = st.file_uploader(
            "Article files", type=[s.lstrip(".") for s in supported_suffixes()],
            accept_multiple_files=True, key="files", max_upload_size=uploads.WIDGET_MAX_MB)
        published = st.date_input(
            "Publication date for every file (optional)", value=None, key="files_published",
            help="Leave empty to take each article's date from the file itself.")
        if st.form_submit_button("Ingest files"):
            batch = [uploads.Upload(f.name, f.getvalue()) for f in chosen or []]
            errors = uploads.check_uploads(batch) or ([] if batch else ["Choose files first."])
            for error in errors:
                st.error(_plain(error))
            if not errors:
                with st.spinner("Reading and extracting…"):
                    _run(lambda: uploads.ingest_uploads(batch, state.store(), published))


def _text_form() -> None:
    with st.form("text_form"):
        text = st.text_area("Article text", height=220, key="paste_text")
        title = st.text_input("Title", key="paste_title")
        source = st.text_input("Source", key="paste_source")
        url = st.text_input("URL", key="paste_url")
        pasted_date = st.date_input("Publication date (leave empty if unknown)", value=None,
                                    key="paste_published")
        if st.form_submit_button("Ingest text"):
            errors = uploads.check_text(text)
            for error in errors:
                st.error(error)
            if not errors:
                with st.spinner("Extracting…"):
                    _run(lambda: uploads.ingest_text(text, state.store(), title=title,
                                                     source=source, url=url,
                                                     published=pasted_date))
                if pasted_date is None:
                    st.info("No publication date given: it is taken from the dateline if the "
                            "text has one; otherwise relative dates such as “on Monday” stay "
                            "unresolved rather than guessed.")


st.title("Ingest")
if not uploads.uploads_allowed():
    st.info("Uploads and pasted text are off: this dashboard has no log-in, so anyone who can "
            "reach it could add articles. To turn them on, start it with "
            "`eventline serve --allow-uploads` (or `eventline demo --allow-uploads`). "
            "From a terminal, `eventline ingest FILES...` adds articles at any time.")
else:
    st.caption(f"Up to {uploads.MAX_FILES} files of {uploads.MAX_FILE_MB} MB each per batch "
               f"({', '.join(supported_suffixes())}).")
    files_tab, text_tab = st.tabs(["Upload files", "Paste text"])
    with files_tab:
        _files_form()
    with text_tab:
        _text_form()
