"""Happenings and key dates as DataFrames (table shape, export shape). Not part of the pure
core: pandas lives here."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.happenings.keydates import KeyDate
from dashboard.happenings.model import Happening
from dashboard.schema import HAPPENING_COLUMNS, HAPPENING_EXPORT_COLUMNS, happening_row

KEY_DATE_COLUMNS = ("date_start", "date_end", "granularity", "label", "articles", "happenings",
                    "mentions", "headline", "kind")


def happenings_frame(happenings: Iterable[Happening]) -> pd.DataFrame:
    """Every column of the happenings table, one row per happening."""
    rows = [happening_row(h) for h in happenings]
    return pd.DataFrame(rows, columns=[name for name, _ in HAPPENING_COLUMNS])


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly the exported columns, in their order."""
    return frame.loc[:, list(HAPPENING_EXPORT_COLUMNS)]


def key_dates_frame(keys: Iterable[KeyDate]) -> pd.DataFrame:
    from dashboard.happenings.labels import period_label

    rows = [{"date_start": k.date_start, "date_end": k.date_end, "granularity": k.granularity,
             "label": period_label(k.date_start, k.date_end, k.granularity),
             "articles": k.articles, "happenings": k.happenings, "mentions": k.mentions,
             "headline": k.headline, "kind": k.kind} for k in keys]
    return pd.DataFrame(rows, columns=list(KEY_DATE_COLUMNS))
