"""SQL for the archive's articles: one row per canonical URL (or per source guid)."""

import json
import sqlite3
from datetime import datetime

from monitor.clock import iso
from monitor.records import ArticleRecord, KnownArticle
from monitor.store.table import Table, json_list

# After this many failed page fetches an article keeps its feed text for good.
MAX_FULL_TEXT_ATTEMPTS = 3


class Articles(Table):
    def find_many(self, source_id: str, identities: list[tuple[str, str | None]]) -> list[KnownArticle | None]:
        """The stored article of each (canonical URL, guid) pair, in the same order: the one with
        that URL, else the one with that guid in this source, else None."""
        urls = [url for url, _ in identities]
        guids = [guid for _, guid in identities if guid]
        columns = "id, source_id, content_hash, revision, story_id, full_text_status, url, guid"
        rows = self.conn.execute(
            f"""
            SELECT {columns} FROM articles WHERE url IN ({",".join("?" * len(urls))})
            UNION ALL
            SELECT {columns} FROM articles WHERE source_id = ? AND guid IN ({",".join("?" * len(guids))})
            """,
            (*urls, source_id, *guids),
        ).fetchall()
        by_url = {row["url"]: row for row in rows}
        by_guid = {row["guid"]: row for row in rows if row["source_id"] == source_id}
        matches = [by_url.get(url) or (by_guid.get(guid) if guid else None) for url, guid in identities]
        return [KnownArticle(*row[:6]) if row else None for row in matches]

    def known_urls(self, urls: list[str]) -> set[str]:
        rows = self.conn.execute("SELECT url FROM articles WHERE url IN (SELECT value FROM json_each(?))",
                                 (json_list(urls),))
        return {row[0] for row in rows}

    def insert(self, article: ArticleRecord) -> int:
        cursor = self.conn.execute(
            """
            INSERT INTO articles (source_id, url, link, guid, title, summary, text, text_source, authors, tags,
                published, published_estimated, first_seen, updated_at, content_hash, full_text_status,
                full_text_attempts, full_text_error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                article.source_id, article.url, article.link, article.guid, article.title, _summary(article),
                article.text, article.text_source, json.dumps(article.authors), json.dumps(article.tags),
                iso(article.published), int(article.published_estimated), iso(article.seen_at),
                iso(article.seen_at), article.content_hash, article.full_text_status,
                int(article.full_text_error is not None), article.full_text_error,  # a page left for later: no attempt yet
            ),
        )
        return cursor.lastrowid

    def revise(self, article_id: int, article: ArticleRecord) -> None:
        """The publisher changed the article: update it in place and count the revision.

        Page text already fetched is kept when the feed still carries only a summary; page text
        fetched this time is saved as the article's full text.
        """
        self.conn.execute(
            """
            UPDATE articles SET
                title = ?, summary = ?,
                text = CASE WHEN text_source = 'page' AND ? = 'feed' THEN text ELSE ? END,
                text_source = CASE WHEN text_source = 'page' AND ? = 'feed' THEN text_source ELSE ? END,
                authors = ?, tags = ?,
                published = CASE WHEN ? THEN published ELSE ? END,
                published_estimated = published_estimated AND ?,
                updated_at = ?, content_hash = ?, revision = revision + 1
            WHERE id = ?
            """,
            (
                article.title, _summary(article), article.text_source, article.text, article.text_source,
                article.text_source, json.dumps(article.authors), json.dumps(article.tags),
                int(article.published_estimated), iso(article.published), int(article.published_estimated),
                iso(article.seen_at), article.content_hash, article_id,
            ),
        )
        if article.full_text_status == "done" and article.text_source == "page":
            self.save_full_text(article_id, article.text, article.seen_at)

    def pending_full_text(self, source_id: str, limit: int) -> list[dict]:
        rows = self.conn.execute(
            """
            SELECT id, url, link, title FROM articles
            WHERE source_id = ? AND full_text_status = 'pending' ORDER BY id LIMIT ?
            """,
            (source_id, limit),
        ).fetchall()
        return [dict(row) for row in rows]

    def save_full_text(self, article_id: int, text: str, seen_at: datetime) -> None:
        self.conn.execute(
            """
            UPDATE articles SET text = ?, text_source = 'page', full_text_status = 'done',
                full_text_error = NULL, updated_at = ?
            WHERE id = ?
            """,
            (text, iso(seen_at), article_id),
        )

    def full_text_failed(self, article_id: int, error: str) -> None:
        self.conn.execute(
            """
            UPDATE articles SET full_text_attempts = full_text_attempts + 1, full_text_error = ?,
                full_text_status = CASE WHEN full_text_attempts + 1 >= ? THEN 'failed' ELSE 'pending' END
            WHERE id = ?
            """,
            (error, MAX_FULL_TEXT_ATTEMPTS, article_id),
        )

    def get(self, article_id: int) -> dict | None:
        row = self.conn.execute(
            """
            SELECT a.*, s.name AS source_name FROM articles a LEFT JOIN sources s ON s.id = a.source_id
            WHERE a.id = ?
            """,
            (article_id,),
        ).fetchone()
        return _article(row) if row else None

    def in_story(self, story_id: int) -> list[dict]:
        rows = self.conn.execute(
            """
            SELECT a.id, a.source_id, s.name AS source_name, a.title, a.url, a.published, a.first_seen
            FROM articles a LEFT JOIN sources s ON s.id = a.source_id
            WHERE a.story_id = ? ORDER BY a.published, a.id
            """,
            (story_id,),
        ).fetchall()
        return [dict(row) for row in rows]

    def recent(self, limit: int = 20, source_id: str | None = None) -> list[dict]:
        where, params = ("WHERE a.source_id = ?", [source_id]) if source_id else ("", [])
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.source_id, a.title, a.url, a.published, a.story_id FROM articles a {where}
            ORDER BY a.published DESC, a.id DESC LIMIT ?
            """,
            (*params, limit),
        ).fetchall()
        return [dict(row) for row in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def many(self, article_ids: list[int]) -> dict[int, dict]:
        """The articles raise_alerts and the digests read: where from, which story, when, the text."""
        rows = self.conn.execute(
            """
            SELECT a.id, a.source_id, coalesce(nullif(s.name, ''), a.source_id) AS source_name, a.story_id,
                   a.title, a.text, coalesce(nullif(a.link, ''), a.url) AS url, a.published, a.first_seen
            FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN (SELECT value FROM json_each(?))
            """,
            (json_list(article_ids),),
        )
        return {row["id"]: dict(row) for row in rows}

    def first_seen_between(self, start: datetime | None, end: datetime) -> list[int]:
        """Ids of the articles first stored in (start, end]: a digest's candidates."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE first_seen > ? AND first_seen <= ? ORDER BY first_seen, id",
            (iso(start) if start else "", iso(end)),
        ).fetchall()
        return [row[0] for row in rows]


def _article(row: sqlite3.Row) -> dict:
    article = dict(row)
    article["authors"] = json.loads(article["authors"])
    article["tags"] = json.loads(article["tags"])
    article["published_estimated"] = bool(article["published_estimated"])
    article["summary"] = article["summary"] or article["text"]
    return article


def _summary(article: ArticleRecord) -> str:
    """The feed's summary, kept only when it is not the text itself (most feeds give one text: a
    second copy of it doubled the archive's text); readers get the text back in its place."""
    return "" if article.summary == article.text else article.summary
