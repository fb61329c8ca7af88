"""What sqlite-utils costs against plain SQL on the archive's writes, to choose where each serves.

    .venv/bin/python benchmarks/store_writes.py [--rows 2000] [--runs 5]

On a fresh archive in a temporary folder, each write is done both ways inside one transaction,
and the median time per row over several runs is printed with the ratio sqlite-utils / plain:

- one row at a time into the fetch log (what a crawl writes per source fetched);
- story keys in bulk, 36 per article (what a crawl writes per article stored);
- one upserted row (what the service writes per job run, alerting per cursor move).

The store uses sqlite-utils where a write is a row of data and plain SQL where the crawl writes
per item (README, "The archive").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.store import Store  # noqa: E402

KEYS_PER_ARTICLE = 36


def fetch_rows(count: int) -> list[dict]:
    return [{"source_id": f"source-{n % 50}", "started_at": "2026-11-20T12:00:00Z", "duration_ms": 120,
             "url": f"https://host{n % 50}.example/feed.xml", "outcome": "ok", "http_status": 200, "items_seen": 20,
             "items_new": 2, "items_updated": 0, "bytes": 40_000} for n in range(count)]


def plain_fetch_log(store: Store, rows: list[dict]) -> None:
    columns = list(rows[0])
    sql = f"INSERT INTO fetch_log ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for row in rows:
        store.conn.execute(sql, [row[c] for c in columns])


def utils_fetch_log(store: Store, rows: list[dict]) -> None:
    for row in rows:
        store.db["fetch_log"].insert(row)


def key_rows(articles: int, start: int) -> list[tuple[int, int]]:
    return [(hash((article, k)) & 0x7FFFFFFFFFFF, article)
            for article in range(start, start + articles) for k in range(KEYS_PER_ARTICLE)]


def plain_keys(store: Store, rows: list[tuple[int, int]]) -> None:
    store.conn.executemany("INSERT OR IGNORE INTO story_keys (key, article_id) VALUES (?, ?)", rows)


def utils_keys(store: Store, rows: list[tuple[int, int]]) -> None:
    store.db["story_keys"].insert_all(({"key": k, "article_id": a} for k, a in rows), ignore=True, batch_size=500)


def plain_upsert(store: Store, count: int) -> None:
    for n in range(count):
        store.conn.execute(
            "INSERT INTO alert_state (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (f"cursor-{n % 10}", str(n)))


def utils_upsert(store: Store, count: int) -> None:
    for n in range(count):
        store.db["alert_state"].upsert({"name": f"cursor-{n % 10}", "value": str(n)}, pk="name")


def timed(store: Store, work) -> float:
    started = time.perf_counter()
    with store.transaction():
        work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        for run in range(args.runs):
            rows = fetch_rows(args.rows)
            articles = max(args.rows // 10, 1)
            keys_plain, keys_utils = key_rows(articles, 2 * run * articles), key_rows(articles, (2 * run + 1) * articles)
            results.setdefault(f"fetch log, one row at a time ({args.rows} rows)", []).append(
                (timed(store, lambda: plain_fetch_log(store, rows)) / len(rows),
                 timed(store, lambda: utils_fetch_log(store, rows)) / len(rows)))
            results.setdefault(f"story keys in bulk ({len(keys_plain)} rows)", []).append(
                (timed(store, lambda: plain_keys(store, keys_plain)) / len(keys_plain),
                 timed(store, lambda: utils_keys(store, keys_utils)) / len(keys_utils)))
            results.setdefault(f"upsert of one row ({args.rows} times)", []).append(
                (timed(store, lambda: plain_upsert(store, args.rows)) / args.rows,
                 timed(store, lambda: utils_upsert(store, args.rows)) / args.rows))
    print(f"median of {args.runs} runs, microseconds per row")
    print(f"{'write':<40} {'plain SQL':>10} {'sqlite-utils':>13} {'ratio':>7}")
    for name, pairs in results.items():
        plain = statistics.median(p for p, _ in pairs) * 1e6
        utils = statistics.median(u for _, u in pairs) * 1e6
        print(f"{name:<40} {plain:>10.1f} {utils:>13.1f} {utils / plain:>6.1f}x")


if __name__ == "__main__":
    main()
