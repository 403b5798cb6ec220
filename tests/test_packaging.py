"""What a wheel and a fresh install need: packages listed, data shipped, imports declared, lock.

These read the project's own files; the install itself is exercised by .ci/run, which builds
the wheel, installs it in a fresh virtual environment and extracts the sample from elsewhere.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# Imported only by optional paths that say what to install when they are missing.
OPTIONAL_IMPORTS = {"dateparser"}


def _declared(extra: str | None = None) -> list[Requirement]:
    project = PYPROJECT["project"]
    specs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(spec) for spec in specs]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_package_under_dashboard_is_listed_for_the_wheel():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "dashboard").rglob("__init__.py")
    }
    assert found <= set(SETUPTOOLS["packages"]), found - set(SETUPTOOLS["packages"])


def test_bundled_data_maps_to_the_top_level_data_folder():
    assert SETUPTOOLS["package-dir"]["dashboard.data"] == "data"
    patterns = SETUPTOOLS["package-data"]["dashboard.data"]
    assert "dictionaries/*" in patterns and "articles/*" in patterns
    # A user's local store lives in data/ too: a catch-all pattern would ship it.
    assert not any(pattern.startswith("*") for pattern in patterns)


def test_bundled_data_is_read_through_the_package():
    from dashboard.paths import DICTIONARIES, SAMPLE_ARTICLES

    assert (SAMPLE_ARTICLES / "taliban-japan-visit.txt").is_file()
    assert (DICTIONARIES / "geonames_places.tsv.gz").is_file()


def _third_party_imports() -> set[str]:
    names = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names} - {"dashboard"}


def test_every_imported_library_is_a_declared_dependency():
    declared = {canonicalize_name(req.name) for req in _declared()}
    providers = packages_distributions()
    undeclared = {
        name
        for name in _third_party_imports() - OPTIONAL_IMPORTS
        if not {canonicalize_name(dist) for dist in providers.get(name, [name])} & declared
    }
    assert not undeclared, f"imported but not in [project] dependencies: {sorted(undeclared)}"


def test_html_cleaner_that_trafilatura_needs_is_declared():
    # lxml >= 6.1 no longer contains lxml.html.clean; without this every HTML page fails.
    assert "lxml-html-clean" in {canonicalize_name(req.name) for req in _declared()}


def test_lock_pins_every_declared_requirement_within_its_range():
    pins = _lock()
    for req in _declared() + _declared("test"):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is declared but not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside {req.specifier}"
        )


def test_every_resource_file_is_shipped_in_the_wheel():
    from fnmatch import fnmatch

    patterns = SETUPTOOLS["package-data"]["dashboard"]
    resources = ROOT / "dashboard" / "resources"
    for path in resources.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(ROOT / "dashboard").as_posix()
            # setuptools globs like fnmatch, except that "*" never crosses a "/".
            shipped = any(fnmatch(relative, p) and relative.count("/") == p.count("/")
                          for p in patterns)
            assert shipped, f"{relative} is not matched by package-data {patterns}"


def test_every_dictionary_file_is_shipped_in_the_wheel():
    """Per-language folders too (data/dictionaries/es/ ...): a table left out of the wheel
    would make an installed Eventline read Spanish as English."""
    from fnmatch import fnmatch

    patterns = SETUPTOOLS["package-data"]["dashboard.data"]
    data = ROOT / "data"
    for path in (data / "dictionaries").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(data).as_posix()
            shipped = any(fnmatch(relative, p) and relative.count("/") == p.count("/")
                          for p in patterns)
            assert shipped, f"{relative} is not matched by package-data {patterns}"
