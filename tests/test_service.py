"""`monitor run` as a real subprocess: schedules, signals, crash safety, one instance per database."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.feeds import paragraph, rss
from tests.loopback import LoopbackServer

REPO = Path(__file__).resolve().parent.parent


def item(server, n: int) -> dict:
    return {"title": f"Agency issues AI rule number {n}", "link": f"{server.url}/rule/{n}", "guid": f"rule-{n}",
            "content": paragraph(f"rule {n}")}


class Service:
    def __init__(self, tmp_path: Path, sources: str):
        self.db = tmp_path / "archive.db"
        self.sources = tmp_path / "sources.yaml"
        self.sources.write_text(sources)
        self.log = tmp_path / "service.log"
        self.process = None

    def start(self) -> subprocess.Popen:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--db", str(self.db), "--sources", str(self.sources)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=self.log.open("a"),
        )
        return self.process

    def articles(self) -> list[tuple]:
        if not self.db.exists():
            return []
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute("SELECT url, revision FROM articles ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []
        finally:
            conn.close()

    def wait_for(self, condition, timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if condition():
                return time.monotonic() - started
            time.sleep(0.2)
        raise AssertionError(f"not within {timeout}s; log:\n{self.log.read_text()}")

    def stop(self, sig=signal.SIGTERM) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout=15)
        return code, time.monotonic() - started


def sources_yaml(server, interval: str = "1s", extra: str = "") -> str:
    return (f"fetch:\n  host_delay: 0s\nsources:\n  - id: rules\n    url: {server.url}/feed.xml\n"
            f"    interval: {interval}\n    full_text: never\n{extra}")


@pytest.fixture
def service(tmp_path):
    services = []

    def make(sources: str) -> Service:
        services.append(Service(tmp_path, sources))
        return services[-1]

    yield make
    for s in services:
        if s.process and s.process.poll() is None:
            s.process.kill()
            s.process.wait()


def test_new_item_reaches_the_archive_within_an_interval_and_sigterm_stops_cleanly(loopback, service):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    svc = service(sources_yaml(loopback, "2s"))
    svc.start()
    svc.wait_for(lambda: len(svc.articles()) == 1, 15)
    loopback.route("/feed.xml", rss([item(loopback, 2), item(loopback, 1)]))
    published = time.monotonic()
    svc.wait_for(lambda: len(svc.articles()) == 2, 2 + 10)
    assert time.monotonic() - published <= 12
    code, seconds = svc.stop(signal.SIGTERM)
    assert code == 0 and seconds < 10
    log = svc.log.read_text()
    assert "crawl source=rules status=ok new=1" in log and "service stopped" in log


def test_the_search_index_is_built_on_start_and_follows_the_crawls(loopback, service):
    from monitor.search import index_for
    from monitor.store import Store

    def indexed(count: int) -> bool:
        try:
            with Store(str(svc.db), readonly=True) as store:
                index = index_for(str(svc.db))
                return index.check(store.search_rows).status == "current" and index.searcher().num_docs == count
        except Exception:  # not created yet
            return False

    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    svc = service(sources_yaml(loopback, "2s"))
    svc.start()
    svc.wait_for(lambda: indexed(1), 20)
    loopback.route("/feed.xml", rss([item(loopback, 2), item(loopback, 1)]))
    svc.wait_for(lambda: indexed(2), 15)
    svc.stop(signal.SIGTERM)
    assert "search index rebuilt" in svc.log.read_text()  # none at first start: built without holding up the crawl


def test_a_second_instance_on_the_same_database_is_refused_at_once(loopback, service, tmp_path):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    first = service(sources_yaml(loopback))
    first.start()
    first.wait_for(lambda: len(first.articles()) == 1, 15)
    started = time.monotonic()
    second = subprocess.run([sys.executable, "-m", "monitor", "run", "--db", str(first.db), "--sources",
                             str(first.sources)], cwd=REPO, capture_output=True, text=True, timeout=30)
    assert second.returncode == 1 and time.monotonic() - started < 10
    assert f"pid {first.process.pid}" in second.stderr and "already using" in second.stderr
    assert first.process.poll() is None  # the first one keeps running


def test_kill_9_during_a_crawl_loses_nothing_and_duplicates_nothing(loopback, service):
    loopback.route("/feed.xml", rss([item(loopback, n) for n in range(1, 4)]))
    with LoopbackServer("127.0.0.2") as slow_host:  # its own host, so its slowness holds up nobody else
        slow_host.route("/slow.xml", rss([item(slow_host, 9)]), delay=5)
        svc = service(sources_yaml(loopback, extra=f"  - id: slow\n    url: {slow_host.url}/slow.xml\n"
                                                  "    interval: 1s\n    full_text: never\n"))
        svc.start()
        svc.wait_for(lambda: len(svc.articles()) == 3 and slow_host.requests_to("/slow.xml"), 15)
        before = svc.articles()
        svc.process.kill()  # the slow crawl is in flight
        svc.process.wait()
        slow_host.route("/slow.xml", rss([item(slow_host, 9)]))
        svc.start()
        svc.wait_for(lambda: len(svc.articles()) == 4, 20)
        svc.wait_for(lambda: svc.log.read_text().count("service started") == 2, 5)
    after = svc.articles()
    assert before == svc.articles()[:3] and len(before) == 3
    assert after[: len(before)] == before and len({url for url, _ in after}) == len(after) == 4
    assert all(revision == 1 for _, revision in after)
    assert svc.stop()[0] == 0
    conn = sqlite3.connect(svc.db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_bad_edit_is_refused_and_a_good_one_is_applied_without_restart(loopback, service):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    loopback.route("/other.xml", rss([item(loopback, 5)]))
    svc = service(sources_yaml(loopback))
    svc.start()
    svc.wait_for(lambda: len(svc.articles()) == 1, 15)
    svc.sources.write_text(sources_yaml(loopback) + "  - id: broken\n    url: not a url\n")
    svc.process.send_signal(signal.SIGHUP)
    svc.wait_for(lambda: "reload refused" in svc.log.read_text(), 10)
    assert "is not an http(s) URL" in svc.log.read_text()
    assert svc.process.poll() is None
    svc.sources.write_text(sources_yaml(loopback) + f"  - id: other\n    url: {loopback.url}/other.xml\n"
                                                   "    interval: 1s\n    full_text: never\n")
    svc.process.send_signal(signal.SIGHUP)
    svc.wait_for(lambda: len(svc.articles()) == 2, 15)
    assert "reloaded" in svc.log.read_text()


def test_status_shows_jobs_and_health_while_running_and_after(loopback, service):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    svc = service(sources_yaml(loopback))
    svc.start()
    svc.wait_for(lambda: len(svc.articles()) == 1, 15)

    def status() -> dict:
        done = subprocess.run([sys.executable, "-m", "monitor", "status", "--db", str(svc.db), "--json"],
                              cwd=REPO, capture_output=True, text=True, timeout=30)
        return json.loads(done.stdout)

    svc.wait_for(lambda: any(j["id"] == "crawl:rules" and j["runs"] for j in status()["jobs"]), 10)
    running = status()
    assert running["running"] and f"pid {svc.process.pid}" in running["process"]
    assert running["sources"]["failing"] == 0
    svc.stop()
    stopped = status()
    assert not stopped["running"] and stopped["last_run"]["stopped_at"]


def test_json_logs_are_one_object_per_line(loopback, service, tmp_path):
    loopback.route("/feed.xml", rss([item(loopback, 1)]))
    svc = service(sources_yaml(loopback))
    svc.process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", str(svc.db), "--sources", str(svc.sources),
         "--log-format", "json"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=svc.log.open("a"),
        env={**os.environ},
    )
    svc.wait_for(lambda: '"event": "crawl"' in svc.log.read_text(), 20)
    svc.stop()
    events = [json.loads(line) for line in svc.log.read_text().splitlines() if line.strip()]
    crawl = next(e for e in events if e["event"] == "crawl")
    assert crawl["source"] == "rules" and crawl["new"] == 1 and crawl["status"] == "ok"


TIER_TEXT = ("OpenAI released GPT-5.3-Codex today. This is the first model we are treating as High capability in "
             "cybersecurity under our Preparedness Framework, and we have activated the associated safeguards. "
             "The model found previously unknown vulnerabilities in open-source software during testing, and "
             "requests that look like attacks will be routed to a less capable model.")


def test_a_tier_change_reaches_the_channel_within_an_interval_once_per_story(loopback, service, tmp_path):
    """The whole service: crawl, real classifier, tier tracker, rule, webhook; a copy raises nothing more."""
    from tests.receivers import HttpSink

    recent = datetime.now(UTC) - timedelta(hours=1)
    quiet = [{"title": "Quarterly results beat expectations", "link": f"{loopback.url}/q3", "guid": "q3",
              "content": paragraph("a retailer's quarterly results", 150)}]
    loopback.route("/feed.xml", rss(quiet))
    loopback.route("/wire.xml", rss([]))
    with HttpSink() as hook:
        (tmp_path / "monitor.yaml").write_text(
            f"channels:\n  hook:\n    type: webhook\n    url: {hook.url}/alerts\n"
            "rules:\n  - name: tier-changes\n    match: {action: tier_change}\n    notify: [hook]\n")
        svc = service(sources_yaml(loopback, "2s", extra=f"  - id: wire\n    url: {loopback.url}/wire.xml\n"
                                                        "    interval: 2s\n    full_text: never\n"))
        svc.process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--db", str(svc.db), "--sources", str(svc.sources),
             "--config", str(tmp_path / "monitor.yaml")], cwd=REPO, stdout=subprocess.DEVNULL,
            stderr=svc.log.open("a"))
        svc.wait_for(lambda: len(svc.articles()) == 1, 20)
        tier = {"title": "Introducing GPT-5.3-Codex", "link": f"{loopback.url}/codex", "guid": "codex",
                "content": TIER_TEXT, "date": recent}
        loopback.route("/feed.xml", rss([tier] + quiet))
        svc.wait_for(lambda: hook.posted_to("/alerts"), 2 + 10)
        alert = hook.posted_to("/alerts")[0].json
        assert "GPT-5.3-Codex" in json.dumps(alert) and "tier-changes" in json.dumps(alert)
        copy = {"title": "OpenAI rates GPT-5.3-Codex High for cybersecurity", "link": f"{loopback.url}/wire/codex",
                "guid": "wire-codex", "content": "From the wire: " + TIER_TEXT, "date": recent}
        loopback.route("/wire.xml", rss([copy]))
        svc.wait_for(lambda: len(svc.articles()) == 3, 15)
        time.sleep(4)  # two more crawl rounds: time for a second alert, if one were raised
        assert len(hook.posted_to("/alerts")) == 1
        assert svc.stop()[0] == 0


def test_articles_stored_while_no_model_loaded_are_labelled_when_the_service_starts(loopback, service):
    from monitor.store import Store
    from tests.alert_support import add_article

    loopback.route("/feed.xml", rss([]))
    svc = service(sources_yaml(loopback, "1h"))
    with Store(svc.db) as store:  # as a crawl left it when the model file could not be read
        add_article(store, "rules", "Governor signs the Frontier AI Safety Act", text=TIER_TEXT)

    def labelled() -> int:
        conn = sqlite3.connect(svc.db)
        try:
            return conn.execute("SELECT count(*) FROM model_labels").fetchone()[0]
        finally:
            conn.close()

    svc.start()
    svc.wait_for(lambda: labelled() == 1, 30)
    assert svc.stop()[0] == 0
