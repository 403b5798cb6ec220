"""What the CLI prints: every line escaped, since names and values come from users' files.

A zip member named ``\\e[2J...`` must not clear the terminal or fake a message.
"""

from __future__ import annotations

import sys

import click

from dashboard.readers.problems import printable


def say(text: object, err: bool = False) -> None:
    """Print one line with control characters escaped, and flush, so that stdout and stderr
    keep their order when both go to one pipe."""
    click.echo(printable(text), err=err)
    (sys.stderr if err else sys.stdout).flush()


def fail(text: object) -> click.ClickException:
    return click.ClickException(printable(text))
