"""Parse workers never outlive their crawl: after kill -9 of `monitor crawl`, its worker processes
and multiprocessing's resource tracker exit within seconds. A real crawl subprocess with two
workers, loopback feeds (one slow, on a host of its own, so the crawl is mid-way when killed)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.feeds import ALERTING_DEFAULTS
from tests.feeds import paragraph, rss
from tests.loopback import LoopbackServer

REPO = Path(__file__).resolve().parent.parent


def children(pid: int) -> dict[int, str]:
    """Live (not zombie) processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found[int(entry.name)] = cmdline
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_workers_and_the_resource_tracker_exit_when_the_crawl_is_killed(loopback, tmp_path):
    for n in range(4):
        loopback.route(f"/feed/{n}.xml", rss([{"title": f"AI rule {n}", "link": f"{loopback.url}/r/{n}",
                                               "guid": f"r{n}", "content": paragraph(f"rule {n}")}]))
    with LoopbackServer("127.0.0.2") as slow:
        slow.route("/slow.xml", rss([]), delay=60)
        entries = "".join(f"  - id: feed-{n}\n    url: {loopback.url}/feed/{n}.xml\n    full_text: never\n"
                          for n in range(4))
        (tmp_path / "sources.yaml").write_text(
            f"fetch:\n  host_delay: 0s\n  read_timeout: 90s\n  total_timeout: 90s\nsources:\n{entries}"
            f"  - id: slow\n    url: {slow.url}/slow.xml\n")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "monitor", "crawl", "--workers", "2", "--db", str(tmp_path / "a.db"),
             "--sources", str(tmp_path / "sources.yaml"), "--config", str(ALERTING_DEFAULTS)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        left_behind: dict[int, str] = {}
        try:
            assert wait_until(lambda: slow.requests_to("/slow.xml") and sum(
                "spawn_main" in cmd for cmd in children(crawl.pid).values()) >= 1, 60), children(crawl.pid)
            assert wait_until(lambda: len(loopback.requests_to("/feed/3.xml")) == 1, 10)
            time.sleep(2)  # the fast feeds parsed: the workers are idle, waiting for more
            left_behind = children(crawl.pid)
            assert any("resource_tracker" in cmd for cmd in left_behind.values()), left_behind
            os.kill(crawl.pid, signal.SIGKILL)
            crawl.wait()

            assert wait_until(lambda: not any(alive(pid) for pid in left_behind), 10), \
                {pid: cmd for pid, cmd in left_behind.items() if alive(pid)}
        finally:
            crawl.kill()
            for pid in left_behind:  # left running by a failure: do not leave them to the next test
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
