"""The sources page changes sources.yaml: add a source by its site's address, turn one off and on,
fetch one now; behind the same token and CSRF checks as label corrections. The app under uvicorn on
loopback, a real sources file and archive, the feeds on another loopback server."""

import re

import httpx
import pytest

from monitor.sources import load_sources
from monitor.store import Store
from monitor.web.app import create_app
from tests.feeds import days_ago, paragraph, rss
from tests.web_support import WebServer

TOKEN = "correct-horse-battery-staple-0123456789"


@pytest.fixture
def setup(tmp_path, loopback):
    """An archive, a sources file with one feed (never fetched yet) and a site with a blog to add."""
    loopback.route("/news.xml", rss([
        {"title": "Regulator fines chatbot maker under the AI Act", "link": f"{loopback.url}/fine", "guid": "fine",
         "content": paragraph("the AI Act fine"), "date": days_ago(1)},
    ], title="Regulator news"))
    loopback.route("/blog/", '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/rss.xml">'
                             "</head><body>A blog</body></html>", content_type="text/html")
    loopback.route("/blog/rss.xml", rss([{"title": "Our safety work", "link": f"{loopback.url}/blog/1",
                                          "content": paragraph("safety work"), "date": days_ago(2)}],
                                        title="Quiet Lab Blog"))
    sources = tmp_path / "sources.yaml"
    sources.write_text("# the team's sources\nfetch:\n  host_delay: 0s\nsources:\n"
                       f"  - id: regulator  # keep this comment\n    url: {loopback.url}/news.xml\n"
                       "    full_text: never\n")
    db = tmp_path / "archive.db"
    Store(db).close()
    return db, sources, loopback


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_add_a_source_by_its_sites_address_then_fetch_it_and_turn_it_off(setup):
    db, sources, site = setup
    with WebServer(create_app(db, sources_path=sources)) as server, httpx.Client(base_url=server.url) as client:
        page = client.get("/sources").text
        assert "Add a source" in page and "In the sources file, not fetched yet (1)" in page
        token = csrf_of(page)
        assert client.post("/sources/add", data={"url": f"{site.url}/blog/"}).status_code == 403  # no CSRF token

        added = client.post("/sources/add", data={"url": f"{site.url}/blog/", "csrf": token})
        assert added.status_code == 303 and added.headers["location"] == "/sources?added=quiet-lab-blog#waiting"
        text = sources.read_text()
        assert "# the team's sources" in text and "# keep this comment" in text
        assert [s.id for s in load_sources(sources).sources] == ["regulator", "quiet-lab-blog"]
        assert "Added <strong>quiet-lab-blog</strong>" in client.get(added.headers["location"]).text

        nothing = client.post("/sources/add", data={"url": f"{site.url}/nothing/", "csrf": token})
        assert nothing.status_code == 400 and "Not added:" in nothing.text and "404" in nothing.text

        fetched = client.post("/sources/regulator/fetch", data={"csrf": token})
        assert fetched.status_code == 303
        assert re.search(r"Fetched <strong>regulator</strong>:\s+1 new, 0 updated", client.get(fetched.headers["location"]).text)
        listed = client.get("/sources.json").json()
        [regulator] = [s for s in listed["sources"] if s["id"] == "regulator"]
        assert regulator["articles"] == 1 and regulator["state"] == "ok"
        assert [w["id"] for w in listed["waiting"]] == ["quiet-lab-blog"]
        hits = client.get("/search.json", params={"q": "fines"}).json()["hits"]
        assert hits and hits[0]["labels"] is not None  # labelled as the service would

        off = client.post("/sources/regulator/enabled", data={"enabled": "0", "csrf": token})
        assert off.status_code == 303 and "enabled: false" in sources.read_text()
        assert [s["state"] for s in client.get("/sources.json").json()["sources"]] == ["disabled"]
        refused = client.post("/sources/regulator/fetch", data={"csrf": token})
        assert refused.status_code == 400 and "turned off" in refused.text
        client.post("/sources/regulator/enabled", data={"enabled": "1", "csrf": token})
        assert "enabled" not in sources.read_text() and "# keep this comment" in sources.read_text()


def test_off_loopback_changing_sources_needs_the_token(setup):
    db, sources, site = setup
    app = create_app(db, sources_path=sources, edit_token=TOKEN, allowed_hosts=["*"])
    with WebServer(app) as server, httpx.Client(base_url=server.url) as client:
        page = client.get("/sources").text
        assert "Add a source" not in page and "Log in</a> to add, turn on or off, or fetch sources" in page
        csrf = csrf_of(client.get("/login").text)
        refused = client.post("/sources/add", data={"url": f"{site.url}/blog/", "csrf": csrf})
        assert refused.status_code == 403 and "Log in" in refused.text
        assert "quiet-lab-blog" not in sources.read_text()
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        added = client.post("/sources/add.json", json={"url": f"{site.url}/blog/"}, headers=bearer)
        assert added.status_code == 404  # the action has one address
        added = client.post("/sources/add", json={"url": f"{site.url}/blog/"}, headers=bearer)
        assert added.status_code == 200 and added.json()["added"]["id"] == "quiet-lab-blog"


def test_a_read_only_server_or_one_without_a_sources_file_changes_nothing(setup):
    db, sources, site = setup
    for app, status in ((create_app(db, sources_path=sources, allow_edits=False), 403), (create_app(db), 409)):
        with WebServer(app) as server, httpx.Client(base_url=server.url) as client:
            page = client.get("/sources").text
            assert "Add a source" not in page and "Fetch now" not in page
            csrf = app.state.policy.csrf_token(client.cookies["monitor_csrf"])  # a genuine form's token
            answer = client.post("/sources/regulator/enabled", data={"enabled": "0", "csrf": csrf})
            assert answer.status_code == status, answer.text
    assert "enabled" not in sources.read_text()
