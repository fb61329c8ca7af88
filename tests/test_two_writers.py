"""Two processes writing one archive: `monitor crawl` while `monitor run` is running, and a writer
that holds the lock. Real subprocesses, loopback feeds, one real SQLite file."""

import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from monitor import store as store_module
from monitor.store import Store, StoreBusy
from tests.feeds import ALERTING_DEFAULTS, paragraph, rss
from tests.test_service import REPO, service  # noqa: F401  (fixture)

SERVICE_FEEDS, CRAWL_FEEDS, CRAWL_ITEMS = 4, 10, 20
SLOW_FEED_SECONDS = 12  # longer than SQLite's busy timeout (10 s)


def test_three_crawls_beside_the_running_service_complete_and_neither_loses_an_article(loopback, service, tmp_path):
    served: dict[str, set[str]] = {}  # service feed -> the guids it was given
    serving = threading.Event()
    serving.set()
    lock = threading.Lock()

    def ever_new(path: str):
        def answer(_request):  # each fetch carries one more item than the last, while `serving`
            with lock:
                guids = served.setdefault(path, set())
                if serving.is_set():
                    guids.add(f"{path}-{len(guids)}")
                items = [{"title": f"Ministry publishes AI notice {g}", "link": f"{loopback.url}/notice/{g}",
                          "guid": g, "content": paragraph(f"notice {g}")} for g in sorted(guids)]
            return 200, {"Content-Type": "application/rss+xml"}, rss(items).encode()
        return answer

    for n in range(SERVICE_FEEDS):
        loopback.route(f"/service/{n}.xml", handler=ever_new(f"s{n}"))
    def slow(_request):  # a crawl waits on this feed after the others are stored
        time.sleep(SLOW_FEED_SECONDS)
        return 200, {"Content-Type": "application/rss+xml"}, rss([]).encode()

    loopback.route("/crawl/slow.xml", handler=slow)
    for n in range(CRAWL_FEEDS):
        loopback.route(f"/crawl/{n}.xml", rss([
            {"title": f"Regulator opens consultation {n}-{i} on AI audits", "link": f"{loopback.url}/c/{n}/{i}",
             "guid": f"c{n}-{i}", "content": paragraph(f"consultation {n} {i}")} for i in range(CRAWL_ITEMS)]))
    entries = "".join(f"  - id: service-{n}\n    url: {loopback.url}/service/{n}.xml\n    interval: 1s\n"
                      "    full_text: never\n" for n in range(SERVICE_FEEDS))
    svc = service(f"fetch:\n  host_delay: 0s\nsources:\n{entries}")
    crawl_sources = tmp_path / "crawl-sources.yaml"
    crawl_sources.write_text("fetch:\n  host_delay: 0s\n  read_timeout: 30s\n  total_timeout: 40s\nsources:\n"
                             f"  - id: crawl-slow\n    url: {loopback.url}/crawl/slow.xml\n" + "".join(
        f"  - id: crawl-{n}\n    url: {loopback.url}/crawl/{n}.xml\n    full_text: never\n" for n in range(CRAWL_FEEDS)))

    svc.start()
    svc.wait_for(lambda: len(svc.articles()) >= SERVICE_FEEDS, 30)
    crawls = [subprocess.run([sys.executable, "-m", "monitor", "crawl", "--db", str(svc.db), "--sources",
                              str(crawl_sources), "--config", str(ALERTING_DEFAULTS), "--force"],
                             cwd=REPO, capture_output=True, text=True, timeout=180) for _ in range(3)]
    for crawl in crawls:
        assert crawl.returncode == 0, crawl.stderr
    after_crawl = len(svc.articles())
    svc.wait_for(lambda: len(svc.articles()) > after_crawl, 30)  # the service went on writing
    serving.clear()
    with lock:
        every_guid = {g for guids in served.values() for g in guids}
    stored = lambda: {url.rsplit("/", 1)[1] for url, _ in svc.articles() if "/notice/" in url}  # noqa: E731
    svc.wait_for(lambda: stored() >= every_guid, 30)
    code, _ = svc.stop()
    assert code == 0

    conn = sqlite3.connect(svc.db)
    crawled = conn.execute("SELECT count(*) FROM articles WHERE source_id LIKE 'crawl-%'").fetchone()[0]
    assert crawled == CRAWL_FEEDS * CRAWL_ITEMS
    assert stored() == every_guid  # nothing the service was given is missing, nothing extra
    assert conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0
    failed = conn.execute("SELECT count(*) FROM fetch_log WHERE outcome = 'error'").fetchone()[0]
    assert failed == 0
    conn.close()
    assert "locked" not in svc.log.read_text() and not any("locked" in crawl.stderr for crawl in crawls)


HOLD_THE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO stories (title, first_seen, last_seen) VALUES ('other process', 'x', 'x')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold_the_lock(path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_write_waits_for_another_process_and_both_are_kept(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        store.conn.execute("PRAGMA busy_timeout = 100")  # so the waiting beyond SQLite's own is exercised
        holder = _hold_the_lock(store.path, 1.5)
        started = time.monotonic()
        with store.transaction():
            store.conn.execute("INSERT INTO stories (title, first_seen, last_seen) VALUES ('this process', 'x', 'x')")
        assert time.monotonic() - started >= 1.0
        assert holder.wait(timeout=10) == 0
        titles = {row[0] for row in store.conn.execute("SELECT title FROM stories")}
    assert titles == {"other process", "this process"}


def test_a_lock_held_too_long_is_a_clear_error_naming_the_archive(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_WAIT", 0.5)
    with Store(tmp_path / "archive.db") as store:
        store.conn.execute("PRAGMA busy_timeout = 100")
        holder = _hold_the_lock(store.path, 3)
        try:
            with pytest.raises(StoreBusy) as raised, store.transaction():
                pass
        finally:
            holder.wait(timeout=10)
    assert str(raised.value).startswith(f"{store.path}: another process has kept the archive busy")
    assert "try again when it is done" in str(raised.value)
