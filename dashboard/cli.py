"""The ``eventline`` command line (click). Errors are turned into messages here, at the edge."""

from __future__ import annotations

import click

from dashboard.evaluation.cli import eval_group


@click.group()
@click.version_option(package_name="eventline")
def main() -> None:
    """Eventline: turn news articles into a timeline of dated events."""


main.add_command(eval_group)
