"""Scorers that measure extraction against gold corpora read from disk at run time."""
