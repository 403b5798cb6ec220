"""The ``eventline eval`` command group; each scorer module adds its command here."""

from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Score the extractors on gold corpora (TimeML, PLOVER, ACLED)."""


# Scorer commands register below, one line each (imports kept lazy inside the modules).
