"""The TimeML scorer: reading .tml files, matching extents, the figures and the command."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.evaluation.timeml import (
    Counts,
    Timex,
    align,
    count,
    evaluate,
    read_corpus,
    read_tml,
    same_value,
    scores,
    timeml_command,
)
from dashboard.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "data" / "mini.tml"


def test_read_tml_text_offsets_and_dct() -> None:
    doc = read_tml(MINI)
    assert doc.dct == date(1998, 2, 18)
    assert doc.text.startswith("\nSmith & Co. said Monday")  # tags removed, entities decoded
    cut = [(doc.text[t.start : t.end], t.type, t.value) for t in doc.gold]
    assert cut == [
        ("Monday", "DATE", "1998-02-16"),
        ("the fourth quarter", "DATE", "1997-Q4"),
        ("three years", "DURATION", "P3Y"),
    ]


def test_align_prefers_exact_and_is_one_to_one() -> None:
    gold = [Timex(0, 10, "DATE", "1998"), Timex(20, 25, "DATE", "1999")]
    system = [
        Timex(2, 8, "DATE", "1998"),
        Timex(0, 10, "DATE", "1998"),
        Timex(30, 35, "SET", "P1D"),
    ]
    result = align(gold, system)
    assert result.pairs == [(gold[0], system[1])]
    assert result.missed == [gold[1]]
    assert sorted(result.spurious, key=lambda t: t.start) == [system[0], system[2]]


def test_scores_strict_relaxed_and_value() -> None:
    gold = [Timex(0, 10, "DATE", "1998"), Timex(20, 25, "DATE", "1999-W07")]
    system = [
        Timex(0, 10, "DATE", "1998"),
        Timex(21, 25, "DATE", "1999-W08"),
        Timex(40, 44, "DATE", "x"),
    ]
    counts = count(align(gold, system), len(gold), len(system))
    counts.seconds = 1.0
    s = scores(counts)
    assert (counts.strict, counts.relaxed, counts.value_ok) == (1, 2, 1)
    assert s.strict_p == pytest.approx(1 / 3) and s.strict_r == pytest.approx(1 / 2)
    assert s.relaxed_p == pytest.approx(2 / 3) and s.relaxed_r == pytest.approx(1.0)
    assert s.relaxed_f1 == pytest.approx(0.8)
    assert s.value_accuracy == pytest.approx(0.5)
    assert s.value_f1 == pytest.approx(0.4)
    assert s.docs_per_second == pytest.approx(1.0)


def test_scores_of_nothing_are_zero() -> None:
    s = scores(Counts())
    assert (s.relaxed_f1, s.value_f1, s.docs_per_second) == (0.0, 0.0, 0.0)


def test_unpadded_gold_week_equals_padded() -> None:
    assert same_value("2000-W7", "2000-W07")
    assert not same_value("2000-W7", "2000-W17")


def test_evaluate_groups_and_mismatches(tmp_path: Path) -> None:
    (tmp_path / "TimeBank").mkdir()
    shutil.copy(MINI, tmp_path / "TimeBank" / "mini.tml")
    docs = read_corpus(tmp_path)
    assert [d.group for d in docs] == ["TimeBank"]

    def tagger(text: str, dct: date | None) -> list[Timex]:
        start = text.index("Monday")
        return [Timex(start, start + 6, "DATE", "1998-02-09"), Timex(1, 6, "DATE", "bogus")]

    errors: list[dict] = []
    groups = evaluate(docs, tagger, errors)
    assert set(groups) == {"TimeBank", "total"}
    assert groups["total"].gold == 3 and groups["total"].relaxed == 1
    kinds = sorted(e["kind"] for e in errors)
    assert kinds == ["missed", "missed", "spurious", "wrong_value"]


def test_command_prints_groups_and_writes_errors(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "AQUAINT").mkdir(parents=True)
    shutil.copy(MINI, corpus / "AQUAINT" / "mini.tml")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(timeml_command, [str(corpus), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    assert "AQUAINT" in result.output and "total" in result.output
    for line in errors.read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["kind"]


def test_command_rejects_a_folder_without_tml(tmp_path: Path) -> None:
    result = CliRunner().invoke(timeml_command, [str(tmp_path)])
    assert result.exit_code != 0
    assert "no .tml files" in result.output


MINI_ES = PROJECT_ROOT / "tests" / "data" / "mini_es.tml"


def test_lang_option_tags_in_that_language_and_splits_alternately(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(MINI_ES, corpus / f"{name}.tml")
    docs = read_corpus(corpus)
    assert [d.group for d in docs] == ["tuning", "check", "tuning"]
    result = CliRunner().invoke(timeml_command, [str(corpus), "--lang", "es"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()[1:]
    assert header.split() == ["tuning", "check", "total"]
    value_f1 = next(r for r in rows if r.startswith("value F1")).split()[-3:]
    assert value_f1 == ["1.0000", "1.0000", "1.0000"]
    english = CliRunner().invoke(timeml_command, [str(corpus)])
    value_en = next(r for r in english.output.splitlines() if r.startswith("value F1"))
    assert value_en.split()[-1] != "1.0000"


def test_lang_option_names_a_bad_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(timeml_command, [str(tmp_path), "--lang", "klingon"])
    assert result.exit_code == 2 and "klingon" in result.output
    result = CliRunner().invoke(timeml_command, [str(tmp_path), "--lang", "sw"])
    assert result.exit_code == 2 and "no date resources" in result.output
