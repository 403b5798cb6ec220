"""Happenings: the real-world events that many mentions, across articles, report.

The core (model, words, cluster, headline, summary, keydates) is pure: mentions in,
happenings out, no pandas, files or clock. ``frame`` turns happenings into DataFrames and
``query`` reads them from the store.
"""

from dashboard.happenings.cluster import DEFAULT, Settings, cluster_mentions
from dashboard.happenings.keydates import KeyDate, key_dates
from dashboard.happenings.model import Happening, Mention, block_key, mention_of
from dashboard.happenings.summary import build_happenings, summarise

__all__ = [
    "DEFAULT", "Happening", "KeyDate", "Mention", "Settings", "block_key", "build_happenings",
    "cluster_mentions", "key_dates", "mention_of", "summarise",
]
