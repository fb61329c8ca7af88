"""One bad channel never stops the others: a webhook whose URL in the environment cannot be
used fails its own rows with a named error, and a real webhook receiver on loopback still
gets the other channel's messages."""

from monitor.config import parse_config
from monitor.notify import deliver_pending
from monitor.store import Store
from tests.alert_support import queued_alert
from tests.receivers import HttpSink


def test_a_bad_url_in_the_environment_fails_its_own_rows_and_the_other_channels_deliver(tmp_path, monkeypatch):
    with HttpSink() as good, Store(tmp_path / "monitor.db") as store:
        monkeypatch.setenv("BROKEN_URL", "http://127.0.0.1:notaport/hook")
        settings = parse_config({"channels": {"broken": {"type": "webhook", "url_env": "BROKEN_URL"},
                                              "good": {"type": "webhook", "url": f"{good.url}/hook"}}}, "test.yaml")
        for channel in ("broken", "good", "broken", "good"):
            queued_alert(store, channel, title=f"Lab raises a tier ({channel} {len(store.alerts.outbox())})")

        report = deliver_pending(store, settings)

        assert (report.sent, report.failed) == (2, 2)
        assert len(good.requests) == 2
        states = sorted((row["channel"], row["state"]) for row in store.alerts.outbox())
        assert states == [("broken", "failed"), ("broken", "failed"), ("good", "sent"), ("good", "sent")]
        assert all("Invalid port" in error["error"] and "BROKEN_URL" in error["error"] for error in report.errors)
