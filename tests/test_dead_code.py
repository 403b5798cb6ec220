"""No function of the parser is defined without being used (issue 9: dead code goes).

A module-level function in dashboard/extract/ must be referenced somewhere else: by another
module of the package, a script, a benchmark or a test. ``places.country_names`` and
``types.main_verb`` were neither.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHED = ("dashboard", "tests", "scripts", "benchmarks")


def _defined(path: Path) -> list[str]:
    """Module-level functions of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("__")
    ]


def _names_read(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _referenced_elsewhere() -> set[str]:
    """Names imported by name (``from x import f``) or taken as attributes (``module.f``)."""
    used: set[str] = set()
    for folder in SEARCHED:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute):
                    used.add(node.attr)
                elif isinstance(node, ast.ImportFrom):
                    used.update(alias.name for alias in node.names)
    return used


def test_every_parser_function_is_used():
    elsewhere = _referenced_elsewhere()
    unused = []
    for path in sorted((ROOT / "dashboard" / "extract").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = _names_read(tree)
        unused += [
            f"{path.relative_to(ROOT)}: {name}"
            for name in _defined(path)
            if name not in here and name not in elsewhere
        ]
    assert unused == []
