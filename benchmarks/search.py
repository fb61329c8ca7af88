"""Benchmark full-text search over a 1,000,000-article archive.

    .venv/bin/python benchmarks/search.py                 # builds benchmarks/out/search-1m.db once, then measures
    .venv/bin/python benchmarks/search.py --rebuild       # build the archive again
    .venv/bin/python benchmarks/search.py --reindex       # build its search index again
    .venv/bin/python benchmarks/search.py --articles 100000 --db benchmarks/out/search-100k.db

The archive is filled through monitor.store.Store (same schema and triggers as production).
Article text is real sentences from ../shared/corpus recombined at random: each article takes a
run of sentences from one corpus document (so phrases and topics co-occur as in real reporting)
plus sentences from anywhere, 150-800 words, and some capitalised words are replaced by
synthetic names drawn from a Zipf-like distribution, which gives the long tail of rare terms that
a real archive has (the corpus alone has only ~9k distinct words). Titles are corpus title
fragments. Dates span 3 years; ~50 sources of unequal size; rows are inserted roughly in
publication order, with the lag and occasional back-fill a crawler produces. The search index
(monitor/search/) is then built from the archive, as `monitor reindex` does: its build time and
size are printed.

An archive built by an earlier monitor (with SQLite FTS5 indexes) is migrated first; before
that, the FTS5 order of every search (bm25 with the title weighted 8, the former engine's) is
saved to <db>.fts5-reference.json, and later compared with, for the record.

Then it times `Store.search` for 24 typical queries (every class of the syntax) x 5 filter sets
x 2 orders, and checks result quality against references computed without the search's own
plan: every match of the query scored (a tantivy heap larger than the match count, so nothing
is pruned), then filtered with the archive's own source and date columns, then ordered:
newest-first pages against ORDER BY published DESC, id DESC; relevance pages against the
exhaustive BM25 top-k. Last, what keeping the index in step costs per article: the queue
trigger on the crawl's insert, and the indexer applying new, revised and deleted articles.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.records import ArticleRecord  # noqa: E402
from monitor.search import TEXT_WEIGHT, TITLE_WEIGHT, index_for, read_query, search_articles  # noqa: E402
from monitor.search.engine import compile_query  # noqa: E402
from monitor.sources import Source  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.store.search import filters_sql  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_DB = REPO / "benchmarks" / "out" / "search-1m.db"
CORPUS_FILES = ("corpus/labelled.jsonl", "corpus/feed_items_labelled.jsonl")
END = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
N_SOURCES = 50
N_NAMES = 200_000
BATCH = 20_000
LIMIT = 20
SYNC_ARTICLES = 20_000  # articles added, revised (a quarter) and deleted to measure keeping the index in step

# 24 typical queries, by class. The NAME_* placeholders become synthetic names of known rarity.
QUERIES: list[tuple[str, str]] = [
    ("common", "AI"),
    ("common", "act"),
    ("common", "safety"),
    ("common", "model"),
    ("phrase", '"AI Act"'),
    ("phrase", '"system card"'),
    ("phrase", '"executive order"'),
    ("phrase", '"preparedness framework"'),
    ("or", "deepfake OR misinformation"),
    ("or", "copyright OR privacy"),
    ("or", "Senate OR Congress OR Commission"),
    ("prefix", "regulat*"),
    ("prefix", "cyber*"),
    ("prefix", "govern*"),
    ("and", "anthropic safety"),
    ("and", "California governor bill"),
    ("not", "safety NOT model"),
    ("not", "AI NOT act"),
    ("title", "title:safety"),
    ("title", "title:AI"),
    ("rare", "NAME_1000"),  # a synthetic name with about 1,000 articles
    ("rare", "NAME_100"),
    ("rare", "NAME_10"),
    ("rare", "zzyzxqvark"),  # matches nothing
]


# ---------------------------------------------------------------------------------------------
# Building the archive


def load_corpus(shared: Path) -> tuple[list[list[str]], list[str]]:
    """Sentences per corpus document (long unpunctuated runs cut into <= 40 words), and titles."""
    docs, titles = [], []
    for name in CORPUS_FILES:
        with (shared / name).open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("title"):
                    titles.append(" ".join(row["title"].split()))
                sentences = []
                for sentence in re.split(r"(?<=[.!?])\s+", " ".join((row.get("text") or "").split())):
                    words = sentence.split()
                    for start in range(0, len(words), 40):
                        piece = words[start:start + 40]
                        if len(piece) >= 4:
                            sentences.append(" ".join(piece))
                if len(sentences) >= 3:
                    docs.append(sentences)
    return docs, titles


def title_fragments(titles: list[str]) -> list[str]:
    fragments = set()
    for title in titles:
        for part in re.split(r"\s*[:|—–]\s*|\s+-\s+", title):
            words = part.split()
            if 2 <= len(words) <= 9:
                fragments.add(part)
            for start in range(0, max(0, len(words) - 4), 3):
                fragments.add(" ".join(words[start:start + 5]))
    return sorted(fragments)


def synthetic_names(rng: random.Random, count: int) -> list[str]:
    onsets = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "st",
              "t", "tr", "v", "w", "z", "sh", "th", "ch", "qu"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "eo"]
    codas = ["", "n", "r", "l", "s", "x", "m", "nd", "rt", "st", "k"]
    names, seen = [], set()
    while len(names) < count:
        name = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                       for _ in range(rng.choice((2, 2, 3))))
        if name not in seen and len(name) >= 5:
            seen.add(name)
            names.append(name.capitalize())
    return names


def name_rank(rng: random.Random) -> int:
    """Roughly Zipf(1) over N_NAMES: rank r drawn with probability ~ 1/r."""
    return min(N_NAMES - 1, int(math.exp(rng.random() * math.log(N_NAMES))) - 1)


def sources_config(rng: random.Random) -> tuple[list[Source], list[float]]:
    sources, weights = [], []
    for i in range(N_SOURCES):
        sources.append(Source(id=f"src-{i:02d}", name=f"Benchmark Source {i}", url=f"https://source{i}.example/feed.xml"))
        weights.append(1.0 / (i + 1) ** 0.7)
    return sources, weights


def build(path: Path, shared: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    docs, titles = load_corpus(shared)
    pool = [s for doc in docs for s in doc]
    fragments = title_fragments(titles)
    names = synthetic_names(rng, N_NAMES)
    # A template per sentence with one capitalised (non-initial) word as a slot for a name.
    templates = []
    for sentence in pool:
        words = sentence.split(" ")
        slots = [i for i, w in enumerate(words) if i and w[:1].isupper() and w.isalpha()]
        if slots:
            i = rng.choice(slots)
            templates.append((" ".join(words[:i]) + " ", " " + " ".join(words[i + 1:])))
        else:
            templates.append(None)
    index_of = {s: i for i, s in enumerate(pool)}
    doc_ids = [[index_of[s] for s in doc] for doc in docs]
    pool_words = [len(s.split()) for s in pool]
    sources, weights = sources_config(rng)

    partial = path.with_name(path.name + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    print(f"building {path} with {count:,} articles from {len(pool):,} corpus sentences "
          f"({len(docs)} documents) and {len(fragments):,} title fragments", flush=True)
    started = time.perf_counter()
    store = Store(partial)
    store.conn.execute("PRAGMA cache_size = -1000000")  # 1 GB page cache for the build only
    store.sources.sync(sources)
    # Publication times, ascending; each row is stored a little after it was published
    # (a crawler's lag), and 2% are back-filled up to 60 days late.
    offsets = sorted(rng.random() * SPAN.total_seconds() for _ in range(count))
    start_time = END - SPAN
    for batch_start in range(0, count, BATCH):
        records = []
        for n in range(batch_start, min(count, batch_start + BATCH)):
            published = start_time + timedelta(seconds=offsets[n])
            lag = rng.expovariate(1 / 21600) if rng.random() > 0.02 else rng.random() * 60 * 86400
            published -= timedelta(seconds=lag)
            source = rng.choices(range(N_SOURCES), weights)[0]
            records.append(_article(rng, n, sources[source].id, published, docs, doc_ids, pool, pool_words,
                                    templates, names, fragments))
        with store.conn:
            for record in records:
                store.articles.insert(record)
        done = min(count, batch_start + BATCH)
        elapsed = time.perf_counter() - started
        print(f"  {done:>9,} articles  {elapsed:7.0f} s  {done / elapsed:6.0f} rows/s", flush=True)
    store.optimize()  # the WAL checkpoint the service's maintenance does
    store.close()
    partial.rename(path)
    size = path.stat().st_size / 1e9
    print(f"built {path}: {count:,} articles, {size:.2f} GB, {time.perf_counter() - started:.0f} s", flush=True)


def _article(rng, n, source_id, published, docs, doc_ids, pool, pool_words, templates, names, fragments):
    target = rng.randint(150, 800)
    home = doc_ids[rng.randrange(len(doc_ids))]
    run = rng.randint(max(1, len(home) // 4), len(home))
    first = rng.randrange(len(home) - run + 1)
    chosen: list[int] = []
    words = 0
    for index in home[first:first + run]:
        if words >= target * 0.65:
            break
        chosen.append(index)
        words += pool_words[index]
    while words < target:
        index = rng.randrange(len(pool))
        chosen.insert(rng.randrange(len(chosen) + 1), index)
        words += pool_words[index]
    parts = []
    for index in chosen:
        template = templates[index]
        if template is not None and rng.random() < 0.15:
            parts.append(template[0] + names[name_rank(rng)] + template[1])
        else:
            parts.append(pool[index])
    text = " ".join(parts)
    title = rng.choice(fragments)
    if rng.random() < 0.5:
        title += ": " + rng.choice(fragments)
    if rng.random() < 0.3:
        title = names[name_rank(rng)] + " " + title[0].lower() + title[1:]
    slug = "-".join(re.findall(r"\w+", title.lower())[:8])
    url = f"https://{source_id}.example/{published:%Y/%m}/{slug}-{n}"
    return ArticleRecord(
        source_id=source_id, url=url, link=url, guid=url, title=title, summary=parts[0][:300], text=text,
        text_source="feed", published=published, published_estimated=False, seen_at=published,
        content_hash=f"{n:032x}",
    )


# ---------------------------------------------------------------------------------------------
# The archive and its index


def prepare(path: Path, reindex: bool) -> None:
    """Migrate an archive of an earlier monitor (saving its FTS5 order first), then build or
    catch up its search index, printing what that took."""
    conn = sqlite3.connect(path)
    has_fts5 = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    conn.close()
    if has_fts5:
        save_fts5_reference(path)
        started = time.perf_counter()
        Store(path).close()
        print(f"migrated the archive (FTS5 tables and triggers dropped): {time.perf_counter() - started:.1f} s")
    with Store(path) as store:
        index = index_for(store.path)
        check = index.check(store.search_rows, count=True)
        if reindex or check.status != "current":
            print(f"building the search index ({check.reason or 'asked for'}) ...", flush=True)
            started, cpu = time.perf_counter(), time.process_time()
            last = [0.0]

            def progress(done: int, total: int) -> None:
                if time.perf_counter() - last[0] > 30:
                    last[0] = time.perf_counter()
                    print(f"  {done:>9,} / {total:,} articles  {time.perf_counter() - started:6.0f} s", flush=True)

            done = index.rebuild(store.search_rows, progress=progress)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"index build: {done:,} articles in {wall:.0f} s ({done / wall:,.0f} articles/s; "
                  f"CPU {cpu:.0f} s, {cpu / done * 1e6:.0f} us an article); peak memory of this process "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def index_size(path: Path) -> int:
    state = index_for(str(path)).state()
    folder = index_for(str(path)).path / state.generation
    return sum(f.stat().st_size for f in folder.iterdir())


def save_fts5_reference(path: Path) -> None:
    """The former engine's order (FTS5 bm25, title 8, text 1) of every search, exhaustive, before
    the migration drops its index."""
    target = Path(str(path) + ".fts5-reference.json")
    if target.exists():
        return
    print("saving the FTS5 BM25 order of each search before migrating (exhaustive; takes a while) ...", flush=True)
    conn = sqlite3.connect(path)
    reference = {}
    for klass, query in QUERIES:
        if query.startswith("NAME_"):
            continue
        for fname, filters in filter_sets(conn):
            where, params = filters_sql(filters.get("sources"), filters.get("since"), filters.get("until"))
            try:
                rows = conn.execute(
                    f"""SELECT a.id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
                        WHERE articles_fts MATCH ? AND {where}
                        ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}), a.id LIMIT ?""",
                    (query, *params, LIMIT)).fetchall()
            except sqlite3.OperationalError:
                continue
            reference[f"{fname}|{query}"] = [row[0] for row in rows]
    conn.close()
    target.write_text(json.dumps({"top": reference}))


# ---------------------------------------------------------------------------------------------
# Measuring


def name_for_frequency(searcher, seed: int, target: int) -> tuple[str, int]:
    """One of the build's synthetic names that about `target` articles match (names are drawn
    with probability ~1/rank, so the rank for a target is found by trying ranks)."""
    names = synthetic_names(random.Random(seed), N_NAMES)  # the build's first draws from its rng
    best = ("zzznothing", 0)
    for rank in sorted({int(10 ** (k / 8)) for k in range(0, 42)}):
        if rank >= len(names):
            break
        docs = searcher.search(compile_query(read_query(f'"{names[rank]}"').tree, searcher).query, 1).count
        if docs and abs(math.log(docs / target)) < abs(math.log(max(best[1], 1) / target)):
            best = (names[rank], docs)
    return best


def filter_sets(conn) -> list[tuple[str, dict]]:
    """Five filter sets: none, one source, last month, a 3-month window a year back, source + a year."""
    counts = conn.execute("SELECT source_id, count(*) FROM articles GROUP BY source_id ORDER BY 2 DESC").fetchall()
    mid = counts[min(len(counts) - 1, 12)][0]  # a mid-sized source, about 2% of the archive
    end = END.date()
    return [
        ("none", {}),
        ("source", {"sources": [mid]}),
        ("since 30d", {"since": end - timedelta(days=30)}),
        ("3-month window", {"since": end - timedelta(days=455), "until": end - timedelta(days=365)}),
        ("source+1y", {"sources": [mid], "since": end - timedelta(days=365)}),
    ]


class Exhaustive:
    """References computed without the search's plan: every match of a query, scored (the
    heap is larger than the match count, so tantivy prunes nothing), then the filters applied
    with the archive's columns, then sorted."""

    def __init__(self, conn, searcher):
        self.searcher = searcher
        self.columns = {row[0]: (row[1], row[2]) for row in conn.execute(
            "SELECT id, source_id, published FROM articles")}  # id -> (source, published)
        self.cached: dict[str, list[tuple[int, float, tuple]]] = {}

    def matches(self, query: str) -> list[tuple[int, float, tuple]]:
        """(id, score, tantivy's tie order) of every match."""
        if query not in self.cached:
            compiled = compile_query(read_query(query).tree, self.searcher).query
            if compiled is None:
                self.cached[query] = []
            else:
                count = self.searcher.search(compiled, 1, count=True, order_by_field="newest").count
                hits = self.searcher.search(compiled, max(count, 1), count=False).hits if count else []
                ids = self.searcher.fast_field_values("id", [address for _, address in hits])
                # one query at a time: a common word's matches take a few hundred MB
                self.cached = {query: [(int(i), score, (a.segment_ord, a.doc)) for i, (score, a) in zip(ids, hits)]}
        return self.cached[query]

    def passing(self, query: str, filters: dict) -> list[tuple[int, float, tuple]]:
        sources = set(filters.get("sources") or [])
        since = filters["since"].isoformat() if filters.get("since") else ""
        until = filters["until"].isoformat() if filters.get("until") else "9999"
        return [m for m in self.matches(query)
                if (not sources or self.columns[m[0]][0] in sources) and since <= self.columns[m[0]][1][:10] <= until]

    def newest(self, query: str, filters: dict) -> list[int]:
        found = sorted(self.passing(query, filters), key=lambda m: (self.columns[m[0]][1], m[0]), reverse=True)
        return [m[0] for m in found[:LIMIT]]

    def best(self, query: str, filters: dict) -> list[int]:
        return [m[0] for m in sorted(self.passing(query, filters), key=lambda m: (-m[1], m[2]))[:LIMIT]]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def measure(path: Path, reps: int, verbose: bool, seed: int) -> None:
    store = Store(path, readonly=True)
    conn = store.conn
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    searcher = index_for(store.path).searcher()
    print(f"\narchive {path}: {total:,} articles, {path.stat().st_size / 1e9:.2f} GB; search index "
          f"{index_size(path) / 1e9:.2f} GB in {searcher.num_segments} segments; "
          f"{reps} timed runs per query after one warm-up (warm page cache)\n")
    queries = []
    for klass, query in QUERIES:
        if query.startswith("NAME_"):
            query, _ = name_for_frequency(searcher, seed, int(query[5:]))
        queries.append((klass, query))
    print("queries (articles matching, no filter):")
    for klass, q in queries:
        print(f"  {klass:7} {q:40} {search_articles(store, q, limit=1).total:>9,}")
    filters = filter_sets(conn)
    print("filter sets: " + "; ".join(f"{name} = {f or '-'}" for name, f in filters))
    fts5 = load_fts5_reference(path)
    exhaustive = Exhaustive(conn, searcher)

    times: dict[tuple, list[float]] = defaultdict(list)  # (order, klass, filtered) -> seconds
    cpu: dict[tuple, list[float]] = defaultdict(list)  # the same, CPU time of this thread
    overlaps: dict[tuple, list[float]] = defaultdict(list)  # (group,) -> overlap@k of relevance vs exact
    fts5_overlaps: dict[tuple, list[float]] = defaultdict(list)
    newest_exact: list[bool] = []
    slow: list[tuple[float, str]] = []
    for klass, q in queries:  # query by query: the exhaustive reference is computed once per query
        for fname, f in filters:
            filtered = "filtered" if f else "unfiltered"
            for order in ("newest", "relevance"):
                ours = []
                for rep in range(reps + 1):
                    started, thread_cpu = time.perf_counter(), time.thread_time()
                    result = search_articles(store, q, order=order, limit=LIMIT, **f)
                    wall, used = time.perf_counter() - started, time.thread_time() - thread_cpu
                    if rep == 0:  # the first run warms the page cache
                        hits = [h.id for h in result.hits]
                        continue
                    times[(order, klass, filtered)].append(wall)
                    cpu[(order, klass, filtered)].append(used)
                    ours.append(wall)
                slow.append((statistics.median(ours), f"{order:9} {fname:15} {q}"))
                if order == "newest":
                    same = exhaustive.newest(q, f) == hits
                    newest_exact.append(same)
                    if not same and verbose:
                        print(f"  newest differs from exact: {fname} {q}")
                    continue
                exact = exhaustive.best(q, f)
                if exact:
                    overlap = len(set(exact) & set(hits)) / len(exact)
                    for group in ("all", filtered, klass):
                        overlaps[(group,)].append(overlap)
                    if verbose:
                        print(f"  overlap@{LIMIT} {overlap:4.2f}  {fname:15} {q}")
                former = fts5.get(f"{fname}|{q}")
                if former:
                    fts5_overlap = len(set(former) & set(hits)) / len(former)
                    for group in ("all", klass):
                        fts5_overlaps[(group,)].append(fts5_overlap)
        if verbose:
            print(f"  done {q}", flush=True)

    load = os.getloadavg()[0]
    print(f"\nlatency in ms, p50 / p95 over (queries x filter sets x runs); load average {load:.1f} on "
          f"{os.cpu_count()} CPUs ('cpu' is this thread's CPU time, what an idle machine would show)\n")
    header = f"{'order':9} {'filters':10} {'class':7} | {'store p50':>9} {'p95':>8} | {'cpu p50':>8} {'p95':>8}"
    print(header)
    print("-" * len(header))
    for order in ("newest", "relevance"):
        for filtered in ("unfiltered", "filtered"):
            for klass in ["all", *dict.fromkeys(k for k, _ in QUERIES)]:
                def pick(table):
                    return [t for (o, k, fl), ts in table.items() for t in ts
                            if o == order and fl == filtered and klass in ("all", k)]
                s, c = pick(times), pick(cpu)
                line = f"{order:9} {filtered:10} {klass:7} | {ms(pct(s, .5))} {ms(pct(s, .95))} | " \
                       f"{ms(pct(c, .5))} {ms(pct(c, .95))}"
                print(line if klass != "all" else line.upper())
            print()
    target = {"newest": 0.050, "relevance": 0.150}
    for order in ("newest", "relevance"):
        for filtered in ("unfiltered", "filtered"):
            s = [t for (o, k, fl), ts in times.items() for t in ts if o == order and fl == filtered]
            c = [t for (o, k, fl), ts in cpu.items() for t in ts if o == order and fl == filtered]
            verdict = "meets" if pct(s, .95) < target[order] else "MISSES"
            print(f"target {order:9} {filtered:10}: p95 {pct(s, .95) * 1000:7.1f} ms "
                  f"{verdict} < {target[order] * 1000:.0f} ms (CPU p95 {pct(c, .95) * 1000:.1f} ms)")
    print(f"\nnewest-first pages identical to the exact ORDER BY published DESC, id DESC: "
          f"{sum(newest_exact)}/{len(newest_exact)}")
    print(f"relevance: overlap of the top-{LIMIT} with the exhaustive BM25 top-{LIMIT} "
          f"(title weighted {TITLE_WEIGHT:g}, text {TEXT_WEIGHT:g}, same filters):")
    for key in [("all",), ("unfiltered",), ("filtered",), *[(k,) for k in dict.fromkeys(k for k, _ in QUERIES)]]:
        values = overlaps.get(key)
        if values:
            verdict = "" if key[0] in ("all", "unfiltered", "filtered") else \
                f"  {'meets' if min(values) >= 0.95 else 'MISSES'} >= 0.95"
            print(f"  overlap {key[0]:10} mean {statistics.mean(values):.2f}  min {min(values):.2f}  "
                  f"exact (1.00) in {sum(v == 1 for v in values)}/{len(values)}{verdict}")
    if fts5_overlaps:
        print(f"for the record, against the former engine's order (FTS5 bm25 over the row, title {TITLE_WEIGHT:g}, "
              f"text {TEXT_WEIGHT:g}; a different BM25: one length and one idf for the whole row):")
        for key, values in fts5_overlaps.items():
            print(f"  fts5 {key[0]:10} mean {statistics.mean(values):.2f}  min {min(values):.2f}")
    print("\nslowest searches (median of runs):")
    for seconds, what in sorted(slow, reverse=True)[:8]:
        print(f"  {ms(seconds)} ms  {what}")
    store.close()


def load_fts5_reference(path: Path) -> dict[str, list[int]]:
    reference = Path(str(path) + ".fts5-reference.json")
    return json.loads(reference.read_text())["top"] if reference.exists() else {}


# ---------------------------------------------------------------------------------------------
# Keeping the index in step: what it costs an article


def measure_sync(path: Path, count: int) -> None:
    """The queue trigger on the crawl's inserts (with and without it, rolled back), then the
    indexer applying `count` new articles, a quarter of them revised, and all of them deleted
    (the archive ends as it began)."""
    print(f"\nkeeping the index in step, {count:,} articles (copies of existing ones under new URLs):")
    with Store(path) as store:
        conn = store.conn
        rows = conn.execute(
            "SELECT source_id, url, title, text, published FROM articles ORDER BY random() LIMIT ?", (count,)
        ).fetchall()
        records = [ArticleRecord(
            source_id=r[0], url=r[1] + "#sync", link=r[1], guid=None, title=r[2], summary="", text=r[3],
            text_source="feed", published=datetime.fromisoformat(r[4].replace("Z", "+00:00")),
            published_estimated=False, seen_at=END, content_hash="sync") for r in rows]

        def insert_all() -> float:
            started = time.perf_counter()
            for record in records:
                store.articles.insert(record)
            return time.perf_counter() - started

        timings = {"with": [], "without": []}
        for run in range(3):
            for variant in ("without", "with"):
                conn.execute("BEGIN")
                if variant == "without":
                    conn.execute("DROP TRIGGER search_queue_ai")
                timings[variant].append(insert_all())
                conn.execute("ROLLBACK")
        plain, queued = statistics.median(timings["without"]), statistics.median(timings["with"])
        print(f"  crawl's insert: {plain / count * 1e6:.0f} us an article without the queue trigger, "
              f"{queued / count * 1e6:.0f} us with it: the trigger costs {(queued - plain) / count * 1e6:.1f} us "
              f"(median of 3, rolled back)")
        index = index_for(store.path)
        with store.conn:
            ids = [store.articles.insert(record) for record in records]
        applied = _timed_catch_up(index, store, "new")
        with store.conn:
            for article_id in ids[: count // 4]:
                store.conn.execute("UPDATE articles SET text = text || ' revised' WHERE id = ?", (article_id,))
        _timed_catch_up(index, store, "revised")
        with store.conn:
            store.conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
        _timed_catch_up(index, store, "deleted")
        assert applied == count
        check = index.check(store.search_rows, count=True)
        print(f"  index after: {check.status}; {index.searcher().num_docs:,} articles, as the archive")


def _timed_catch_up(index, store, what: str) -> int:
    started, cpu = time.perf_counter(), time.process_time()
    pending = index.check(store.search_rows).pending
    applied = index.catch_up(store.search_rows)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"  indexer, {pending:,} {what} articles: {wall:.1f} s, {wall / pending * 1e6:.0f} us an article "
          f"(CPU of all its threads {used / pending * 1e6:.0f} us)")
    return applied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the archive again even if it exists")
    parser.add_argument("--reindex", action="store_true", help="build the search index again")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--skip-sync", action="store_true", help="do not measure keeping the index in step")
    parser.add_argument("--reps", type=int, default=3, help="timed runs per query (after one warm-up)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not args.db.exists():
        if args.db.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.db) + suffix).unlink(missing_ok=True)
        build(args.db, args.shared, args.articles, args.seed)
    prepare(args.db, args.reindex)
    if not args.build_only:
        measure(args.db, args.reps, args.verbose, args.seed)
        if not args.skip_sync:
            measure_sync(args.db, min(SYNC_ARTICLES, args.articles // 10))


if __name__ == "__main__":
    main()
