"""Benchmark the crawler: 1,000 RSS feeds of 20 items on loopback, served by nginx, 100 hosts.

    .venv/bin/python benchmarks/crawl.py [--feeds 1000 --items 20] [--host-delay 0.5] [--gzip] [--no-profile]

nginx (Debian's package: `apt-get install nginx-light`) is started by this script with its own
configuration in a temporary directory, listening on 127.0.1.1 .. 127.0.1.100 (one `listen`
line per address, never 0.0.0.0), and stopped at the end, also on error. It serves static
files, so it answers ETag / Last-Modified and 304 Not Modified as any real server does. Feed i
lives on host 127.0.1.(i // (feeds / 100) + 1), so the crawler's per-host politeness (one
request at a time, `host_delay` between request starts, robots.txt per host) applies as in
the wild.

Feeds are RSS 2.0 generated here (seeded): titles, links, guids, pubDates, 600-1,200 characters
of plain-text description made of corpus sentences when ../shared is present; 3% of items are
syndicated copies of another feed's item (same text, other URL), so story grouping has work to
do. Sources use `full_text: never` (article pages are not fetched) and `allow_private: true`.

Runs: (1) first crawl into a fresh SQLite file: items stored per second, then the search index caught up;
(2) the same crawl again: every feed answers 304; (3) unless --no-stages, a first crawl into
another fresh file with the CPU time of each step added up; (4) unless --no-profile, one more
under cProfile, whose top is printed. Peak memory is the process's ru_maxrss after runs 1 and
2. Wall times depend on what else the machine runs, so CPU times are printed beside them.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.crawl.crawler import crawl  # noqa: E402
from monitor.crawl.dedupe import STOPWORDS  # noqa: E402
from monitor.crawl.prepare import Preparer  # noqa: E402
from monitor.search import index_for, search_articles  # noqa: E402
from monitor.sources import FetchPolicy, LoadedSources, Source  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.store.stories import Stories  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared"
HOSTS = 100
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WORDS = (
    "agency model safety frontier risk evaluation security policy regulator compute disclosure incident "
    "framework oversight audit release capability threshold deployment governance standard testing lab "
    "report guidance commission bill transparency cyber biological misuse mitigation benchmark system "
    "card company developer researchers government public comment enforcement rule law court privacy"
).split()


# ---------------------------------------------------------------------------------------------
# Feeds


def corpus_text(shared: Path) -> tuple[list[str], list[str], list[float]]:
    """Corpus sentences (long unpunctuated runs cut at 30 words), and a title vocabulary with weights."""
    sentences, counts = [], {}
    for name in ("corpus/labelled.jsonl", "corpus/feed_items_labelled.jsonl"):
        path = shared / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            row = json.loads(line)
            text = " ".join((row.get("text") or "").split())
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                words = sentence.split()
                for start in range(0, len(words), 30):
                    if len(words[start:start + 30]) >= 5:
                        sentences.append(" ".join(words[start:start + 30]))
            for word in re.findall(r"[A-Za-z][A-Za-z-]+", f"{row.get('title') or ''} {text}"):
                if len(word) > 2 and word.lower() not in STOPWORDS:
                    counts[word] = counts.get(word, 0) + 1
    vocabulary = sorted(counts) or WORDS
    # Damped frequencies: headline words are varied, yet "AI" and "model" still come up often.
    weights = [counts.get(w, 1) ** 0.5 for w in vocabulary]
    return sentences, vocabulary, weights


def make_items(rng: random.Random, feeds: int, items: int, shared: Path) -> list[list[dict]]:
    """Items per feed; 3% are copies of an item of another feed (same title and text, own URL)."""
    sentences, vocabulary, weights = corpus_text(shared)
    cumulative = list(itertools.accumulate(weights))  # what random.choices computes from weights on every call

    def sentence() -> str:
        if sentences:
            # A corpus sentence with about a quarter of its words swapped for other corpus words, so
            # that unrelated items never share an opening sentence (which dedupe would rightly take
            # for syndication) while the text keeps the corpus's vocabulary and rhythm.
            words = rng.choice(sentences).split()
            swaps = rng.choices(vocabulary, cum_weights=cumulative, k=len(words))
            return " ".join(swap if rng.random() < 0.25 else word for word, swap in zip(words, swaps))
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        return " ".join(words).capitalize() + "."

    all_items: list[list[dict]] = []
    for f in range(feeds):
        feed = []
        for j in range(items):
            target = rng.randint(600, 1200)
            text = ""
            while len(text) < target:
                text = f"{text} {sentence()}".strip()
            text = text[:target].rsplit(" ", 1)[0] + "."
            title = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(6, 11)))
            published = NOW - timedelta(minutes=rng.randint(0, 20 * 24 * 60), seconds=rng.randint(0, 59))
            feed.append({"title": title[0].upper() + title[1:], "text": text, "published": published,
                         "link": f"https://news{f:04d}.example.org/{published:%Y/%m}/story-{j}-{rng.randrange(10**9)}",
                         "guid": f"urn:bench:{f}:{j}"})
        all_items.append(feed)
    for f, feed in enumerate(all_items):
        for j, item in enumerate(feed):
            if rng.random() < 0.03 and feeds > 1:
                other = rng.choice([g for g in range(max(0, f - 20), f)] or [f + 1])
                original = all_items[other][j]
                item["title"], item["text"] = original["title"], original["text"]
                item["published"] = original["published"] + timedelta(minutes=rng.randint(1, 300))
    return all_items


def rss(feed_no: int, items: list[dict]) -> str:
    entries = "\n".join(
        f"""    <item>
      <title>{escape(i['title'])}</title>
      <link>{escape(i['link'])}</link>
      <guid isPermaLink="false">{escape(i['guid'])}</guid>
      <pubDate>{format_datetime(i['published'])}</pubDate>
      <description>{escape(i['text'])}</description>
    </item>"""
        for i in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Benchmark feed {feed_no}</title>
    <link>https://news{feed_no:04d}.example.org/</link>
    <description>Generated for benchmarks/crawl.py</description>
    <language>en</language>
{entries}
  </channel>
</rss>
"""


# ---------------------------------------------------------------------------------------------
# nginx


NGINX_CONF = """
worker_processes 2;
daemon off;
master_process on;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{ application/rss+xml xml; text/plain txt; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_requests 10000;
    keepalive_timeout 60s;
    {gzip}
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    server {{
{listens}
        root {root}/www;
    }}
}}
"""


class Nginx:
    """nginx on 127.0.1.1..127.0.1.N:port with its own config in `root`; stop() always kills it."""

    def __init__(self, root: Path, hosts: int, gzip: bool):
        self.root, self.hosts = root, hosts
        self.port = _free_port()
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(self.binary).exists():
            raise SystemExit("nginx is not installed: apt-get install -y nginx-light")
        (root / "tmp").mkdir(exist_ok=True)
        listens = "\n".join(f"        listen 127.0.1.{n}:{self.port};" for n in range(1, hosts + 1))
        gzip_conf = "gzip on; gzip_types application/rss+xml; gzip_min_length 256;" if gzip else ""
        (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, listens=listens, gzip=gzip_conf))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.root), "-c", str(self.root / "nginx.conf"), "-e", str(self.root / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.process.stderr.read().decode(errors='replace')}"
                                   f"{(self.root / 'error.log').read_text(errors='replace')}")
            if all(_listening(f"127.0.1.{n}", self.port) for n in (1, self.hosts)):
                return
            time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 10 s")

    def url(self, host: int, path: str) -> str:
        return f"http://127.0.1.{host}:{self.port}{path}"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: fast shutdown of the master and its workers
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.1.1", 0))
        return s.getsockname()[1]


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Crawls


def config(nginx: Nginx, feeds: int, policy: FetchPolicy) -> LoadedSources:
    per_host = max(1, -(-feeds // HOSTS))
    sources = [
        Source(id=f"bench-{i:04d}", name=f"Benchmark feed {i}", kind="rss", full_text="never", allow_private=True,
               url=nginx.url(i // per_host + 1, f"/feeds/feed-{i:04d}.xml"), interval="15m")
        for i in range(feeds)
    ]
    return LoadedSources("(benchmark)", sources, policy=policy)


def fresh_store(path: Path) -> Store:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return Store(path)


CANDIDATES = {"lookups": 0, "rows": 0}


def _count_candidates() -> None:
    """Count the near-duplicate candidates the store hands to dedupe (a cost driver of storing)."""
    original = Stories.candidates

    def candidates(self, *args, **kwargs):
        rows = original(self, *args, **kwargs)
        CANDIDATES["lookups"] += 1
        CANDIDATES["rows"] += len(rows)
        return rows

    Stories.candidates = candidates


def timed_crawl(store: Store, loaded: LoadedSources, workers: int | None = None):
    """(report, wall seconds, CPU seconds of this process, CPU seconds of its parsing workers)."""
    CANDIDATES.update(lookups=0, rows=0)
    started, before = time.perf_counter(), os.times()
    report = crawl(store, loaded, workers=workers)
    after = os.times()  # the workers have stopped with the crawl, so their times are counted
    own = after.user + after.system - before.user - before.system
    children = after.children_user + after.children_system - before.children_user - before.children_system
    return report, time.perf_counter() - started, own, children


# Steps of the crawl whose CPU time the stage run accumulates: (label, owner, attribute).
STAGES = [
    ("parse: parse_feed (feedparser + text clean-up)", "monitor.crawl.prepare", "parse_feed"),
    ("dedupe: fingerprint (terms, MinHash, LSH keys)", "monitor.crawl.dedupe", "fingerprint"),
    ("dedupe: same_story (check candidates)", "monitor.crawl.dedupe", "same_story"),
    ("dedupe: content_hash", "monitor.crawl.dedupe", "content_hash"),
    ("urls: canonical_url", "monitor.crawl.prepare", "canonical_url"),
    ("store: Stories.candidates (LSH key lookup)", "monitor.store.stories:Stories", "candidates"),
    ("store: Stories.remember (keys + signature)", "monitor.store.stories:Stories", "remember"),
    ("store: Stories.start / join", "monitor.store.stories:Stories", "start"),
    ("store: Stories.start / join", "monitor.store.stories:Stories", "join"),
    ("store: Articles.insert (row + search queue)", "monitor.store.articles:Articles", "insert"),
    ("store: Articles.find_many (x2 per feed)", "monitor.store.articles:Articles", "find_many"),
    ("store: Sources.state / record", "monitor.store.sources:Sources", "state"),
    ("store: Sources.state / record", "monitor.store.sources:Sources", "record"),
]


COMMIT = "store: commits (WAL write; checkpoints fsync)"


class _TimedTransaction:
    """Store.transaction() with the time spent committing added to `totals`."""

    def __init__(self, conn, totals):
        self.conn, self.totals = conn, totals

    def __enter__(self):
        return self.conn.__enter__()

    def __exit__(self, *exc):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return self.conn.__exit__(*exc)
        finally:
            self.totals[COMMIT][0] += time.process_time() - cpu
            self.totals[COMMIT][1] += time.perf_counter() - wall


def staged_crawl(store: Store, loaded: LoadedSources) -> tuple[dict[str, list[float]], float, float]:
    """A first crawl with the [CPU, wall] seconds of each step in STAGES and of the commits added
    up (the originals are restored afterwards)."""
    import importlib

    totals: dict[str, list[float]] = {COMMIT: [0.0, 0.0]}
    undo = []
    for label, owner, name in STAGES:
        module, _, cls = owner.partition(":")
        target = getattr(importlib.import_module(module), cls) if cls else importlib.import_module(module)
        original = getattr(target, name)

        def timed(*args, _original=original, _label=label, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                total = totals.setdefault(_label, [0.0, 0.0])
                total[0] += time.process_time() - cpu
                total[1] += time.perf_counter() - wall

        setattr(target, name, timed)
        undo.append((target, name, original))
    store.transaction = lambda: _TimedTransaction(store.conn, totals)
    try:
        _, wall, cpu, _ = timed_crawl(store, loaded, workers=0)  # inline, so that every step is timed here
    finally:
        for target, name, original in reversed(undo):
            setattr(target, name, original)
        del store.transaction
    return totals, wall, cpu


def outcomes(report) -> str:
    counts: dict[str, int] = {}
    for s in report.sources:
        counts[s.outcome] = counts.get(s.outcome, 0) + 1
    text = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    errors = [s for s in report.sources if s.outcome == "error"]
    if errors:
        text += f"; first error: {errors[0].message}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--host-delay", type=float, default=None,
                        help=f"seconds between requests to one host (default: FetchPolicy's {FetchPolicy().host_delay})")
    parser.add_argument("--concurrency", type=int, default=None,
                        help=f"requests in flight overall (default: FetchPolicy's {FetchPolicy().concurrency})")
    parser.add_argument("--gzip", action="store_true", help="nginx compresses the feeds")
    parser.add_argument("--no-stages", action="store_true", help="skip the crawl with per-step CPU timers")
    parser.add_argument("--no-profile", action="store_true", help="skip the crawl under cProfile")
    parser.add_argument("--profile-lines", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None, help="keep the archive here (default: a temp file)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    policy = FetchPolicy()
    if args.host_delay is not None:
        policy = replace(policy, host_delay=args.host_delay)
    if args.concurrency is not None:
        policy = replace(policy, concurrency=args.concurrency)

    # SIGTERM/SIGHUP become SystemExit so `finally` stops nginx and removes the temp files.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    root = Path(tempfile.mkdtemp(prefix="monitor-crawl-bench-"))
    os.chmod(root, 0o755)
    nginx = None
    try:
        started = time.perf_counter()
        rng = random.Random(args.seed)
        feeds = make_items(rng, args.feeds, args.items, args.shared)
        www = root / "www" / "feeds"
        www.mkdir(parents=True)
        (root / "www" / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
        total_bytes = 0
        for i, items in enumerate(feeds):
            body = rss(i, items).encode()
            total_bytes += len(body)
            (www / f"feed-{i:04d}.xml").write_bytes(body)
        del feeds
        nginx = Nginx(root, HOSTS, args.gzip)
        nginx.start()
        loaded = config(nginx, args.feeds, policy)
        per_host = max(1, -(-args.feeds // HOSTS))
        print(f"{args.feeds:,} feeds x {args.items} items ({total_bytes / 1e6:.1f} MB of RSS, "
              f"{total_bytes / args.feeds / 1e3:.0f} KB a feed) generated in {time.perf_counter() - started:.1f} s; "
              f"nginx {_nginx_version(nginx.binary)} on 127.0.1.1-127.0.1.{min(HOSTS, -(-args.feeds // per_host))}"
              f":{nginx.port}, {per_host} feeds a host{', gzip' if args.gzip else ''}")
        print(f"fetch policy: host_delay {policy.host_delay:g} s, concurrency {policy.concurrency}"
              f"{' (FetchPolicy defaults)' if policy == FetchPolicy() else ''}; "
              f"politeness floor per crawl: {per_host + 1} requests a host (robots.txt + feeds) "
              f"-> at least {per_host * policy.host_delay:.1f} s")

        db = args.db or root / "bench.db"
        store = fresh_store(db)
        try:
            _count_candidates()
            first, first_s, first_own, first_workers = timed_crawl(store, loaded)
            lookups, candidates = CANDIDATES["lookups"], CANDIDATES["rows"]
            stored = store.articles.count()
            stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
            multi = store.conn.execute("SELECT count(*) FROM stories WHERE article_count > 1").fetchone()[0]
            # The search index follows after the crawl (`monitor crawl` runs this beside the labelling).
            index_started, index_cpu = time.perf_counter(), time.process_time()
            index_for(store.path).ensure(store.search_rows)
            index_s, index_cpu = time.perf_counter() - index_started, time.process_time() - index_cpu
            indexed = index_for(store.path).searcher().num_docs
            match = search_articles(store, "benchmark OR model", limit=1).total
            second, second_s, second_own, second_workers = timed_crawl(store, loaded)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rss_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"\nfirst crawl : {first_s:6.2f} s  {first.new:,} new articles -> "
                  f"{first.new / first_s:,.0f} items/s stored and queued for the search index ({outcomes(first)})")
            print(f"              parsing in {Preparer.workers_for(len(first.sources))} worker processes; "
                  f"CPU time {first_own + first_workers:.2f} s = "
                  f"{(first_own + first_workers) / max(1, first.new) * 1000:.2f} ms an item, of which the crawl's own "
                  f"process {first_own / max(1, first.new) * 1000:.2f} ms (fetching, storing, indexing, stories; "
                  f"one thread) and the workers {first_workers / max(1, first.new) * 1000:.2f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(f"              archive: {stored:,} articles, {stories:,} stories ({multi} with more than one article)")
            print(f"search index: {indexed:,} articles indexed after the crawl in {index_s:.2f} s "
                  f"({index_s / max(1, indexed) * 1e6:.0f} us an article; CPU of all its threads "
                  f"{index_cpu / max(1, indexed) * 1e6:.0f} us); a sample search finds {match:,}")
            print(f"              dedupe: {candidates:,} near-duplicate candidates checked for {lookups:,} new "
                  f"articles ({candidates / max(1, lookups):.1f} each)")
            print(f"re-crawl    : {second_s:6.2f} s  for {len(second.sources):,} feeds "
                  f"({outcomes(second)}; {second.new} new, {second.updated} updated); CPU {second_own + second_workers:.2f} s")
            print(f"peak memory : {rss_after:,.0f} MB (ru_maxrss of this process, feed generation included); "
                  f"largest worker {rss_worker:,.0f} MB (nginx's and the workers' are apart)")
            print(f"archive size: {Path(db).stat().st_size / 1e6:.1f} MB")
            target_ok = first.new / first_s >= 1000, second_s <= 10
            print(f"targets     : first crawl >= 1,000 items/s: {'met' if target_ok[0] else 'MISSED'}; "
                  f"re-crawl <= 10 s: {'met' if target_ok[1] else 'MISSED'}")
        finally:
            store.close()

        if not args.no_stages:
            store = fresh_store(root / "stages.db")
            try:
                totals, wall, cpu = staged_crawl(store, loaded)
                new = store.articles.count()
            finally:
                store.close()
            print(f"\nwhere the time goes (another first crawl into a fresh file, each step timed): "
                  f"{wall:.2f} s wall, {cpu:.2f} s CPU, {new:,} new articles")
            print(f"  {'step':52} {'CPU s':>7} {'ms/item':>8} {'of CPU':>7} {'wall s':>7}")
            for label, (seconds, elapsed) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
                print(f"  {label:52} {seconds:7.2f} {seconds / max(1, new) * 1000:8.3f} {seconds / cpu:7.1%} "
                      f"{elapsed:7.2f}")
            rest = cpu - sum(t[0] for t in totals.values())
            print(f"  {'everything else (fetch, httpx, asyncio, crawl glue)':52} {rest:7.2f} "
                  f"{rest / max(1, new) * 1000:8.3f} {rest / cpu:7.1%}")

        if not args.no_profile:
            profile_db = root / "profile.db"
            store = fresh_store(profile_db)
            profiler = cProfile.Profile()
            try:
                profiler.enable()
                t0 = time.perf_counter()
                report = crawl(store, loaded)
                elapsed = time.perf_counter() - t0
                profiler.disable()
            finally:
                store.close()
            print(f"\nprofiled first crawl (cProfile, slower than unprofiled): {elapsed:.2f} s, {report.new:,} new")
            for key in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.profile_lines)
                text = out.getvalue()
                text = text[text.find("   ncalls"):]
                print(f"\ntop {args.profile_lines} by {key}:\n{text.replace(str(REPO) + '/', '')}")
    finally:
        if nginx is not None:
            nginx.stop()
        shutil.rmtree(root, ignore_errors=True)


def _nginx_version(binary: str) -> str:
    out = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().split("/")[-1]


if __name__ == "__main__":
    main()
