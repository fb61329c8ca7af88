"""SQL for the outbox: one row per (event or digest run, channel), delivered exactly once.

`enqueue` does not commit: it is part of the caller's unit (an event and its alerts, a digest
run). The state changes of the delivery protocol in monitor/notify (`claim`, `part_sent`,
`mark_sent`, `retry`, `give_up`, `requeue_failed`) each commit at once.
"""

import json
import sqlite3
from datetime import datetime

from monitor.clock import iso
from monitor.store.table import Table


class Outbox(Table):
    def enqueue(self, channel: str, subject: str, message: dict, now: datetime, *, event_id: int | None = None,
                alert_id: int | None = None, digest_run_id: int | None = None) -> int | None:
        """A row to deliver; None when this (event or digest run, channel) already has one."""
        cursor = self.conn.execute(
            """
            INSERT OR IGNORE INTO outbox (event_id, alert_id, digest_run_id, channel, subject, message,
                next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (event_id, alert_id, digest_run_id, channel, subject, json.dumps(message, ensure_ascii=False),
             iso(now), iso(now)),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def due(self, now: datetime, lease_expired_before: datetime, limit: int = 200) -> list[dict]:
        """Rows to deliver now: pending and due, or left `sending` by a sender whose lease ran out."""
        rows = self.conn.execute(
            """
            SELECT * FROM outbox
            WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_at < ?)
            ORDER BY next_attempt_at, id LIMIT ?
            """,
            (iso(now), iso(lease_expired_before), limit),
        ).fetchall()
        return [_outbox(row) for row in rows]

    def claim(self, outbox_id: int, token: str, now: datetime, lease_expired_before: datetime) -> dict | None:
        """Take a row for sending (committed); None when it is not due or another sender holds it."""
        with self.store.transaction():
            cursor = self.conn.execute(
                """
                UPDATE outbox SET state = 'sending', claimed_at = ?, claim_token = ?, attempts = attempts + 1
                WHERE id = ? AND ((state = 'pending' AND next_attempt_at <= ?)
                                  OR (state = 'sending' AND claimed_at < ?))
                """,
                (iso(now), token, outbox_id, iso(now), iso(lease_expired_before)),
            )
        return self.row(outbox_id) if cursor.rowcount == 1 else None

    def part_sent(self, outbox_id: int, token: str, parts: int) -> None:
        """The remote accepted the first `parts` parts of a split message (committed at once)."""
        with self.store.transaction():
            self.conn.execute("UPDATE outbox SET parts_sent = ? WHERE id = ? AND claim_token = ? AND state = 'sending'",
                              (parts, outbox_id, token))

    def mark_sent(self, outbox_id: int, token: str, now: datetime) -> bool:
        """The remote accepted the message (committed at once); False if the claim was lost."""
        with self.store.transaction():
            cursor = self.conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ? WHERE id = ? AND claim_token = ? AND state = 'sending'",
                (iso(now), outbox_id, token),
            )
        return cursor.rowcount == 1

    def retry(self, outbox_id: int, token: str, error: str, next_attempt_at: datetime) -> None:
        with self.store.transaction():
            self.conn.execute(
                """
                UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?, claim_token = NULL
                WHERE id = ? AND claim_token = ? AND state = 'sending'
                """,
                (error, iso(next_attempt_at), outbox_id, token),
            )

    def give_up(self, outbox_id: int, token: str, error: str) -> None:
        """A failure that retrying cannot fix; the row stays, visible, until `requeue_failed`."""
        with self.store.transaction():
            self.conn.execute(
                """
                UPDATE outbox SET state = 'failed', last_error = ?, claim_token = NULL
                WHERE id = ? AND claim_token = ? AND state = 'sending'
                """,
                (error, outbox_id, token),
            )

    def requeue_failed(self, now: datetime, channel: str | None = None) -> int:
        """Failed rows back to pending (after fixing a channel's settings); returns how many."""
        with self.store.transaction():
            return self.conn.execute(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = ?, attempts = 0
                WHERE state = 'failed' AND (? IS NULL OR channel = ?)
                """,
                (iso(now), channel, channel),
            ).rowcount

    def row(self, outbox_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
        return _outbox(row) if row else None

    def deliveries(self, *, event_id: int | None = None, digest_run_id: int | None = None) -> list[dict]:
        """Each channel's delivery of an event or a digest run: state, attempts, last error (no message)."""
        rows = self.conn.execute(
            """
            SELECT id, channel, state, attempts, parts_sent, next_attempt_at, last_error, created_at, sent_at
            FROM outbox WHERE (event_id = ? AND ? IS NOT NULL) OR (digest_run_id = ? AND ? IS NOT NULL)
            ORDER BY channel
            """,
            (event_id, event_id, digest_run_id, digest_run_id),
        ).fetchall()
        return [dict(row) for row in rows]

    def rows(self, state: str | None = None, limit: int = 200) -> list[dict]:
        rows = self.conn.execute(
            "SELECT * FROM outbox WHERE ? IS NULL OR state = ? ORDER BY id DESC LIMIT ?", (state, state, limit)
        ).fetchall()
        return [_outbox(row) for row in rows]

    def backlog(self) -> dict:
        """The outbox at a glance, for `monitor status`: rows per state, oldest waiting, next retry."""
        counts = dict(self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        waiting = self.conn.execute(
            """
            SELECT min(created_at), min(next_attempt_at) FROM outbox WHERE state IN ('pending', 'sending')
            """
        ).fetchone()
        last_error = self.conn.execute(
            """
            SELECT channel, last_error FROM outbox WHERE state IN ('pending', 'failed') AND last_error IS NOT NULL
            ORDER BY id DESC LIMIT 1
            """
        ).fetchone()
        return {
            "pending": counts.get("pending", 0), "sending": counts.get("sending", 0),
            "failed": counts.get("failed", 0), "sent": counts.get("sent", 0),
            "oldest_waiting": waiting[0], "next_attempt_at": waiting[1],
            "last_error": dict(last_error) if last_error else None,
        }


def _outbox(row: sqlite3.Row) -> dict:
    item = dict(row)
    item["message"] = json.loads(item["message"])
    return item
