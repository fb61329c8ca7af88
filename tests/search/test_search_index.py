"""The search index beside the archive (monitor.search.index): built, kept in step through the
queue, checked (a missing, stale or foreign index is caught, never searched silently wrong), and
shared by two processes."""

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import monitor.search.engine as engine
from monitor.search import IndexBusy, index_for, search_articles
from monitor.search.sync import catching_up
from monitor.store import Store
from monitor.store.schema import MIGRATIONS

REPO = Path(__file__).resolve().parent.parent


def add(store: Store, title: str, text: str = "body") -> int:
    with store.transaction():
        return store.conn.execute(
            "INSERT INTO articles (source_id, url, title, text, published, first_seen, updated_at) "
            "VALUES ('src', ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (f"https://example.org/{title}", title, text),
        ).lastrowid


def found(store: Store, query: str) -> list[int]:
    return sorted(h.id for h in search_articles(store, query, limit=1000).hits)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        yield store


def test_a_missing_index_is_built_and_a_queue_applied_before_a_search(store):
    index = index_for(store.path)
    first = add(store, "alpha")
    assert index.check(store.search_rows).status == "missing"
    assert found(store, "alpha") == [first]
    assert index.check(store.search_rows).status == "current"
    second = add(store, "alpha two")
    check = index.check(store.search_rows)
    assert (check.status, check.pending) == ("behind", 1)
    assert found(store, "alpha") == [first, second]
    assert index.check(store.search_rows, count=True).status == "current"


def test_applied_changes_leave_the_queue_but_its_numbers_keep_growing(store):
    for n in range(5):
        add(store, f"word{n}")
    search_articles(store, "word0")
    assert tuple(store.conn.execute("SELECT count(*), max(seq) FROM search_queue").fetchone()) == (1, 5)
    add(store, "word5")
    search_articles(store, "word5")
    assert tuple(store.conn.execute("SELECT min(seq), max(seq) FROM search_queue").fetchone()) == (6, 6)


def test_a_long_queue_is_applied_in_the_background_while_the_search_says_so(store, monkeypatch):
    add(store, "early")
    search_articles(store, "early")
    monkeypatch.setattr(engine, "SEARCH_CATCH_UP", 3)
    late = [add(store, f"late {n}") for n in range(10)]
    results = search_articles(store, "early")
    assert "catching up" in results.note and "10 changes" in results.note
    deadline = time.monotonic() + 20
    while index_for(store.path).check(store.search_rows).status != "current":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert found(store, "late") == late


def test_an_index_of_another_archive_or_format_is_rebuilt(store):
    article = add(store, "gamma")
    search_articles(store, "gamma")
    index = index_for(store.path)
    with store.transaction():
        store.conn.execute("UPDATE search_archive SET id = 'another'")
    check = index.check(store.search_rows)
    assert check.status == "rebuild" and "another archive" in check.reason
    assert found(store, "gamma") == [article]
    state = json.loads((index.path / "state.json").read_text())
    (index.path / "state.json").write_text(json.dumps(state | {"format": 0}))
    assert "another version" in index.check(store.search_rows).reason
    assert found(store, "gamma") == [article]
    assert len([p for p in index.path.iterdir() if p.is_dir()]) == 1  # old builds are removed


def test_an_archive_restored_from_a_backup_gets_its_index_rebuilt(tmp_path):
    path = tmp_path / "archive.db"
    with Store(path) as store:
        kept = add(store, "kept")
        search_articles(store, "kept")
    shutil.copy(path, tmp_path / "backup.db")
    with Store(path) as store:
        add(store, "lost later")
        search_articles(store, "lost")
    shutil.copy(tmp_path / "backup.db", path)  # the archive goes back; the index stays ahead
    with Store(path) as store:
        check = index_for(store.path).check(store.search_rows)
        assert check.status == "rebuild" and "newer than the archive" in check.reason
        assert found(store, "lost") == [] and found(store, "kept") == [kept]


def test_an_index_restored_from_a_backup_that_missed_pruned_changes_is_rebuilt(store, tmp_path):
    add(store, "one")
    search_articles(store, "one")
    index = index_for(store.path)
    shutil.copytree(index.path, tmp_path / "old-index")
    later = [add(store, f"two {n}") for n in range(3)]
    search_articles(store, "two")  # applied, and pruned from the queue
    shutil.rmtree(index.path)
    shutil.copytree(tmp_path / "old-index", index.path)
    check = index.check(store.search_rows)
    assert check.status == "rebuild" and "missed changes" in check.reason
    assert found(store, "two") == later


def test_a_count_at_start_up_catches_an_index_that_lost_track(store):
    add(store, "known")
    search_articles(store, "known")
    store.conn.execute("DROP TRIGGER search_queue_ai")  # an insert the queue never hears of
    unseen = add(store, "unseen")
    index = index_for(store.path)
    assert index.check(store.search_rows).status == "current"  # the cheap check cannot tell
    check = index.check(store.search_rows, count=True)
    assert check.status == "rebuild" and "holds 1 articles, the archive 2" in check.reason
    index.ensure(store.search_rows, count=True)
    assert found(store, "unseen") == [unseen]


# --- two processes ---------------------------------------------------------------------------------

HOLD_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_busy_index_makes_writers_wait_then_give_up_and_never_fails_a_crawl(store):
    add(store, "before")
    search_articles(store, "before")
    index = index_for(store.path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index.path / "lock"), "30"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        added = add(store, "during")
        started = time.monotonic()
        with pytest.raises(IndexBusy):
            index.catch_up(store.search_rows, wait=0.3)
        assert 0.3 <= time.monotonic() - started < 3
        with catching_up(store, wait=0.3):  # what `monitor crawl` does after a crawl: no error
            pass
        results = search_articles(store, "during")  # answers from what the index holds, and says so
        assert results.hits == [] and "catching up" in results.note
    finally:
        holder.kill()
        holder.wait()
    index.catch_up(store.search_rows, wait=5)
    assert found(store, "during") == [added]


WRITER = """
import sys
from monitor.store import Store
from monitor.search import IndexBusy, index_for, search_articles
with Store(sys.argv[1]) as store:
    index = index_for(store.path)
    for n in range(int(sys.argv[3])):
        with store.transaction():
            store.conn.execute(
                "INSERT INTO articles (source_id, url, title, text, published, first_seen, updated_at) "
                "VALUES ('src', ?, ?, 'body', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                (f"https://example.org/{sys.argv[2]}/{n}", f"{sys.argv[2]} item{n}"))
        if n % 3 == 0:
            with store.transaction():
                store.conn.execute("UPDATE articles SET text = 'revised body' WHERE url = ?",
                                   (f"https://example.org/{sys.argv[2]}/{n}",))
        try:
            index.catch_up(store.search_rows, wait=0.05)
        except IndexBusy:
            pass
"""


def test_two_processes_writing_one_archive_leave_each_article_indexed_once(store):
    add(store, "seed")
    search_articles(store, "seed")
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, store.path, name, "40"], cwd=REPO)
               for name in ("north", "south")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    index = index_for(store.path)
    index.catch_up(store.search_rows)
    assert index.searcher().num_docs == store.articles.count() == 81
    assert len(found(store, "north")) == 40 and len(found(store, "south")) == 40
    assert len(found(store, "revised")) == 2 * 14
    assert index.check(store.search_rows, count=True).status == "current"


def test_searches_from_many_threads_share_one_index(store):
    ids = [add(store, f"shared {n}") for n in range(30)]
    errors = []

    def search() -> None:
        try:
            with Store(store.path, readonly=True) as reader:
                for _ in range(5):
                    assert found(reader, "shared") == ids
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


# --- upgrading an archive, and the command ---------------------------------------------------------


def test_an_archive_with_fts5_indexes_migrates_and_its_index_is_built_on_first_use(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:8], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.execute("INSERT INTO articles (source_id, url, title, text, published, first_seen, updated_at) "
                 "VALUES ('src', 'https://e.org/1', 'Old hearing', 'archived before', '2025-01-01T00:00:00Z', "
                 "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master")}
        assert not {"articles_fts", "articles_recent_fts", "articles_recent_floor"} & tables
        assert {"search_queue", "search_archive", "search_queue_ai"} <= tables
        assert index_for(store.path).check(store.search_rows).status == "missing"
        assert found(store, "hearing") == [1]


def test_reindex_rebuilds_and_checks(store):
    articles = [add(store, f"entry {n}") for n in range(3)]

    def monitor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "monitor", *args, "--db", store.path], cwd=REPO,
                              capture_output=True, text=True, timeout=120)

    checked = monitor("reindex", "--check")
    assert checked.returncode == 1 and "missing (no search index yet)" in checked.stdout
    done = monitor("reindex")
    assert done.returncode == 0 and "Indexed 3 articles" in done.stdout
    assert monitor("reindex", "--check").stdout.strip().endswith(": current")
    assert found(store, "entry") == articles
    searched = monitor("search", "entry", "--json")
    assert json.loads(searched.stdout)["total"] == 3


def test_a_search_inside_an_open_transaction_never_writes_the_index(store):
    add(store, "first")
    search_articles(store, "first")
    index = index_for(store.path)
    with pytest.raises(RuntimeError, match="rolled back"), store.transaction():
        add_in_transaction = store.conn.execute(
            "INSERT INTO articles (source_id, url, title, text, published, first_seen, updated_at) VALUES "
            "('src', 'https://e.org/x', 'second', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z')").lastrowid
        results = search_articles(store, "second")
        assert add_in_transaction and results.hits == [] and "catching up" in results.note
        raise RuntimeError("rolled back")
    assert index.check(store.search_rows, count=True).status == "current"
