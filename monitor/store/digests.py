"""Digest runs: the window each run covered, and the items it carried (each in one run only).

A run is a row of data, written with sqlite-utils; which items were carried before is one query.
"""

from datetime import datetime

from monitor.clock import iso
from monitor.store.table import Table, json_list


class Digests(Table):
    def last_run(self, digest: str) -> dict | None:
        return next(self.db["digest_runs"].rows_where("digest = ?", [digest], order_by="window_end DESC, id DESC",
                                                      limit=1), None)

    def record_run(self, digest: str, start: datetime | None, end: datetime, items: list[str],
                   state: str, now: datetime) -> int:
        """A digest's run over (start, end] and the items it carries (not committed)."""
        run_id = self.db["digest_runs"].insert({
            "digest": digest, "window_start": iso(start) if start else None, "window_end": iso(end),
            "items": len(items), "state": state, "created_at": iso(now),
        }).last_pk
        self.db["digest_items"].insert_all(({"digest": digest, "item_key": key, "run_id": run_id} for key in items),
                                           ignore=True)
        return run_id

    def digested(self, digest: str, item_keys: list[str]) -> set[str]:
        """Which of these items an earlier run of this digest already carried."""
        rows = self.conn.execute(
            "SELECT item_key FROM digest_items WHERE digest = ? AND item_key IN (SELECT value FROM json_each(?))",
            (digest, json_list(item_keys)),
        )
        return {row[0] for row in rows}

    def runs(self, digest: str | None = None, limit: int = 50) -> list[dict]:
        where = ("digest = ?", [digest]) if digest else (None, None)
        runs = list(self.db["digest_runs"].rows_where(*where, order_by="id DESC", limit=limit))
        for run in runs:
            run["deliveries"] = self.store.outbox.deliveries(digest_run_id=run["id"])
        return runs
