"""SQL for robots.txt as last fetched from each origin, so that a crawl need not ask again
before its cache lifetime is over (monitor/crawl/fetch.py decides the lifetime)."""

from monitor.clock import iso, parse_iso
from monitor.records import StoredRobots
from monitor.store.table import Table


class Robots(Table):
    def get(self, origin: str) -> StoredRobots | None:
        row = self.conn.execute("SELECT body, fetched_at, expires_at FROM robots WHERE origin = ?",
                                (origin,)).fetchone()
        return StoredRobots(row[0], parse_iso(row[1]), parse_iso(row[2])) if row else None

    def put(self, origin: str, robots: StoredRobots) -> None:
        """Call inside a transaction."""
        self.conn.execute(
            """
            INSERT INTO robots (origin, body, fetched_at, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(origin) DO UPDATE SET
                body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at
            """,
            (origin, robots.body, iso(robots.fetched_at), iso(robots.expires_at)),
        )
