"""SQL for digest runs: the window each run covered, and the items it carried (each in one run only)."""

from datetime import datetime

from monitor.clock import iso
from monitor.store.table import Table, json_list


class Digests(Table):
    def last_run(self, digest: str) -> dict | None:
        row = self.conn.execute(
            "SELECT * FROM digest_runs WHERE digest = ? ORDER BY window_end DESC, id DESC LIMIT 1", (digest,)
        ).fetchone()
        return dict(row) if row else None

    def record_run(self, digest: str, start: datetime | None, end: datetime, items: list[str],
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
        rows = self.conn.execute(
            "SELECT item_key FROM digest_items WHERE digest = ? AND item_key IN (SELECT value FROM json_each(?))",
            (digest, json_list(item_keys)),
        )
        return {row[0] for row in rows}

    def runs(self, digest: str | None = None, limit: int = 50) -> list[dict]:
        rows = self.conn.execute(
            "SELECT * FROM digest_runs WHERE ? IS NULL OR digest = ? ORDER BY id DESC LIMIT ?",
            (digest, digest, limit),
        ).fetchall()
        runs = [dict(row) for row in rows]
        for run in runs:
            run["deliveries"] = self.store.outbox.deliveries(digest_run_id=run["id"])
        return runs
