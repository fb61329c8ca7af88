"""A full disk, a read-only file system, an immutable file: every command ends in one plain line
naming the file and the cause, `monitor run` exits non-zero when it cannot start, and a running
service keeps running through a full disk and catches up once there is room again.

Real conditions, not mocks: a 32 MB tmpfs filled to the brim, a read-only bind mount, chattr +i.
They need root (or the capabilities to mount and to set the immutable flag); where the machine
does not allow them, the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.search.index import SearchIndex, index_path, index_trouble
from monitor.store import Store
from tests.feeds import ALERTING_DEFAULTS
from tests.feeds import paragraph, rss

REPO = Path(__file__).resolve().parent.parent
HEADROOM = 48 * 1024  # bytes left free: the archive opens, its next big write does not fit


def run_command(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def plain_error(done: subprocess.CompletedProcess) -> str:
    """The one error line a command ended with; fails on a traceback or a zero exit."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    return line


def privileged(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow `{' '.join(command)}`: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    privileged("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(disk))
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill the disk up to `leave` free bytes; the filler file, to remove for room again."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    size = max(stats.f_bavail * stats.f_frsize - leave, 0)
    with filler.open("ab") as out:
        try:
            out.write(b"\0" * size)
            out.flush()
        except OSError:
            pass
    return filler


@pytest.fixture
def read_only_view(tmp_path):
    """(a writable folder, the same folder mounted read-only)."""
    writable, view = tmp_path / "rw", tmp_path / "ro"
    writable.mkdir()
    view.mkdir()
    privileged("mount", "--bind", str(writable), str(view))
    try:
        privileged("mount", "-o", "remount,bind,ro", str(view))
        yield writable, view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


@pytest.fixture
def immutable():
    marked = []

    def mark(path: Path) -> None:
        privileged("chattr", "+i", str(path))
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def feed(server, name: str, items: int = 40) -> str:
    """A feed of long items: tens of KB once stored and indexed."""
    return rss([{"title": f"AI {name} rule {n} adopted", "link": f"{server.url}/{name}/{n}", "guid": f"{name}-{n}",
                 "content": paragraph(f"{name} rule {n}", 300)} for n in range(items)])


def sources_file(folder: Path, server, names: list[str], interval: str = "1h") -> Path:
    path = folder / "sources.yaml"
    entries = "".join(f"  - id: {name}\n    url: {server.url}/{name}.xml\n    interval: {interval}\n"
                      "    full_text: never\n" for name in names)
    path.write_text(f"fetch:\n  host_delay: 0s\nsources:\n{entries}")
    return path


def archive_with(folder: Path, server, names: list[str]) -> Path:
    """An archive crawled once from the feeds `names`."""
    db = folder / "monitor.db"
    done = run_command("crawl", "--db", db, "--sources", sources_file(folder.parent, server, names),
                       "--config", ALERTING_DEFAULTS)
    assert done.returncode == 0, done.stderr
    return db


def count(db: Path, source_id: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles WHERE source_id = ?", (source_id,)).fetchone()[0]
    finally:
        conn.close()


def test_crawl_on_a_disk_that_fills_says_so_in_one_line(small_disk, loopback, tmp_path):
    loopback.route("/first.xml", feed(loopback, "first"))
    loopback.route("/second.xml", feed(loopback, "second"))
    db = archive_with(small_disk, loopback, ["first"])
    fill(small_disk, leave=HEADROOM)

    done = run_command("crawl", "--db", db, "--sources", sources_file(tmp_path, loopback, ["first", "second"]),
                       "--config", ALERTING_DEFAULTS)

    assert plain_error(done) == f"Error: {db}: the disk is full; free some space"
    fill(small_disk)  # not a byte left: the archive cannot even be opened
    again = run_command("crawl", "--db", db, "--sources", tmp_path / "sources.yaml", "--config",
                        ALERTING_DEFAULTS)
    assert plain_error(again) == f"Error: {db}: the disk is full; free some space"


def test_the_service_keeps_running_on_a_full_disk_and_catches_up_when_there_is_room(small_disk, loopback, tmp_path):
    loopback.route("/first.xml", feed(loopback, "first"))
    loopback.route("/second.xml", feed(loopback, "second"))
    db = small_disk / "monitor.db"
    sources = sources_file(tmp_path, loopback, ["first"])
    log = tmp_path / "service.log"
    service = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--db", str(db), "--sources", str(sources),
                                "--config", str(ALERTING_DEFAULTS)], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=log.open("w"))
    try:
        wait_for(lambda: count(db, "first") == 40, 60, log)
        # The first crawl's work is done (labels, search index) before the disk fills, so that
        # the write that meets the full disk is the new source's.
        wait_for(lambda: "labelled articles=40" in log.read_text()
                 and "search index applied=40" in log.read_text(), 60, log)
        filler = fill(small_disk, leave=HEADROOM)
        sources_file(tmp_path, loopback, ["first", "second"])  # a new source: crawled at once, stored never
        wait_for(lambda: "cannot write the archive" in log.read_text(), 30, log)
        time.sleep(2)
        assert service.poll() is None, log.read_text()
        assert count(db, "second") == 0

        filler.unlink()
        wait_for(lambda: count(db, "second") == 40, 60, log)
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=20) == 0
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    text = log.read_text()
    assert "Traceback" not in text, text
    assert f'cannot write the archive task=crawl:second error="{db}: the disk is full; free some space"' in text
    # Held while the disk was full (a heartbeat still fitted in it), run again once only when it was not.
    assert text.count("cannot write the archive task=crawl:second") == 1, text
    assert text.count("archive writable again") == 1, text


def test_run_that_cannot_start_exits_non_zero_with_one_line(small_disk, read_only_view, immutable, loopback, tmp_path):
    loopback.route("/first.xml", feed(loopback, "first", items=2))
    writable, view = read_only_view
    db = archive_with(writable, loopback, ["first"])
    sources = tmp_path / "sources.yaml"

    def start(path: Path) -> str:
        return plain_error(run_command("run", "--db", path, "--sources", sources, "--config",
                                       ALERTING_DEFAULTS, timeout=30))

    assert start(view / "monitor.db") == \
        f"Error: {view}/monitor.db.lock: the file system is read-only; mount it read-write, or use another --db"
    immutable(db)
    assert start(db) == f"Error: {db}: the file is immutable (chattr +i); clear that with chattr -i"
    fill(small_disk)
    assert start(small_disk / "monitor.db") == f"Error: {small_disk}/monitor.db: the disk is full; free some space"


def test_reading_commands_on_a_read_only_file_system_say_so_in_one_line(read_only_view, loopback, tmp_path):
    loopback.route("/first.xml", feed(loopback, "first", items=2))
    writable, view = read_only_view
    archive_with(writable, loopback, ["first"])
    expected = f"Error: {view}/monitor.db: the file system is read-only; mount it read-write, or use another --db"
    for command in (["search", "rule"], ["show", "1"], ["status"], ["alerts"]):
        assert plain_error(run_command(*command, "--db", view / "monitor.db")) == expected, command


def test_crawl_on_an_immutable_archive_says_so_in_one_line(immutable, loopback, tmp_path):
    loopback.route("/first.xml", feed(loopback, "first", items=2))
    folder = tmp_path / "data"
    folder.mkdir()
    db = archive_with(folder, loopback, ["first"])
    immutable(db)
    done = run_command("crawl", "--db", db, "--sources", tmp_path / "sources.yaml", "--config",
                       ALERTING_DEFAULTS, "--force")
    assert plain_error(done) == f"Error: {db}: the file is immutable (chattr +i); clear that with chattr -i"


def wait_for(condition, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.Error:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout}s; log:\n{log.read_text()}")


def test_a_search_index_that_finds_the_disk_full_is_named_in_one_line(small_disk, loopback):
    loopback.route("/first.xml", feed(loopback, "first"))
    db = archive_with(small_disk, loopback, ["first"])
    shutil.rmtree(index_path(str(db)))  # built by the crawl: to be built again on a full disk
    with Store(db, readonly=True) as reader:
        fill(small_disk)
        with pytest.raises(Exception) as caught:
            SearchIndex(str(db)).ensure(reader.search_rows, prune=False)
    assert index_trouble(caught.value, str(db)) == f"{db}.search: the disk is full; free some space"
