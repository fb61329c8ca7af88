"""`monitor run` restarted on an existing archive: overdue sources run at once, and the one-service
lock holds however the database path is spelled. Real subprocesses, loopback feeds, real SQLite."""

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from monitor.clock import iso
from tests.feeds import ALERTING_DEFAULTS
from tests.feeds import paragraph, rss
from tests.test_service import REPO, item, service  # noqa: F401  (fixture)

SOURCES = 6


def feeds_yaml(server, interval: str) -> str:
    entries = "".join(f"  - id: feed-{n}\n    url: {server.url}/feed/{n}.xml\n    interval: {interval}\n"
                      "    full_text: never\n" for n in range(SOURCES))
    return f"fetch:\n  host_delay: 0s\nsources:\n{entries}"


def test_overdue_sources_run_at_start_up_not_an_interval_later(loopback, service):
    for n in range(SOURCES):
        loopback.route(f"/feed/{n}.xml", rss([{"title": f"AI rule {n}", "link": f"{loopback.url}/rule/{n}",
                                               "guid": f"rule-{n}", "content": paragraph(f"rule {n}")}]))
    svc = service(feeds_yaml(loopback, "1h"))
    crawl = subprocess.run([sys.executable, "-m", "monitor", "crawl", "--db", str(svc.db), "--sources",
                            str(svc.sources), "--config", str(ALERTING_DEFAULTS)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert crawl.returncode == 0, crawl.stderr
    # The service was down for two hours after that crawl: every hourly source is overdue.
    conn = sqlite3.connect(svc.db)
    with conn:
        conn.execute("UPDATE sources SET last_fetch_at = ?", (iso(datetime.now(UTC) - timedelta(hours=2)),))
    conn.close()
    fetched_before = len(loopback.requests)

    svc.start()
    started = time.monotonic()

    def all_fetched_again() -> bool:
        paths = {r.path for r in loopback.requests[fetched_before:]}
        return all(f"/feed/{n}.xml" in paths for n in range(SOURCES))

    # One second of spread per overdue source, a few seconds to start: well inside two minutes, and
    # far inside the up to 5 minutes of jitter (or a whole hour) the trigger alone would add.
    svc.wait_for(all_fetched_again, 30)
    assert time.monotonic() - started < 30


def test_a_second_service_is_refused_through_a_symlink_or_another_spelling(loopback, service, tmp_path):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    first = service(f"fetch:\n  host_delay: 0s\nsources:\n  - id: rules\n    url: {loopback.url}/feed.xml\n"
                    "    interval: 1s\n    full_text: never\n")
    first.db = tmp_path / "data" / "monitor.db"
    first.start()
    first.wait_for(lambda: len(first.articles()) == 1, 20)
    (tmp_path / "link.db").symlink_to(first.db)
    (tmp_path / "linked-data").symlink_to(tmp_path / "data", target_is_directory=True)

    for spelling in (tmp_path / "link.db", f"{tmp_path}/data/../data/monitor.db",
                     tmp_path / "linked-data" / "monitor.db"):
        second = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--db", str(spelling), "--sources",
                                   str(first.sources)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        try:
            _, stderr = second.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            second.kill()
            second.communicate()
            raise AssertionError(f"a second service through {spelling} was not refused") from None
        assert second.returncode == 1, stderr
        assert f"pid {first.process.pid}" in stderr and "already using" in stderr
    assert first.process.poll() is None  # the first one keeps running
