"""Full-text search over the archive: FTS5 with BM25, filters, highlighted snippets.

Two indexes answer a search. `articles_fts` covers the whole archive; `articles_recent_fts`
(schema migration 5) covers only the newest RECENT_ARTICLES (50,000) articles, kept by triggers.
Much of what FTS5 does costs in proportion to the index, not to the answer: BM25 first counts,
for each phrase, every article in the index that matches it (over 100 ms for "AI Act" in a
million articles), and a prefix query (`cyber*`) merges the index of every word it covers
(about 100 ms for `cyber*`), once per statement. On the recent index both cost a twentieth.
Reading the newest matches of a plain query (`ORDER BY rowid DESC LIMIT n`) is cheap on either.

Every search starts with the head: the GATHER_LIMIT + 1 newest matches in the recent index, one
statement; when it has fewer, the next newest come from the whole archive's index. Then:

- few matches (at most GATHER_LIMIT): all are known; filter them and sort them by date, or
  rank them all by BM25 (the whole archive's statistics, or the recent index's when every
  match is recent);
- many, newest first: walk the filtered articles by date (an index) until the page is full;
  the head says which of the newest match, one FTS query per batch settles older ones (on the
  recent index when they are in it). The page is exactly the newest matches, as before;
- many, by relevance: BM25 within a window of newest matches (`window_matches`): the head's
  matches that pass the filters when there are enough, else the filtered articles walked by
  date, up to RANK_WINDOW (2,000). A query is common when the recent index alone has more
  than COMMON_IN_RECENT (1,000) matches, 2% of it (then, over the whole archive, its statistics
  scan or prefix merge takes 20-250 ms). A common query's window stops at the recent index's
  edge once it has MIN_RECENT_WINDOW (100) matches, and only its recent matches are ranked,
  with the recent index's statistics; a window wholly in the past (a date range a year ago) keeps its
  OLD_RANK_WINDOW (200) newest matches, ranked in a scratch in-memory index of just them. A
  query that is not common is ranked over its whole window on the whole archive's index.

What this costs in ranking quality. Only newest matches are ranked, so for a query with more
than GATHER_LIMIT matches an older article never comes first, however relevant (as before this
plan). For common queries the window is also smaller when filters are narrow: what a source
filter leaves of the newest 50,000 articles (a few hundred to a thousand matches, where the
previous plan walked back a year for 2,000), or 200 matches for a date range in the past; and
BM25's document frequencies and average lengths come from the newest 50,000 articles (or from
the 200 ranked ones) instead of the whole archive. The statistics matter little: the order of
a one-phrase query's matches does not depend on document frequencies at all, and only a
several-term query weighs its terms by how rare each is in the sample. Queries with few
matches are ranked among all of them.

Measured on the benchmark archive (a million articles; benchmarks/search.py), as the share of
our top 20 that is also in the exact whole-archive BM25 top 20, mean over 90 searches: 0.22,
where the previous plan (the 2,000 newest matches, whole-archive statistics) had 0.40. Without
filters (0.17) and for the last 30 days (0.43) nothing changed; the loss is with a narrow
filter on a common query: one source (0.15 instead of 0.44), a source in the last year (0.22
instead of 0.76), a 3-month range a year ago (0.12 instead of 0.21). Rare queries: 1.00, as
before. In exchange, with filters, relevance p95 went from ~500 ms to under 100 ms.

Each statement opens one FTS index once: a `rowid IN (...)` or `rowid = ?` constraint makes FTS5
run the whole query again for every id, so ids are asked for as rowid ranges, with
`+rowid IN (...)` (the `+` keeps it from FTS5) sorting out the range's other matches. Snippets
are made for the page's hits only (a snippet depends on its article alone): for a prefix query
in a scratch index of those 20 articles (3 ms rather than a prefix merge), else on the smaller
index that holds them.

Facets (monitor/store/facets.py) count the window a search found (`SearchResults.matches`,
asked for with `window=`), so a search page looks for the matches once.
"""

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from monitor.clock import day_after, day_start

GATHER_LIMIT = 5000
RANK_WINDOW = 2000
MIN_RECENT_WINDOW = 100  # a relevance window ranks only its recent matches when it has this many
OLD_RANK_WINDOW = 200  # matches ranked in a scratch index when a window reaches past the recent index
HEAD_WINDOW = 500  # a window is the head's matches that pass the filters when there are this many
COMMON_IN_RECENT = 1000  # a query with more matches than this in the recent index is common
MAX_EXAMINED = 40_000  # filtered articles a window walk (relevance, facets) looks at, at most
WALK_BATCH = 64, 16384  # smallest and largest batch of dated ids that one FTS query checks
CLUSTER_GAP = 4096  # ids this close are checked by one rowid-range query
TITLE_WEIGHT, TEXT_WEIGHT = 8.0, 1.0
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # never in article text; rendered by the caller
FULL_INDEX, RECENT_INDEX = "articles_fts", "articles_recent_fts"
TOKENIZE = "porter unicode61 remove_diacritics 2"  # as the archive's indexes (monitor/store/schema.py)


class SearchError(ValueError):
    """A query that cannot be answered; the message says why in one line."""


@dataclass
class SearchHit:
    id: int
    title: str
    url: str
    source_id: str
    source_name: str | None
    published: str
    story_id: int | None
    snippet: str
    score: float | None = None


@dataclass
class Matches:
    """Matches of a query that pass the filters, newest first (by publication date; a window
    taken from the head: as archived, which is about the same).

    complete: `ids` is every such match (then counts over it are exact); otherwise it is a
    window of the newest ones (see `window_matches`)."""

    ids: list[int]
    complete: bool


@dataclass
class SearchResults:
    query: str  # the FTS5 expression that ran
    order: str
    hits: list[SearchHit]
    total: int  # matches after filters; a lower bound when total_is_estimate
    total_is_estimate: bool = False
    note: str | None = None  # how the query was read when it was not valid FTS5 syntax
    ranked_within: int | None = None  # relevance was ranked among this many newest matches
    filters: dict = field(default_factory=dict)
    matches: Matches | None = field(default=None, repr=False)  # the window asked for with `window=`


def search_articles(
    conn: sqlite3.Connection,
    query: str,
    *,
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    window: int | None = None,
) -> SearchResults:
    """One page of results. `window`: also return (as `.matches`) the newest `window` matches
    that pass the filters, all of them when there are few: what facets count."""
    if order not in ("relevance", "newest"):
        raise SearchError(f"unknown order {order!r}: use relevance or newest")
    where, params = _filters(sources, since, until)
    filters = {"sources": sources or [], "since": since, "until": until}
    if not query.strip():
        return _latest(conn, where, params, limit, offset, filters)
    expression, note = fts_expression(query)
    index = _Indexes(conn)
    head = _Head(conn, expression, index)
    matches = None
    if head.complete:
        rows = _filtered(conn, head.ids, where, params)
        matches = Matches([row[0] for row in rows], True)
        total, estimate, ranked = len(rows), False, None
        if order == "relevance":
            ids_scores = _rank_within(conn, index, expression, matches.ids, limit, offset)
        else:
            ids_scores = [(i, None) for i in matches.ids[offset:offset + limit]]
    elif order == "newest":
        found, complete = _walk_newest(conn, index, expression, where, params, offset + limit, head)
        ids_scores = [(i, None) for i in found[offset:]]
        total, estimate = _walked_total(params, found, complete)
        ranked = None
        if window:
            matches = window_matches(conn, expression, where, params, window, index=index, head=head)
    else:
        matches = window_matches(conn, expression, where, params, max(window or 0, RANK_WINDOW),
                                 index=index, head=head)
        ranked_ids = matches.ids[:RANK_WINDOW]
        if head.common:
            ranked_ids = _relevance_window(index, ranked_ids)
        if head.common and ranked_ids and min(ranked_ids) < index.floor:  # see the module's docstring
            ranked_ids = ranked_ids[:OLD_RANK_WINDOW]
            ids_scores = _rank_in_scratch(conn, expression, ranked_ids, limit, offset)
        else:
            ids_scores = _rank_within(conn, index, expression, ranked_ids, limit, offset)
        total, estimate = _walked_total(params, matches.ids, matches.complete)
        ranked = len(ranked_ids)
    hits = _hydrate(conn, expression, ids_scores, index)
    return SearchResults(expression, order, hits, total, estimate, note, ranked, filters,
                         matches if window else None)


def window_matches(conn, expression: str, where: str, params: list, want: int, *,
                   index: "_Indexes | None" = None, head: "_Head | None" = None) -> Matches:
    """The newest `want` matches that pass the filters (all of them, `complete`, when the query
    has at most GATHER_LIMIT matches): what relevance ranks and facets count.

    Bounded, unlike the newest-first walk. The head's matches (the GATHER_LIMIT newest as
    archived) that pass the filters are the window when there are `want` of them, or at least
    HEAD_WINDOW: newest as archived, no walk (unless the filters end at a date). Otherwise the
    filtered articles are walked by date, MAX_EXAMINED at most, and once MIN_RECENT_WINDOW
    matches are found the walk stops where the recent index ends rather than query the whole
    archive's index (a prefix merge there costs ~100 ms per statement)."""
    index = index or _Indexes(conn)
    head = head or _Head(conn, expression, index)
    if head.complete:
        return Matches([row[0] for row in _filtered(conn, head.ids, where, params)], True)
    # An end date (a range in the past) would keep few of the head's matches: walk by date at once.
    if _END_DATE not in where:
        passing = head.ids if where == "1" else _passing(conn, head.ids, where, params)
        if len(passing) >= min(want, HEAD_WINDOW):
            return Matches(passing[:want], False)
    found, complete = _walk_newest(conn, index, expression, where, params, want, head, bounded=True)
    return Matches(found, complete)


def fts_expression(query: str) -> tuple[str, str | None]:
    """The user's query as a valid FTS5 expression, and a note when it had to be reread.

    Valid FTS5 (phrases, AND/OR/NOT, prefix*, NEAR, title:) runs as typed. Anything else
    (an unbalanced quote or parenthesis, a stray operator, `AI-Act`) is read as plain
    words and phrases that must all appear, and the note says so.
    """
    query = query.strip()
    error = _fts_syntax_error(query)
    if error is None:
        return query, None
    expression = _as_plain_terms(query)
    if not expression:
        raise SearchError(f"nothing to search for in {query!r}: it has no words")
    return expression, f"{_plain_reason(error, query)}, so searched for all of: {expression}"


_SYNTAX_CHECK = sqlite3.connect(":memory:", check_same_thread=False)
_SYNTAX_CHECK.execute("CREATE VIRTUAL TABLE q USING fts5(title, text)")


def _plain_reason(error: str, query: str) -> str:
    if error == "unterminated string":
        return "the query has an unbalanced quote"
    column = error.removeprefix("no such column: ")
    if column != error and f"{column}:" in query:
        return f"'{column}:' is not a field (fields: title, text)"
    near = re.search(r'near "(.+)"', error)
    return f"the query is not valid search syntax{f' near {near.group(1)!r}' if near else ''}"


def _fts_syntax_error(expression: str) -> str | None:
    try:
        _SYNTAX_CHECK.execute("SELECT 1 FROM q WHERE q MATCH ?", (expression,)).fetchall()
    except sqlite3.OperationalError as error:
        return str(error).removeprefix("fts5: ")
    return None


_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|(\w[\w.\'’-]*\*?)')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def _as_plain_terms(query: str) -> str:
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(query):
        if phrase.strip():
            terms.append('"' + phrase.strip().replace('"', "") + '"')
        elif word and word.upper() not in _OPERATORS:
            prefix = word.endswith("*")
            terms.append('"' + word.rstrip("*") + '"' + ("*" if prefix else ""))
    return " ".join(terms)


_END_DATE = "a.published < ?"


def _filters(sources: list[str] | None, since: date | None, until: date | None) -> tuple[str, list]:
    clauses, params = [], []
    if sources:
        clauses.append(f"a.source_id IN ({','.join('?' * len(sources))})")
        params.extend(sources)
    if since:
        clauses.append("a.published >= ?")
        params.append(day_start(since))
    if until:
        clauses.append(_END_DATE)
        params.append(day_after(until))
    return " AND ".join(clauses) or "1", params


class _Indexes:
    """The two FTS indexes: the recent one holds exactly the articles with ids >= `floor`.

    An archive opened read-only before migration 5 has only the whole archive's index, which
    then plays both parts (every id counts as recent)."""

    def __init__(self, conn: sqlite3.Connection):
        try:
            self.floor = conn.execute("SELECT floor FROM articles_recent_floor").fetchone()[0]
            self.recent = RECENT_INDEX
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise
            self.floor, self.recent = float("-inf"), FULL_INDEX
        self.has_older = self.recent != FULL_INDEX and self.floor > 1

    def for_ids(self, ids: list[int]) -> str:
        """The smaller index that holds all these articles."""
        return self.recent if min(ids) >= self.floor else FULL_INDEX


class _Head:
    """What the plan needs to know first: whether there are more than GATHER_LIMIT matches (if
    not, `ids` are all of them: `complete`), and which matches have ids >= `floor` (`known`).

    The GATHER_LIMIT + 1 newest matches of the recent index, in one statement; when it has fewer,
    the next newest come from the whole archive's index, in one more. Articles are stored
    roughly as they are published, so these are about the newest matches, and the walk by date
    rarely needs another FTS query.
    """

    def __init__(self, conn: sqlite3.Connection, expression: str, index: _Indexes):
        self.ids = _newest_ids(conn, index.recent, expression, GATHER_LIMIT + 1)
        # Many matches among the newest articles alone: a common query, whose BM25 statistics
        # or prefix merges over the whole archive would be slow.
        self.common = len(self.ids) > COMMON_IN_RECENT
        if len(self.ids) <= GATHER_LIMIT and index.has_older:
            self.ids += _newest_ids(conn, FULL_INDEX, expression, GATHER_LIMIT + 1 - len(self.ids), below=index.floor)
        self.complete = len(self.ids) <= GATHER_LIMIT
        self.floor = self.ids[-1] if not self.complete else 0
        self.known = set(self.ids) if not self.complete else set()


def _newest_ids(conn, table: str, expression: str, limit: int, below: int | None = None) -> list[int]:
    bound = "AND rowid < ?" if below is not None else ""
    return [row[0] for row in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? {bound} ORDER BY rowid DESC LIMIT ?",
        (expression, *([below] if below is not None else []), limit),
    )]


def _filtered(conn, ids: list[int], where: str, params: list) -> list[tuple[int, str]]:
    """Those of `ids` that pass the filters, as (id, published), newest first."""
    rows = conn.execute(
        f"SELECT a.id, a.published FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) AND {where}",
        (_json_ids(ids), *params),
    ).fetchall()
    return sorted(((row[0], row[1]) for row in rows), key=lambda row: (row[1], row[0]), reverse=True)


def _passing(conn, ids: list[int], where: str, params: list) -> list[int]:
    """Those of `ids` that pass the filters, newest as archived first."""
    return [row[0] for row in conn.execute(
        f"SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) AND {where} ORDER BY a.id DESC",
        (_json_ids(ids), *params),
    )]


def _walk_newest(conn, index: _Indexes, expression, where, params, want, head: _Head,
                 bounded: bool = False) -> tuple[list[int], bool]:
    """The first `want` matches in date order (newest first) that pass the filters, and whether
    that is all of them (the filtered articles ran out first).

    Dated ids come in batches from the date index; the head says which of them match, and one
    FTS query per batch settles the older ones (on the recent index when they are in it).
    Batches grow with the share of misses, so a common term costs one small batch. `bounded`
    (a window, not a page): stop after MAX_EXAMINED filtered articles, and, for a common query
    (`head.common`), once MIN_RECENT_WINDOW matches are found, at the first batch that needs
    the whole archive's index.
    """
    dated = conn.execute(f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC", params)
    smallest, largest = WALK_BATCH
    found: list[int] = []
    examined = 0
    size = min(max(smallest, 2 * want), largest)
    while True:
        batch = [row[0] for row in dated.fetchmany(size)]
        if bounded:
            batch = batch[:MAX_EXAMINED - examined]
            examined += len(batch)
        if not batch:
            return found, not bounded or examined < MAX_EXAMINED
        older = [article_id for article_id in batch if article_id < head.floor]
        recent = [article_id for article_id in older if article_id >= index.floor]
        oldest = [article_id for article_id in older if article_id < index.floor]
        matched = _matching(conn, index.recent, expression, recent) if recent else set()
        newer_hits = sum(1 for article_id in batch if article_id in matched or article_id in head.known)
        stop = bounded and head.common and bool(oldest) and len(found) + newer_hits >= MIN_RECENT_WINDOW
        if oldest and not stop:
            matched |= _matching(conn, FULL_INDEX, expression, oldest)
        hits = 0
        for article_id in batch:
            if article_id in matched or article_id in head.known:
                hits += 1
                found.append(article_id)
                if len(found) == want:
                    return found, False
        if stop or (bounded and examined >= MAX_EXAMINED):
            return found, False
        share = hits / len(batch)  # guides the next batch's size
        size = min(largest, max(smallest, int(1.5 * (want - len(found)) / max(share, 1 / largest))))


def _matching(conn, table: str, expression: str, ids: list[int]) -> set[int]:
    """Which of `ids` match the expression (all of them are in `table`)."""
    matched: set[int] = set()
    for cluster in _clusters(expression, ids):
        matched.update(row[0] for row in conn.execute(
            f"""
            SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?
                AND +rowid IN (SELECT value FROM json_each(?))
            """,
            (expression, cluster[0], cluster[-1], _json_ids(cluster)),
        ))
    return matched


def _clusters(expression: str, ids: list[int]) -> list[list[int]]:
    """`ids` sorted and split where they are far apart, for one rowid-range FTS query each;
    never split for a prefix query, whose every FTS query merges the index of each word it covers."""
    gap = float("inf") if "*" in expression else CLUSTER_GAP
    clusters: list[list[int]] = []
    for article_id in sorted(ids):
        if clusters and article_id - clusters[-1][-1] <= gap:
            clusters[-1].append(article_id)
        else:
            clusters.append([article_id])
    return clusters


def _walked_total(params: list, found: list[int], complete: bool) -> tuple[int, bool]:
    """Matches after filters as far as a walk knows: exact when it saw them all; otherwise a lower
    bound (more than GATHER_LIMIT match the query; with filters, only what the walk found)."""
    if complete:
        return len(found), False
    return max(len(found), 0 if params else GATHER_LIMIT), True


def _relevance_window(index: _Indexes, ids: list[int]) -> list[int]:
    """What relevance ranks of a window of newest matches: its matches in the recent index when
    there are MIN_RECENT_WINDOW of them (BM25 statistics from the recent index: cheap), else all."""
    recent = [article_id for article_id in ids if article_id >= index.floor]
    return recent if len(recent) >= MIN_RECENT_WINDOW else ids


def _rank_within(conn, index: _Indexes, expression, ids: list[int], limit: int,
                 offset: int) -> list[tuple[int, float]]:
    """BM25 ranking of these matching ids, in one pass over the range they span, on the smaller
    index that holds them all: BM25's statistics are computed once per FTS query, over that index."""
    if not ids:
        return []
    table = index.for_ids(ids)
    rows = conn.execute(
        f"""
        SELECT rowid, bm25({table}, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score FROM {table}
        WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))
        ORDER BY score, rowid LIMIT ? OFFSET ?
        """,
        (expression, min(ids), max(ids), _json_ids(ids), limit, offset),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def _rank_in_scratch(conn, expression, ids: list[int], limit: int, offset: int) -> list[tuple[int, float]]:
    """BM25 ranking of these matching ids in a scratch index of just them: no statistics scan of
    the whole archive's index, but the statistics are those of these articles alone."""
    if not ids:
        return []
    with _Scratch(conn, ids) as scratch:
        return scratch.execute(
            f"SELECT rowid, bm25(w, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score FROM w WHERE w MATCH ? "
            "ORDER BY score, rowid LIMIT ? OFFSET ?",
            (expression, limit, offset),
        ).fetchall()


class _Scratch:
    """An in-memory FTS5 index of a few articles, tokenised as the archive's: 20 articles take
    about 3 ms, 300 about 30 ms. What FTS5 computes per article (snippets; BM25 but for its
    statistics) comes out the same as from the archive's indexes."""

    def __init__(self, conn, ids: list[int]):
        self.rows = conn.execute(
            "SELECT id, title, text FROM articles WHERE id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)
        ).fetchall()

    def __enter__(self) -> sqlite3.Connection:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(f"CREATE VIRTUAL TABLE w USING fts5(title, text, tokenize='{TOKENIZE}')")
        self.conn.executemany("INSERT INTO w(rowid, title, text) VALUES (?, ?, ?)", [tuple(row) for row in self.rows])
        return self.conn

    def __exit__(self, *exc) -> None:
        self.conn.close()


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _latest(conn, where, params, limit, offset, filters) -> SearchResults:
    rows = conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    hits = _hydrate(conn, None, [(row[0], None) for row in rows])
    return SearchResults("", "newest", hits, total, filters=filters)


def _hydrate(conn, expression: str | None, ids_scores: list[tuple[int, float | None]],
             index: _Indexes | None = None) -> list[SearchHit]:
    """Fetch the page of hits in the given order, with a highlighted snippet for each."""
    if not ids_scores:
        return []
    ids = [article_id for article_id, _ in ids_scores]
    marks = ",".join("?" * len(ids))
    rows = {
        row["id"]: row
        for row in conn.execute(
            f"""
            SELECT a.id, a.title, a.url, a.source_id, s.name AS source_name, a.published, a.story_id,
                   substr(a.text, 1, 240) AS lead
            FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({marks})
            """,
            ids,
        )
    }
    snippets = _snippets(conn, index or _Indexes(conn), expression, list(rows)) if expression else {}
    return [
        SearchHit(
            id=article_id,
            title=rows[article_id]["title"],
            url=rows[article_id]["url"],
            source_id=rows[article_id]["source_id"],
            source_name=rows[article_id]["source_name"],
            published=rows[article_id]["published"],
            story_id=rows[article_id]["story_id"],
            snippet=snippets.get(article_id) or rows[article_id]["lead"],
            score=None if score is None else round(-score, 3),
        )
        for article_id, score in ids_scores
        if article_id in rows
    ]


def _snippets(conn, index: _Indexes, expression: str, ids: list[int]) -> dict[int, str]:
    """Highlighted snippets of the page's hits: from a scratch index of them for a prefix query
    (a snippet depends on its article only; this spares a prefix merge in a large index), else
    from the recent index for the recent ones and the whole archive's for the others."""
    if "*" in expression:
        with _Scratch(conn, ids) as scratch:
            return dict(scratch.execute(
                f"SELECT rowid, snippet(w, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 24) FROM w "
                "WHERE w MATCH ?",
                (expression,),
            ).fetchall())
    snippets: dict[int, str] = {}
    recent = [article_id for article_id in ids if article_id >= index.floor]
    older = [article_id for article_id in ids if article_id < index.floor]
    for table, group in ((index.recent, recent), (FULL_INDEX, older)):
        for cluster in _clusters(expression, group):
            snippets.update(conn.execute(
                f"""
                SELECT rowid, snippet({table}, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 24)
                FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?
                    AND +rowid IN (SELECT value FROM json_each(?))
                """,
                (expression, cluster[0], cluster[-1], _json_ids(cluster)),
            ).fetchall())
    return snippets


def highlight(snippet: str, start: str, end: str) -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)
