"""Secrets never leak through error texts, and one bad channel never stops the others.

Hostile but real peers on loopback: an HTTP endpoint that answers 404 echoing the path and query
it was sent (the webhook's and Slack's secret tokens), an SMTP server (aiosmtpd) that refuses
each message quoting the password it was given at login, and a webhook whose URL in the
environment has an impossible port. The `monitor` commands run as subprocesses with the secrets
in their environment; their output, the web page's JSON and pages, and every byte of the SQLite
files are scanned for each secret.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from aiosmtpd.smtp import AuthResult

from monitor import clock
from monitor.alerts.config import parse_config
from monitor.notify import deliver_pending
from monitor.store import Store
from monitor.web.app import create_app
from tests.alert_support import add_article, label, move_labels, queued_alert, tier_labels
from tests.receivers import HttpSink, SmtpSink
from tests.web_support import WebServer

REPO = Path(__file__).resolve().parents[2]
HOOK_TOKEN, HOOK_KEY = "hk7Q2vXw9LmN4pRt", "qk3Zs8Yd1Fb6Gh0J"
SLACK_TOKEN = "xoxS4nT8wE2rQ9uY6iO1pA3s"
PASSWORD = "Pw-9cV3bN7mK1jH5"
BROKEN_TOKEN = "bk5Tg2Hy8Uj4Ik1O"
GOOD_TOKEN = "gd6Rf3Ed9Ws2Qa7Z"


def echo_server() -> HttpSink:
    """Answers every POST with 404 and a body that repeats the path and query it was sent."""
    return HttpSink(otherwise=lambda path, host: (
        404, {}, f"Not found: {path} (no such hook at http://{host}{path})".encode()))


def echoing_smtp() -> SmtpSink:
    """An SMTP server that accepts any login and refuses every message quoting the password."""
    sink = None

    def authenticator(server, session, envelope, mechanism, auth_data):
        for _ in range(10):
            sink.refuse(f"554 5.7.1 refused for {auth_data.login.decode()} with password "
                        f"{auth_data.password.decode()}")
        return AuthResult(success=True, handled=False)

    sink = SmtpSink(authenticator=authenticator, auth_require_tls=False)
    return sink


def secrets_in(text: str, secrets: dict[str, str]) -> list[str]:
    lowered = text.lower()
    return [name for name, value in secrets.items() if value.lower() in lowered]


def test_no_configured_secret_appears_in_any_output_table_or_page(tmp_path):
    db = tmp_path / "monitor.db"
    now = clock.now()
    with Store(db) as store:
        tier = add_article(store, "openai-news", "Introducing GPT-5.3-Codex", published=now)
        label(store, tier, tier_labels(), now=now)
        move = add_article(store, "eu-commission", "Commission fines platform under the AI Act", published=now)
        label(store, move, move_labels(action="enforcement", jurisdiction=["eu"]), now=now)

    with echo_server() as echo, echoing_smtp() as smtp, HttpSink() as good:
        env = {
            **os.environ,
            "HOOK_URL": f"{echo.url}/echo/{HOOK_TOKEN}?key={HOOK_KEY}",
            "SLACK_URL": f"{echo.url}/services/T0AAAAAAA/B0BBBBBBB/{SLACK_TOKEN}",
            "SMTP_PASSWORD": PASSWORD,
            "BROKEN_URL": f"http://127.0.0.1:99999/hooks/{BROKEN_TOKEN}",
            "GOOD_URL": f"{good.url}/good/{GOOD_TOKEN}",
        }
        secrets = {"hook token": HOOK_TOKEN, "hook key": HOOK_KEY, "slack token": SLACK_TOKEN,
                   "password": PASSWORD, "broken token": BROKEN_TOKEN, "good token": GOOD_TOKEN,
                   **{name: env[name] for name in ("HOOK_URL", "SLACK_URL", "BROKEN_URL", "GOOD_URL")}}
        config = tmp_path / "monitor.yaml"
        config.write_text(f"""
channels:
  hook: {{type: webhook, url_env: HOOK_URL}}
  slack: {{type: slack, url_env: SLACK_URL}}
  mail: {{type: email, host: 127.0.0.1, port: {smtp.port}, security: none, username: alerts,
          password_env: SMTP_PASSWORD, from: m@alerts.example, to: t@example.org}}
  broken: {{type: webhook, url_env: BROKEN_URL}}
  good: {{type: webhook, url_env: GOOD_URL}}
rules:
  - {{name: everything, match: {{action: [tier_change, enforcement]}}, notify: [hook, slack, mail, broken, good]}}
""")

        def monitor(*args) -> str:
            done = subprocess.run([sys.executable, "-m", "monitor", *map(str, args)], capture_output=True,
                                  text=True, timeout=120, cwd=REPO, env=env)
            assert "Traceback" not in done.stderr, done.stderr
            return done.stdout + done.stderr

        outputs = {
            "notify": monitor("notify", "--db", db, "--config", config),
            "notify --retry-failed": monitor("notify", "--retry-failed", "--db", db, "--config", config),
            "alerts": monitor("alerts", "--db", db, "--config", config),
            "alerts --json": monitor("alerts", "--json", "--db", db, "--config", config),
            "status --json": monitor("status", "--json", "--db", db),
        }
        assert len(good.posted_to(f"/good/{GOOD_TOKEN}")) == 2  # the good channel delivered both events
        assert smtp.messages == []

    with WebServer(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        for page in ("/", "/alerts", "/alerts.json", "/dashboard.json"):
            response = client.get(page)
            assert response.status_code == 200
            outputs[page] = response.text

    for name, text in outputs.items():
        assert secrets_in(text, secrets) == [], f"{name} shows a secret:\n{text}"
    for path in tmp_path.glob("monitor.db*"):
        assert secrets_in(path.read_bytes().decode("latin-1"), secrets) == [], f"{path.name} holds a secret"

    with Store(db) as store:
        rows = {(row["channel"], row["state"]) for row in store.outbox.rows()}
        errors = {row["channel"]: row["last_error"] for row in store.outbox.rows() if row["last_error"]}
    assert rows == {("hook", "failed"), ("slack", "failed"), ("mail", "failed"), ("broken", "failed"),
                    ("good", "sent")}
    assert "HTTP 404: Not found: [redacted]" in errors["hook"] and "[redacted]" in errors["slack"]
    assert "554 5.7.1 refused for alerts with password [redacted]" in errors["mail"]
    assert errors["broken"].startswith("channel 'broken' (webhook): the URL cannot be used (Invalid port")
    assert "fix $BROKEN_URL" in errors["broken"]


def test_a_bad_url_in_the_environment_fails_its_own_rows_and_the_other_channels_deliver(tmp_path, monkeypatch):
    with HttpSink() as good, Store(tmp_path / "monitor.db") as store:
        monkeypatch.setenv("BROKEN_URL", "http://127.0.0.1:notaport/hook")
        settings = parse_config({"channels": {"broken": {"type": "webhook", "url_env": "BROKEN_URL"},
                                              "good": {"type": "webhook", "url": f"{good.url}/hook"}}}, "test.yaml")
        for channel in ("broken", "good", "broken", "good"):
            queued_alert(store, channel, title=f"Lab raises a tier ({channel} {len(store.outbox.rows())})")

        report = deliver_pending(store, settings)

        assert (report.sent, report.failed) == (2, 2)
        assert len(good.requests) == 2
        states = sorted((row["channel"], row["state"]) for row in store.outbox.rows())
        assert states == [("broken", "failed"), ("broken", "failed"), ("good", "sent"), ("good", "sent")]
        assert all("Invalid port" in error["error"] and "BROKEN_URL" in error["error"] for error in report.errors)


@pytest.mark.parametrize("text, expected", [
    ("Not found: /echo/hk7Q2vXw9LmN4pRt?key=qk3Zs8Yd1Fb6Gh0J", "Not found: [redacted]"),
    ("token HK7Q2VXW9LMN4PRT rejected", "token [redacted] rejected"),
    ("bad key=qk3Zs8Yd1Fb6Gh0J", "bad [redacted]"),
    ("path %2Fecho%2Fhk7Q2vXw9LmN4pRt", "path %2Fecho%2F[redacted]"),
])
def test_redact_takes_out_the_url_its_pieces_in_any_case(text, expected, monkeypatch):
    from monitor.notify.redact import channel_secrets, redact

    monkeypatch.setenv("HOOK_URL", f"https://hooks.example/echo/{HOOK_TOKEN}?key={HOOK_KEY}")
    channel = parse_config({"channels": {"hook": {"type": "webhook", "url_env": "HOOK_URL"}}}, "t").channel("hook")
    assert redact(text, channel_secrets(channel)) == expected
