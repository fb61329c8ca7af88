"""Benchmark the web page over a 1,000,000-article archive: response time per page kind.

    .venv/bin/python benchmarks/web.py                 # builds benchmarks/out/web-1m.db once, then measures
    .venv/bin/python benchmarks/web.py --rounds 3
    .venv/bin/python benchmarks/web.py --rebuild

The archive is a copy of benchmarks/out/search-1m.db (build it first with benchmarks/search.py),
migrated to the current schema, with synthetic classifier labels on every article (about a
quarter relevant, each with one or two of the eleven themes, an action and jurisdictions,
written through monitor.store.labels) and a few hundred alerting events (tier steps and
regulatory moves, through monitor.store.events), so that label facets, the theme chart and the
dashboard panels do real work.

The server runs in its own process (uvicorn, as `monitor serve` runs it) and one client sends
one request at a time: this measures response time, not throughput. One untimed warm-up round
loads the file into the page cache; then every page is fetched `--rounds` times. Search pages
include their facet counts (source, month, theme, action, jurisdiction). Prints p50/p95/max
per page kind; the target is p95 under 200 ms for search with facets.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.search import index_for  # noqa: E402
from monitor.store import Store  # noqa: E402

SOURCE_DB = REPO / "benchmarks" / "out" / "search-1m.db"
DEFAULT_DB = REPO / "benchmarks" / "out" / "web-1m.db"
THEMES = ["cyber", "cbrn", "autonomy", "manipulation", "privacy", "fairness", "child_safety", "ip", "competition",
          "labor", "national_security"]
ACTIONS = ["legislation", "regulation", "executive", "enforcement", "litigation", "standard", "corporate_control",
           "international", "none"]
JURISDICTIONS = ["us", "us_state", "eu", "uk", "china", "intl", "other"]
QUERIES = ["AI", "safety", "model", '"AI Act"', '"system card"', '"executive order"', "deepfake OR misinformation",
           "copyright OR privacy", "regulat*", "cyber*", "anthropic safety", "California governor bill", "flashiest",
           "station", "zzyzxqvark"]
FILTERS = [
    ("", {}),
    ("newest", {"order": "newest"}),
    ("source", {"source": "src-07"}),
    ("dates", {"since": "2025-01-01", "until": "2025-03-31"}),
    ("theme", {"theme": "cyber"}),
    ("theme+jurisdiction", {"theme": "privacy", "jurisdiction": "eu"}),
]
BATCH = 20_000


def build(db: Path) -> None:
    if not SOURCE_DB.exists():
        sys.exit(f"{SOURCE_DB} is missing: build it first with  .venv/bin/python benchmarks/search.py --build-only")
    partial = db.with_name(db.name + ".partial")
    started = time.monotonic()
    print(f"copying {SOURCE_DB.name} -> {partial.name} ...", flush=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    shutil.copyfile(SOURCE_DB, partial)
    from monitor.records import Labels

    rng = random.Random(7)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    with Store(partial) as store:  # migrates the copy to the current schema
        labels = store.labels
        last = store.conn.execute("SELECT max(id) FROM articles").fetchone()[0]
        for start in range(1, last + 1, BATCH):
            items = [(i, Labels.from_dict(synthetic_labels(rng))) for i in range(start, min(start + BATCH, last + 1))]
            with store.transaction():
                labels.save_model_many(items, "bench-model", now)
            print(f"  labels up to article {items[-1][0]:,}  {time.monotonic() - started:.0f} s", flush=True)
        add_events(store, rng, now)
        store.conn.execute("ANALYZE")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(db)
    index = Path(str(SOURCE_DB) + ".search")
    if index.exists():  # the copy is the same archive: its search index serves it too (checked on start)
        shutil.rmtree(str(db) + ".search", ignore_errors=True)
        shutil.copytree(index, str(db) + ".search")
    print(f"built {db} in {time.monotonic() - started:.0f} s")


def synthetic_labels(rng: random.Random) -> dict:
    if rng.random() > 0.25:
        return {"relevant": False, "themes": [], "action": "none", "jurisdiction": [], "tier": None,
                "scores": {"relevant": round(rng.random() * 0.4, 3), "themes": {}, "action": 0.8}, "evidence": []}
    themes = rng.sample(THEMES, rng.choice((1, 1, 2)))
    return {"relevant": True, "themes": themes, "action": rng.choice(ACTIONS),
            "jurisdiction": rng.sample(JURISDICTIONS, rng.choice((0, 1, 1, 2))), "tier": None,
            "scores": {"relevant": round(0.5 + rng.random() / 2, 3), "themes": {t: 0.8 for t in themes},
                       "action": round(0.5 + rng.random() / 2, 3)},
            "evidence": ["A sentence the model found supporting the action."]}


def add_events(store: Store, rng: random.Random, now: datetime) -> None:
    """300 regulatory moves and 40 tier steps on recent articles, with alerts."""
    recent = [row["id"] for row in store.articles.recent(limit=2000)]
    with store.transaction():
        for n in range(300):
            article_id = rng.choice(recent)
            event_id = store.events.add(
                kind="move", key=f"bench-move-{n}", article_id=article_id, happened_at=now - timedelta(hours=n * 3),
                now=now, title=f"Benchmark move {n}", action=rng.choice(ACTIONS[:6]),
                jurisdiction=[rng.choice(JURISDICTIONS)], instrument=f"Act {n % 40}", stage="proposed",
                themes=[], evidence=["The bill was introduced."], scores={"action": 0.9})
            store.events.add_alert(event_id, "regulatory-moves", article_id, now)
        for n in range(40):
            tier_key = f"org{n % 8}|model-{n % 12}|preparedness|cyber"
            store.events.add(
                kind="tier_change", key=f"bench-tier-{n}", article_id=rng.choice(recent),
                happened_at=now - timedelta(days=n), now=now, title=f"Benchmark tier {n}", action="tier_change",
                tier_key=tier_key, org=f"org{n % 8}", model=f"model-{n % 12}", framework="preparedness",
                category="cyber", level=rng.choice(("medium", "high", "critical")), direction="up",
                themes=["cyber"], jurisdiction=[], evidence=["Treated as High."], scores={"action": 0.9})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path, port: int) -> subprocess.Popen:
    code = ("import uvicorn, sys; from monitor.web.app import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the server did not start")


def page_list(rng: random.Random, articles: int) -> list[tuple[str, str]]:
    pages = [("dashboard", "/"), ("sources", "/sources")]
    for query in QUERIES:
        for name, params in FILTERS:
            kind = "search+facets" if name not in ("theme", "theme+jurisdiction") else "search+facets (label filter)"
            pages.append((kind, "/search?" + urlencode({"q": query, **params})))
    for _, params in FILTERS[2:]:
        pages.append(("browse+facets (no query)", "/search?" + urlencode(params)))
    pages.append(("search json", "/search.json?" + urlencode({"q": "safety"})))
    pages.append(("search atom", "/search.atom?" + urlencode({"q": '"AI Act"'})))
    pages += [("article", f"/articles/{rng.randint(1, articles)}") for _ in range(20)]
    return pages


def measure(base: str, pages: list[tuple[str, str]], rounds: int) -> dict[str, list[float]]:
    """Response times per page kind; for search pages also the server's own split (Server-Timing:
    the search, which also walks the window of matches the facets count, and the facet counts
    over that window), under "... search" / "... facets"."""
    times: dict[str, list[float]] = {}
    slowest: list[tuple[float, str]] = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for path in {p for _, p in pages}:  # warm-up, untimed
            client.get(path)
        for _ in range(rounds):
            for kind, path in pages:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    print(f"  {response.status_code} {path}")
                times.setdefault(kind, []).append(elapsed)
                slowest.append((elapsed, path))
                for part in filter(None, response.headers.get("server-timing", "").split(", ")):
                    name, _, duration = part.partition(";dur=")
                    times.setdefault(f"  {kind}: {name} alone", []).append(float(duration))
    print("\nslowest requests:")
    for elapsed, path in sorted(slowest, reverse=True)[:8]:
        print(f"  {elapsed:8.1f} ms  {path}")
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db)
    with Store(args.db) as store:  # migrates the archive to the current schema (the server opens it read-only)
        articles = store.articles.count()
        started = time.monotonic()
        check = index_for(store.path).ensure(store.search_rows, count=True)  # as `monitor serve` does on start
        if check.status != "current":
            print(f"search index: {check.reason}; made current in {time.monotonic() - started:.0f} s", flush=True)
    port = free_port()
    server = serve(args.db, port)
    try:
        times = measure(f"http://127.0.0.1:{port}", page_list(random.Random(3), articles), args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\n{articles:,} articles; {args.rounds} rounds after a warm-up; one request at a time\n")
    print(f"{'page kind':32s} {'n':>4s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
    for kind, values in times.items():
        print(f"{kind:32s} {len(values):4d} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} "
              f"{max(values):8.1f}")
    searches = [v for k, vs in times.items() if k.startswith("search+facets") for v in vs]
    verdict = "meets" if percentile(searches, 0.95) < 200 else "MISSES"
    print(f"\nsearch with facets, all kinds: p95 {percentile(searches, 0.95):.1f} ms ({verdict} the 200 ms target)")


if __name__ == "__main__":
    main()
