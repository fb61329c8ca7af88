"""Soak test of `monitor run`: 200 loopback sources, some failing or slow, for ten minutes.

Feeds are served by 20 threaded HTTP servers on 127.0.2.1 .. 127.0.2.20 (10 sources a host),
so per-host politeness applies. Every feed gains a new item now and then; one in ten answers
500, one in ten answers slowly, one in twenty sends a 429 with Retry-After. The service runs as
a real subprocess at short intervals; every 10 s the script samples its resident memory and
CPU time from /proc. At the end it sends SIGTERM and reports memory growth, CPU share, the
service's error lines, what was stored, and PRAGMA integrity_check.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--sources 200]
"""

import argparse
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOSTS = 20
CLOCK_TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux


class Feeds:
    """Feed n has `items(n)` items; new ones appear as time passes."""

    def __init__(self, count: int, started: float):
        self.count, self.started = count, started
        self.behaviour = {n: ("error" if n % 10 == 3 else "slow" if n % 10 == 7 else
                              "limited" if n % 20 == 11 else "ok") for n in range(count)}

    def body(self, n: int) -> bytes:
        items = 5 + int((time.monotonic() - self.started) / (30 + n % 60))
        entries = "".join(
            f"<item><title>Feed {n} item {i}: agency publishes AI guidance</title>"
            f"<link>http://soak.invalid/{n}/{i}</link><guid>{n}-{i}</guid>"
            f"<pubDate>{format_datetime(datetime.now(UTC))}</pubDate>"
            f"<description>{' '.join(random.Random(n * 1000 + i).choices(WORDS, k=150))}</description></item>"
            for i in range(items - 1, max(items - 21, -1), -1)
        )
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
                f"<link>http://soak.invalid/</link><description>soak</description>{entries}</channel></rss>").encode()


WORDS = ("the agency said rules for frontier models will require testing reporting and audits before release "
         "while companies warned about costs and researchers asked for access to evaluations").split()


def serve(feeds: Feeds) -> list[ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/robots.txt":
                self.send_error(404)
                return
            n = int(self.path.strip("/").split(".")[0])
            kind = feeds.behaviour[n]
            if kind == "error":
                self.send_error(500)
                return
            if kind == "limited":
                self.send_response(429)
                self.send_header("Retry-After", "20")
                self.end_headers()
                return
            if kind == "slow":
                time.sleep(3)
            body = feeds.body(n)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    servers = []
    for host in range(1, HOSTS + 1):
        server = ThreadingHTTPServer((f"127.0.2.{host}", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def sources_yaml(servers, count: int) -> str:
    lines = ["fetch:\n  host_delay: 0.2s\n  read_timeout: 10s\n  retries: 1\nsources:"]
    for n in range(count):
        server = servers[n % HOSTS]
        host, port = server.server_address
        lines.append(f"  - id: soak-{n}\n    url: http://{host}:{port}/{n}.xml\n"
                     f"    interval: {5 + n % 11}s\n    full_text: never")
    return "\n".join(lines) + "\n"


def sample(pid: int) -> tuple[float, float]:
    """Resident MB and CPU seconds (user + system) of the process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    rss_kb = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                  if line.startswith("VmRSS:"))
    return rss_kb / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sources", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    feeds = Feeds(args.sources, time.monotonic())
    servers = serve(feeds)
    (work / "sources.yaml").write_text(sources_yaml(servers, args.sources))
    log = (work / "service.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--db", str(work / "soak.db"),
                                "--sources", str(work / "sources.yaml")], cwd=REPO, stderr=log,
                               stdout=subprocess.DEVNULL)
    samples = []
    started = time.monotonic()
    try:
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(10)
            if process.poll() is not None:
                break
            samples.append((time.monotonic() - started, *sample(process.pid)))
            print(f"{samples[-1][0]:6.0f}s  rss {samples[-1][1]:6.1f} MB  cpu {samples[-1][2]:7.1f} s", flush=True)
    finally:
        process.send_signal(signal.SIGTERM)
        stop_started = time.monotonic()
        code = process.wait(timeout=30)
        stop_seconds = time.monotonic() - stop_started
        for server in servers:
            server.shutdown()
    report(work, samples, code, stop_seconds)


def report(work: Path, samples: list, code: int, stop_seconds: float) -> None:
    conn = sqlite3.connect(work / "soak.db")
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    fetches = dict(conn.execute("SELECT outcome, count(*) FROM fetch_log GROUP BY outcome").fetchall())
    causes = dict(conn.execute("SELECT cause, count(*) FROM fetch_log WHERE cause IS NOT NULL GROUP BY cause"))
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    duplicates = conn.execute("SELECT count(*) - count(DISTINCT url) FROM articles").fetchone()[0]
    conn.close()
    lines = (work / "service.log").read_text().splitlines()
    errors = [line for line in lines if " ERROR " in line or "Traceback" in line]
    first_minute = [rss for t, rss, _ in samples if t <= 70] or [samples[0][1]]
    last_minute = [rss for t, rss, _ in samples if t >= samples[-1][0] - 60]
    wall = samples[-1][0]
    print("\n--- soak result ---")
    print(f"duration {wall / 60:.1f} min, {len(samples)} samples; exit code {code} after SIGTERM in {stop_seconds:.1f} s")
    print(f"memory: first minute {max(first_minute):.1f} MB, last minute {max(last_minute):.1f} MB, "
          f"growth {max(last_minute) - max(first_minute):+.1f} MB; peak {max(s[1] for s in samples):.1f} MB")
    print(f"cpu: {samples[-1][2]:.1f} s over {wall:.0f} s = {100 * samples[-1][2] / wall:.1f}% of one core")
    print(f"fetches by outcome: {fetches}; failure causes: {causes}")
    print(f"articles stored: {articles}, duplicate URLs: {duplicates}, integrity_check: {integrity}")
    print(f"service error lines: {len(errors)}")
    for line in errors[:10]:
        print("  " + line[:200])
    print(f"(work files in {work})")


if __name__ == "__main__":
    main()
