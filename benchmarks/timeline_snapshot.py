"""What the Timeline page shows, for a series of filter changes: to check that a speed-up
changes nothing a user sees.

Runs the page through AppTest (one session, as one analyst changing the sidebar) on the
filter changes of bench_dashboard.py plus a few combined ones, and writes, for each, every
element of the page and the sidebar: text, the lists' options, tables, the chart's
figure JSON. Two snapshots (say, main's checkout and a branch, each with its own copy of
the store) are then compared element by element:

    python benchmarks/timeline_snapshot.py write STORE happenings after.json
    python benchmarks/timeline_snapshot.py write --checkout ../main STORE_COPY happenings \
        before.json  # the other checkout's code (run it with that checkout's environment)
    python benchmarks/timeline_snapshot.py compare before.json after.json

Run by hand; it is not part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

# Widget ids carry a hash of the script's path: two checkouts differ there only.
_WIDGET_ID = re.compile(r"\$\$ID-[0-9a-f]+-")


def filter_states(store) -> list[dict[str, Any]]:
    """The benchmark's 20 filter changes, then two filters at once, and none."""
    import bench_dashboard

    from dashboard import query

    changes = bench_dashboard.filter_changes(store, 20)
    bounds = query.date_bounds(store)
    if bounds is None:
        raise SystemExit(f"{store.path} holds no dated events")
    low, high = bounds
    first_country = next(c["country"] for c in changes if "country" in c)
    first_actor = next(c["actor"] for c in changes if "actor" in c)
    first_type = next(c["type"] for c in changes if "type" in c)
    return [*changes,
            {"country": first_country, "type": first_type},
            {"actor": first_actor, "dates": [str(low), str(high.replace(year=high.year - 3))]},
            {"country": first_country, "q": "police"},
            {}]


def _element(node) -> list:
    """One element as plain data: its kind and what it shows."""
    kind = type(node).__name__
    proto = getattr(node, "proto", None)
    if proto is not None and proto.DESCRIPTOR.name == "PlotlyChart":
        return ["plotly", json.loads(proto.spec)]
    if hasattr(node, "options") and hasattr(node, "label"):
        return [kind, node.label, list(node.options), repr(getattr(node, "value", None))]
    if kind == "Dataframe":
        return [kind, node.value.to_json(date_format="iso", orient="split")]
    if hasattr(node, "value"):
        try:
            return [kind, str(node.value)]
        except Exception as exc:  # noqa: BLE001 - some elements have no readable value
            return [kind, f"<{type(exc).__name__}>"]
    return [kind, str(proto)] if proto is not None else [kind]


def _walk(node, found: list) -> list:
    children = getattr(node, "children", None)
    if not children:
        found.append(_element(node))
        return found
    if type(node).__name__ == "Expander":
        found.append(["Expander", node.label])
    for child in children.values():
        _walk(child, found)
    return found


def write(checkout: Path, store_path: Path, view: str, out: Path) -> None:
    """Snapshot the page of the code in ``checkout`` for every filter state."""
    sys.path[:0] = [str(checkout), str(checkout / "benchmarks")]
    import bench_dashboard
    from streamlit.testing.v1 import AppTest

    from dashboard import query
    from dashboard.store import Store

    store = Store(store_path)
    bounds = query.date_bounds(store)
    assert bounds is not None
    os.environ["EVENTLINE_DB"] = str(store_path)
    at = AppTest.from_file(str(checkout / "dashboard" / "app" / "main.py"), default_timeout=300)
    at.query_params["show"] = view
    at.run()
    snapshots = []
    for params in filter_states(store):
        bench_dashboard.set_filters(at, params, bounds)
        at.run()
        if at.exception:
            raise SystemExit(f"the page failed for {params}: {at.exception[0].value}")
        tree = _walk(at._tree, [])
        snapshots.append({"params": params, "tree": tree})
        digest = hashlib.md5(_normal(tree).encode()).hexdigest()[:12]
        print(f"{digest}  {len(tree)} elements  {params}")
    out.write_text(json.dumps(snapshots, sort_keys=True, default=str))


def _normal(value: object) -> str:
    return _WIDGET_ID.sub("$$ID-", json.dumps(value, sort_keys=True, default=_plain))


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def compare(before: Path, after: Path) -> int:
    """Prints each filter state whose page differs, with its first differing element."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    if [s["params"] for s in old] != [s["params"] for s in new]:
        print("the snapshots were taken for different filter states")
        return 1
    differing = 0
    for first, second in zip(old, new, strict=True):
        if _normal(first["tree"]) == _normal(second["tree"]):
            continue
        differing += 1
        print(f"differs: {first['params']} ({len(first['tree'])} vs {len(second['tree'])} "
              "elements)")
        for a, b in zip(first["tree"], second["tree"], strict=False):
            if _normal(a) != _normal(b):
                print(f"  before: {_normal(a)[:300]}\n  after:  {_normal(b)[:300]}")
                break
    print(f"{len(old)} filter states compared, {differing} differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write", help="snapshot the page for the filter states")
    writing.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1],
                         help="the checkout whose code draws the page (default: this one)")
    writing.add_argument("store", type=Path)
    writing.add_argument("view", choices=["happenings", "mentions"])
    writing.add_argument("out", type=Path)
    comparing = commands.add_parser("compare", help="compare two snapshots")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.checkout.resolve(), args.store, args.view, args.out)
    else:
        raise SystemExit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
