"""Delivery through real receivers on loopback: SMTP (aiosmtpd), Slack and webhook endpoints.

Failures are real too: a port nobody listens on, 4xx/5xx SMTP replies, HTTP 500, 404 and 429
with Retry-After. Restarts are new Store objects on the same file.
"""

import ssl
import subprocess
import threading
from datetime import timedelta

import pytest
from aiosmtpd.smtp import AuthResult

from monitor.notify import LEASE, MAX_ATTEMPTS, Delivery, adapter_for, deliver_pending
from monitor.store import Store
from tests.alert_support import T0, config, email_channel, queued_alert
from tests.receivers import HttpSink, SmtpSink, free_port


@pytest.fixture
def db(tmp_path):
    return tmp_path / "monitor.db"


@pytest.fixture
def store(db):
    with Store(db) as store:
        yield store


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def hook():
    with HttpSink() as sink:
        yield sink


def states(store) -> list[tuple]:
    return [(r["channel"], r["state"], r["attempts"]) for r in reversed(store.outbox.rows())]


# --- email ---------------------------------------------------------------------------------


def test_email_arrives_as_text_and_html_with_links_evidence_and_why(store, smtp):
    outbox_id = queued_alert(store, "team-mail")
    report = deliver_pending(store, config({"team-mail": email_channel(smtp.port)}), now=T0)

    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    assert states(store) == [("team-mail", "sent", 1)]
    [mail] = smtp.messages
    assert mail["Subject"] == "[AI monitor] Tier change: OpenAI · gpt-5.3-codex · cyber · High"
    assert mail["From"] == "monitor@alerts.example"
    assert smtp.envelopes[0][1] == ["team@example.org", "policy@example.org"]
    assert mail["Message-ID"].startswith(f"<monitor.outbox.{outbox_id}.") and mail["Message-ID"].endswith(
        "@alerts.example>")
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    url = store.articles.get(1)["url"]
    for part in (text, html):
        assert url in part  # links to the original article
        assert "We are treating GPT-5.3-Codex as High capability in cybersecurity." in part  # the evidence
        assert "tier-changes" in part  # the rule that sent it
        assert "action: tier change" in part  # the labels
        assert "raised from Medium" in part
    assert f'href="{url}"' in html and "style=" in html and "<style" not in html  # inline styles only


def test_html_is_escaped(store, smtp):
    queued_alert(store, "team-mail", title='Lab says <script>alert("x")</script> & more')
    deliver_pending(store, config({"team-mail": email_channel(smtp.port)}), now=T0)
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_smtp_server_down_is_retried_with_backoff_and_sent_once_when_it_is_back(store):
    port = free_port()
    settings = config({"team-mail": email_channel(port)})
    queued_alert(store, "team-mail")

    first = deliver_pending(store, settings, now=T0)
    assert (first.sent, first.retrying) == (0, 1)
    [row] = store.outbox.rows()
    assert row["state"] == "pending" and "connection refused" in row["last_error"]
    assert row["next_attempt_at"] == "2026-11-20T12:01:00Z"  # 1 minute after the first failure

    second = deliver_pending(store, settings, now=T0 + timedelta(seconds=30))  # not due yet
    assert (second.sent, second.retrying, second.skipped) == (0, 0, 0)
    third = deliver_pending(store, settings, now=T0 + timedelta(seconds=61))  # still down: 2 minutes next
    assert third.retrying == 1 and store.outbox.rows()[0]["next_attempt_at"] == "2026-11-20T12:03:01Z"

    with SmtpSink(port) as smtp:
        back = deliver_pending(store, settings, now=T0 + timedelta(minutes=4))
        again = deliver_pending(store, settings, now=T0 + timedelta(hours=5))
    assert (back.sent, again.sent) == (1, 0)
    assert len(smtp.messages) == 1
    assert states(store) == [("team-mail", "sent", 3)]


def test_smtp_temporary_refusal_is_retried_and_permanent_refusal_fails(store, smtp):
    settings = config({"team-mail": email_channel(smtp.port)})
    queued_alert(store, "team-mail")
    smtp.refuse("451 4.3.0 Mailbox busy, try again later")
    report = deliver_pending(store, settings, now=T0)
    assert report.retrying == 1 and "451" in store.outbox.rows()[0]["last_error"]
    smtp.refuse("550 5.7.1 Message rejected as spam")
    report = deliver_pending(store, settings, now=T0 + timedelta(minutes=2))
    [row] = store.outbox.rows()
    assert report.failed == 1 and row["state"] == "failed" and "550" in row["last_error"]
    assert deliver_pending(store, settings, now=T0 + timedelta(days=1)).sent == 0  # failed stays failed
    assert store.outbox.requeue_failed(T0 + timedelta(days=1)) == 1  # until someone fixes it
    assert deliver_pending(store, settings, now=T0 + timedelta(days=1)).sent == 1
    assert len(smtp.messages) == 1


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our test authority, as an admin would
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def test_starttls_and_login_with_the_password_from_the_environment(store, certificate, monkeypatch):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    with SmtpSink(tls_context=certificate, require_starttls=True, authenticator=authenticator,
                  auth_require_tls=True) as sink:
        settings = config({"secure": email_channel(sink.port, security="starttls", username="monitor",
                                                   password_env="TEST_SMTP_PASSWORD")})
        queued_alert(store, "secure")
        assert deliver_pending(store, settings, now=T0).sent == 1
        assert logins == [(b"monitor", b"s3cret", True)] and len(sink.messages) == 1

        monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
        queued_alert(store, "secure", title="Second alert")
        report = deliver_pending(store, settings, now=T0)
    assert report.failed == 1
    error = store.outbox.rows()[0]["last_error"]
    assert "login refused" in error and "TEST_SMTP_PASSWORD" in error and "wrong" not in error


# --- Slack and webhooks --------------------------------------------------------------------


def test_slack_gets_block_kit_within_limits_with_links_evidence_and_rule(store, hook):
    queued_alert(store, "slack")
    report = deliver_pending(store, config({"slack": {"type": "slack", "url": f"{hook.url}/services/T1/B1/x"}}),
                             now=T0)
    assert report.sent == 1
    [posted] = hook.posted_to("/services/T1/B1/x")
    assert posted.headers["content-type"].startswith("application/json")
    payload = posted.json
    assert payload["text"].startswith("[AI monitor] Tier change")
    blocks = payload["blocks"]
    assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= 150
    assert len(blocks) <= 50
    mrkdwn = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    mrkdwn += "\n".join(e["text"] for b in blocks if b["type"] == "context" for e in b["elements"])
    url = store.articles.get(1)["url"]
    assert f"<{url}|" in mrkdwn
    assert "We are treating GPT-5.3-Codex as High capability in cybersecurity." in mrkdwn
    assert "tier-changes" in mrkdwn and "action: tier change" in mrkdwn
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_webhook_500_is_retried_with_the_same_idempotency_key(store, hook):
    settings = config({"hook": {"type": "webhook", "url": f"{hook.url}/alerts"}})
    outbox_id = queued_alert(store, "hook")
    hook.answer(500, "upstream broke")
    report = deliver_pending(store, settings, now=T0)
    [row] = store.outbox.rows()
    assert report.retrying == 1 and row["state"] == "pending" and "HTTP 500: upstream broke" in row["last_error"]
    assert deliver_pending(store, settings, now=T0 + timedelta(seconds=59)).sent == 0
    assert deliver_pending(store, settings, now=T0 + timedelta(seconds=60)).sent == 1
    first, second = hook.posted_to("/alerts")
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == second.json["id"]
    assert second.json["id"].startswith(f"monitor.outbox.{outbox_id}.")
    body = second.json
    assert body["type"] == "alert" and body["why"]["rules"] == ["tier-changes"]
    assert body["articles"][0]["url"] == store.articles.get(1)["url"] and body["event"]["level"] == "High"
    assert hook.url not in row["last_error"]  # the URL is a secret: never in errors


def test_429_waits_what_retry_after_says(store, hook):
    settings = config({"slack": {"type": "slack", "url": f"{hook.url}/s"}})
    queued_alert(store, "slack")
    hook.answer(429, "rate_limited", headers={"Retry-After": "120"})
    assert deliver_pending(store, settings, now=T0).retrying == 1
    [row] = store.outbox.rows()
    assert row["next_attempt_at"] == "2026-11-20T12:02:00Z" and "429" in row["last_error"]
    assert deliver_pending(store, settings, now=T0 + timedelta(seconds=90)).sent == 0
    assert len(hook.requests) == 1
    assert deliver_pending(store, settings, now=T0 + timedelta(seconds=120)).sent == 1
    assert len(hook.requests) == 2


def test_a_4xx_fails_without_retrying_and_says_why(store, hook):
    settings = config({"slack": {"type": "slack", "url": f"{hook.url}/s"}})
    queued_alert(store, "slack")
    hook.answer(404, "no_service")
    report = deliver_pending(store, settings, now=T0)
    [row] = store.outbox.rows()
    assert report.failed == 1 and row["state"] == "failed" and "HTTP 404: no_service" in row["last_error"]
    assert deliver_pending(store, settings, now=T0 + timedelta(days=2)).sent == 0
    assert len(hook.requests) == 1


def test_missing_secret_is_named_and_retried_until_it_is_set(store, hook, monkeypatch):
    monkeypatch.delenv("TEST_SLACK_URL", raising=False)
    settings = config({"slack": {"type": "slack", "url_env": "TEST_SLACK_URL"}})
    assert settings.missing_secrets() == ["channel 'slack': environment variable TEST_SLACK_URL is not set"]
    queued_alert(store, "slack")
    assert deliver_pending(store, settings, now=T0).retrying == 1
    assert "TEST_SLACK_URL is not set" in store.outbox.rows()[0]["last_error"]
    monkeypatch.setenv("TEST_SLACK_URL", f"{hook.url}/from-env")
    assert deliver_pending(store, settings, now=T0 + timedelta(minutes=1)).sent == 1
    assert len(hook.posted_to("/from-env")) == 1


def test_a_channel_missing_from_the_config_waits_for_it_and_gives_up_only_after_many_tries(store, smtp):
    queued_alert(store, "gone")
    report = deliver_pending(store, config({}), now=T0)
    [row] = store.outbox.rows()
    assert report.retrying == 1 and row["state"] == "pending"
    assert "channel 'gone' is not in test.yaml" in row["last_error"]
    assert deliver_pending(store, config({"gone": email_channel(smtp.port)}), now=T0 + timedelta(minutes=1)).sent == 1
    queued_alert(store, "gone", title="Another")
    moment = T0
    for _ in range(MAX_ATTEMPTS):
        moment += timedelta(hours=1)
        deliver_pending(store, config({}), now=moment)
    latest = store.outbox.rows()[0]
    assert latest["state"] == "failed" and f"gave up after {MAX_ATTEMPTS} attempts" in latest["last_error"]


def test_one_failing_channel_does_not_hold_up_another(store, smtp):
    settings = config({"team-mail": email_channel(smtp.port), "down": email_channel(free_port())})
    queued_alert(store, "down")
    queued_alert(store, "team-mail", title="Another alert")
    report = deliver_pending(store, settings, now=T0)
    assert (report.sent, report.retrying) == (1, 1)
    assert len(smtp.messages) == 1


# --- crashes and restarts --------------------------------------------------------------------


def test_completed_sends_are_not_repeated_after_a_restart(db, smtp):
    settings = config({"team-mail": email_channel(smtp.port)})
    with Store(db) as store:
        queued_alert(store, "team-mail")
        assert deliver_pending(store, settings, now=T0).sent == 1
    with Store(db) as restarted:
        assert deliver_pending(restarted, settings, now=T0 + timedelta(days=1)).sent == 0
    assert len(smtp.messages) == 1


def test_a_row_a_crash_left_in_sending_is_sent_once_after_its_lease(db, smtp):
    settings = config({"team-mail": email_channel(smtp.port)})
    with Store(db) as crashed:
        outbox_id = queued_alert(crashed, "team-mail")
        assert crashed.outbox.claim(outbox_id, "dead-process", T0, T0 - LEASE)  # then the process died
    with Store(db) as restarted:
        assert deliver_pending(restarted, settings, now=T0 + timedelta(minutes=1)).sent == 0  # may still be alive
        assert deliver_pending(restarted, settings, now=T0 + LEASE + timedelta(seconds=1)).sent == 1
        assert deliver_pending(restarted, settings, now=T0 + timedelta(days=1)).sent == 0
        assert restarted.outbox.row(outbox_id)["state"] == "sent"
    assert len(smtp.messages) == 1


def test_a_crash_between_acceptance_and_record_repeats_with_the_same_message_id(db, smtp):
    """The documented window: the receiver can tell the repeat by its Message-ID."""
    settings = config({"team-mail": email_channel(smtp.port)})
    with Store(db) as crashed:
        outbox_id = queued_alert(crashed, "team-mail")
        row = crashed.outbox.claim(outbox_id, "dying", T0, T0 - LEASE)
        adapter = adapter_for("team-mail", settings.channel("team-mail"))
        adapter.send(Delivery.from_row(row), lambda parts: None)  # the server accepts...
        adapter.close()  # ...and the process dies before recording it
    with Store(db) as restarted:
        assert deliver_pending(restarted, settings, now=T0 + LEASE + timedelta(seconds=1)).sent == 1
    first, repeat = smtp.messages
    assert first["Message-ID"] == repeat["Message-ID"]


def test_two_senders_at_once_send_each_message_once(db, smtp):
    settings = config({"team-mail": email_channel(smtp.port)})
    with Store(db) as store:
        for n in range(6):
            queued_alert(store, "team-mail", title=f"Alert number {n}")
    reports = []

    def sender():
        with Store(db) as own:
            reports.append(deliver_pending(own, settings, now=T0))

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == 6
    assert len(smtp.messages) == 6 and len({m["Message-ID"] for m in smtp.messages}) == 6
