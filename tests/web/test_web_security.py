"""Safe by default: headers, hosts, who may correct labels and how (CSRF, token), `monitor serve` refusals."""

import re
import sqlite3

import httpx
import pytest
from click.testing import CliRunner

from monitor.cli.web import serve
from monitor.web.app import create_app
from monitor.web.security import CONTENT_SECURITY_POLICY, safe_url
from tests.web_support import WebServer, build_archive

TOKEN = "correct-horse-battery-staple-0123456789"


@pytest.fixture
def archive(tmp_path):
    return build_archive(tmp_path / "archive.db")


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def labels_of(client, article_id: int) -> dict:
    return client.get(f"/articles/{article_id}.json").json()["labels"]


def test_every_response_carries_a_strict_content_security_policy(archive):
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url) as client:
        for path in ["/", "/search.json?q=x", "/static/style.css", "/nowhere", f"/articles/{archive.tier}"]:
            headers = client.get(path).headers
            assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
            assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert "script-src 'none'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
        assert "<script" not in client.get("/").text  # the page has no script at all


def test_loopback_server_refuses_other_host_names_against_dns_rebinding(archive):
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url) as client:
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
        assert client.get("/", headers={"Host": "localhost"}).status_code == 200


def test_page_views_read_through_a_read_only_connection(archive):
    app = create_app(archive.path)
    reader = app.state.archive.reader()
    assert reader.readonly
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.conn.execute("DELETE FROM articles")


def test_label_correction_needs_the_pages_csrf_token_and_then_sticks(archive):
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url) as client:
        page = client.get(f"/articles/{archive.tier}")
        token = csrf_of(page.text)
        forged = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+privacy"})
        assert forged.status_code == 403 and "security token" in forged.text
        cross_site = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+privacy", "csrf": token},
                                 headers={"Origin": "https://attacker.example"})
        assert cross_site.status_code == 403 and "another site" in cross_site.text
        assert labels_of(client, archive.tier)["origin"] == "model"

        saved = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+privacy", "csrf": token})
        assert saved.status_code == 303 and saved.headers["location"] == f"/articles/{archive.tier}?saved=1#labels"
        labels = labels_of(client, archive.tier)
        assert labels["origin"] == "analyst" and [t["id"] for t in labels["themes"]] == ["cyber", "privacy"]
        assert labels["model"]["themes"] == ["cyber"]  # what the model said stays visible

        unknown = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+weather", "csrf": token})
        assert unknown.status_code == 400 and "unknown themes &#39;weather&#39;" in unknown.text


def test_read_only_server_shows_no_controls_and_refuses_corrections(archive):
    app = create_app(archive.path, allow_edits=False)
    with WebServer(app) as server, httpx.Client(base_url=server.url) as client:
        page = client.get(f"/articles/{archive.tier}").text
        assert "Correct these labels" not in page and 'method="post"' not in page
        refused = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+privacy", "csrf": csrf_of_any(page)})
        assert refused.status_code == 403 and "turned off" in refused.text


def csrf_of_any(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return found.group(1) if found else "none"


def test_with_a_token_corrections_need_a_login_or_the_bearer_token(archive):
    app = create_app(archive.path, edit_token=TOKEN, allowed_hosts=["*"])
    with WebServer(app) as server, httpx.Client(base_url=server.url) as client:
        page = client.get(f"/articles/{archive.tier}").text
        assert "Log in</a> to correct these labels" in page and "Correct these labels" not in page
        token = csrf_of(client.get("/login").text)
        refused = client.post(f"/articles/{archive.tier}/labels", data={"theme": "+privacy", "csrf": token})
        assert refused.status_code == 403 and "Log in" in refused.text

        wrong = client.post("/login", data={"token": "guess", "csrf": token, "next": f"/articles/{archive.tier}"})
        assert wrong.status_code == 403 and "not the server" in wrong.text
        login = client.post("/login", data={"token": TOKEN, "csrf": token, "next": f"/articles/{archive.tier}"})
        assert login.status_code == 303 and login.headers["location"] == f"/articles/{archive.tier}"
        cookie = login.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert "Correct these labels" in client.get(f"/articles/{archive.tier}").text
        saved = client.post(f"/articles/{archive.tier}/labels", data={"relevant": "0", "csrf": token})
        assert saved.status_code == 303 and labels_of(client, archive.tier)["relevant"] is False

    with WebServer(app) as server, httpx.Client(base_url=server.url) as script:
        url = f"/articles/{archive.move}/labels"
        assert script.post(url, json={"action": "enforcement"}).status_code == 403
        done = script.post(url, json={"action": "enforcement"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200 and done.json()["labels"]["action"] == "enforcement"


def test_login_never_redirects_off_site(archive):
    app = create_app(archive.path, edit_token=TOKEN)
    with WebServer(app) as server, httpx.Client(base_url=server.url) as client:
        token = csrf_of(client.get("/login").text)
        for target in ["//attacker.example/", "https://attacker.example/", "/\\attacker.example"]:
            response = client.post("/login", data={"token": TOKEN, "csrf": token, "next": target})
            assert response.headers["location"] == "/"


def test_oversized_request_bodies_are_refused(archive):
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url) as client:
        response = client.post(f"/articles/{archive.tier}/labels", content=b"x" * 200_000,
                               headers={"content-type": "application/x-www-form-urlencoded"})
        assert response.status_code == 413


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//attacker.example/x", "/relative",
    "https://", "",
])
def test_only_plain_http_links_survive(url):
    assert safe_url(url) is None


def test_http_links_pass_unchanged():
    assert safe_url("https://example.org/a?b=c&d=e") == "https://example.org/a?b=c&d=e"


def test_serve_refuses_to_expose_label_editing_without_a_token(archive, monkeypatch):
    monkeypatch.delenv("MONITOR_WEB_TOKEN", raising=False)
    result = CliRunner().invoke(serve, ["--db", str(archive.path), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "refusing to serve label corrections on 0.0.0.0" in result.output
    assert "MONITOR_WEB_TOKEN" in result.output and "--read-only" in result.output


def test_serve_names_a_missing_archive_and_documents_itself(tmp_path):
    missing = CliRunner().invoke(serve, ["--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no such database" in missing.output
    manual = CliRunner().invoke(serve, ["--help"])
    assert "Example:" in manual.output and "monitor serve --db data/demo.db" in manual.output


def test_json_is_not_readable_by_other_sites(archive):
    with WebServer(create_app(archive.path)) as server, httpx.Client(base_url=server.url) as client:
        response = client.get("/search.json?q=hearing", headers={"Origin": "https://attacker.example"})
        assert "access-control-allow-origin" not in response.headers
