"""Full-text search over the archive: FTS5 with BM25, filters, highlighted snippets.

Two costs shape the SQL here. BM25 ranking scores every match, so a common term over a
large archive cannot be ranked in full within interactive time; and SQLite cannot sort a
huge match set by date cheaply either. So the plan depends on how many articles match:

- few matches (up to GATHER_LIMIT): gather them all from the FTS index, then filter and
  sort them, by exact BM25 or by date;
- many matches, newest first: walk the articles by date (an index) and probe the FTS index
  for each one until the page is full; a common term fills the page after a few probes;
- many matches, by relevance: rank by BM25 within the RANK_WINDOW newest matches. Ranking
  is exact for queries with fewer matches than that; for common terms, an older article
  outside the window cannot appear, which is the price of answering in time.
"""

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from monitor.clock import day_after, day_start

GATHER_LIMIT = 5000
RANK_WINDOW = 2000
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
    matches = _count_matches(conn, expression, GATHER_LIMIT + 1)
    if matches <= GATHER_LIMIT:
        ids_scores, total = _gather(conn, expression, where, params, order, limit, offset)
        estimate, window = False, None
    elif order == "newest":
        ids_scores = [(i, None) for i in _walk_newest(conn, expression, where, params, limit, offset)]
        total, estimate, window = max(matches - 1, offset + len(ids_scores)), True, None
    else:
        window_ids = _walk_newest(conn, expression, where, params, RANK_WINDOW, 0)
        ids_scores = _rank_within(conn, expression, window_ids, limit, offset)
        total, estimate, window = len(window_ids), len(window_ids) == RANK_WINDOW, RANK_WINDOW
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


def _count_matches(conn: sqlite3.Connection, expression: str, cap: int) -> int:
    return conn.execute(
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
        (expression, cap),
    ).fetchone()[0]


def _gather(conn, expression, where, params, order, limit, offset) -> tuple[list[tuple[int, float | None]], int]:
    score = f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT})"
    sort = "score" if order == "relevance" else "a.published DESC, a.id DESC"
    rows = conn.execute(
        f"""
        SELECT a.id, {score} AS score
        FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ? AND {where}
        ORDER BY {sort} LIMIT ? OFFSET ?
        """,
        (expression, *params, limit, offset),
    ).fetchall()
    total = _filtered_count(conn, expression, where, params) if rows or offset else 0
    return [(row["id"], row["score"] if order == "relevance" else None) for row in rows], total


def _filtered_count(conn, expression, where, params) -> int:
    return conn.execute(
        f"""
        SELECT count(*) FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ? AND {where}
        """,
        (expression, *params),
    ).fetchone()[0]


def _walk_newest(conn, expression, where, params, limit, offset) -> list[int]:
    rows = conn.execute(
        f"""
        SELECT a.id FROM articles a
        WHERE {where} AND EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = a.id)
        ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?
        """,
        (*params, expression, limit, offset),
    ).fetchall()
    return [row[0] for row in rows]


def _rank_within(conn, expression, ids: list[int], limit: int, offset: int) -> list[tuple[int, float]]:
    if not ids:
        return []
    rows = conn.execute(
        f"""
        SELECT rowid, bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score FROM articles_fts
        WHERE articles_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))
        ORDER BY score LIMIT ? OFFSET ?
        """,
        (expression, "[" + ",".join(map(str, ids)) + "]", limit, offset),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


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
    rows = conn.execute(
        f"""
        SELECT rowid, snippet(articles_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 24)
        FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))
        """,
        (expression, "[" + ",".join(map(str, ids)) + "]"),
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def highlight(snippet: str, start: str, end: str) -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)
