"""Importers for existing event datasets (GDELT, ACLED) into the events table.

Imported rows need no extraction: each row becomes one ``Event`` with ``origin`` set to the
dataset, and its provenance is a synthetic article row (one per source URL or outlet), so
exports and the source filter work exactly as for ingested articles.
"""
