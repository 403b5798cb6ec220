"""Pure extraction: text and a reference date in, records out.

Nothing in this package may import pandas, streamlit or plotly, read files at call time
other than its bundled dictionaries, or ask for today's date (a test enforces the imports).
"""
