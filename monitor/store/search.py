"""Full-text search over the archive: FTS5 with BM25, filters, highlighted snippets.

Two costs shape the SQL here. BM25 ranking scores every match, so a common term over a
large archive cannot be ranked in full within interactive time; and SQLite cannot sort a
huge match set by date cheaply either. So the plan depends on how many articles match.
Every search first reads the head: the GATHER_LIMIT + 1 matches with the highest ids, in
one pass over the FTS index (storage order, which is roughly publication order).

- few matches (the head holds them all, up to GATHER_LIMIT): filter them and sort them, by
  exact BM25 or by date;
- many matches, newest first: walk the articles by date (an index) in batches until the
  page is full; the head says which of the newest ids match, one FTS query per batch settles
  older ones; a common term fills the page with the first batch;
- many matches, by relevance: rank by BM25 within the RANK_WINDOW newest matches. Ranking
  is exact for queries with fewer matches than that; for common terms, an older article
  outside the window cannot appear, which is the price of answering in time.

One rule keeps every plan fast: each statement opens the FTS index once. A `rowid IN (...)`
or `rowid = ?` constraint makes FTS5 run the whole query again for every id, and each run
re-reads whatever the query needs as a whole: BM25's statistics (the number of articles
matching each phrase, a scan of its full index) and the merged index of a prefix query
(`regul*`: all the words it covers; 50-150 ms for a common prefix at a million articles).
So ids are asked for as rowid ranges, with `+rowid IN (...)` (the `+` keeps it from FTS5)
sorting out the range's other matches.

What remains: BM25 still costs one statistics scan per search (over 100 ms for a phrase as
common as "AI Act" in a million articles), and a prefix query one index merge per statement
(head, snippets, and ranking or older batches).
"""

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from monitor.clock import day_after, day_start

GATHER_LIMIT = 5000
RANK_WINDOW = 2000
WALK_BATCH = 64, 16384  # smallest and largest batch of dated ids that one FTS query checks
CLUSTER_GAP = 4096  # ids this close are checked by one rowid-range query
TITLE_WEIGHT, TEXT_WEIGHT = 8.0, 1.0
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # never in article text; rendered by the caller


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
class SearchResults:
    query: str  # the FTS5 expression that ran
    order: str
    hits: list[SearchHit]
    total: int  # matches after filters; a lower bound when total_is_estimate
    total_is_estimate: bool = False
    note: str | None = None  # how the query was read when it was not valid FTS5 syntax
    ranked_within: int | None = None  # relevance was ranked among this many newest matches
    filters: dict = field(default_factory=dict)


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
) -> SearchResults:
    if order not in ("relevance", "newest"):
        raise SearchError(f"unknown order {order!r}: use relevance or newest")
    where, params = _filters(sources, since, until)
    filters = {"sources": sources or [], "since": since, "until": until}
    if not query.strip():
        return _latest(conn, where, params, limit, offset, filters)
    expression, note = fts_expression(query)
    head = _Head(conn, expression)
    if head.complete:
        ids_scores, total = _gather(conn, expression, head.ids, where, params, order, limit, offset)
        estimate, window = False, None
    elif order == "newest":
        found, complete = _walk_newest(conn, expression, where, params, offset + limit, head)
        ids_scores = [(i, None) for i in found[offset:]]
        total, estimate = _walked_total(params, found, complete)
        window = None
    else:
        window_ids, complete = _walk_newest(conn, expression, where, params, RANK_WINDOW, head)
        ids_scores = _rank_within(conn, expression, window_ids, limit, offset)
        total, estimate = _walked_total(params, window_ids, complete)
        window = RANK_WINDOW
    hits = _hydrate(conn, expression, ids_scores)
    return SearchResults(expression, order, hits, total, estimate, note, window, filters)


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


def _filters(sources: list[str] | None, since: date | None, until: date | None) -> tuple[str, list]:
    clauses, params = [], []
    if sources:
        clauses.append(f"a.source_id IN ({','.join('?' * len(sources))})")
        params.extend(sources)
    if since:
        clauses.append("a.published >= ?")
        params.append(day_start(since))
    if until:
        clauses.append("a.published < ?")
        params.append(day_after(until))
    return " AND ".join(clauses) or "1", params


class _Head:
    """What the plan needs to know first: whether there are more than GATHER_LIMIT matches (if
    not, `ids` are all of them: `complete`), and which matches have ids >= `floor` (`known`).

    A prefix query reads the GATHER_LIMIT + 1 matches with the highest ids in one pass: each
    FTS query merges the index of every word the prefix covers, so one pass should answer as
    much as it can. Articles are stored roughly as they are published, so these are about the
    newest matches, and the walk by date rarely needs another FTS query. Other queries count
    their matches in SQLite instead (ten times cheaper than reading them out) and ask the FTS
    index about dated batches.
    """

    def __init__(self, conn: sqlite3.Connection, expression: str):
        self.ids: list[int] = []
        self.floor = 0
        if "*" in expression:
            rows = conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                (expression, GATHER_LIMIT + 1),
            ).fetchall()
            self.ids = [row[0] for row in rows]
            self.complete = len(self.ids) <= GATHER_LIMIT
            self.floor = self.ids[-1] if self.ids and not self.complete else 0
        else:
            matches = conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                (expression, GATHER_LIMIT + 1),
            ).fetchone()[0]
            self.complete = matches <= GATHER_LIMIT
            if self.complete and matches:
                self.ids = [row[0] for row in conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (expression,))]
            else:
                self.floor = float("inf")  # nothing known: every dated id is asked about
        self.known = set(self.ids) if not self.complete else set()


def _gather(conn, expression, ids, where, params, order, limit, offset) -> tuple[list[tuple[int, float | None]], int]:
    """All the matches are known (at most GATHER_LIMIT): filter them, then sort by date or by BM25."""
    rows = conn.execute(
        f"SELECT a.id, a.published FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) AND {where}",
        (_json_ids(ids), *params),
    ).fetchall()
    if order == "relevance":
        return _rank_within(conn, expression, [row[0] for row in rows], limit, offset), len(rows)
    rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    return [(row[0], None) for row in rows[offset:offset + limit]], len(rows)


def _walk_newest(conn, expression, where, params, want, head: _Head) -> tuple[list[int], bool]:
    """The first `want` matches in date order (newest first) that pass the filters, and whether
    that is all of them (the filtered articles ran out first).

    Dated ids come in batches from the date index; the head says which of them match, and one
    FTS query per batch settles the older ones. Batches grow with the share of misses, so a
    common term costs one small batch.
    """
    dated = conn.execute(f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC", params)
    smallest, largest = WALK_BATCH
    found: list[int] = []
    size = min(max(smallest, 2 * want), largest)
    while True:
        batch = [row[0] for row in dated.fetchmany(size)]
        if not batch:
            return found, True
        older = [article_id for article_id in batch if article_id < head.floor]
        matched = _matching(conn, expression, older) if older else set()
        hits = 0
        for article_id in batch:
            if article_id in matched or article_id in head.known:
                hits += 1
                found.append(article_id)
                if len(found) == want:
                    return found, False
        share = hits / len(batch)  # guides the next batch's size
        size = min(largest, max(smallest, int(1.5 * (want - len(found)) / max(share, 1 / largest))))


def _matching(conn, expression: str, ids: list[int]) -> set[int]:
    """Which of `ids` match the expression."""
    matched: set[int] = set()
    for cluster in _clusters(expression, ids):
        matched.update(row[0] for row in conn.execute(
            """
            SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?
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


def _rank_within(conn, expression, ids: list[int], limit: int, offset: int) -> list[tuple[int, float]]:
    """BM25 ranking of these matching ids, in one pass over the range they span: BM25's
    statistics are computed once per FTS query."""
    if not ids:
        return []
    rows = conn.execute(
        f"""
        SELECT rowid, bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score FROM articles_fts
        WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))
        ORDER BY score, rowid LIMIT ? OFFSET ?
        """,
        (expression, min(ids), max(ids), _json_ids(ids), limit, offset),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


def _latest(conn, where, params, limit, offset, filters) -> SearchResults:
    rows = conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    hits = _hydrate(conn, None, [(row[0], None) for row in rows])
    return SearchResults("", "newest", hits, total, filters=filters)


def _hydrate(conn, expression: str | None, ids_scores: list[tuple[int, float | None]]) -> list[SearchHit]:
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
    snippets = _snippets(conn, expression, ids) if expression else {}
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


def _snippets(conn, expression: str, ids: list[int]) -> dict[int, str]:
    snippets: dict[int, str] = {}
    for cluster in _clusters(expression, ids):
        snippets.update(conn.execute(
            f"""
            SELECT rowid, snippet(articles_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 24)
            FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?
                AND +rowid IN (SELECT value FROM json_each(?))
            """,
            (expression, cluster[0], cluster[-1], _json_ids(cluster)),
        ).fetchall())
    return snippets


def highlight(snippet: str, start: str, end: str) -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)
