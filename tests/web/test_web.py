"""The web page over HTTP: the real app under uvicorn on a loopback port, a real archive file."""

import re
from xml.etree import ElementTree as ET

import httpx
import pytest

from monitor.store import Store
from monitor.web.app import create_app
from monitor.web.params import PAGE_SIZE
from tests.web_support import WebServer, build_archive

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("web") / "archive.db")


@pytest.fixture(scope="module")
def server(archive):
    with WebServer(create_app(archive.path)) as server:
        yield server


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def test_every_page_answers_in_html_and_as_json(client, archive):
    for page, json_url in [("/", "/dashboard.json"), ("/search?q=hearing", "/search.json?q=hearing"),
                           (f"/articles/{archive.tier}", f"/articles/{archive.tier}.json"),
                           ("/sources", "/sources.json"), ("/alerts", "/alerts.json")]:
        html = client.get(page)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert f'href="{json_url.replace("&", "&amp;")}"' in html.text  # the page links its JSON
        as_json = client.get(json_url)
        assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
        same = client.get(page + ("&" if "?" in page else "?") + "format=json").json()
        assert same.pop("timing_ms", None) == same.get("timing_ms") or True  # timings differ run to run
        expected = as_json.json()
        expected.pop("timing_ms", None)
        assert same == expected


def test_dashboard_shows_alerts_tiers_moves_chart_and_source_health(client, archive):
    data = client.get("/dashboard.json").json()
    assert [a["kind"] for a in data["alerts"]["items"]] == ["move", "tier_change"]
    tracked = data["tiers"]["items"][0]
    assert (tracked["level"], [s["level"] for s in tracked["history"]]) == ("high", ["medium", "high"])
    assert data["moves"]["items"][0]["id"] == "eu"
    assert data["chart"]["kind"] == "themes" and len(data["chart"]["weeks"]) == 12
    assert sum(data["chart"]["series"]["Cyber"]) == 2  # the High step's two outlets count as one story
    assert [s["id"] for s in data["failing_sources"]] == ["quiet-blog"]
    assert data["sources"]["failing"] + data["sources"]["backing_off"] == 1
    html = client.get("/").text
    assert "Northwind · Atlas-4" in html and "503 Service Unavailable" in html and "<svg" in html


def test_sources_page_counts_articles_still_without_their_page(tmp_path):
    archive = build_archive(tmp_path / "archive.db")
    store = Store(archive.path)
    with store.conn:
        source_id = store.conn.execute(
            "UPDATE articles SET full_text_status = 'pending' WHERE id = ? RETURNING source_id", (archive.tier,)
        ).fetchone()[0]
    store.close()
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        rows = {s["id"]: s for s in client.get("/sources.json").json()["sources"]}
        assert rows[source_id]["pages_pending"] == 1
        assert sum(s["pages_pending"] for s in rows.values()) == 1
        assert "1 without their page yet" in client.get("/sources").text

def test_search_highlights_snippets_and_pages_through_results(client):
    first = client.get("/search.json", params={"q": "hearing", "order": "newest"}).json()
    assert first["total"] == 25 and len(first["hits"]) == PAGE_SIZE
    hit = first["hits"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "hearing"
    assert first["next"] == "/search?q=hearing&order=newest&page=2" and first["previous"] is None
    second = client.get(first["next"].replace("/search", "/search.json")).json()
    assert len(second["hits"]) == 5 and second["next"] is None
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    html = client.get("/search", params={"q": "hearing"}).text
    assert re.search(r"<mark>hearing</mark>", html, re.IGNORECASE)
    assert 'rel="next" href="/search?q=hearing&amp;page=2"' in html


def test_facets_count_sources_months_and_labels_and_filter_by_them(client, archive):
    data = client.get("/search.json", params={"q": "hearing"}).json()
    facets = data["facets"]
    assert facets["exact"] and facets["counted"] == 25
    assert {v["value"]: v["count"] for v in facets["source"]} == {"packet-wire": 13, "demo-commission": 12}
    assert sum(m["count"] for m in facets["month"]) == 25
    assert {v["value"]: v["count"] for v in facets["theme"]} == {"privacy": 9}
    by_source = client.get("/search.json" + facets["source"][0]["url"].removeprefix("/search")).json()
    assert by_source["total"] == 13 and {h["source_id"] for h in by_source["hits"]} == {"packet-wire"}
    assert by_source["facets"]["active"] == [{"name": "source", "label": "Packet Wire",
                                              "remove": "/search?q=hearing"}]
    privacy = client.get("/search.json", params={"q": "hearing", "theme": "privacy"}).json()
    assert privacy["total"] == 9 and privacy["order"] == "newest"
    assert {v["value"] for v in privacy["facets"]["theme"] if v["selected"]} == {"privacy"}
    eu = client.get("/search.json", params={"jurisdiction": "eu"}).json()
    assert [h["id"] for h in eu["hits"]] == [archive.move]


def test_dates_narrow_the_search_and_bad_parameters_say_what_to_write(client):
    narrow = client.get("/search.json", params={"q": "hearing", "since": "2026-11-10", "until": "2026-11-12"}).json()
    assert narrow["total"] == 3
    for params, message in [({"since": "yesterday"}, "since: 'yesterday' is not a day; write it as YYYY-MM-DD"),
                            ({"order": "best"}, "use relevance or newest"),
                            ({"page": "0"}, "not a page number"),
                            ({"since": "2026-02-01", "until": "2026-01-01"}, "swap them")]:
        response = client.get("/search.json", params=params)
        assert response.status_code == 400 and message in response.json()["error"]
    html = client.get("/search", params={"page": "x"})
    assert html.status_code == 400 and "not a page number" in html.text


def test_unbalanced_query_is_read_as_words_and_the_page_says_so(client):
    data = client.get("/search.json", params={"q": '"hearing number'}).json()
    assert data["total"] == 25 and "unbalanced quote" in data["note"]


def test_article_page_has_text_labels_story_siblings_and_tier(client, archive):
    data = client.get(f"/articles/{archive.tier}.json").json()
    assert data["article"]["title"].startswith("Northwind raises Atlas-4 to High")
    assert [s["id"] for s in data["story_siblings"]] == [archive.tier_copy]
    labels = data["labels"]
    assert labels["origin"] == "model" and labels["action"]["id"] == "tier_change"
    assert labels["themes"] == [{"id": "cyber", "name": "Cyber", "score": 0.91}]
    assert labels["evidence"][0].startswith("Northwind said it is treating Atlas-4 as High")
    assert [(s["level"], s["this"]) for s in data["tier"]["history"]] == [("medium", False), ("high", True)]
    move = client.get(f"/articles/{archive.move}.json").json()["move"]
    assert move["headline"].startswith("EU AI Act") and move["jurisdiction"] == ["EU"]
    html = client.get(f"/articles/{archive.tier}").text
    assert "Same story elsewhere" in html and "Packet Wire" in html and "91%" in html


def test_search_atom_feed_is_valid_atom_newest_first(client, server):
    response = client.get("/search.atom", params={"q": "hearing", "source": "packet-wire"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 13
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link.startswith(server.url + "/search.atom?")
    related = entries[0].find(f"{ATOM}link[@rel='related']").get("href")
    assert related.startswith(server.url + "/articles/")
    html = client.get("/search", params={"q": "hearing"}).text
    assert 'type="application/atom+xml" href="/search.atom?q=hearing"' in html


def test_alerts_atom_feed_comes_from_the_alerting_stage(client):
    feed = ET.fromstring(client.get("/alerts.atom").content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert any(t.startswith("Tier change: Northwind") for t in titles)


def test_missing_pages_are_404_in_the_format_asked(client):
    assert client.get("/articles/99999").status_code == 404
    missing = client.get("/articles/99999.json")
    assert missing.status_code == 404 and missing.json() == {"error": "No article 99999 in this archive."}
    assert "Nothing at /nowhere" in client.get("/nowhere").text


def test_an_archive_that_predates_labels_and_alerts_shows_empty_panels(tmp_path):
    from monitor.store import Store
    from monitor.store.schema import MIGRATIONS
    from tests.web_support import T0, add_article

    path = tmp_path / "old.db"
    with Store(path) as store:
        add_article(store, "old-source", "An article from before labels", "Text about a hearing.", T0)
        store.conn.execute("PRAGMA user_version = 2")  # pretend: archive and service tables only
        for table in ("events", "model_labels", "analyst_labels"):
            store.conn.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - test set-up
        store.conn.execute("DROP VIEW IF EXISTS labels")
    assert len(MIGRATIONS) > 2
    with WebServer(create_app(path)) as server, httpx.Client(base_url=server.url) as client:
        data = client.get("/dashboard.json").json()
        assert not data["alerts"]["available"] and "predates alerting" in data["alerts"]["reason"]
        assert data["chart"]["kind"] == "volume"
        article = client.get("/articles/1.json").json()
        assert not article["labels"]["available"] and article["tier"] is None
        assert client.get("/search.json", params={"q": "hearing"}).json()["facets"]["theme"] == []


def test_results_and_latest_articles_show_labels_and_fold_copies_of_one_story(client, archive):
    hits = client.get("/search.json", params={"q": "Atlas-4"}).json()["hits"]
    ids = [h["id"] for h in hits]
    assert (archive.tier in ids) != (archive.tier_copy in ids)  # two outlets' copies: one row
    [row] = [h for h in hits if h["id"] in (archive.tier, archive.tier_copy)]
    assert row["other_sources"] == 1
    assert row["labels"] == {"relevant": True, "action": "tier change", "action_id": "tier_change",
                             "themes": ["Cyber"], "jurisdiction": [], "tier": "Northwind · Atlas-4 · cyber · High"}
    html = client.get("/search", params={"q": "Atlas-4"}).text
    assert "and 1 other source</a>" in html and '<span class="tag tier">Northwind · Atlas-4 · cyber · High</span>' in html
    feed = client.get("/search.atom", params={"q": "Atlas-4"}).text
    assert feed.count("<entry>") == len(hits) + 1  # a feed keeps every copy
    recent = client.get("/dashboard.json").json()["recent"]
    assert len({r["story_id"] for r in recent if r["other_sources"]}) == len([r for r in recent if r["other_sources"]])
    assert any(r["labels"] and r["labels"].get("themes") for r in recent)
    dashboard = client.get("/").text
    assert '<span class="tag">Privacy</span>' in dashboard or '<span class="tag">Cyber</span>' in dashboard
