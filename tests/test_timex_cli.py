"""``eventline timex --jsonl``: one JSON answer per input line, errors on stderr."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dashboard.cli import main


def _run(stdin: str) -> tuple[list[list[dict]], str]:
    result = CliRunner().invoke(main, ["timex", "--jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return answers, result.stderr


def test_answers_each_line_in_order() -> None:
    lines = [
        {"text": "Talks began on Monday.", "dct": "2025-02-18", "doc_id": "a"},
        {"text": "It ended in 2021.", "dct": "2025-02-18", "doc_id": "b"},
    ]
    answers, errors = _run("".join(json.dumps(x) + "\n" for x in lines))
    assert answers == [
        [{"start": 15, "end": 21, "type": "DATE", "value": "2025-02-17"}],
        [{"start": 12, "end": 16, "type": "DATE", "value": "2021"}],
    ]
    assert errors == ""


def test_empty_text_and_missing_dct() -> None:
    stdin = '{"text": "", "dct": "2025-02-18"}\n{"text": "next week"}\n'
    answers, _ = _run(stdin)
    assert answers[0] == []
    assert answers[1] == [{"start": 0, "end": 9, "type": "DATE", "value": "XXXX-WXX"}]


def test_bad_lines_get_an_empty_answer_and_a_message() -> None:
    stdin = (
        'not json\n[1, 2]\n{"text": 5}\n{"text": "today", "dct": "18/02/2025"}\n'
        '{"text": "today", "dct": "2025-02-18"}\n'
    )
    answers, errors = _run(stdin)
    assert answers[:4] == [[], [], [], []]
    assert answers[4] == [{"start": 0, "end": 5, "type": "DATE", "value": "2025-02-18"}]
    messages = errors.splitlines()
    assert [m.split(":")[1].strip() for m in messages] == ["line 1", "line 2", "line 3", "line 4"]
    assert "expected" in messages[0] and "18/02/2025" in messages[3]


def test_lang_field_chooses_the_language() -> None:
    lines = [
        {"text": "El ministro dimitió ayer.", "dct": "2025-02-18", "lang": "es"},
        {"text": "Le ministre a démissionné hier.", "dct": "2025-02-18", "lang": "French"},
        {"text": "ayer", "dct": "2025-02-18"},
        {"text": "ayer", "dct": "2025-02-18", "lang": "klingon"},
    ]
    answers, errors = _run("".join(json.dumps(x) + "\n" for x in lines))
    assert answers[0] == [{"start": 20, "end": 24, "type": "DATE", "value": "2025-02-17"}]
    assert answers[1] == [{"start": 26, "end": 30, "type": "DATE", "value": "2025-02-17"}]
    assert answers[2] == []  # too short to identify: read as English
    assert answers[3] == [] and "line 4" in errors and "klingon" in errors
