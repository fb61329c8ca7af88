"""SQL for the service's own state: its runs (pid, heartbeat) and its jobs (last and next run)."""

from datetime import datetime

from monitor.clock import iso, now
from monitor.store.table import Table


class ServiceState(Table):
    def started(self, pid: int) -> int:
        with self.store.transaction():
            self.conn.execute("DELETE FROM service_jobs")  # jobs are re-planned on every start
            return self.conn.execute(
                "INSERT INTO service_runs (pid, started_at, heartbeat_at) VALUES (?, ?, ?)",
                (pid, iso(now()), iso(now())),
            ).lastrowid

    def heartbeat(self, run_id: int) -> None:
        with self.store.transaction():
            self.conn.execute("UPDATE service_runs SET heartbeat_at = ? WHERE id = ?", (iso(now()), run_id))

    def stopped(self, run_id: int) -> None:
        with self.store.transaction():
            self.conn.execute("UPDATE service_runs SET stopped_at = ?, heartbeat_at = ? WHERE id = ?",
                              (iso(now()), iso(now()), run_id))

    def plan(self, job_id: str, kind: str, target: str, next_run_at: datetime | None) -> None:
        with self.store.transaction():
            self.conn.execute(
                """
                INSERT INTO service_jobs (id, kind, target, next_run_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, target = excluded.target,
                    next_run_at = excluded.next_run_at
                """,
                (job_id, kind, target, iso(next_run_at) if next_run_at else None),
            )

    def forget(self, job_id: str) -> None:
        with self.store.transaction():
            self.conn.execute("DELETE FROM service_jobs WHERE id = ?", (job_id,))

    def ran(self, job_id: str, outcome: str, message: str, seconds: float, next_run_at: datetime | None) -> None:
        with self.store.transaction():
            self.conn.execute(
                """
                UPDATE service_jobs SET last_run_at = ?, last_outcome = ?, last_message = ?, last_seconds = ?,
                    next_run_at = ?, runs = runs + 1, failures = failures + (? = 'error')
                WHERE id = ?
                """,
                (iso(now()), outcome, message, round(seconds, 3), iso(next_run_at) if next_run_at else None,
                 outcome, job_id),
            )

    def last_run(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM service_runs ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    def jobs(self) -> list[dict]:
        rows = self.conn.execute("SELECT * FROM service_jobs ORDER BY kind, id").fetchall()
        return [dict(row) for row in rows]
