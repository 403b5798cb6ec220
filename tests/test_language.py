"""Language per article: declared values, identification, fallbacks, and what ingest reports."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.extract.language import (
    DEFAULT,
    identify,
    is_read,
    normalise_code,
    read_languages,
    settle,
)
from dashboard.paths import PROJECT_ROOT
from dashboard.pipeline import IngestReport, read_articles, report_notes
from dashboard.readers.common import ReadOptions

CASES = [
    row
    for row in csv.reader(
        (PROJECT_ROOT / "tests" / "data" / "language_cases.tsv").open(encoding="utf-8"),
        delimiter="\t",
    )
    if row and not row[0].startswith("#")
]


@pytest.mark.parametrize(("text", "language", "how"), CASES, ids=[c[0][:30] for c in CASES])
def test_identify(text: str, language: str, how: str) -> None:
    found = identify(text)
    assert (found.language, found.how) == (language, how)


def test_mixed_script_text_is_identified_by_its_latin_words() -> None:
    # A Spanish story quoting Arabic tweets looked Moroccan Arabic to the raw model.
    text = ("Los internautas reaccionaban a los acontecimientos del día con enfado. Dos niños "
            "coptos están detenidos en Egipto; la denuncia fue presentada por un clérigo. "
            "شعورك يبقى إزاي لما تصحي الصبح علي خبر احتجاز طفلين بعيد عن أهلهم في إنتظار "
            "العرض علي النيابة عشان حمار إتهمهم بتمزيق كتاب")
    assert identify(text).language == "es"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("es", "es"), ("ES", "es"), ("es-MX", "es"), ("pt_BR", "pt"), ("spa", "es"),
     ("Spanish", "es"), ("français", "fr"), ("Deutsch", "de"), ("sw", "sw")],
)
def test_normalise_code(raw: str, code: str) -> None:
    assert normalise_code(raw) == code


@pytest.mark.parametrize("raw", ["klingon", "x", "12", "e s"])
def test_bad_language_names_the_value(raw: str) -> None:
    with pytest.raises(ValueError, match="expected an ISO 639-1 code"):
        normalise_code(raw)


def test_read_languages_and_declared_value_wins() -> None:
    assert read_languages() == ("en", "es", "fr", "de", "pt", "it")
    assert is_read("es") and not is_read("sw")
    assert settle("it", "The government announced a new plan on Monday.").language == "it"
    assert settle("", "x").language == DEFAULT


def _read(tmp_path, name: str, body: str, language: str = ""):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    report = IngestReport()
    articles = list(read_articles([path], report, options=ReadOptions(language=language)))
    return articles, report


SPANISH = "El Gobierno anunció ayer un nuevo plan económico para las regiones del sur del país."


def test_front_matter_language_field(tmp_path) -> None:
    articles, report = _read(tmp_path, "a.txt", f"---\nlanguage: Spanish\n---\n{SPANISH}\n")
    assert articles[0].language == "es"
    assert report.problems == []
    assert report_notes(report)[0] == "articles by language: es 1"


def test_json_lang_column_and_identification(tmp_path) -> None:
    lines = [{"text": SPANISH, "lang": "fr"}, {"text": SPANISH + " Mañana habrá más."}]
    articles, _ = _read(tmp_path, "a.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    assert [a.language for a in articles] == ["fr", "es"]


def test_batch_language_overrides_declared(tmp_path) -> None:
    articles, _ = _read(tmp_path, "a.txt", f"---\nlanguage: fr\n---\n{SPANISH}\n", "it")
    assert articles[0].language == "it"


def test_bad_declared_language_is_reported_and_identified(tmp_path) -> None:
    articles, report = _read(tmp_path, "a.txt", f"---\nlanguage: klingon\n---\n{SPANISH}\n")
    assert articles[0].language == "es"
    [problem] = report.problems
    assert not problem.skipped and "'klingon'" in problem.message
    assert "read as es" in problem.message


def test_unsupported_language_is_stored_and_flagged(tmp_path) -> None:
    text = "Serikali imetangaza mpango mpya wa kupambana na umaskini katika maeneo ya vijijini."
    articles, report = _read(tmp_path, "a.txt", text)
    assert articles[0].language == "sw"
    [problem] = report.problems
    assert not problem.skipped
    assert "read as unsupported language sw" in problem.message


def test_cli_language_option(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SPANISH, encoding="utf-8")
    bad = CliRunner().invoke(main, ["extract", str(path), "--language", "klingon"])
    assert bad.exit_code == 2 and "klingon" in bad.output
    db = tmp_path / "s.duckdb"
    good = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db), "--language", "es"])
    assert good.exit_code == 0, good.output
    assert "articles by language: es 1" in good.stdout
    from dashboard.store import Store

    assert Store(db).query_rows("SELECT language FROM articles") == [("es",)]
