"""The ``eventline eval`` command group: one scorer command per gold corpus."""

from __future__ import annotations

import click

from dashboard.evaluation.acled import acled_command
from dashboard.evaluation.datelines import datelines_command
from dashboard.evaluation.languages import lang_coverage_command, lang_gold_command
from dashboard.evaluation.plover import plover_command
from dashboard.evaluation.story import story_command
from dashboard.evaluation.timeml import timeml_command
from dashboard.evaluation.tls import tls_command


@click.group("eval")
def eval_group() -> None:
    """Score the extractors on gold corpora (TimeML, PLOVER, ACLED, other languages) and
    the happenings on story folders and journalists' timelines (story, tls), and datelines
    on Reuters (datelines)."""


for _command in (timeml_command, plover_command, acled_command, lang_gold_command,
                 lang_coverage_command, story_command, tls_command, datelines_command):
    eval_group.add_command(_command)
