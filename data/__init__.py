"""Bundled data, installed as the package ``dashboard.data`` (see pyproject's package-dir).

This folder holds no code: the file only makes it importable in an editable install, so
``importlib.resources.files("dashboard.data")`` finds the same files in a checkout and a wheel.
"""
