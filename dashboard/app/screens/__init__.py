"""The page scripts that ``main.py`` hands to ``st.navigation`` (run, never imported).

Not named ``pages/``: a folder of that name beside the main script switches Streamlit to its
older multipage mode, where a page can run without ``main.py`` and so without the filters.
"""
