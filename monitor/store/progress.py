"""How far alerting has read: each article's labels it placed (SQL: one row per article placed),
and its named cursors (a row each, with sqlite-utils).

Not committed: the caller writes them in the transaction of the work they mark as done.
"""

from datetime import datetime

from monitor.clock import iso
from monitor.store.table import Table, json_list


class Progress(Table):
    def seen_versions(self, article_ids: list[int]) -> dict[int, str]:
        """The version of each article's labels that alerting last placed."""
        return dict(self.conn.execute(
            "SELECT article_id, labels_version FROM alert_progress WHERE article_id IN (SELECT value FROM json_each(?))",
            (json_list(article_ids),),
        ).fetchall())

    def mark_seen(self, article_id: int, labels_version: str, now: datetime) -> None:
        self.conn.execute(
            """
            INSERT INTO alert_progress (article_id, labels_version, seen_at) VALUES (?, ?, ?)
            ON CONFLICT(article_id) DO UPDATE SET labels_version = excluded.labels_version, seen_at = excluded.seen_at
            """,
            (article_id, labels_version, iso(now)),
        )

    def cursor(self, name: str) -> str | None:
        row = next(self.db["alert_state"].rows_where("name = ?", [name]), None)
        return row["value"] if row else None

    def set_cursor(self, name: str, value: str) -> None:
        """Remember how far a reader got (not committed: part of the caller's transaction)."""
        self.db["alert_state"].upsert({"name": name, "value": value}, pk="name")
