"""Events (tier steps, regulatory moves, matched stories) and the alerts rules raise on them.

Writers (`add`, `attach`, `update`, `add_alert`) do not commit: the caller groups them with the
article's outbox rows and progress mark in `store.transaction()`, so they appear together or
not at all. An event is a row of data with list and dict columns: sqlite-utils writes it (and
the JSON); what reads events is SQL.
"""

import json
import sqlite3
from datetime import datetime

from monitor.clock import iso
from monitor.store.table import Table, json_list

EVENT_JSON = ("themes", "jurisdiction", "evidence", "scores", "names")
# How many sources carried the event `e`: a column of every listing of events.
_SOURCES_OF_EVENT = """
SELECT count(DISTINCT a.source_id) FROM event_articles ea JOIN articles a ON a.id = ea.article_id
WHERE ea.event_id = e.id
"""


class Events(Table):
    def add(self, *, kind: str, key: str, article_id: int, happened_at: datetime, now: datetime,
            **fields) -> int:
        """A new event with its first article; `fields` are columns of `events` (lists, dicts as JSON)."""
        event_id = self.db["events"].insert({"kind": kind, "key": key, "article_id": article_id,
                                             "happened_at": iso(happened_at), "created_at": iso(now), **fields}).last_pk
        self.attach(event_id, article_id, now)
        return event_id

    def attach(self, event_id: int, article_id: int, now: datetime) -> bool:
        """Count an article behind an event; False when it already was."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO event_articles (event_id, article_id, added_at) VALUES (?, ?, ?)",
            (event_id, article_id, iso(now)),
        )
        return cursor.rowcount == 1

    def update(self, event_id: int, **fields) -> None:
        if fields:
            self.db["events"].update(event_id, fields)

    def get(self, event_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    def of_story(self, kind: str, story_id: int | None, article_id: int,
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

    def articles(self, event_id: int) -> list[dict]:
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

    def created_between(self, kinds: tuple[str, ...], start: datetime | None, end: datetime) -> list[dict]:
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

    def of_articles(self, article_ids: list[int]) -> dict[int, list[int]]:
        """For each article, the events it is behind."""
        found: dict[int, list[int]] = {}
        for row in self.conn.execute(
            "SELECT article_id, event_id FROM event_articles WHERE article_id IN (SELECT value FROM json_each(?))",
            (json_list(article_ids),),
        ):
            found.setdefault(row[0], []).append(row[1])
        return found

    def tiers(self) -> list[dict]:
        """The tier tracker: every (org, model, framework, category) with its steps, oldest first."""
        rows = self.conn.execute(
            f"""
            SELECT e.*, ({_SOURCES_OF_EVENT}) AS source_count
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
            f"""
            SELECT e.*, ({_SOURCES_OF_EVENT}) AS source_count
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
            f"SELECT ({_SOURCES_OF_EVENT}) FROM events e WHERE e.id = ?", (event_id,),
        ).fetchone()[0]

    def add_alert(self, event_id: int, rule: str, article_id: int, now: datetime) -> int | None:
        """A new (event, rule) alert; None when this rule already alerted on this event."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO alerts (event_id, rule, article_id, created_at) VALUES (?, ?, ?, ?)",
            (event_id, rule, article_id, iso(now)),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def alerted(self, since: datetime | None = None, limit: int = 200) -> list[dict]:
        """Events that raised alerts, newest first: the rules, and each channel's delivery."""
        rows = self.conn.execute(
            f"""
            SELECT e.*, max(al.created_at) AS alerted_at, json_group_array(al.rule) AS rules,
                   ({_SOURCES_OF_EVENT}) AS source_count
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
            event["deliveries"] = self.store.outbox.deliveries(event_id=event["id"])
            found.append(event)
        return found


def _event(row: sqlite3.Row) -> dict:
    event = dict(row)
    for key in EVENT_JSON:
        if key in event and isinstance(event[key], str):
            event[key] = json.loads(event[key])
    if "backfill" in event:
        event["backfill"] = bool(event["backfill"])
    return event
