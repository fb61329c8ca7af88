"""The crawl stage end to end: real HTTP servers on loopback, a real SQLite file."""

import pytest

from monitor.crawl.crawler import crawl
from monitor.sources import FetchPolicy, LoadedSources, Source
from monitor.store import Store
from monitor.search import search_articles
from tests.feeds import article_page, days_ago, paragraph, rss
from tests.loopback import LoopbackServer

FAST = FetchPolicy(host_delay=0, retries=0, read_timeout=0.5, total_timeout=2, connect_timeout=1,
                   max_bytes=200_000, max_retry_wait=2)


def config(*sources: Source, policy: FetchPolicy = FAST) -> LoadedSources:
    return LoadedSources("test", list(sources), policy=policy)


def source(server, path: str, source_id: str = "feed", **options) -> Source:
    return Source(id=source_id, name=source_id, url=f"{server.url}{path}", **options)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        yield store


def long_items(server, count: int = 3) -> list[dict]:
    return [
        {"title": f"Regulator fines company {n} over AI hiring tool", "link": f"{server.url}/a/{n}",
         "guid": f"g{n}", "content": paragraph(f"story number {n}"), "date": days_ago(n)}
        for n in range(count)
    ]


def test_first_crawl_stores_every_entry_and_indexes_it(loopback, store):
    loopback.route("/feed.xml", rss(long_items(loopback)), etag='"v1"')
    report = crawl(store, config(source(loopback, "/feed.xml")))
    assert [(s.outcome, s.new) for s in report.sources] == [("ok", 3)]
    assert store.articles.count() == 3
    assert [h.title for h in search_articles(store, "hiring", order="newest").hits][0] == \
        "Regulator fines company 0 over AI hiring tool"
    health = store.sources.health()[0]
    assert health["last_status"] == "ok" and health["etag"] == '"v1"' and health["items_total"] == 3


def test_second_crawl_of_unchanged_feed_is_conditional_and_stores_nothing(loopback, store):
    loopback.route("/feed.xml", rss(long_items(loopback)), etag='"v1"', last_modified="Fri, 20 Nov 2026 12:00:00 GMT")
    crawl(store, config(source(loopback, "/feed.xml")))
    report = crawl(store, config(source(loopback, "/feed.xml")))
    second = loopback.requests_to("/feed.xml")[-1]
    assert second.headers["If-None-Match"] == '"v1"'
    assert second.headers["If-Modified-Since"] == "Fri, 20 Nov 2026 12:00:00 GMT"
    assert [(s.outcome, s.new, s.updated) for s in report.sources] == [("not_modified", 0, 0)]
    assert store.articles.count() == 3


def test_unchanged_feed_without_validators_stores_nothing_new(loopback, store):
    loopback.route("/feed.xml", rss(long_items(loopback)))
    crawl(store, config(source(loopback, "/feed.xml")))
    report = crawl(store, config(source(loopback, "/feed.xml")))
    assert (report.sources[0].outcome, report.new, report.updated) == ("ok", 0, 0)


@pytest.fixture
def other_host():
    """A second host: a Retry-After holds back its whole host, so the 429 case lives apart."""
    with LoopbackServer("127.0.0.2") as server:
        yield server


def test_each_failure_gets_its_own_health_and_the_others_still_succeed(loopback, other_host, store):
    loopback.route("/good.xml", rss(long_items(loopback, 2)))
    other_host.route("/limited.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    loopback.route("/broken.xml", "oops", status=500)
    loopback.route("/slow.xml", rss(long_items(loopback, 1)), delay=1.5)
    loopback.route("/huge.xml", b"<rss>" + b"x" * 300_000 + b"</rss>")
    loopback.route("/loop-a", status=302, headers={"Location": "/loop-b"})
    loopback.route("/loop-b", status=302, headers={"Location": "/loop-a"})
    loopback.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    loopback.route("/private/feed.xml", rss(long_items(loopback, 1)))
    loopback.route("/page.html", "<html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
                   content_type="text/html")
    loopback.route("/gone.xml", "", status=410)
    sources = [
        source(loopback, "/good.xml", "good"), source(other_host, "/limited.xml", "limited"),
        source(loopback, "/broken.xml", "broken"), source(loopback, "/slow.xml", "slow"),
        source(loopback, "/huge.xml", "huge"), source(loopback, "/loop-a", "loop"),
        source(loopback, "/private/feed.xml", "robots"), source(loopback, "/page.html", "html-page"),
        source(loopback, "/gone.xml", "gone"),
    ]
    report = crawl(store, config(*sources))
    outcome = {s.source_id: (s.outcome, s.cause) for s in report.sources}
    assert outcome == {
        "good": ("ok", None), "limited": ("error", "rate_limited"), "broken": ("error", "server_error"),
        "slow": ("error", "timeout"), "huge": ("error", "too_large"), "loop": ("error", "too_many_redirects"),
        "robots": ("error", "robots"), "html-page": ("error", "not_a_feed"), "gone": ("error", "not_found"),
    }
    assert loopback.requests_to("/private/feed.xml") == []
    health = {h["id"]: h for h in store.sources.health()}
    assert health["good"]["articles"] == 2
    assert health["limited"]["next_fetch_after"] is not None  # the server's Retry-After is honoured
    for source_id, expected in [("limited", "429"), ("broken", "500"), ("slow", "timed out"),
                                ("loop", "redirect"), ("robots", "robots.txt"), ("html-page", "not a feed"),
                                ("gone", "gone")]:
        assert expected in health[source_id]["last_error"].lower(), (source_id, health[source_id]["last_error"])
        assert "http://127.0.0" in health[source_id]["last_error"]  # names the URL


def test_source_asked_to_wait_is_skipped_until_then_unless_forced(loopback, store):
    loopback.route("/limited.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    feed = source(loopback, "/limited.xml", "limited")
    crawl(store, config(feed))
    again = crawl(store, config(feed))
    assert again.sources[0].outcome == "skipped" and "until" in again.sources[0].message
    assert len(loopback.requests_to("/limited.xml")) == 1
    forced = crawl(store, config(feed), force=True)
    assert forced.sources[0].outcome == "error"


def test_repeated_failures_back_off(loopback, store):
    loopback.route("/broken.xml", "oops", status=500)
    feed = source(loopback, "/broken.xml", "broken", interval="10m")
    crawl(store, config(feed))
    assert store.sources.state("broken").next_fetch_after is None  # one failure: keep the schedule
    crawl(store, config(feed), force=True)
    state = store.sources.state("broken")
    assert state.consecutive_failures == 2 and state.next_fetch_after is not None
    assert crawl(store, config(feed)).sources[0].outcome == "skipped"


def test_links_to_private_addresses_are_not_fetched_unless_allowed(loopback, store):
    items = [{"title": "Short item", "link": f"{loopback.url}/article", "description": "Only a summary."}]
    loopback.route("/feed.xml", rss(items))
    loopback.route("/article", article_page("Short item", paragraph("the full article")), content_type="text/html")
    crawl(store, config(source(loopback, "/feed.xml")))
    assert loopback.requests_to("/article") == []
    article = store.articles.get(1)
    assert article["text"] == "Only a summary." and article["full_text_status"] == "pending"
    assert "private address" in article["full_text_error"]
    crawl(store, config(source(loopback, "/feed.xml", allow_private=True)), force=True)
    article = store.articles.get(1)
    assert article["text_source"] == "page" and "full article" in article["text"]


def test_full_text_falls_back_to_feed_text_and_is_retried_later(loopback, store):
    items = [{"title": "Lab activates stricter safeguards", "link": f"{loopback.url}/post",
              "description": "A short summary of the post."}]
    loopback.route("/feed.xml", rss(items), etag='"v1"')
    loopback.route("/post", "forbidden", status=403, content_type="text/html")
    feed = source(loopback, "/feed.xml", allow_private=True)
    first = crawl(store, config(feed))
    assert first.sources[0].full_text_failed == 1
    article = store.articles.get(1)
    assert (article["text"], article["text_source"], article["full_text_status"]) == \
        ("A short summary of the post.", "feed", "pending")
    assert "403" in article["full_text_error"]
    loopback.route("/post", article_page("Lab activates stricter safeguards", paragraph("the page text")),
                   content_type="text/html")
    second = crawl(store, config(feed))
    assert second.sources[0].outcome == "not_modified"
    article = store.articles.get(1)
    assert article["text_source"] == "page" and "the page text" in article["text"]
    assert article["full_text_status"] == "done" and article["revision"] == 1


def test_changed_entry_is_revised_in_place(loopback, store):
    item = {"title": "Senate passes AI bill", "link": f"{loopback.url}/bill", "guid": "bill",
            "content": paragraph("first version")}
    loopback.route("/feed.xml", rss([item]))
    crawl(store, config(source(loopback, "/feed.xml")))
    loopback.route("/feed.xml", rss([item | {"title": "Senate passes AI bill, 62-38", "content": paragraph("second")}]))
    report = crawl(store, config(source(loopback, "/feed.xml")))
    assert (report.new, report.updated) == (0, 1)
    assert store.articles.count() == 1
    article = store.articles.get(1)
    assert article["revision"] == 2 and article["title"] == "Senate passes AI bill, 62-38"
    assert [h.id for h in search_articles(store, "62").hits] == [1]


def test_one_article_per_canonical_url_across_entries_and_sources(loopback, store):
    entry = {"title": "Court blocks state AI law", "content": paragraph("the ruling")}
    loopback.route("/a.xml", rss([
        entry | {"link": f"{loopback.url}/ruling?utm_source=rss", "guid": "x1"},
        entry | {"link": f"{loopback.url}/ruling#comments", "guid": "x2"},
    ]))
    loopback.route("/b.xml", rss([entry | {"link": f"{loopback.url}/ruling/?fbclid=abc"}]))
    report = crawl(store, config(source(loopback, "/a.xml", "a"), source(loopback, "/b.xml", "b")))
    assert store.articles.count() == 1
    assert report.new == 1


def test_keyword_filters_keep_only_matching_entries(loopback, store):
    items = [
        {"title": "New AI rules for banks", "link": f"{loopback.url}/1", "content": paragraph("one")},
        {"title": "Quarterly earnings call", "link": f"{loopback.url}/2", "content": paragraph("two")},
        {"title": "AI sponsored content", "link": f"{loopback.url}/3", "content": paragraph("three")},
    ]
    loopback.route("/feed.xml", rss(items))
    feed = source(loopback, "/feed.xml", include=["AI"], exclude=["sponsored"])
    report = crawl(store, config(feed))
    assert (report.sources[0].new, report.sources[0].filtered) == (1, 2)
    assert store.articles.get(1)["title"] == "New AI rules for banks"


def test_entry_without_date_uses_first_seen_and_is_flagged(loopback, store):
    loopback.route("/feed.xml", rss([{"title": "Undated", "link": f"{loopback.url}/u", "date": False,
                                      "content": paragraph("undated")}]))
    crawl(store, config(source(loopback, "/feed.xml")))
    article = store.articles.get(1)
    assert article["published_estimated"] is True
    assert article["published"] == article["first_seen"]


def test_html_source_follows_links_by_selector_and_fetches_each_article_once(loopback, store):
    loopback.route("/news", (
        "<html><body><nav><a href='/about'>About</a></nav><ul class='list'>"
        "<li><a href='/news/ai-act-delay'>EU delays AI Act rules</a></li>"
        "<li><a href='/news/raise-act'>RAISE Act signed</a></li></ul></body></html>"
    ), content_type="text/html")
    loopback.route("/news/ai-act-delay", article_page("EU agrees to delay AI Act high-risk rules",
                                                      paragraph("the delay"), days_ago(2)), content_type="text/html")
    loopback.route("/news/raise-act", article_page("Governor signs RAISE Act", paragraph("the signing")),
                   content_type="text/html")
    page_source = source(loopback, "/news", "news", kind="html", selector="ul.list a", allow_private=True)
    report = crawl(store, config(page_source))
    assert report.sources[0].new == 2
    titles = {a["title"] for a in store.articles.recent()}
    assert titles == {"EU agrees to delay AI Act high-risk rules", "Governor signs RAISE Act"}
    delayed = next(a for a in store.articles.recent() if "delay" in a["title"])
    assert delayed["published"] == "2026-11-18T12:00:00Z"
    crawl(store, config(page_source), force=True)
    assert len(loopback.requests_to("/news/raise-act")) == 1


def test_syndicated_copy_in_another_source_joins_the_same_story(loopback, store):
    body = paragraph("the commission designated the model as posing systemic risk", 200)
    loopback.route("/wire.xml", rss([{"title": "Commission designates model", "link": f"{loopback.url}/w",
                                      "content": body}]))
    loopback.route("/paper.xml", rss([{"title": "EU names first systemic-risk model", "link": f"{loopback.url}/p",
                                       "content": "From the wire: " + body + " Our reporter adds context."}]))
    loopback.route("/other.xml", rss([{"title": "Ransomware hits hospital", "link": f"{loopback.url}/o",
                                       "content": paragraph("an unrelated attack on a hospital", 200)}]))
    crawl(store, config(source(loopback, "/wire.xml", "wire"), source(loopback, "/paper.xml", "paper"),
                        source(loopback, "/other.xml", "other")))
    stories = {a["source_id"]: a["story_id"] for a in store.articles.recent()}
    assert stories["wire"] == stories["paper"] != stories["other"]
    story = store.stories.get(stories["wire"])
    assert (story["article_count"], story["source_count"]) == (2, 2)


def test_crawl_calls_back_with_stored_ids_for_the_classifier(loopback, store):
    loopback.route("/feed.xml", rss(long_items(loopback, 2)))
    stored: list[int] = []
    crawl(store, config(source(loopback, "/feed.xml")), on_stored=stored.extend)
    assert sorted(stored) == [1, 2]


def test_disabled_sources_are_not_fetched(loopback, store):
    loopback.route("/feed.xml", rss(long_items(loopback, 1)))
    report = crawl(store, config(source(loopback, "/feed.xml", enabled=False)))
    assert report.sources == [] and loopback.requests_to("/feed.xml") == []


def _archive(store: Store) -> list[tuple]:
    rows = store.conn.execute(
        "SELECT source_id, url, title, text, published, story_id IS NOT NULL FROM articles ORDER BY url").fetchall()
    return [tuple(row) for row in rows]


def test_parsing_in_worker_processes_stores_what_parsing_inline_does(loopback, tmp_path):
    body = paragraph("the commission designated the model as posing systemic risk", 200)
    loopback.route("/a.xml", rss(long_items(loopback, 3) + [{"title": "Commission designates model",
                                                              "link": f"{loopback.url}/w", "content": body}]))
    loopback.route("/b.xml", rss([{"title": "EU names first systemic-risk model", "link": f"{loopback.url}/p",
                                   "content": "From the wire: " + body}]))
    loopback.route("/page.html", "<html><body><p>Welcome</p></body></html>", content_type="text/html")
    sources = config(source(loopback, "/a.xml", "a"), source(loopback, "/b.xml", "b"),
                     source(loopback, "/page.html", "not-a-feed"))
    archives, outcomes = [], []
    for workers in (0, 2):
        with Store(tmp_path / f"workers-{workers}.db") as store:
            report = crawl(store, sources, workers=workers)
            outcomes.append({s.source_id: (s.outcome, s.cause, s.new) for s in report.sources})
            archives.append(_archive(store))
    assert outcomes[0] == outcomes[1] == {"a": ("ok", None, 4), "b": ("ok", None, 1),
                                          "not-a-feed": ("error", "not_a_feed", 0)}
    assert archives[0] == archives[1] and len(archives[0]) == 5
    with Store(tmp_path / "workers-2.db") as store:  # the copy joined its story in the worker run too
        assert store.conn.execute("SELECT count(DISTINCT story_id) FROM articles WHERE url LIKE '%/w' "
                                  "OR url LIKE '%/p'").fetchone()[0] == 1


def test_the_first_crawl_stores_every_entry_and_max_items_caps_the_pages_fetched(loopback, store):
    items = [{"title": f"Post number {n}", "link": f"{loopback.url}/post/{n}", "guid": f"p{n}",
              "description": f"Summary {n}.", "date": days_ago(n)} for n in range(8)]
    loopback.route("/feed.xml", rss(items), etag='"v1"')
    for n in range(8):
        loopback.route(f"/post/{n}", article_page(f"Post number {n}", paragraph(f"page {n}")), content_type="text/html")
    feed = source(loopback, "/feed.xml", allow_private=True, max_items=3)

    def pages_fetched() -> set[str]:
        return {r.path for r in loopback.requests if r.path.startswith("/post/")}

    first = crawl(store, config(feed)).sources[0]
    assert (first.new, first.pages_deferred, first.full_text_failed) == (8, 5, 0)
    assert pages_fetched() == {"/post/0", "/post/1", "/post/2"}  # the newest three
    waiting = store.conn.execute("SELECT count(*), max(full_text_attempts), max(full_text_error) FROM articles "
                                 "WHERE full_text_status = 'pending'").fetchone()
    assert tuple(waiting) == (5, 0, None)  # left for later, not failed
    second = crawl(store, config(feed), force=True).sources[0]
    assert second.outcome == "not_modified" and len(pages_fetched()) == 6  # three more, not all five
    crawl(store, config(feed), force=True)
    assert len(pages_fetched()) == 8
    assert store.conn.execute("SELECT count(*) FROM articles WHERE text_source = 'page'").fetchone()[0] == 8


def test_robots_txt_is_kept_in_the_archive_for_its_max_age_and_asked_again_after(loopback, store):
    loopback.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain",
                   headers={"Cache-Control": "max-age=3600"})
    loopback.route("/feed.xml", rss(long_items(loopback)), etag='"v1"')
    crawl(store, config(source(loopback, "/feed.xml")))
    with Store(store.path) as later:  # another run, another process's connection: asks nothing again
        report = crawl(later, config(source(loopback, "/feed.xml"), source(loopback, "/private/x.xml", "private")),
                       force=True)
    assert len(loopback.requests_to("/robots.txt")) == 1
    assert {s.source_id: s.cause for s in report.sources} == {"feed": None, "private": "robots"}
    kept = store.robots.get(loopback.url)  # the origin, with its port
    assert kept is not None and 3590 <= (kept.expires_at - kept.fetched_at).total_seconds() <= 3600

    store.conn.execute("UPDATE robots SET expires_at = '2000-01-01T00:00:00+00:00'")
    store.conn.commit()
    crawl(store, config(source(loopback, "/feed.xml")), force=True)
    assert len(loopback.requests_to("/robots.txt")) == 2  # expired: fetched again


def test_robots_txt_the_server_says_not_to_store_is_not_kept(loopback, store):
    loopback.route("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain",
                   headers={"Cache-Control": "no-store"})
    loopback.route("/feed.xml", rss(long_items(loopback)))
    crawl(store, config(source(loopback, "/feed.xml")))
    crawl(store, config(source(loopback, "/feed.xml")), force=True)
    assert len(loopback.requests_to("/robots.txt")) == 2
    assert store.conn.execute("SELECT count(*) FROM robots").fetchone()[0] == 0


def test_a_summary_that_is_the_text_is_stored_once_and_read_back_whole(loopback, store):
    loopback.route("/feed.xml", rss([
        {"title": "Only a description", "link": f"{loopback.url}/a", "description": paragraph("one text")},
        {"title": "A teaser and a text", "link": f"{loopback.url}/b", "description": "The teaser.",
         "content": paragraph("the full text")},
    ]))
    crawl(store, config(source(loopback, "/feed.xml", full_text="never")))
    stored = dict(store.conn.execute("SELECT title, summary FROM articles").fetchall())
    assert stored == {"Only a description": "", "A teaser and a text": "The teaser."}
    one, two = (store.articles.get(i) for i, in store.conn.execute("SELECT id FROM articles ORDER BY title DESC"))
    assert one["title"] == "Only a description" and one["summary"] == one["text"] != ""
    assert two["summary"] == "The teaser." and two["text"] != "The teaser."
