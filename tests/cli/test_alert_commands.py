"""The alerting commands as people and scripts use them (click's runner on the real library)."""

import json
from datetime import timedelta

import click
import pytest
from click.testing import CliRunner

from monitor import clock
from monitor.alerts.events import raise_alerts
from monitor.cli.alerts import COMMANDS
from monitor.store import Store
from tests.alert_support import T0, add_article, config, label, move_labels, tier_labels
from tests.receivers import SmtpSink


@pytest.fixture
def cli():
    group = click.Group("monitor")
    for command in COMMANDS:
        group.add_command(command)
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(group, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture
def archive(tmp_path):
    """An archive with a tier change and a regulatory move, both alerted; and its monitor.yaml."""
    db = tmp_path / "monitor.db"
    now = clock.now()
    with Store(db) as store:
        tier = add_article(store, "openai-news", "Introducing GPT-5.3-Codex", published=now - timedelta(hours=2))
        label(store, tier, tier_labels(), now=now)
        move = add_article(store, "eu-commission", "Commission fines platform under the AI Act",
                           text="The Commission fined the platform under the AI Act.", published=now)
        label(store, move, move_labels(action="enforcement", jurisdiction=["eu"]), now=now)
    return db


def write_config(tmp_path, port: int) -> str:
    path = tmp_path / "monitor.yaml"
    path.write_text(f"""
channels:
  mail: {{type: email, host: 127.0.0.1, port: {port}, security: none, from: m@alerts.example, to: t@example.org}}
rules:
  - {{name: tier-changes, match: {{action: tier_change}}, notify: [mail]}}
  - {{name: regulatory-moves, match: {{action: [enforcement, legislation]}}, notify: [mail]}}
digests:
  - {{name: daily, schedule: "0 7 * * *", channels: [mail]}}
""")
    return str(path)


def test_every_command_documents_a_runnable_example(cli):
    for command in COMMANDS:
        result = cli(command.name, "--help")
        assert result.exit_code == 0 and "Example:" in result.output and f"monitor {command.name}" in result.output


def test_notify_then_tiers_moves_and_alerts(cli, archive, tmp_path):
    with SmtpSink() as smtp:
        result = cli("notify", "--db", archive, "--config", write_config(tmp_path, smtp.port))
    assert result.exit_code == 0, result.output
    assert "2 new events" in result.output and "2 sent" in result.output and len(smtp.messages) == 2

    tiers = cli("tiers", "--db", archive)
    assert "OpenAI" in tiers.output and "Preparedness Framework" in tiers.output and "High" in tiers.output
    assert "openai" not in tiers.output  # names, not ids
    [entry] = json.loads(cli("tiers", "--db", archive, "--json").output)
    assert (entry["level"], entry["history"][0]["articles"][0]["source_id"]) == ("high", "openai-news")

    moves = json.loads(cli("moves", "--db", archive, "--json", "--jurisdiction", "eu").output)
    assert [(m["instrument"], m["action"]) for m in moves] == [("EU AI Act", "enforcement")]
    assert json.loads(cli("moves", "--db", archive, "--json", "--jurisdiction", "uk").output) == []

    listing = cli("alerts", "--db", archive, "--atom", tmp_path / "alerts.atom")
    assert "tier-changes" in listing.output and "mail: sent" in listing.output
    assert "Atom feed with 2 entries written to" in listing.output
    assert (tmp_path / "alerts.atom").read_text().count("<entry>") == 2
    alerts = json.loads(cli("alerts", "--db", archive, "--json").output)
    assert {a["rules"][0] for a in alerts} == {"tier-changes", "regulatory-moves"}
    assert all(a["deliveries"][0]["state"] == "sent" for a in alerts)


def test_alerts_show_delivery_state_and_last_error(cli, archive, tmp_path):
    from tests.receivers import free_port

    result = cli("notify", "--db", archive, "--config", write_config(tmp_path, free_port()))
    # The first message finds the server down; the second waits for the next pass, untried.
    assert result.exit_code == 0 and "1 to retry" in result.output and "connection refused" in result.output
    listing = cli("alerts", "--db", archive)
    assert "mail: retry 2" in listing.output and "mail: pending" in listing.output
    assert "connection refused" in listing.output
    assert "outbox: 2 waiting, 0 failed, 0 sent" in listing.output


def test_digest_preview_writes_html_and_prints_text_and_send_delivers(cli, archive, tmp_path):
    with SmtpSink() as smtp:
        settings = write_config(tmp_path, smtp.port)
        preview = cli("digest", "daily", "--preview", "--db", archive, "--config", settings)
        assert preview.exit_code == 0
        html_path = tmp_path / "digest-daily.html"
        assert f"HTML preview written to {html_path}" in preview.output
        assert "<html" in html_path.read_text() and "DAILY DIGEST" in preview.output
        assert smtp.messages == []
        sent = cli("digest", "daily", "--send", "--db", archive, "--config", settings)
        assert sent.exit_code == 0 and "queued on 1 channel(s)" in sent.output
    assert [m["Subject"].startswith("[AI monitor] Daily digest") for m in smtp.messages].count(True) == 1
    again = cli("digest", "daily", "--send", "--db", archive, "--config", settings)
    assert "nothing new since" in again.output


def test_config_problems_stop_the_command_with_the_key_and_fix(cli, archive, tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - name: x\n    match: {action: legislaton}\n")
    result = cli("notify", "--db", archive, "--config", bad)
    assert result.exit_code == 1
    assert f"{bad}: rules[0] (name 'x').match.action: unknown action 'legislaton'; did you mean 'legislation'?" \
        in result.output
    unknown = cli("digest", "weekly", "--preview", "--db", archive, "--config", write_config(tmp_path, 25))
    assert unknown.exit_code == 1 and "no digest named 'weekly'" in unknown.output and "daily" in unknown.output

    monkeypatch.delenv("NO_SUCH_SLACK_URL", raising=False)
    secret = tmp_path / "secret.yaml"
    secret.write_text("channels:\n  slack: {type: slack, url_env: NO_SUCH_SLACK_URL}\n")
    check = cli("notify", "--check", "--db", archive, "--config", secret)
    assert check.exit_code == 1 and "environment variable NO_SUCH_SLACK_URL is not set" in check.output


def test_raise_alerts_is_what_notify_runs(archive):
    with Store(archive) as store:
        summary = raise_alerts(store, config(), now=T0)
    assert summary.events == 2  # the built-in rules have no channel, but the events and alerts are there
