"""Boundaries from the design: extract/ is pure, only app/ imports streamlit."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_import_boundaries(path):
    imported = _imports(path)
    relative = path.relative_to(PACKAGE).parts
    if relative[0] == "extract":
        assert not imported & {"pandas", "streamlit", "plotly", "duckdb", "pyarrow"}, imported
    if relative[0] != "app":
        assert "streamlit" not in imported


def test_extract_never_reads_the_clock():
    for path in (PACKAGE / "extract").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.today(", "time.time("):
            assert call not in source, f"{path.name} calls {call}"
