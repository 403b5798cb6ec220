"""The happenings of a Parquet store, brought up to date at each commit, block by block.

A commit recomputes only the blocks its events touched (the blocks of the events it added
or removed, and the publication days that depend on them: happenings/plan.py), as the
DuckDB store does; the memberships and records of every other happening are carried over
from the files it replaces. The blocks to recompute are cut into groups of neighbouring
dates and each group is grouped from scratch (``store.block_members``), on the Dask
workers when the commit has a client, else here. Any group of blocks gives what a run over
the whole store gives for them, so the merge is a plain union, and the records written are
sorted: the same events give the same files, however the work was split.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.schema import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    HAPPENING_COLUMNS,
    HAPPENING_MEMBER_COLUMNS,
)
from dashboard.store import BLOCK_SQL, arrow_schema

GROUPS_PER_WORKER = 2  # groups of blocks per worker: a slow group does not hold up the rest
OWNERS_PER_TASK = 20_000  # members per task of the happenings left to summarise
Member = tuple[str, str, str]  # event_id, happening_id, block


def _connection(root: Path, events: Sequence[str], articles: Sequence[str]
                ) -> duckdb.DuckDBPyConnection:
    """A connection with views ``events`` and ``articles`` over the listed files."""
    from dashboard.parquet_store import _memory_connection, relation_sql

    con = _memory_connection()
    con.execute(f"CREATE VIEW events AS {relation_sql(root, events, EVENT_COLUMNS)}")
    con.execute(f"CREATE VIEW articles AS {relation_sql(root, articles, ARTICLE_COLUMNS)}")
    return con


# -- the work of one group (a Dask task, or a call here) ----------------------------------------
def members_of_blocks(root: str, events: list[str], articles: list[str], blocks: list[str],
                      idle: Sequence[str] = ()) -> tuple[list[Member], list[dict]]:
    """The memberships of the events of ``blocks``, grouped from the listed files, and the
    records of the happenings whose every member lies in ``blocks`` (the others, founded
    here but with members the group did not compute, are summarised by ``records_of``).
    ``idle``: blocks these happenings may reach that hold no events (see ``idle_blocks``)."""
    from dashboard.happenings.cluster import cluster_mentions
    from dashboard.happenings.model import block_key
    from dashboard.happenings.plan import plan_refresh
    from dashboard.happenings.summary import summarise
    from dashboard.schema import happening_row
    from dashboard.store import block_mentions

    con = _connection(Path(root), events, articles)
    try:
        mentions = block_mentions(con, blocks)
    finally:
        con.close()
    wanted = set(blocks)
    reached = wanted | set(idle)
    members: list[Member] = []
    records = []
    for cluster in cluster_mentions(mentions):
        found = cluster.all_members()
        members += [(m.event_id, cluster.happening_id, key) for m in found
                    if (key := block_key(m)) in wanted]
        # A happening's members lie in its founder's block and the publication days that
        # may attach to it: when the group computed all of those, it has them all.
        if reached.issuperset(plan_refresh([block_key(cluster.founder)]).blocks):
            records.append(happening_row(summarise(cluster.happening_id, found)))
    return members, records


def records_of(root: str, events: list[str], articles: list[str],
               owners: dict[str, str]) -> list[dict]:
    """The records of the happenings whose members are ``owners`` (event id -> happening)."""
    from dashboard.happenings.summary import summarise
    from dashboard.schema import happening_row
    from dashboard.store import load_mentions

    con = _connection(Path(root), events, articles)
    try:
        mentions = load_mentions(con, "e.event_id IN (SELECT UNNEST(?))", [list(owners)])
    finally:
        con.close()
    grouped: dict[str, list] = {}
    for mention in mentions:
        grouped.setdefault(owners[mention.event_id], []).append(mention)
    return [happening_row(summarise(hid, found)) for hid, found in sorted(grouped.items())]


# -- cutting the work into groups -----------------------------------------------------------------
def _position(block: str) -> tuple[str, str]:
    """Where a block lies in time (undated blocks last), so neighbours share a group and a
    publication day mostly finds the text-dated days it may attach to in its own group."""
    if block.startswith("t:"):
        return block.split(":")[2], block
    if block.startswith("p:"):
        return block[2:], block
    return "~", block


def split_blocks(weights: dict[str, int], parts: int) -> list[list[str]]:
    """``weights`` (events per block) cut into at most ``parts`` runs of neighbouring blocks
    with about the same number of events each."""
    ordered = sorted(weights, key=_position)
    total = sum(weights.values())
    groups: list[list[str]] = [[]]
    done = 0
    for block in ordered:
        if groups[-1] and len(groups) < parts and done >= total * len(groups) / parts:
            groups.append([])
        groups[-1].append(block)
        done += weights[block]
    return [group for group in groups if group]


def idle_blocks(group: Sequence[str], weights: dict[str, int]) -> list[str]:
    """The publication days without events that the text-dated days of ``group`` would
    have to recompute: nothing attaches from them, so they need no group."""
    from dashboard.happenings.plan import plan_refresh

    return sorted(set(plan_refresh(group).blocks).difference(weights))


def split_owners(owners: dict[str, str], parts: int) -> list[dict[str, str]]:
    """Memberships cut into ``parts`` shares, each happening whole in one share."""
    ids = sorted(set(owners.values()))
    share = {hid: n * parts // max(1, len(ids)) for n, hid in enumerate(ids)}
    shares: list[dict[str, str]] = [{} for _ in range(parts)]
    for event_id, hid in owners.items():
        shares[share[hid]][event_id] = hid
    return [part for part in shares if part]


# -- running the groups ---------------------------------------------------------------------------
def _run(client, function: Callable, jobs: list[tuple]) -> list:
    """``function`` over ``jobs``: as Dask tasks when there is a client, else one by one."""
    if client is None or len(jobs) < 2:
        return [function(*job) for job in jobs]
    futures = [client.submit(function, *job, pure=False) for job in jobs]
    try:
        return client.gather(futures)
    finally:
        client.cancel(futures)


def _workers(client) -> int:
    if client is None:
        return 1
    return max(1, len(client.scheduler_info().get("workers", {})))


# -- the refresh ----------------------------------------------------------------------------------
def refresh(root: Path, manifest, changed: list[str] | None, folder: Path,
            client=None) -> list[str]:
    """Bring the happenings of ``manifest`` (as it will be published) up to date after a
    commit whose events touched the blocks ``changed`` (None: every block); write their new
    files under ``folder`` first, then into ``root/records``, list them in ``manifest``, and
    return the files they replace."""
    from dashboard.happenings.plan import plan_refresh

    events, articles = manifest.listed("events"), manifest.listed("articles")
    old = manifest.listed("happenings") + manifest.listed("happening_members")
    con = _connection(root, events, articles)
    try:
        _old_records(con, root, manifest)
        if changed is None or not manifest.listed("happening_members"):
            changed = [row[0] for row in con.execute(
                f"SELECT DISTINCT {BLOCK_SQL} FROM events e").fetchall()]
        blocks = list(plan_refresh(changed).blocks)
        weights = dict(con.execute(
            f"SELECT {BLOCK_SQL} AS block, count(*) FROM events e "
            "WHERE block IN (SELECT UNNEST(?)) GROUP BY block", [blocks]).fetchall())
        parts = _workers(client) * GROUPS_PER_WORKER
        jobs = [(str(root), events, articles, group, idle_blocks(group, weights))
                for group in split_blocks(weights, parts)]
        members, records = [], []
        for found, summarised in _run(client, members_of_blocks, jobs):
            members += found
            records += summarised
        done = {row["happening_id"] for row in records}
        owners, touched = _owners(con, blocks, members, done)
        shares = split_owners(owners, min(parts, 1 + len(owners) // OWNERS_PER_TASK))
        rest = [(str(root), events, articles, share) for share in shares]
        records += [row for found in _run(client, records_of, rest) for row in found]
        new = _write(con, root, manifest, folder, (blocks, touched), members, records)
    finally:
        con.close()
    manifest.files.update(new)
    return old


def _old_records(con: duckdb.DuckDBPyConnection, root: Path, manifest) -> None:
    """Views ``old_members`` and ``old_happenings``: what the store holds now."""
    from dashboard.parquet_store import relation_sql

    for view, name, columns in (("old_members", "happening_members", HAPPENING_MEMBER_COLUMNS),
                                ("old_happenings", "happenings", HAPPENING_COLUMNS)):
        sql = relation_sql(root, manifest.listed(name), columns, hive=False)
        con.execute(f"CREATE VIEW {view} AS {sql}")


def _owners(con: duckdb.DuckDBPyConnection, blocks: list[str], members: list[Member],
            done: set[str]) -> tuple[dict[str, str], list[str]]:
    """The happenings that gained or lost a member, and every member (event id ->
    happening) of those not ``done`` yet: the new memberships of the recomputed blocks and
    the kept ones of the other blocks."""
    lost = {row[0] for row in con.execute(
        "SELECT DISTINCT happening_id FROM old_members WHERE block IN (SELECT UNNEST(?))",
        [blocks]).fetchall()}
    touched = sorted(lost | {hid for _, hid, _ in members})
    left = [hid for hid in touched if hid not in done]
    owners = dict(con.execute(
        "SELECT event_id, happening_id FROM old_members "
        "WHERE block NOT IN (SELECT UNNEST(?)) AND happening_id IN (SELECT UNNEST(?))",
        [blocks, left]).fetchall())
    owners.update((event_id, hid) for event_id, hid, _ in members if hid not in done)
    return owners, touched


def _write(con: duckdb.DuckDBPyConnection, root: Path, manifest, folder: Path,
           redone: tuple[list[str], list[str]], members: list[Member], records: list[dict]
           ) -> dict[str, list[str]]:
    """The new members and happenings files (the rows of the blocks and happenings not
    ``redone``, and the new ones, sorted), moved into ``root/records``; by dataset."""
    import os

    from dashboard.parquet_store import _literal

    names = [name for name, _ in HAPPENING_MEMBER_COLUMNS]
    con.register("new_members", pa.Table.from_arrays(
        [pa.array([row[n] for row in members], pa.string()) for n in range(3)], names=names))
    con.register("new_happenings", pa.Table.from_pylist(
        records, schema=arrow_schema(HAPPENING_COLUMNS)))
    blocks, touched = redone
    con.register("recomputed", pa.table({"block": pa.array(blocks, pa.string())}))
    con.register("touched", pa.table({"happening_id": pa.array(touched, pa.string())}))
    columns = ", ".join(f'"{name}"' for name, _ in HAPPENING_COLUMNS)
    queries = {
        "happening_members": (
            "SELECT * FROM old_members WHERE block NOT IN (SELECT block FROM recomputed) "
            "UNION ALL SELECT * FROM new_members ORDER BY event_id"),
        "happenings": (
            f"SELECT {columns} FROM old_happenings "
            "WHERE happening_id NOT IN (SELECT happening_id FROM touched) "
            f"UNION ALL SELECT {columns} FROM new_happenings ORDER BY happening_id"),
    }
    staged = folder / "out" / "records"
    staged.mkdir(parents=True, exist_ok=True)
    (root / "records").mkdir(parents=True, exist_ok=True)
    written = {}
    for name, sql in queries.items():
        relative = f"records/{name}-{manifest.generation + 1}-{secrets.token_hex(3)}.parquet"
        con.execute(f"COPY ({sql}) TO {_literal(str(staged / Path(relative).name))} "
                    "(FORMAT parquet, COMPRESSION zstd)")
        os.replace(staged / Path(relative).name, root / relative)
        written[name] = [relative]
    return written
