"""Peak memory of `monitor crawl` over a hostile set, against the same crawl of the good feed alone.

    .venv/bin/python benchmarks/hostile.py [--bomb-gib 2] [--runs 3]

The hostile set (tests/hostile.py, on 127.0.0.1): gzip, deflate, brotli and zstd bombs of
--bomb-gib GiB each (a few KB to 2 MB on the wire), a body that declares 5 GiB, an endless
chunked body, a slow-loris that sends a byte every half second, and one good feed of 4 items.
Each run is a real `monitor crawl` subprocess on a fresh archive; its peak resident memory is
the kernel's ru_maxrss for that child (wait4, taken by a small launcher process). The peer is the same crawl of the good feed
alone, so the ratio says what the hostile sources cost on top of the crawl itself.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.feeds import ALERTING_DEFAULTS  # noqa: E402
from tests.hostile import GOOD, HostileServer, run_with_peak_memory  # noqa: E402

FETCH = "fetch:\n  host_delay: 0s\n  read_timeout: 2s\n  total_timeout: 4s\n  retries: 0\n"


def sources_yaml(server: HostileServer, paths: list[str]) -> str:
    entries = "".join(f"  - id: {p.strip('/').replace('.', '-')}\n    url: {server.url}{p}\n    interval: 1h\n"
                      "    full_text: never\n" for p in paths)
    return f"{FETCH}sources:\n{entries}"


def crawl(server: HostileServer, paths: list[str]) -> tuple[float, float, dict, int]:
    """One `monitor crawl` subprocess: peak RSS (MB), wall seconds, outcome by source, good articles."""
    with tempfile.TemporaryDirectory(prefix="monitor-hostile-") as folder:
        folder = Path(folder)
        (folder / "sources.yaml").write_text(sources_yaml(server, paths))
        started = time.monotonic()
        code, peak_mb = run_with_peak_memory(
            [sys.executable, "-m", "monitor", "crawl", "--db", str(folder / "m.db"), "--sources",
             str(folder / "sources.yaml"), "--config", str(ALERTING_DEFAULTS), "--json"],
            REPO, folder / "stdout", folder / "stderr")
        seconds = time.monotonic() - started
        stdout = (folder / "stdout").read_text()
        if code != 0:
            raise SystemExit(f"monitor crawl failed: {(folder / 'stderr').read_text()}")
        outcomes = {s["source_id"]: s["cause"] or s["outcome"] for s in json.loads(stdout)["sources"]}
        with sqlite3.connect(folder / "m.db") as conn:
            good = conn.execute("SELECT count(*) FROM articles WHERE source_id = 'good-xml'").fetchone()[0]
    return peak_mb, seconds, outcomes, good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-gib", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"building the bombs ({args.bomb_gib} GiB each) ...", flush=True)
    with HostileServer(bomb_bytes=args.bomb_gib << 30) as server:
        for path, (encoding, body) in server.bombs.items():
            print(f"  {path}: {encoding}, {len(body):,} bytes on the wire")
        peaks, peers = [], []
        for run in range(1, args.runs + 1):
            peer_mb, _, _, _ = crawl(server, [GOOD])
            peak_mb, seconds, outcomes, good = crawl(server, server.paths)
            peers.append(peer_mb)
            peaks.append(peak_mb)
            print(f"run {run}: hostile set {peak_mb:.0f} MB peak in {seconds:.1f} s, good feed alone {peer_mb:.0f} MB;"
                  f" good articles stored {good}; {outcomes}")
    hostile, alone = statistics.median(peaks), statistics.median(peers)
    print(f"\nmedian peak: hostile set {hostile:.0f} MB, good feed alone {alone:.0f} MB "
          f"(ratio {hostile / alone:.2f}); target: under 400 MB")


if __name__ == "__main__":
    main()
