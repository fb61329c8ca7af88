"""The service's own state: its runs (pid, heartbeat) and its jobs (last and next run).

A few single-row writes a minute, so they are written as rows of data with sqlite-utils.
"""

from datetime import datetime

from monitor.clock import iso, now
from monitor.store.table import Table


class ServiceState(Table):
    def started(self, pid: int) -> int:
        with self.store.transaction():
            self.db["service_jobs"].delete_where()  # jobs are re-planned on every start
            return self.db["service_runs"].insert(
                {"pid": pid, "started_at": iso(now()), "heartbeat_at": iso(now())}).last_pk

    def heartbeat(self, run_id: int) -> None:
        with self.store.transaction():
            self.db["service_runs"].update(run_id, {"heartbeat_at": iso(now())})

    def stopped(self, run_id: int) -> None:
        with self.store.transaction():
            self.db["service_runs"].update(run_id, {"stopped_at": iso(now()), "heartbeat_at": iso(now())})

    def plan(self, job_id: str, kind: str, target: str, next_run_at: datetime | None) -> None:
        with self.store.transaction():
            self.db["service_jobs"].upsert({"id": job_id, "kind": kind, "target": target,
                                            "next_run_at": iso(next_run_at) if next_run_at else None}, pk="id")

    def forget(self, job_id: str) -> None:
        with self.store.transaction():
            self.db["service_jobs"].delete_where("id = ?", [job_id])

    def ran(self, job_id: str, outcome: str, message: str, seconds: float, next_run_at: datetime | None) -> None:
        with self.store.transaction():
            job = next(self.db["service_jobs"].rows_where("id = ?", [job_id]), None)
            if job is None:  # forgotten meanwhile (its source left sources.yaml)
                return
            self.db["service_jobs"].update(job_id, {
                "last_run_at": iso(now()), "last_outcome": outcome, "last_message": message,
                "last_seconds": round(seconds, 3), "next_run_at": iso(next_run_at) if next_run_at else None,
                "runs": job["runs"] + 1, "failures": job["failures"] + (outcome == "error"),
            })

    def last_run(self) -> dict | None:
        return next(self.db["service_runs"].rows_where(order_by="id DESC", limit=1), None)

    def jobs(self) -> list[dict]:
        return list(self.db["service_jobs"].rows_where(order_by="kind, id"))
