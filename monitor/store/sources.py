"""SQL for configured sources, their fetch state (validators, backoff) and their health log."""

import json
import sqlite3
from collections.abc import Iterable

from monitor.clock import iso, parse_iso
from monitor.records import FetchRecord, SourceState
from monitor.store.table import Table


class Sources(Table):
    def sync(self, configs: Iterable) -> None:
        """Mirror the configured sources (id, name, url, kind, tags, enabled) into the table.

        A source whose URL changed forgets its validators: they belonged to the old URL.
        """
        rows = [
            (c.id, c.name, c.url, c.kind or "", json.dumps(list(c.tags)), int(c.enabled))
            for c in configs
        ]
        with self.store.transaction():
            self.conn.executemany(
                """
                INSERT INTO sources (id, name, url, kind, tags, enabled) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    etag = CASE WHEN sources.url = excluded.url THEN sources.etag END,
                    last_modified = CASE WHEN sources.url = excluded.url THEN sources.last_modified END,
                    name = excluded.name, url = excluded.url, kind = excluded.kind,
                    tags = excluded.tags, enabled = excluded.enabled
                """,
                rows,
            )

    def state(self, source_id: str) -> SourceState:
        row = self.conn.execute(
            """
            SELECT etag, last_modified, next_fetch_after, consecutive_failures, last_fetch_at
            FROM sources WHERE id = ?
            """,
            (source_id,),
        ).fetchone()
        if row is None:
            return SourceState()
        return SourceState(
            etag=row["etag"],
            last_modified=row["last_modified"],
            next_fetch_after=parse_iso(row["next_fetch_after"]) if row["next_fetch_after"] else None,
            consecutive_failures=row["consecutive_failures"],
            last_fetch_at=parse_iso(row["last_fetch_at"]) if row["last_fetch_at"] else None,
        )

    def record(self, fetch: FetchRecord) -> None:
        """Log one fetch and fold it into the source's health. Call inside the crawl's transaction.

        A successful fetch may still carry a problem (`cause` and `message`, such as entries that
        were skipped): it becomes the source's last error, shown beside its ok status."""
        self.conn.execute(
            """
            INSERT INTO fetch_log (source_id, started_at, duration_ms, url, outcome, http_status, cause,
                                   message, items_seen, items_new, items_updated, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                fetch.source_id, iso(fetch.started_at), fetch.duration_ms, fetch.url, fetch.outcome,
                fetch.http_status, fetch.cause, fetch.message, fetch.items_seen, fetch.items_new,
                fetch.items_updated, fetch.bytes,
            ),
        )
        next_after = iso(fetch.next_fetch_after) if fetch.next_fetch_after else None
        if fetch.outcome == "error":
            self.conn.execute(
                """
                UPDATE sources SET last_fetch_at = ?, last_status = 'error', last_http_status = ?,
                    last_error_cause = ?, last_error = ?, consecutive_failures = consecutive_failures + 1,
                    next_fetch_after = ?
                WHERE id = ?
                """,
                (iso(fetch.started_at), fetch.http_status, fetch.cause, fetch.message, next_after,
                 fetch.source_id),
            )
            return
        self.conn.execute(
            """
            UPDATE sources SET last_fetch_at = ?, last_success_at = ?, last_status = ?, last_http_status = ?,
                last_error_cause = ?, last_error = ?, consecutive_failures = 0, next_fetch_after = ?,
                etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
                items_total = items_total + ?, last_new_items = ?
            WHERE id = ?
            """,
            (
                iso(fetch.started_at), iso(fetch.started_at), fetch.outcome, fetch.http_status, fetch.cause,
                fetch.message, next_after, fetch.etag, fetch.last_modified, fetch.items_new, fetch.items_new, fetch.source_id,
            ),
        )

    def health(self) -> list[dict]:
        """Every known source with its health, in the order of the configuration file."""
        rows = self.conn.execute(
            """
            SELECT s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles,
                (SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.full_text_status = 'pending')
                    AS pages_pending
            FROM sources s ORDER BY s.rowid
            """
        ).fetchall()
        return [_health_row(row) for row in rows]

    def health_of(self, configs: Iterable) -> list[dict]:
        """The configured sources, in their order, each with its health: the configuration says which
        sources there are, their name and URL and whether they are on; the archive how they did (a
        source it has not seen yet is never fetched). Writes nothing."""
        known = {h["id"]: h for h in self.health()}
        return [(known.get(c.id) or _never_fetched(c.id)) | {
            "name": c.name, "url": c.url, "kind": c.kind or "", "tags": list(c.tags), "enabled": bool(c.enabled)}
            for c in configs]

    def fetch_log(self, source_id: str, limit: int = 20) -> list[dict]:
        rows = self.conn.execute(
            "SELECT * FROM fetch_log WHERE source_id = ? ORDER BY id DESC LIMIT ?", (source_id, limit)
        ).fetchall()
        return [dict(row) for row in rows]


def _never_fetched(source_id: str) -> dict:
    return {"id": source_id, "etag": None, "last_modified": None, "last_fetch_at": None, "last_success_at": None,
            "last_status": None, "last_http_status": None, "last_error_cause": None, "last_error": None,
            "consecutive_failures": 0, "next_fetch_after": None, "items_total": 0, "last_new_items": 0,
            "articles": 0, "pages_pending": 0}


def _health_row(row: sqlite3.Row) -> dict:
    health = dict(row)
    health["tags"] = json.loads(health["tags"])
    health["enabled"] = bool(health["enabled"])
    return health
