"""How much of the real fixture feeds' backlog a first crawl archives, and the demo's time.

Serves every feed of shared/fixtures/feeds on loopback (as tests/crawl/test_real_feeds.py does),
crawls them once into a fresh archive with each source's defaults (max_items included; no article
pages, which would be on the internet), and prints the distinct entries the feeds offer (by link,
fragments kept, or by guid), how many were archived, and the crawl's time. Then runs `monitor demo`
a few times and prints its wall-clock times and their median.

    .venv/bin/python benchmarks/first_crawl.py
    .venv/bin/python benchmarks/first_crawl.py --shared /path/to/shared --demo-runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import feedparser  # noqa: E402

from monitor.crawl.crawler import crawl  # noqa: E402
from monitor.crawl.urls import BadURL, canonical_url  # noqa: E402
from monitor.sources import FetchPolicy, LoadedSources, Source  # noqa: E402
from monitor.store import Store  # noqa: E402
from tests.loopback import LoopbackServer  # noqa: E402


def distinct_entries(folder: Path, names: list[str]) -> int:
    found = set()
    for name in names:
        for entry in feedparser.parse((folder / name).read_bytes()).entries:
            link = str(entry.get("link", ""))
            try:
                found.add(canonical_url(link, keep_fragment=True) if link.startswith("http")
                          else (name, entry.get("id") or entry.get("title")))
            except BadURL:
                found.add((name, link))
    return len(found)


def first_crawl(folder: Path, names: list[str]) -> tuple[int, float]:
    with LoopbackServer() as server, tempfile.TemporaryDirectory() as scratch:
        for name in names:
            server.route(f"/{name}", (folder / name).read_bytes(), content_type="application/xml")
        sources = [Source(id=name.removesuffix(".xml").lower(), url=f"{server.url}/{name}", full_text="never")
                   for name in names]
        with Store(Path(scratch) / "first.db") as store:
            started = time.perf_counter()
            crawl(store, LoadedSources("fixtures", sources, policy=FetchPolicy(host_delay=0)))
            return store.articles.count(), time.perf_counter() - started


def demo_seconds(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "monitor", "demo", "--db", f"{scratch}/demo.db"], cwd=REPO,
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--demo-runs", type=int, default=3)
    args = parser.parse_args()
    folder = args.shared / "fixtures" / "feeds"
    names = sorted(p.name for p in folder.glob("*.xml"))
    offered = distinct_entries(folder, names)
    archived, seconds = first_crawl(folder, names)
    print(f"first crawl of {len(names)} real feeds: {archived:,} of {offered:,} distinct entries archived "
          f"({archived / offered:.1%}) in {seconds:.1f} s")
    times = demo_seconds(args.demo_runs)
    print(f"monitor demo: {', '.join(f'{t:.1f}' for t in times)} s; median {statistics.median(times):.1f} s")


if __name__ == "__main__":
    main()
