"""Benchmark the crawl beside its peers: the same RSS feeds on loopback, served by nginx, in one run.

    .venv/bin/python benchmarks/crawl.py [--feeds 1000 --items 20] [--hosts 100|1000] [--rounds 3]
        [--whole-pass] [--stages] [--profile] [--code DIR] [--gzip]

Programs, each in its own process with its own temporary files, on the same feeds:
- `monitor`: the crawl alone (monitor.crawl.crawler.crawl into a fresh archive: stored, grouped
  into stories, queued for the search index), then the search index caught up, then a re-crawl
  where every feed answers 304 Not Modified.
- `pass` (--whole-pass): the whole `monitor crawl` command, as a user runs it: the crawl, then
  labels, alerts and the search index's catch-up; run twice (first pass, then the re-crawl).
- `loop`: a sequential feedparser loop with conditional GET (`feedparser.parse(url, etag=,
  modified=)`, as rss2email fetches) that stores nothing: the pace of parsing alone.
- `newsboat` (`newsboat -x reload`, SQLite cache, its default one reload thread) and `rss2email`
  (`r2e run --no-send`, a JSON file of seen entries), when installed (`apt-get install newsboat
  rss2email`).
- `--code DIR` adds `monitor@DIR`: the same crawl with the `monitor` package found in DIR (an
  export of an earlier commit, `git archive REV | tar -x -C DIR`), for before/after in one run.

nginx (Debian's package) is started with its own configuration in a temporary directory,
listening on loopback addresses only, and stopped at the end, also on error. It serves static
files, so it answers ETag / Last-Modified and 304 Not Modified as any real server does. With
--hosts 100, feed i lives on 127.0.1.(i // 10 + 1) and the crawl's politeness (one request at
a time a host, `host_delay` apart) sets a floor of 10 requests x 0.5 s a host; --hosts 1000 puts
one feed on each of 1,000 addresses (127.0.1.1 .. 127.0.4.250), so politeness waits vanish and
what is left is each program's own work.

Feeds are RSS 2.0 generated here (seeded): titles, links, guids, pubDates, 600-1,200 characters
of plain-text description made of corpus sentences when ../shared is present; 3% of items are
syndicated copies of another feed's item (same text, other URL), so story grouping has work to
do, and the script counts how many of them landed in their original's story. Sources use
`full_text: never` (article pages are not fetched) and `allow_private: true`.

Each round runs every program once, in an order that turns from round to round (the machine is
shared: alternating spreads the noise); the table gives medians over the rounds and each
figure's ratio to the loop's. CPU is user + system time of the program's processes (the crawl's
parsing workers included); peak memory is ru_maxrss, the crawl's own process apart from its
largest worker. `--stages` adds a first crawl with the CPU time of each step added up (parsing
inline, so every step is timed in one process; commits as the crawl makes them); `--profile`
one under cProfile.
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
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# A child process crawling with another version of the package (--code) finds it first.
sys.path.insert(0, os.environ.get("BENCH_MONITOR_CODE") or str(REPO))

from monitor.crawl.dedupe import STOPWORDS  # noqa: E402  (the title vocabulary leaves these out)

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
worker_rlimit_nofile 16384;
events {{ worker_connections 8192; }}
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


def host_address(number: int) -> str:
    """The loopback address of host `number` (0-based): 127.0.1.1, 127.0.1.2, ... 250 a block."""
    return f"127.0.{1 + number // 250}.{number % 250 + 1}"


class Nginx:
    """nginx on `hosts` loopback addresses with its own config in `root`; stop() always kills it."""

    def __init__(self, root: Path, hosts: int, gzip: bool):
        self.root, self.hosts = root, hosts
        self.port = _free_port()
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(self.binary).exists():
            raise SystemExit("nginx is not installed: apt-get install -y nginx-light")
        (root / "tmp").mkdir(exist_ok=True)
        listens = "\n".join(f"        listen {host_address(n)}:{self.port};" for n in range(hosts))
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
            if all(_listening(host_address(n), self.port) for n in (0, self.hosts - 1)):
                return
            time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 10 s")

    def url(self, host: int, path: str) -> str:
        return f"http://{host_address(host)}:{self.port}{path}"

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


def _nginx_version(binary: str) -> str:
    out = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().split("/")[-1]


# ---------------------------------------------------------------------------------------------
# The run's files: feeds, and each program's list of them


def write_feeds(root: Path, args) -> tuple[list[tuple[str, str]], int]:
    """The feed files under root/www; returns the guids of the designed copies as (original, copy)
    and the bytes written."""
    feeds = make_items(random.Random(args.seed), args.feeds, args.items, args.shared)
    www = root / "www" / "feeds"
    www.mkdir(parents=True)
    (root / "www" / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    total = 0
    first_with: dict[tuple[str, str], str] = {}
    copies = []
    for i, items in enumerate(feeds):
        body = rss(i, items).encode()
        total += len(body)
        (www / f"feed-{i:04d}.xml").write_bytes(body)
    for items in feeds:  # in feed order: an item's original is the earliest item with its title and text
        for item in items:
            key = (item["title"], item["text"])
            if key in first_with:
                copies.append((first_with[key], item["guid"]))
            else:
                first_with[key] = item["guid"]
    return copies, total


def feed_urls(nginx: Nginx, feeds: int) -> list[str]:
    per_host = max(1, -(-feeds // nginx.hosts))
    return [nginx.url(i // per_host, f"/feeds/feed-{i:04d}.xml") for i in range(feeds)]


def write_sources(path: Path, urls: list[str], host_delay: float | None, concurrency: int | None) -> None:
    """sources.yaml for `monitor`: every feed, never its article pages, loopback allowed."""
    fetch = {key: value for key, value in (("host_delay", host_delay), ("concurrency", concurrency))
             if value is not None}
    document = {"fetch": fetch, "defaults": {"kind": "rss", "full_text": "never", "allow_private": True,
                                             "interval": "15m"},
                "sources": [{"id": f"bench-{i:04d}", "name": f"Benchmark feed {i}", "url": url}
                            for i, url in enumerate(urls)]}
    path.write_text(json.dumps(document))  # JSON is YAML


# ---------------------------------------------------------------------------------------------
# Programs: each run in a process of its own, timed and measured with wait4


class Run:
    """What one program did in one round: first crawl and re-crawl, seconds, CPU, items, memory."""

    def __init__(self, program: str, **figures):
        self.program = program
        self.figures = figures

    def __getitem__(self, key):
        return self.figures.get(key)


# Runs a command and writes its wall time and rusage as JSON. A process forked from this script
# would count this script's memory in its own peak (Linux keeps the larger of the two across
# fork and exec); forked from this small launcher, the peak is the program's own.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump([time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024], out)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_process(command: list[str], *, env: dict | None = None,
                  cwd: Path | None = None) -> tuple[float, float, float, str, str]:
    """(wall seconds, CPU seconds, peak MB, stdout, stderr) of a command: its own resource use and
    that of the children it waited for (the crawl's parsing workers)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".json") as usage, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, usage.name, *command], stdout=out,
                                 stderr=err, env=env, cwd=cwd)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        if process.returncode:
            raise RuntimeError(f"{' '.join(command[:4])} ... exited {process.returncode}: {stderr[-2000:]}")
        wall, cpu, peak = json.load(usage)
    return wall, cpu, peak, stdout, stderr


def run_child(kind: str, argv: list[str], *, code: Path | None = None) -> dict:
    """This script as `--child KIND`: it prints its figures as JSON on its last line."""
    env = dict(os.environ)
    if code is not None:
        env["BENCH_MONITOR_CODE"] = str(code)
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    wall, cpu, _, out, _ = timed_process([sys.executable, str(Path(__file__).resolve()), "--child", kind, *argv], env=env)
    figures = json.loads(out.strip().splitlines()[-1])
    figures["process_seconds"], figures["process_cpu"] = wall, cpu
    return figures


def program_monitor(work: Path, sources: Path, code: Path | None, copies: list[tuple[str, str]]) -> Run:
    db = work / "monitor.db"
    figures = run_child("monitor", ["--sources-file", str(sources), "--db", str(db)], code=code)
    figures.update(story_figures(db, copies))
    return Run(f"monitor@{code.name}" if code else "monitor", **figures)


def program_pass(work: Path, sources: Path, code: Path | None, copies: list[tuple[str, str]]) -> Run:
    """`monitor crawl` twice, as a user runs it: crawl, labels, alerts, search index."""
    db = work / "pass.db"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MONITOR_")}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-m", "monitor", "crawl", "--db", str(db), "--sources", str(sources), "--json"]
    first_s, first_cpu, peak, out, _ = timed_process(command, env=env, cwd=work)
    first = json.loads(out)
    second_s, second_cpu, _, _, _ = timed_process(command, env=env, cwd=work)
    figures = dict(first_s=first_s, first_cpu=first_cpu, items=first["new"], labelled=first.get("labelled"),
                   recrawl_s=second_s, recrawl_cpu=second_cpu, peak_mb=peak)
    figures.update(story_figures(db, copies))
    return Run(f"pass@{code.name}" if code else "pass", **figures)


def program_loop(work: Path, urls: list[str]) -> Run:
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls))
    return Run("loop", **run_child("loop", ["--urls-file", str(listing)]))


def program_newsboat(work: Path, urls: list[str]) -> Run:
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("")  # defaults: one reload thread
    command = ["newsboat", "-u", str(work / "urls"), "-c", str(work / "cache.db"), "-C", str(work / "config"),
               "-x", "reload"]
    env = dict(os.environ, HOME=str(work))
    first_s, first_cpu, first_mb, _, _ = timed_process(command, env=env, cwd=work)
    with sqlite3.connect(work / "cache.db") as cache:
        items = cache.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    second_s, second_cpu, _, _, _ = timed_process(command, env=env, cwd=work)
    return Run("newsboat", first_s=first_s, first_cpu=first_cpu, items=items, recrawl_s=second_s,
               recrawl_cpu=second_cpu, peak_mb=first_mb)


def program_rss2email(work: Path, urls: list[str]) -> Run:
    config = work / "r2e.cfg"
    config.write_text("[DEFAULT]\nto = bench@example.org\n\n" + "".join(
        f"[feed.bench-{i:04d}]\nurl = {url}\n\n" for i, url in enumerate(urls)))
    command = ["r2e", "-c", str(config), "-d", str(work / "r2e.json"), "run", "--no-send"]
    env = dict(os.environ, HOME=str(work))
    first_s, first_cpu, first_mb, _, _ = timed_process(command, env=env, cwd=work)
    data = json.loads((work / "r2e.json").read_text())
    items = sum(len(feed.get("seen") or {}) for feed in data["feeds"])
    second_s, second_cpu, _, _, _ = timed_process(command, env=env, cwd=work)
    return Run("rss2email", first_s=first_s, first_cpu=first_cpu, items=items, recrawl_s=second_s,
               recrawl_cpu=second_cpu, peak_mb=first_mb)


def story_figures(db: Path, copies: list[tuple[str, str]]) -> dict:
    """Stories in an archive: joins (articles that joined another's story) and the designed
    syndicated copies found in their original's story."""
    with sqlite3.connect(db) as conn:
        story_of = dict(conn.execute("SELECT guid, story_id FROM articles"))
    stories = len(set(story_of.values()))
    together = sum(1 for original, copy in copies if story_of.get(copy) == story_of.get(original) is not None)
    return {"joins": len(story_of) - stories, "copies_found": together, "copies": len(copies)}


# ---------------------------------------------------------------------------------------------
# Children: run in a process of their own, print their figures as JSON


def child_monitor(args) -> None:
    from monitor.crawl.crawler import crawl
    from monitor.search import index_for
    from monitor.sources import load_sources
    from monitor.store import Store
    from monitor.store.stories import Stories

    counted = {"lookups": 0, "rows": 0}
    original = Stories.candidates

    def candidates(self, *a, **k):
        rows = original(self, *a, **k)
        counted["lookups"] += 1
        counted["rows"] += len(rows)
        return rows

    Stories.candidates = candidates
    loaded = load_sources(args.sources_file)
    store = Store(args.db)
    figures = {}
    for phase in ("first", "recrawl"):
        before, started = os.times(), time.perf_counter()
        report = crawl(store, loaded)
        seconds, after = time.perf_counter() - started, os.times()
        figures[f"{phase}_s"] = seconds
        figures[f"{phase}_cpu"] = after.user + after.system - before.user - before.system
        figures[f"{phase}_cpu_workers"] = (after.children_user + after.children_system
                                          - before.children_user - before.children_system)
        figures[f"{phase}_outcomes"] = {o: sum(1 for s in report.sources if s.outcome == o)
                                        for o in {s.outcome for s in report.sources}}
        errors = [s.message for s in report.sources if s.outcome == "error"]
        if errors:
            figures[f"{phase}_error"] = errors[0]
        if phase == "first":
            figures["items"] = report.new
            figures["candidates_per_item"] = counted["rows"] / max(1, counted["lookups"])
            figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            started, cpu = time.perf_counter(), time.process_time()
            index_for(store.path).ensure(store.search_rows)
            figures["index_s"], figures["index_cpu"] = time.perf_counter() - started, time.process_time() - cpu
    for phase in ("first", "recrawl"):  # the parsing workers' CPU too: they have exited, so it is counted
        figures[f"{phase}_cpu"] += figures.pop(f"{phase}_cpu_workers")
    figures["peak_mb"] = max(figures["peak_mb"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    store.close()
    print(json.dumps(figures))


def child_loop(args) -> None:
    """Fetch every feed with feedparser, one after another; then again with the validators."""
    import feedparser

    urls = Path(args.urls_file).read_text().split()
    validators: dict[str, tuple] = {}
    figures = {}
    for phase in ("first", "recrawl"):
        items = not_modified = 0
        cpu, started = time.process_time(), time.perf_counter()
        for url in urls:
            etag, modified = validators.get(url, (None, None))
            parsed = feedparser.parse(url, etag=etag, modified=modified)
            if parsed.get("status") == 304:
                not_modified += 1
            items += len(parsed.entries)
            validators[url] = (parsed.get("etag"), parsed.get("modified"))
        figures[f"{phase}_s"], figures[f"{phase}_cpu"] = time.perf_counter() - started, time.process_time() - cpu
        figures[f"{phase}_items"], figures[f"{phase}_not_modified"] = items, not_modified
    figures["items"] = figures["first_items"]
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


# ---------------------------------------------------------------------------------------------
# The stage table and the profile: a first crawl in this process


def stage_table(root: Path, sources: Path) -> None:
    """A first crawl into a fresh file with the [CPU, wall] seconds of each step added up, parsing
    inline (so that every step is timed here), committing as the crawl does."""
    import importlib

    from monitor.crawl.crawler import crawl
    from monitor.sources import load_sources
    from monitor.store import Store

    totals: dict[str, list[float]] = {}
    undo = []
    for label, owner, name in STAGES:
        module, _, cls = owner.partition(":")
        try:
            target = getattr(importlib.import_module(module), cls) if cls else importlib.import_module(module)
            original = getattr(target, name)
        except (ImportError, AttributeError):
            continue  # a step this version of the code does not have

        def timed(*a, _original=original, _label=label, **k):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _original(*a, **k)
            finally:
                total = totals.setdefault(_label, [0.0, 0.0])
                total[0] += time.process_time() - cpu
                total[1] += time.perf_counter() - wall

        setattr(target, name, timed)
        undo.append((target, name, original))
    store = Store(root / "stages.db")
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        crawl(store, load_sources(sources), workers=0)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        new = store.articles.count()
    finally:
        for target, name, original in reversed(undo):
            setattr(target, name, original)
        store.close()
    print(f"\nwhere the time goes (a first crawl into a fresh file, parsing inline, each step timed): "
          f"{wall:.2f} s wall, {cpu:.2f} s CPU, {new:,} new articles")
    print(f"  {'step':56} {'CPU s':>7} {'ms/item':>8} {'of CPU':>7} {'wall s':>7}")
    for label, (seconds, elapsed) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
        print(f"  {label:56} {seconds:7.2f} {seconds / max(1, new) * 1000:8.3f} {seconds / cpu:7.1%} {elapsed:7.2f}")
    rest = cpu - sum(t[0] for t in totals.values())
    print(f"  {'everything else (fetch, httpx, asyncio, crawl glue)':56} {rest:7.2f} "
          f"{rest / max(1, new) * 1000:8.3f} {rest / cpu:7.1%}")


# Steps of the crawl whose CPU time the stage run adds up: (label, owner, attribute). Steps a
# version of the code lacks are left out of its table.
STAGES = [
    ("parse: parse_feed (feedparser + text clean-up)", "monitor.crawl.prepare", "parse_feed"),
    ("dedupe: fingerprint (terms, MinHash, keys)", "monitor.crawl.dedupe", "fingerprint"),
    ("dedupe: same_story (check candidates)", "monitor.crawl.dedupe", "same_story"),
    ("dedupe: content_hash", "monitor.crawl.dedupe", "content_hash"),
    ("urls: canonical_url", "monitor.crawl.prepare", "canonical_url"),
    ("stories: WordIndex.sharing (rewrite candidates)", "monitor.crawl.dedupe:WordIndex", "sharing"),
    ("stories: WordIndex.add", "monitor.crawl.dedupe:WordIndex", "add"),
    ("store: Stories.candidates (key lookup)", "monitor.store.stories:Stories", "candidates"),
    ("store: Stories.remember (keys + signature)", "monitor.store.stories:Stories", "remember"),
    ("store: Stories.start / join", "monitor.store.stories:Stories", "start"),
    ("store: Stories.start / join", "monitor.store.stories:Stories", "join"),
    ("store: Articles.insert (row + search queue)", "monitor.store.articles:Articles", "insert"),
    ("store: Articles.find_many", "monitor.store.articles:Articles", "find_many"),
    ("store: Sources.state / record", "monitor.store.sources:Sources", "state"),
    ("store: Sources.state / record", "monitor.store.sources:Sources", "record"),
    ("store: robots.txt kept in the archive", "monitor.store.robots:Robots", "get"),
    ("store: robots.txt kept in the archive", "monitor.store.robots:Robots", "put"),
    ("store: commits (WAL writes)", "monitor.store:Store", "_commit"),
]


def profile(root: Path, sources: Path, lines: int) -> None:
    from monitor.crawl.crawler import crawl
    from monitor.sources import load_sources
    from monitor.store import Store

    store = Store(root / "profile.db")
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        started = time.perf_counter()
        report = crawl(store, load_sources(sources))
        elapsed = time.perf_counter() - started
        profiler.disable()
    finally:
        store.close()
    print(f"\nprofiled first crawl (cProfile, slower than unprofiled; the workers' parsing is not in it): "
          f"{elapsed:.2f} s, {report.new:,} new")
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(lines)
        text = out.getvalue()
        print(f"\ntop {lines} by {key}:\n{text[text.find('   ncalls'):].replace(str(REPO) + '/', '')}")


# ---------------------------------------------------------------------------------------------
# The report


def median(runs: list[Run], key: str) -> float | None:
    values = [run[key] for run in runs if run[key] is not None]
    return statistics.median(values) if values else None


def spread(runs: list[Run], key: str, fmt: str) -> str:
    values = sorted(run[key] for run in runs if run[key] is not None)
    if not values:
        return "-"
    if len(values) == 1:
        return format(values[0], fmt)
    return f"{format(values[0], fmt)}-{format(values[-1], fmt)}"


def report(results: dict[str, list[Run]], feeds: int) -> None:
    loop = results.get("loop")
    loop_rate = median([Run("", rate=r["items"] / r["first_s"]) for r in loop], "rate") if loop else None
    loop_recrawl = median(loop, "recrawl_s") if loop else None
    print(f"\n{'program':18} {'first crawl items/s':>22} {'x loop':>7} {'re-crawl s':>14} {'x loop':>7} "
          f"{'CPU ms/item':>12} {'peak MB':>8}  stories")
    for program, runs in results.items():
        rates = [Run("", rate=r["items"] / r["first_s"]) for r in runs if r["items"]]
        rate = median(rates, "rate")
        cpu = median([Run("", v=r["first_cpu"] / max(1, r["items"])) for r in runs if r["first_cpu"] is not None], "v")
        recrawl = median(runs, "recrawl_s")
        peak = median(runs, "peak_mb")
        workers = median(runs, "worker_peak_mb")
        stories = ""
        if runs[0]["joins"] is not None:
            stories = (f"{median(runs, 'joins'):.0f} joins, {median(runs, 'copies_found'):.0f}/"
                       f"{runs[0]['copies']} copies found")
            if runs[0]["candidates_per_item"] is not None:
                stories += f", {median(runs, 'candidates_per_item'):.1f} candidates an item"
        print(f"{program:18} {rate:8,.0f} ({spread(rates, 'rate', ',.0f'):>11}) "
              f"{rate / loop_rate if loop_rate else float('nan'):7.2f} "
              f"{recrawl:5.2f} ({spread(runs, 'recrawl_s', '.2f'):>9}) "
              f"{recrawl / loop_recrawl if loop_recrawl else float('nan'):6.2f}x "
              f"{cpu * 1000:12.2f} {_mb(peak, workers):>8}  {stories}")
        if runs[0]["index_s"] is not None:
            with_index = median([Run("", rate=r["items"] / (r["first_s"] + r["index_s"])) for r in runs], "rate")
            print(f"{'  + search index':18} {with_index:8,.0f} {'':13} "
                  f"{with_index / loop_rate if loop_rate else float('nan'):7.2f}   (the index caught up after the "
                  f"crawl: {median(runs, 'index_s'):.2f} s)")
    print(f"\nfirst crawl: {feeds:,} feeds from scratch; re-crawl: the same feeds again, every one answering 304. "
          f"Medians over rounds (range in brackets); 'x loop' is the ratio to the feedparser loop's median "
          f"(items/s: higher is faster; re-crawl: lower is faster). CPU: all the program's processes, "
          f"first crawl. peak MB: the program's own process (+ its largest parsing worker).")


def _mb(peak: float | None, workers: float | None) -> str:
    if peak is None:
        return "-"
    return f"{peak:.0f}+{workers:.0f}" if workers else f"{peak:.0f}"


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=100, help="loopback addresses the feeds are spread over")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--programs", default="monitor,pass,loop,newsboat,rss2email",
                        help="which programs to run (comma-separated; the loop always runs); `pass` only with --whole-pass")
    parser.add_argument("--whole-pass", action="store_true", help="also time the whole `monitor crawl` command")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="also crawl with the monitor package in this folder (repeatable)")
    parser.add_argument("--host-delay", type=float, default=None, help="seconds between requests to one host")
    parser.add_argument("--concurrency", type=int, default=None, help="requests in flight overall")
    parser.add_argument("--gzip", action="store_true", help="nginx compresses the feeds")
    parser.add_argument("--stages", action="store_true", help="a crawl with per-step CPU timers")
    parser.add_argument("--profile", action="store_true", help="a crawl under cProfile")
    parser.add_argument("--profile-lines", type=int, default=30)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--child", choices=["monitor", "loop"], help=argparse.SUPPRESS)
    parser.add_argument("--sources-file", help=argparse.SUPPRESS)
    parser.add_argument("--urls-file", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "monitor":
        return child_monitor(args)
    if args.child == "loop":
        return child_loop(args)

    wanted = args.programs.split(",")
    if "loop" not in wanted:
        wanted.append("loop")  # every ratio is to the loop's pace in the same run
    programs = []
    for name in wanted:
        if name == "newsboat" and not shutil.which("newsboat") or name == "rss2email" and not shutil.which("r2e"):
            print(f"({name} is not installed: apt-get install {name}; left out)")
        elif name != "pass" or args.whole_pass:
            programs.append(name)

    # SIGTERM/SIGHUP become SystemExit so `finally` stops nginx and removes the temp files.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    root = Path(tempfile.mkdtemp(prefix="monitor-crawl-bench-"))
    os.chmod(root, 0o755)
    nginx = None
    try:
        started = time.perf_counter()
        copies, total_bytes = write_feeds(root, args)
        nginx = Nginx(root, args.hosts, args.gzip)
        nginx.start()
        urls = feed_urls(nginx, args.feeds)
        sources = root / "sources.yaml"
        write_sources(sources, urls, args.host_delay, args.concurrency)
        per_host = max(1, -(-args.feeds // args.hosts))
        print(f"{args.feeds:,} feeds x {args.items} items ({total_bytes / 1e6:.1f} MB of RSS, "
              f"{len(copies)} syndicated copies) generated in {time.perf_counter() - started:.1f} s; nginx "
              f"{_nginx_version(nginx.binary)} on {args.hosts} loopback addresses, {per_host} feed(s) a host"
              f"{', gzip' if args.gzip else ''}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")

        results: dict[str, list[Run]] = {}
        runs = []
        for name in programs:
            if name in ("monitor", "pass"):
                runs += [(name, None)] + [(name, code.resolve()) for code in args.code]
            else:
                runs.append((name, None))
        for round_number in range(args.rounds):
            turn = round_number % len(runs)
            for name, code in runs[turn:] + runs[:turn]:
                work = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
                if name == "monitor":
                    run = program_monitor(work, sources, code, copies)
                elif name == "pass":
                    run = program_pass(work, sources, code, copies)
                elif name == "loop":
                    run = program_loop(work, urls)
                elif name == "newsboat":
                    run = program_newsboat(work, urls)
                else:
                    run = program_rss2email(work, urls)
                shutil.rmtree(work, ignore_errors=True)
                results.setdefault(run.program, []).append(run)
                print(f"round {round_number + 1}: {run.program:18} first {run['first_s']:6.2f} s "
                      f"({run['items']:,} items), re-crawl {run['recrawl_s']:5.2f} s, load average "
                      f"{os.getloadavg()[0]:.1f}" + "".join(f"; {k} {run[k]}" for k in ("first_error", "recrawl_error")
                                                              if run[k]), flush=True)
        report({name: results[name] for name in sorted(results, key=_order)}, args.feeds)

        if args.stages:
            stage_table(root, sources)
        if args.profile:
            profile(root, sources, args.profile_lines)
    finally:
        if nginx is not None:
            nginx.stop()
        shutil.rmtree(root, ignore_errors=True)


def _order(program: str) -> tuple[int, str]:
    return (["monitor", "pass", "loop", "newsboat", "rss2email"].index(program.split("@")[0]), program)


if __name__ == "__main__":
    main()
