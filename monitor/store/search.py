"""The SQL that full-text search needs (the index itself is monitor/search/, outside SQLite).

- The queue the index follows: triggers (schema migration 9) append the id of every new,
  revised or deleted article to `search_queue`, numbered by `seq`; the indexer reads what
  follows the position it last applied, and the applied part is pruned.
- The articles the index is built from, by id.
- What a page of results shows: the hits' rows and their text (for snippets), and the newest
  articles when there is no query.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from monitor.clock import day_after, day_start


@dataclass
class IndexedArticle:
    id: int
    title: str
    text: str
    source_id: str
    published: str


class SearchRows:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # --- what the index follows ------------------------------------------------------------

    def archive_id(self) -> str | None:
        """This archive's name for its index; None before schema migration 9 (read-only, old file)."""
        try:
            row = self.conn.execute("SELECT id FROM search_archive").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        return row[0] if row else None

    def queue_end(self) -> int:
        """The last change queued (0: none yet)."""
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM search_queue").fetchone()[0]

    def queue_start(self) -> int | None:
        """The oldest change still queued (older ones were applied and pruned); None when empty."""
        return self.conn.execute("SELECT min(seq) FROM search_queue").fetchone()[0]

    def changes(self, after: int, limit: int) -> list[tuple[int, int]]:
        """(seq, article id) of the changes queued after `after`, oldest first."""
        return self.conn.execute(
            "SELECT seq, article_id FROM search_queue WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit)
        ).fetchall()

    def forget_changes(self, before: int) -> int:
        """Prune the changes before `before` (applied). The last applied one stays, so that the
        queue's numbers keep growing (an empty table would start again at 1). Not within a
        transaction of the caller's: its commit is not ours to make (the next catch-up prunes)."""
        if self.conn.in_transaction:
            return 0
        with self.conn:
            return self.conn.execute("DELETE FROM search_queue WHERE seq < ?", (before,)).rowcount

    def articles(self, ids: list[int]) -> list[IndexedArticle]:
        """The articles with these ids that exist (a deleted one is simply absent)."""
        found: list[IndexedArticle] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += [IndexedArticle(*row) for row in self.conn.execute(
                f"SELECT id, title, text, source_id, published FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )]
        return found

    def articles_after(self, last_id: int, limit: int) -> list[IndexedArticle]:
        """The next `limit` articles by id after `last_id`: a full build reads the archive this way."""
        return [IndexedArticle(*row) for row in self.conn.execute(
            "SELECT id, title, text, source_id, published FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, limit),
        )]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    # --- what a page of results shows ------------------------------------------------------

    def hits(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        """id -> the row a result shows (title, url, source and its name, date, story, lead)."""
        if not ids:
            return {}
        return {row["id"]: row for row in self.conn.execute(
            f"""
            SELECT a.id, a.title, a.url, a.source_id, s.name AS source_name, a.published, a.story_id,
                   substr(a.text, 1, 240) AS lead
            FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(ids))})
            """,
            ids,
        )}

    def texts(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        return dict(self.conn.execute(
            f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall())

    def newest(self, sources: list[str] | None, since: date | None, until: date | None,
               limit: int, offset: int = 0) -> tuple[list[int], int]:
        """Without a query: the newest articles that pass the filters (the date index), and how many pass."""
        where, params = filters_sql(sources, since, until)
        ids = [row[0] for row in self.conn.execute(
            f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )]
        total = self.conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
        return ids, total


def filters_sql(sources: list[str] | None, since: date | None, until: date | None) -> tuple[str, list]:
    """The source and date filters as SQL on `articles a` (`until` includes its day)."""
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
