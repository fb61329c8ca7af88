"""Benchmark full-text search over a 1,000,000-article archive.

    .venv/bin/python benchmarks/search.py                 # builds benchmarks/out/search-1m.db once, then measures
    .venv/bin/python benchmarks/search.py --rebuild       # build the archive again
    .venv/bin/python benchmarks/search.py --articles 100000 --db benchmarks/out/search-100k.db

The archive is filled through monitor.store.Store (same schema, triggers and FTS5 table as
production). Article text is real sentences from ../shared/corpus recombined at random: each
article takes a run of sentences from one corpus document (so phrases and topics co-occur as
in real reporting) plus sentences from anywhere, 150-800 words, and some capitalised words are
replaced by synthetic names drawn from a Zipf-like distribution, which gives the long tail of
rare terms that a real archive has (the corpus alone has only ~9k distinct words). Titles are
corpus title fragments. Dates span 3 years; ~50 sources of unequal size; rows are inserted
roughly in publication order, with the lag and occasional back-fill a crawler produces; the
FTS index is then optimized (merged into one segment), as the service's maintenance job does.

Then it times `Store.search` for 20 typical queries x 5 filter sets x 2 orders, beside the raw
FTS5 MATCH query on the same file (newest: ORDER BY rowid DESC; relevance: ORDER BY rank), and
checks result quality: newest-first pages against the exact ORDER BY published, relevance
pages against the exact, exhaustive column-weighted BM25 top-k.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.records import ArticleRecord  # noqa: E402
from monitor.sources import Source  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.store.search import TEXT_WEIGHT, TITLE_WEIGHT  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_DB = REPO / "benchmarks" / "out" / "search-1m.db"
CORPUS_FILES = ("corpus/labelled.jsonl", "corpus/feed_items_labelled.jsonl")
END = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
N_SOURCES = 50
N_NAMES = 200_000
BATCH = 20_000
LIMIT = 20
QUERY_TIMEOUT = 20.0  # seconds; a query still running is interrupted and counted as this long

# 20 typical queries, by class. The NAME_* placeholders become synthetic names of known rarity.
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
    # The service's maintenance job runs Store.optimize() every few hours; measure that state.
    merged = time.perf_counter()
    store.optimize()
    print(f"  Store.optimize() (FTS merge into one segment + WAL checkpoint): {time.perf_counter() - merged:.0f} s",
          flush=True)
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
# Measuring


def name_for_frequency(conn, seed: int, target: int) -> tuple[str, int]:
    """One of the build's synthetic names that about `target` articles match (names are drawn
    with probability ~1/rank, so the rank for a target is found by trying ranks)."""
    names = synthetic_names(random.Random(seed), N_NAMES)  # the build's first draws from its rng
    best = ("zzznothing", 0)
    for rank in sorted({int(10 ** (k / 8)) for k in range(0, 42)}):
        if rank >= len(names):
            break
        docs = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                            (f'"{names[rank]}"',)).fetchone()[0]
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


def _where(filters: dict) -> tuple[str, list]:
    from monitor.store.search import _filters

    return _filters(filters.get("sources"), filters.get("since"), filters.get("until"))


def window_days(conn, expression: str, filters: dict) -> float | None:
    """How far back (days) the relevance window of this search reaches, from its newest article
    (uses the search module's internals; None if they changed)."""
    try:
        from monitor.store import search as plan

        where, params = _where(filters)
        index = plan._Indexes(conn)
        window = plan.window_matches(conn, expression, where, params, plan.RANK_WINDOW, index=index)
        ids = plan._relevance_window(index, window.ids[:plan.RANK_WINDOW])
    except Exception:
        return None
    if not ids:
        return None
    newest, oldest = conn.execute(
        f"SELECT max(published), min(published) FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
    ).fetchone()
    return (datetime.fromisoformat(newest.replace("Z", "+00:00"))
            - datetime.fromisoformat(oldest.replace("Z", "+00:00"))).total_seconds() / 86400


def raw_newest(conn, expression: str, filters: dict) -> list[int]:
    if not filters:
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        return [r[0] for r in conn.execute(sql, (expression, LIMIT))]
    where, params = _where(filters)
    sql = f"""SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ? AND {where} ORDER BY articles_fts.rowid DESC LIMIT ?"""
    return [r[0] for r in conn.execute(sql, (expression, *params, LIMIT))]


def raw_rank(conn, expression: str, filters: dict) -> list[int]:
    if not filters:
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        return [r[0] for r in conn.execute(sql, (expression, LIMIT))]
    where, params = _where(filters)
    sql = f"""SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ? AND {where} ORDER BY rank LIMIT ?"""
    return [r[0] for r in conn.execute(sql, (expression, *params, LIMIT))]


def exact_newest(conn, expression: str, filters: dict) -> list[int]:
    where, params = _where(filters)
    sql = f"""SELECT a.id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ? AND {where} ORDER BY a.published DESC, a.id DESC LIMIT ?"""
    return [r[0] for r in conn.execute(sql, (expression, *params, LIMIT))]


def exact_bm25(conn, expression: str, filters: dict) -> list[int]:
    where, params = _where(filters)
    sql = f"""SELECT a.id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ? AND {where}
              ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}), a.id LIMIT ?"""
    return [r[0] for r in conn.execute(sql, (expression, *params, LIMIT))]


class Deadline:
    """Interrupts a statement that runs past QUERY_TIMEOUT (the time is then recorded as the timeout)."""

    def __init__(self, conn):
        self.conn, self.until = conn, 0.0
        conn.set_progress_handler(lambda: 1 if time.perf_counter() > self.until else 0, 10_000)

    def run(self, fn):
        """(wall seconds, CPU seconds of this thread, result); on timeout the result is None."""
        self.until = time.perf_counter() + QUERY_TIMEOUT
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            result = fn()
        except Exception as error:  # sqlite3.OperationalError: interrupted
            if "interrupt" not in str(error):
                raise
            return QUERY_TIMEOUT, QUERY_TIMEOUT, None
        return time.perf_counter() - started, time.thread_time() - cpu, result


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}" if seconds < QUERY_TIMEOUT else f"{'>' + str(int(QUERY_TIMEOUT)) + ' s':>8}"


def measure(path: Path, reps: int, verbose: bool, seed: int) -> None:
    store = Store(path, readonly=True)
    conn = store.conn
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"\narchive {path}: {total:,} articles, {path.stat().st_size / 1e9:.2f} GB; "
          f"{reps} timed runs per query after one warm-up (warm page cache)")
    try:
        floor = conn.execute("SELECT floor FROM articles_recent_floor").fetchone()[0]
        older = conn.execute("SELECT count(*) FROM articles WHERE id < ?", (floor,)).fetchone()[0]
        print(f"recent index (schema 5): the {total - older:,} articles with id >= {floor:,}\n")
    except Exception:
        print("no recent index (schema < 5): every search reads the whole archive's index\n")
    queries = []
    for klass, query in QUERIES:
        if query.startswith("NAME_"):
            term, docs = name_for_frequency(conn, seed, int(query[5:]))
            query = term
        queries.append((klass, query))
    counts = {q: conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (q,)).fetchone()[0]
              for _, q in queries}
    print("queries (articles matching, no filter):")
    for klass, q in queries:
        print(f"  {klass:7} {q:40} {counts[q]:>9,}")
    filters = filter_sets(conn)
    print("filter sets: " + "; ".join(f"{name} = {f or '-'}" for name, f in filters))
    deadline = Deadline(conn)

    times: dict[tuple, list[float]] = defaultdict(list)  # (impl, order, klass, filtered) -> seconds
    cpu: dict[tuple, list[float]] = defaultdict(list)  # the same, CPU time of this thread
    overlaps: dict[tuple, list[float]] = defaultdict(list)  # (filtered,) -> overlap@k of relevance vs exact
    newest_exact: list[bool] = []
    spans: dict[str, list[float]] = defaultdict(list)  # days between now and the oldest article of a rank window
    slow: list[tuple[float, str]] = []
    for fname, f in filters:
        filtered = "filtered" if f else "unfiltered"
        for klass, q in queries:
            for order in ("newest", "relevance"):
                raw = raw_newest if order == "newest" else raw_rank
                ours = []
                for rep in range(reps + 1):
                    t_store, c_store, result = deadline.run(lambda: store.search(q, order=order, limit=LIMIT, **f))
                    if rep == 0:  # the first run warms the page cache
                        hits = [h.id for h in result.hits] if result else None
                        windowed = bool(result and result.ranked_within)
                        continue
                    times[("store", order, klass, filtered)].append(t_store)
                    cpu[("store", order, klass, filtered)].append(c_store)
                    ours.append(t_store)
                t_raw, c_raw, _ = deadline.run(lambda: raw(conn, q, f))  # once: it is only the reference
                times[("raw", order, klass, filtered)].append(t_raw)
                cpu[("raw", order, klass, filtered)].append(c_raw)
                slow.append((statistics.median(ours), f"{order:9} {fname:15} {q}"))
                if hits is None:
                    continue
                if order == "newest":
                    _, _, exact = deadline.run(lambda: exact_newest(conn, q, f))
                    if exact is not None:
                        newest_exact.append(exact == hits)
                        if exact != hits and verbose:
                            print(f"  newest differs from exact: {fname} {q}")
                else:
                    _, _, exact = deadline.run(lambda: exact_bm25(conn, q, f))
                    if windowed:
                        days = window_days(conn, q, f)
                        if days is not None:
                            spans[filtered].append(days)
                    if exact:
                        overlap = len(set(exact) & set(hits)) / len(exact)
                        overlaps[(filtered,)].append(overlap)
                        overlaps[("all",)].append(overlap)
                        overlaps[(klass,)].append(overlap)
                        if verbose:
                            print(f"  overlap@{LIMIT} {overlap:4.2f}  {fname:15} {q}")
            if verbose:
                print(f"  done {fname:15} {q}", flush=True)

    load = os.getloadavg()[0]
    print(f"\nlatency in ms, p50 / p95 over (queries x filter sets x runs); load average {load:.1f} on "
          f"{os.cpu_count()} CPUs ('cpu' is this thread's CPU time, what an idle machine would show)")
    print("'raw' is the bare FTS5 MATCH query on the same file, no snippets (newest: ORDER BY rowid DESC,")
    print("which is storage order, not publication order; relevance: ORDER BY rank, default weights)\n")
    header = (f"{'order':9} {'filters':10} {'class':7} | {'store p50':>9} {'p95':>8} | {'cpu p50':>8} {'p95':>8} | "
              f"{'raw p50':>8} {'p95':>8}")
    print(header)
    print("-" * len(header))
    for order in ("newest", "relevance"):
        for filtered in ("unfiltered", "filtered"):
            for klass in ["all", *dict.fromkeys(k for k, _ in QUERIES)]:
                def pick(table, impl):
                    return [t for (i, o, k, fl), ts in table.items() for t in ts
                            if i == impl and o == order and fl == filtered and klass in ("all", k)]
                s, c, r = pick(times, "store"), pick(cpu, "store"), pick(times, "raw")
                line = (f"{order:9} {filtered:10} {klass:7} | {ms(pct(s, .5))} {ms(pct(s, .95))} | "
                        f"{ms(pct(c, .5))} {ms(pct(c, .95))} | {ms(pct(r, .5))} {ms(pct(r, .95))}")
                print(line if klass != "all" else line.upper())
            print()
    target = {"newest": 0.050, "relevance": 0.150}
    for order in ("newest", "relevance"):
        for filtered in ("unfiltered", "filtered"):
            s = [t for (i, o, k, fl), ts in times.items() for t in ts if i == "store" and o == order and fl == filtered]
            c = [t for (i, o, k, fl), ts in cpu.items() for t in ts if i == "store" and o == order and fl == filtered]
            verdict = "meets" if pct(s, .95) < target[order] else "MISSES"
            print(f"target {order:9} {filtered:10}: p95 {pct(s, .95) * 1000:7.1f} ms "
                  f"{verdict} < {target[order] * 1000:.0f} ms (CPU p95 {pct(c, .95) * 1000:.1f} ms)")
    print(f"\nnewest-first pages identical to the exact ORDER BY published: "
          f"{sum(newest_exact)}/{len(newest_exact)}")
    print(f"relevance: overlap of the top-{LIMIT} with the exact column-weighted BM25 top-{LIMIT} "
          f"(bm25 weights title {TITLE_WEIGHT:g}, text {TEXT_WEIGHT:g}, same filters):")
    for key in [("all",), ("unfiltered",), ("filtered",), *[(k,) for k in dict.fromkeys(k for k, _ in QUERIES)]]:
        values = overlaps.get(key)
        if values:
            print(f"  {key[0]:10} mean {statistics.mean(values):.2f}  min {min(values):.2f}  "
                  f"exact (1.00) in {sum(v == 1 for v in values)}/{len(values)}")
    for filtered, days in spans.items():
        print(f"  relevance windows ({filtered}, {len(days)} searches with more than GATHER_LIMIT matches): the "
              f"ranked newest matches reach back a median {statistics.median(days):.0f} days "
              f"(min {min(days):.0f}, max {max(days):.0f}) from the newest match")
    print("\nslowest store searches (median of runs):")
    for seconds, what in sorted(slow, reverse=True)[:8]:
        print(f"  {ms(seconds)} ms  {what}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the archive again even if it exists")
    parser.add_argument("--build-only", action="store_true")
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
    if not args.build_only:
        Store(args.db).close()  # migrates an archive built by an older monitor (measure opens it read-only)
        measure(args.db, args.reps, args.verbose, args.seed)


if __name__ == "__main__":
    main()
