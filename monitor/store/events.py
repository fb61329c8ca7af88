"""SQL for alerting: events (tier steps, regulatory moves, matched stories), alerts, the outbox, digests.

Writers that belong to one unit of work (`add_event`, `attach`, `add_alert`, `enqueue`,
`record_digest_run` ...) do not commit: the caller groups them in `store.transaction()`, so
an article's event, its alerts and their outbox rows appear together or not at all. The
outbox state changes (`claim`, `part_sent`, `mark_sent`, `retry`, `give_up`) each commit
at once: they are the steps of the delivery protocol in monitor/notify.
"""

import json
import sqlite3
from datetime import datetime

from monitor.clock import iso

EVENT_JSON = ("themes", "jurisdiction", "evidence", "scores")


class Alerts:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # --- events ----------------------------------------------------------------------------

    def add_event(self, *, kind: str, key: str, article_id: int, happened_at: datetime, now: datetime,
                  **fields) -> int:
        """A new event with its first article; `fields` are columns of `events` (lists/dicts as JSON)."""
        values = {k: (json.dumps(v, ensure_ascii=False) if k in EVENT_JSON else v) for k, v in fields.items()}
        columns = ["kind", "key", "article_id", "happened_at", "created_at", *values]
        marks = ",".join("?" * len(columns))
        event_id = self.conn.execute(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({marks})",
            (kind, key, article_id, iso(happened_at), iso(now), *values.values()),
        ).lastrowid
        self.attach(event_id, article_id, now)
        return event_id

    def attach(self, event_id: int, article_id: int, now: datetime) -> bool:
        """Count an article behind an event; False when it already was."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO event_articles (event_id, article_id, added_at) VALUES (?, ?, ?)",
            (event_id, article_id, iso(now)),
        )
        return cursor.rowcount == 1

    def update_event(self, event_id: int, **fields) -> None:
        if not fields:
            return
        values = {k: (json.dumps(v, ensure_ascii=False) if k in EVENT_JSON else v) for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(f"UPDATE events SET {sets} WHERE id = ?", (*values.values(), event_id))

    def event(self, event_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    def event_of_story(self, kind: str, story_id: int | None, article_id: int,
                       tier_key: str | None = None) -> dict | None:
        """The event of this kind that already holds this article or another article of its story."""
        row = self.conn.execute(
            """
            SELECT e.* FROM events e JOIN event_articles ea ON ea.event_id = e.id
            LEFT JOIN articles a ON a.id = ea.article_id
            WHERE e.kind = ? AND (ea.article_id = ? OR (? IS NOT NULL AND a.story_id = ?))
              AND (? IS NULL OR e.tier_key = ?)
            ORDER BY ea.article_id = ? DESC, e.id LIMIT 1
            """,
            (kind, article_id, story_id, story_id, tier_key, tier_key, article_id),
        ).fetchone()
        return _event(row) if row else None

    def move_like(self, instrument: str, stage: str, since: datetime) -> dict | None:
        """A move on the same instrument at the same stage, seen since `since`: another outlet's copy."""
        row = self.conn.execute(
            """
            SELECT * FROM events WHERE kind = 'move' AND instrument = ? COLLATE NOCASE AND stage = ?
              AND happened_at >= ? ORDER BY happened_at DESC LIMIT 1
            """,
            (instrument, stage, iso(since)),
        ).fetchone()
        return _event(row) if row else None

    def tier_steps(self, tier_key: str) -> list[dict]:
        """The steps of one (org, model, framework, category): oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM events WHERE tier_key = ? ORDER BY happened_at, id", (tier_key,)
        ).fetchall()
        return [_event(row) for row in rows]

    def event_articles(self, event_id: int) -> list[dict]:
        """The articles behind an event, first reported first, with their source's name."""
        rows = self.conn.execute(
            """
            SELECT a.id, a.source_id, coalesce(nullif(s.name, ''), a.source_id) AS source_name, a.title,
                   coalesce(nullif(a.link, ''), a.url) AS url, a.published, a.story_id
            FROM event_articles ea JOIN articles a ON a.id = ea.article_id
            LEFT JOIN sources s ON s.id = a.source_id
            WHERE ea.event_id = ? ORDER BY a.published, a.id
            """,
            (event_id,),
        ).fetchall()
        return [dict(row) for row in rows]

    def events_created(self, kinds: tuple[str, ...], start: datetime | None, end: datetime) -> list[dict]:
        """Events of these kinds created in (start, end], oldest first (the digest's window)."""
        marks = ",".join("?" * len(kinds))
        rows = self.conn.execute(
            f"""
            SELECT * FROM events WHERE kind IN ({marks}) AND created_at > ? AND created_at <= ?
            ORDER BY happened_at, id
            """,
            (*kinds, iso(start) if start else "", iso(end)),
        ).fetchall()
        return [_event(row) for row in rows]

    def events_of_articles(self, article_ids: list[int]) -> dict[int, list[int]]:
        """For each article, the events it is behind."""
        found: dict[int, list[int]] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT article_id, event_id FROM event_articles WHERE article_id IN ({marks})", chunk
            ):
                found.setdefault(row[0], []).append(row[1])
        return found

    def events_for_article(self, article_id: int) -> list[dict]:
        """The events an article is behind (its tier step, its move), for the article's page."""
        rows = self.conn.execute(
            """
            SELECT e.* FROM events e JOIN event_articles ea ON ea.event_id = e.id
            WHERE ea.article_id = ? ORDER BY e.id
            """,
            (article_id,),
        ).fetchall()
        return [_event(row) for row in rows]

    def tiers(self) -> list[dict]:
        """The tier tracker: every (org, model, framework, category) with its steps, oldest first."""
        rows = self.conn.execute(
            """
            SELECT e.*, (SELECT count(DISTINCT a.source_id) FROM event_articles ea JOIN articles a
                         ON a.id = ea.article_id WHERE ea.event_id = e.id) AS source_count
            FROM events e WHERE e.kind = 'tier_change' AND e.tier_key IS NOT NULL
            ORDER BY e.tier_key, e.happened_at, e.id
            """
        ).fetchall()
        tracked: dict[str, dict] = {}
        for row in rows:
            step = _event(row)
            entry = tracked.setdefault(step["tier_key"], {
                "org": step["org"], "model": step["model"], "framework": step["framework"],
                "category": step["category"], "history": [],
            })
            entry["history"].append(step)
        return list(tracked.values())

    def moves(self, jurisdiction: str | None = None, since: datetime | None = None, limit: int = 200) -> list[dict]:
        """Regulatory moves, newest first, with how many sources carried each."""
        rows = self.conn.execute(
            """
            SELECT e.*, (SELECT count(DISTINCT a.source_id) FROM event_articles ea JOIN articles a
                         ON a.id = ea.article_id WHERE ea.event_id = e.id) AS source_count
            FROM events e
            WHERE e.kind = 'move' AND e.happened_at >= ?
              AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(e.jurisdiction) j WHERE j.value = ?))
            ORDER BY e.happened_at DESC, e.id DESC LIMIT ?
            """,
            (iso(since) if since else "", jurisdiction, jurisdiction, limit),
        ).fetchall()
        return [_event(row) for row in rows]

    def source_count(self, event_id: int) -> int:
        return self.conn.execute(
            """
            SELECT count(DISTINCT a.source_id) FROM event_articles ea JOIN articles a ON a.id = ea.article_id
            WHERE ea.event_id = ?
            """,
            (event_id,),
        ).fetchone()[0]

    # --- progress over the labels -------------------------------------------------------

    def seen_versions(self, article_ids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(
                f"SELECT article_id, labels_version FROM alert_progress WHERE article_id IN ({marks})", chunk
            ).fetchall())
        return found

    def mark_seen(self, article_id: int, labels_version: str, now: datetime) -> None:
        self.conn.execute(
            """
            INSERT INTO alert_progress (article_id, labels_version, seen_at) VALUES (?, ?, ?)
            ON CONFLICT(article_id) DO UPDATE SET labels_version = excluded.labels_version, seen_at = excluded.seen_at
            """,
            (article_id, labels_version, iso(now)),
        )

    def state(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM alert_state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_state(self, name: str, value: str) -> None:
        """Remember a value (not committed: part of the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO alert_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    def articles(self, article_ids: list[int]) -> dict[int, dict]:
        """The articles raise_alerts and the digests read: where from, which story, when, the text."""
        found: dict[int, dict] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"""
                SELECT a.id, a.source_id, coalesce(nullif(s.name, ''), a.source_id) AS source_name, a.story_id,
                       a.title, a.text, coalesce(nullif(a.link, ''), a.url) AS url, a.published, a.first_seen
                FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({marks})
                """,
                chunk,
            ):
                found[row["id"]] = dict(row)
        return found

    def first_seen_between(self, start: datetime | None, end: datetime) -> list[int]:
        """Ids of the articles first stored in (start, end]: a digest's candidates."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE first_seen > ? AND first_seen <= ? ORDER BY first_seen, id",
            (iso(start) if start else "", iso(end)),
        ).fetchall()
        return [row[0] for row in rows]

    # --- alerts ----------------------------------------------------------------------------

    def add_alert(self, event_id: int, rule: str, article_id: int, now: datetime) -> int | None:
        """A new (event, rule) alert; None when this rule already alerted on this event."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO alerts (event_id, rule, article_id, created_at) VALUES (?, ?, ?, ?)",
            (event_id, rule, article_id, iso(now)),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def alerts(self, since: datetime | None = None, limit: int = 200) -> list[dict]:
        """Events that raised alerts, newest first: the rules, and each channel's delivery."""
        rows = self.conn.execute(
            """
            SELECT e.*, max(al.created_at) AS alerted_at, json_group_array(al.rule) AS rules,
                   (SELECT count(DISTINCT a.source_id) FROM event_articles ea JOIN articles a
                    ON a.id = ea.article_id WHERE ea.event_id = e.id) AS source_count
            FROM alerts al JOIN events e ON e.id = al.event_id
            GROUP BY e.id HAVING max(al.created_at) >= ?
            ORDER BY alerted_at DESC, e.id DESC LIMIT ?
            """,
            (iso(since) if since else "", limit),
        ).fetchall()
        found = []
        for row in rows:
            event = _event(row)
            event["rules"] = sorted(set(json.loads(row["rules"])))
            event["deliveries"] = self.deliveries(event_id=event["id"])
            found.append(event)
        return found

    # --- the outbox ------------------------------------------------------------------------

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
        with self.conn:
            cursor = self.conn.execute(
                """
                UPDATE outbox SET state = 'sending', claimed_at = ?, claim_token = ?, attempts = attempts + 1
                WHERE id = ? AND ((state = 'pending' AND next_attempt_at <= ?)
                                  OR (state = 'sending' AND claimed_at < ?))
                """,
                (iso(now), token, outbox_id, iso(now), iso(lease_expired_before)),
            )
        return self.outbox_row(outbox_id) if cursor.rowcount == 1 else None

    def part_sent(self, outbox_id: int, token: str, parts: int) -> None:
        """The remote accepted the first `parts` parts of a split message (committed at once)."""
        with self.conn:
            self.conn.execute("UPDATE outbox SET parts_sent = ? WHERE id = ? AND claim_token = ? AND state = 'sending'",
                              (parts, outbox_id, token))

    def mark_sent(self, outbox_id: int, token: str, now: datetime) -> bool:
        """The remote accepted the message (committed at once); False if the claim was lost."""
        with self.conn:
            cursor = self.conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ? WHERE id = ? AND claim_token = ? AND state = 'sending'",
                (iso(now), outbox_id, token),
            )
        return cursor.rowcount == 1

    def retry(self, outbox_id: int, token: str, error: str, next_attempt_at: datetime) -> None:
        with self.conn:
            self.conn.execute(
                """
                UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?, claim_token = NULL
                WHERE id = ? AND claim_token = ? AND state = 'sending'
                """,
                (error, iso(next_attempt_at), outbox_id, token),
            )

    def give_up(self, outbox_id: int, token: str, error: str) -> None:
        """A failure that retrying cannot fix; the row stays, visible, until `requeue_failed`."""
        with self.conn:
            self.conn.execute(
                """
                UPDATE outbox SET state = 'failed', last_error = ?, claim_token = NULL
                WHERE id = ? AND claim_token = ? AND state = 'sending'
                """,
                (error, outbox_id, token),
            )

    def requeue_failed(self, now: datetime, channel: str | None = None) -> int:
        """Failed rows back to pending (after fixing a channel's settings); returns how many."""
        with self.conn:
            return self.conn.execute(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = ?, attempts = 0
                WHERE state = 'failed' AND (? IS NULL OR channel = ?)
                """,
                (iso(now), channel, channel),
            ).rowcount

    def outbox_row(self, outbox_id: int) -> dict | None:
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

    def outbox(self, state: str | None = None, limit: int = 200) -> list[dict]:
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

    # --- digests ---------------------------------------------------------------------------

    def last_digest_run(self, digest: str) -> dict | None:
        row = self.conn.execute(
            "SELECT * FROM digest_runs WHERE digest = ? ORDER BY window_end DESC, id DESC LIMIT 1", (digest,)
        ).fetchone()
        return dict(row) if row else None

    def record_digest_run(self, digest: str, start: datetime | None, end: datetime, items: list[str],
                          state: str, now: datetime) -> int:
        """A digest's run over (start, end] and the items it carries (not committed)."""
        run_id = self.conn.execute(
            """
            INSERT INTO digest_runs (digest, window_start, window_end, items, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            (digest, iso(start) if start else None, iso(end), len(items), state, iso(now)),
        ).lastrowid
        self.conn.executemany(
            "INSERT OR IGNORE INTO digest_items (digest, item_key, run_id) VALUES (?, ?, ?)",
            [(digest, key, run_id) for key in items],
        )
        return run_id

    def digested(self, digest: str, item_keys: list[str]) -> set[str]:
        """Which of these items an earlier run of this digest already carried."""
        found: set[str] = set()
        for start in range(0, len(item_keys), 500):
            chunk = item_keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(
                f"SELECT item_key FROM digest_items WHERE digest = ? AND item_key IN ({marks})", (digest, *chunk)
            ))
        return found

    def digest_runs(self, digest: str | None = None, limit: int = 50) -> list[dict]:
        rows = self.conn.execute(
            "SELECT * FROM digest_runs WHERE ? IS NULL OR digest = ? ORDER BY id DESC LIMIT ?",
            (digest, digest, limit),
        ).fetchall()
        runs = [dict(row) for row in rows]
        for run in runs:
            run["deliveries"] = self.deliveries(digest_run_id=run["id"])
        return runs


def _event(row: sqlite3.Row) -> dict:
    event = dict(row)
    for key in EVENT_JSON:
        if key in event and isinstance(event[key], str):
            event[key] = json.loads(event[key])
    if "backfill" in event:
        event["backfill"] = bool(event["backfill"])
    return event


def _outbox(row: sqlite3.Row) -> dict:
    item = dict(row)
    item["message"] = json.loads(item["message"])
    return item
