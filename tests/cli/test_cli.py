"""The `monitor` command as users run it: a real subprocess, a real archive, a loopback feed."""

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from tests.feeds import days_ago, paragraph, rss


def run(*args: str, env_db: Path | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "MONITOR_DB": str(env_db)} if env_db else None
    done = subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True, timeout=60,
                          env=env, cwd=Path(__file__).parents[2])
    if ok:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def archive(tmp_path, loopback):
    """A sources file with one loopback feed, crawled once into a fresh archive."""
    loopback.route("/feed.xml", rss([
        {"title": "Commission fines platform under the AI Act", "link": f"{loopback.url}/fine", "guid": "f",
         "content": paragraph("the AI Act fine"), "date": days_ago(1)},
        {"title": "Lab activates ASL-3 protections", "link": f"{loopback.url}/asl", "guid": "a",
         "content": paragraph("the ASL-3 activation"), "date": days_ago(2)},
    ]), etag='"1"')
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"# my sources\nsources:\n  - id: test-feed  # the loopback one\n"
                       f"    name: Test feed\n    url: {loopback.url}/feed.xml\n    tags: [test]\n")
    db = tmp_path / "archive.db"
    run("crawl", "--db", str(db), "--sources", str(sources))
    return db, sources


def all_commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in all_commands()], ids=" ".join)
def test_every_command_explains_itself_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "monitor " in result.output


def test_the_installed_command_runs():
    assert "crawl" in run("--help").stdout


def test_crawl_prints_a_summary_and_json(archive, loopback):
    db, sources = archive
    summary = run("crawl", "--db", str(db), "--sources", str(sources)).stdout
    assert "test-feed" in summary and "1 sources" in summary and "1 unchanged" in summary
    report = json.loads(run("crawl", "--db", str(db), "--sources", str(sources), "--json").stdout)
    assert report["sources"][0]["outcome"] == "not_modified" and report["new"] == 0


def test_crawl_reports_bad_entries_and_goes_on(tmp_path, loopback):
    loopback.route("/feed.xml", rss([{"title": "One", "link": f"{loopback.url}/1", "content": paragraph("one")}]))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - id: ok\n    url: {loopback.url}/feed.xml\n"
                       f"  - id: broken\n    url: {loopback.url}/x\n    interval: often\n")
    done = run("crawl", "--db", str(tmp_path / "a.db"), "--sources", str(sources))
    assert "entry 2 (id 'broken'): interval: 'often' is not a duration" in done.stderr
    assert "1 new articles" in done.stdout


def test_crawl_summary_counts_article_pages_it_could_not_fetch(tmp_path, loopback):
    # A summary-only item: its page is wanted, and a page on a loopback address is refused.
    loopback.route("/feed.xml", rss([{"title": "Lab post", "link": f"{loopback.url}/post",
                                      "description": "Only a summary."}]))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - id: lab\n    url: {loopback.url}/feed.xml\n")
    done = run("crawl", "--db", str(tmp_path / "a.db"), "--sources", str(sources))
    assert "1 new articles, 0 updated; 1 article pages could not be fetched" in done.stdout
    report = json.loads(run("crawl", "--db", str(tmp_path / "b.db"), "--sources", str(sources), "--json").stdout)
    assert report["pages_failed"] == 1 and report["sources"][0]["full_text_failed"] == 1
    health = json.loads(run("sources", "--db", str(tmp_path / "b.db"), "--sources", str(sources), "--json").stdout)
    assert health[0]["pages_pending"] == 1

def test_sources_lists_health_in_a_table_and_json(archive):
    db, sources = archive
    table = run("sources", "--db", str(db), "--sources", str(sources)).stdout
    assert "test-feed" in table and "ok" in table
    health = json.loads(run("sources", "--db", str(db), "--sources", str(sources), "--json").stdout)
    assert health[0]["id"] == "test-feed" and health[0]["articles"] == 2 and health[0]["last_error"] is None


def test_search_outputs_for_people_and_scripts(archive):
    db, _ = archive
    people = run("search", "ASL-3", "--db", str(db)).stdout
    assert "Lab activates ASL-3 protections" in people and "1 shown of 1 matches" in people
    found = json.loads(run("search", '"AI Act"', "--db", str(db), "--json").stdout)
    assert [h["title"] for h in found["hits"]] == ["Commission fines platform under the AI Act"]
    assert "**" in found["hits"][0]["snippet"]
    rows = list(csv.reader(io.StringIO(run("search", "lab OR commission", "--db", str(db), "--csv").stdout)))
    assert rows[0][:4] == ["id", "published", "source_id", "title"] and len(rows) == 3


def test_search_reads_broken_syntax_as_words_and_says_so(archive):
    db, _ = archive
    done = run("search", '"AI Act', "--db", str(db), env_db=None)
    assert "unbalanced quote" in done.stderr and "Commission fines platform" in done.stdout


def test_search_filters_and_env_db(archive):
    db, _ = archive
    since = days_ago(1).date().isoformat()
    newest = json.loads(run("search", "--since", since, "--json", env_db=db).stdout)
    assert [h["title"] for h in newest["hits"]] == ["Commission fines platform under the AI Act"]


def test_show_prints_the_article_and_says_when_it_does_not_exist(archive):
    db, _ = archive
    shown = run("show", "1", "--db", str(db)).stdout
    assert "Commission fines platform under the AI Act" in shown and "the AI Act fine" in shown
    assert json.loads(run("show", "2", "--db", str(db), "--json").stdout)["story_siblings"] == []
    missing = run("show", "99", "--db", str(db), ok=False)
    assert missing.returncode == 1 and "no article 99" in missing.stderr


def test_commands_on_a_missing_archive_say_how_to_fix_it(tmp_path):
    done = run("search", "x", "--db", str(tmp_path / "none.db"), ok=False)
    assert done.returncode == 1 and "run `monitor crawl` first" in done.stderr


def test_validate_exits_non_zero_on_problems(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("sources:\n  - id: a\n    url: https://example.org/feed\n")
    assert "1 valid sources" in run("sources", "validate", "--sources", str(good)).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - id: a\n    url: nope\n")
    done = run("sources", "validate", "--sources", str(bad), ok=False)
    assert done.returncode == 1 and "is not an http(s) URL" in done.stderr


def test_opml_export_then_import_round_trips_and_keeps_comments(archive, tmp_path):
    _, sources = archive
    opml = tmp_path / "out.opml"
    run("sources", "export", "--sources", str(sources), "-o", str(opml))
    assert 'xmlUrl="http://127.0.0.1' in opml.read_text()
    other = tmp_path / "other.yaml"
    other.write_text("# keep me\nsources:\n  - id: existing  # and me\n    url: https://example.org/x.xml\n")
    first = run("sources", "import", str(opml), "--sources", str(other)).stdout
    assert "1 sources added" in first
    again = run("sources", "import", str(opml), "--sources", str(other)).stdout
    assert "0 sources added" in again and "1 already there" in again
    text = other.read_text()
    assert "# keep me" in text and "# and me" in text and "id: test-feed" in text
    assert "  - id: existing  # and me" in text  # the user's layout is kept too
    assert "2 valid sources" in run("sources", "validate", "--sources", str(other)).stdout


def test_import_of_a_file_that_is_not_opml_is_refused(tmp_path):
    junk = tmp_path / "junk.opml"
    junk.write_text("<html><body>not opml</body></html>")
    done = run("sources", "import", str(junk), "--sources", str(tmp_path / "s.yaml"), ok=False)
    assert done.returncode == 1 and "not an OPML file" in done.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`monitor demo` run once: its output, the archive it leaves, and how long it took."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    started = time.monotonic()
    out = run("demo", "--db", str(db)).stdout
    return db, out, time.monotonic() - started


def test_demo_shows_the_whole_product_and_leaves_an_archive_to_explore(demo):
    db, out, seconds = demo
    assert seconds < 60
    assert "4 of 4 sources answered 304 Not Modified" in out
    # labels in words, the tracker with its history, moves with the stage the text supports
    assert "Tier change: Northwind AI · Atlas-4 · cyber · High" in out
    assert re.search(r"Northwind AI\s+Atlas-4\s+Preparedness framework\s+cyber\s+High\s+\S+\s+Medium\s+2", out)
    assert re.search(r"US states\s+legislation\s+Frontier AI Safety Act\s+signed", out)
    assert re.search(r"US states\s+litigation\s+1\s+Attorney general sues", out)  # a lawsuit has no stage
    # alerts raised and delivered to the webhook the demo serves, a tier change and a move among them
    assert "[AI monitor] Tier change: Northwind AI · Atlas-4 · cyber · High" in out
    assert "[AI monitor] Regulatory move: Frontier AI Safety Act: signed" in out
    assert re.search(r"(\d+) alerts raised, \1 delivered", out)
    assert "DAILY DIGEST" in out and "== Tier changes ==" in out
    digest_tiers = out.split("== Tier changes ==")[1].split("== Regulatory moves ==")[0]
    assert "raised from Medium" in digest_tiers and "· Medium" not in digest_tiers  # 9 days old: history, not news
    assert "utm_" not in out
    assert not re.search(r"\bm-[0-9a-f]{12}\b", out) and "northwind_ai" not in out  # no model ids or slugs
    # afterwards the archive answers the commands the demo suggests, its search index built
    assert "Atlas-4" in run("tiers", "--db", str(db)).stdout
    searched = run("search", "safeguards", "--db", str(db))
    assert "Atlas-4" in searched.stdout and "no search index yet" not in searched.stderr
    assert "Frontier AI Safety Act" in run("moves", "--db", str(db)).stdout
    listed = json.loads(run("alerts", "--db", str(db), "--json").stdout)
    assert {a["kind"] for a in listed} == {"tier_change", "move"}
    assert all(d["state"] == "sent" for a in listed for d in a["deliveries"])


def test_show_carries_the_labels_the_tier_step_the_move_and_the_evidence(demo):
    db = demo[0]
    [hit] = json.loads(run("search", "title:Activating", "--db", str(db), "--json").stdout)["hits"]
    text = run("show", str(hit["id"]), "--db", str(db)).stdout
    assert re.search(r"labels: relevant \(\d+%\); labelled by the classifier on \d{4}-", text)
    assert re.search(r"action: Tier change \(\d+%\)", text) and "themes: Cyber (" in text
    assert "tier: Northwind AI · Atlas-4 · cyber · High (Preparedness framework, up)" in text
    assert re.search(r"tier step: raised from Medium; 2 sources; Medium \S+ → High \S+ \(this\)", text)
    assert "evidence: “" in text
    assert "utm_" not in text and "/lab/atlas-4-safeguards.html" in text  # the link people click, untracked
    shown = json.loads(run("show", str(hit["id"]), "--db", str(db), "--json").stdout)
    assert "utm_source" in shown["link"] and "utm_" not in shown["clean_link"]  # as published, and clean
    assert shown["labels"]["action"] == "tier_change" and shown["labels"]["words"]["themes"][0] == "Cyber"
    assert shown["labels"]["model_version"]  # the version is for scripts, not for people
    assert shown["tier_step"]["change"] == "raised from Medium" and shown["move"] is None
    [signed] = json.loads(run("search", "title:Governor", "--db", str(db), "--json").stdout)["hits"]
    law = run("show", str(signed["id"]), "--db", str(db)).stdout
    assert "jurisdiction: US states" in law and "move: Frontier AI Safety Act: signed · legislation" in law


def test_search_filters_by_label_and_source_tag_and_prints_the_labels(demo):
    db = str(demo[0])

    def ids(*args) -> set[int]:
        return {h["id"] for h in json.loads(run("search", *args, "--db", db, "--json").stdout)["hits"]}

    tiers = ids("--action", "tier_change")
    assert tiers and tiers == ids("--action", "tier_change", "--relevant")
    assert ids("--theme", "cyber", "--action", "tier_change") <= tiers
    assert ids("--jurisdiction", "us_state") == ids("--tag", "us-state", "--relevant")
    assert ids("safeguards", "--tag", "lab") < ids("safeguards")  # a lab's own posts, not the news site's
    relevant, everything = ids("--relevant", "--limit", "100"), ids("--limit", "100")
    assert relevant < everything  # the product launch and the ransomware story are not relevant
    listing = run("search", "safeguards", "--theme", "cyber", "--db", db).stdout
    assert "Tier change: Northwind AI · Atlas-4 · cyber · High" in listing
    wrong = run("search", "--theme", "cyer", "--db", db, ok=False)
    assert wrong.returncode == 2 and "did you mean 'cyber'" in wrong.stderr
    unknown = run("search", "--tag", "nope", "--db", db, ok=False)
    assert unknown.returncode == 2 and "no source has the tag nope; tags in use:" in unknown.stderr


def test_sources_add_finds_the_feed_of_a_site_and_appends_it_keeping_comments(tmp_path, loopback):
    loopback.route("/blog/", '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed">'
                             "</head><body>Our blog</body></html>", content_type="text/html")
    loopback.route("/blog/feed", rss([{"title": "Why we test models", "link": f"{loopback.url}/blog/1"}],
                                     title="Northwind AI Blog"))
    sources = tmp_path / "sources.yaml"
    sources.write_text("# my sources, with comments\nsources:\n  - id: existing  # keep me\n"
                       "    url: https://example.org/feed.xml\n")
    dry = run("sources", "add", f"{loopback.url}/blog/", "--sources", str(sources), "--dry-run").stdout
    assert "Would add" in dry and "id: northwind-ai-blog" in dry and "northwind-ai-blog" not in sources.read_text()
    added = json.loads(run("sources", "add", f"{loopback.url}/blog/", "--sources", str(sources), "--tag", "lab",
                           "--json").stdout)
    assert added["entry"] == {"id": "northwind-ai-blog", "name": "Northwind AI Blog", "url": f"{loopback.url}/blog/feed",
                              "kind": "rss", "tags": ["lab"]}
    assert added["feed"]["entries"] == 1 and added["added"]
    text = sources.read_text()
    assert "# my sources, with comments" in text and "  - id: existing  # keep me" in text
    assert "tags: [lab]" in text and "2 valid sources" in run("sources", "validate", "--sources", str(sources)).stdout
    again = run("sources", "add", f"{loopback.url}/blog/feed", "--sources", str(sources), ok=False)
    assert again.returncode == 1 and "is already there, as 'northwind-ai-blog'" in again.stderr
    nothing = run("sources", "add", f"{loopback.url}/missing", "--sources", str(sources), ok=False)
    assert nothing.returncode == 1 and "404" in nothing.stderr
