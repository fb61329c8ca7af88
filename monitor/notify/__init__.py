"""Delivery: the outbox, sent exactly once per (event or digest run, channel).

`deliver_pending(store, config)` takes each due outbox row through three steps:

1. **claim**: one UPDATE, committed, moves the row from `pending` to `sending` with a fresh
   claim token and the time. Only one sender wins a row; a second `monitor notify` running
   beside the service skips it.
2. **send**: the channel's adapter hands the message to the remote (SMTP server, Slack,
   webhook). Connecting and logging in happen before this, outside the window below.
3. **record**: the moment the remote accepts, one UPDATE, committed, marks the row `sent`
   (for a Slack digest split into several messages, each accepted part is recorded the
   same way, and a retry resumes after the last recorded part).

Failures are recorded on the row, never dropped, with every configured secret redacted from
their text (see monitor/notify/redact.py). A transient one (connection refused or reset,
timeout, HTTP 5xx, SMTP 4xx, a missing secret, a channel missing from the configuration)
puts the row back to `pending` with the next attempt after an exponential backoff (1 min, 2,
4 ... capped at 1 hour); a 429 waits what its Retry-After says. One that retrying cannot fix
(HTTP 4xx, SMTP 5xx, a refused login), or MAX_ATTEMPTS transient ones, leaves the row
`failed` with its last error: still in the outbox, listed by `monitor alerts`, and sent again
by `monitor notify --retry-failed` once the channel is fixed. So does an unexpected failure
(a URL in the environment that cannot be used, a bug in an adapter): a broken channel fails
its own rows, named, and the other channels' rows still go out.

**A crash.** A completed send was recorded before anything else happened, so a restart
never repeats it. A row a crash left in `sending` is taken again once its claim is older
than LEASE (longer than any send can take): it is sent, not lost.

**The one window.** Between the remote accepting a message and the `sent` UPDATE committing
(a single-row UPDATE on a local SQLite file, microseconds to milliseconds), a crash or a
lost connection leaves the row `sending`, and it is sent again after the lease: the only
case in which a message can arrive twice. It is kept as small as it can be: nothing runs
between the remote's acceptance and the record, not even the SMTP QUIT. A reply lost on
the way back (an HTTP timeout after the remote received the request) falls in the same
window. A repeat carries the same identity as the first, derived from the outbox id, so
the receiver can drop it: the email's Message-ID, the webhook's `Idempotency-Key` header
and `id` field. Slack's incoming webhooks take no such key.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor import clock
from monitor.logs import event as log_event
from monitor.notify.channels import Channels, SecretMissing
from monitor.notify.redact import config_secrets, redact
from monitor.store import Store

LEASE = timedelta(minutes=10)  # a `sending` claim older than this was abandoned by a crash
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
MAX_RETRY_AFTER = timedelta(hours=6)
MAX_ATTEMPTS = 24  # about 19 hours of transient failures before a row is left `failed`
IDENTITY_DOMAIN = "ai-risk-monitor"


class DeliveryError(Exception):
    """A send that failed. `retry`: worth trying again; `retry_after`: seconds the remote asked for."""

    def __init__(self, message: str, *, retry: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


@dataclass(frozen=True)
class Delivery:
    """One outbox row as an adapter sees it."""

    outbox_id: int
    channel: str
    message: dict
    parts_sent: int
    identity: str  # the same on every attempt: receivers can drop a repeat

    @classmethod
    def from_row(cls, row: dict) -> "Delivery":
        return cls(row["id"], row["channel"], row["message"], row["parts_sent"], identity_of(row))


class Adapter:
    """A channel: `send` returns once the remote has accepted every part, or raises DeliveryError.

    `on_part(n)` must be called as soon as the remote accepts part n (1-based) of a message
    that goes out in several parts; a retry starts after `delivery.parts_sent`.
    """

    def send(self, delivery: Delivery, on_part: Callable[[int], None]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections; called after the pass's sends were recorded."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by another sender, or its channel was already failing in this pass
    errors: list[dict] = field(default_factory=list)  # {outbox_id, channel, error, retry_at}

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"

    def as_dict(self) -> dict:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed, "skipped": self.skipped,
                "errors": self.errors}


def identity_of(row: dict) -> str:
    """The idempotency key of an outbox row: its id and when it was queued."""
    stamp = row["created_at"].replace("-", "").replace(":", "").rstrip("Z")
    return f"monitor.outbox.{row['id']}.{stamp}"


def adapter_for(name: str, channel) -> Adapter:
    from monitor.notify.email import EmailAdapter
    from monitor.notify.slack import SlackAdapter
    from monitor.notify.webhook import WebhookAdapter

    kinds = {"email": EmailAdapter, "slack": SlackAdapter, "webhook": WebhookAdapter}
    return kinds[channel.type](name, channel)


def deliver_pending(store: Store, config: Channels, *, now: datetime | None = None, limit: int = 200,
                    adapters: dict[str, Adapter] | None = None) -> DeliveryReport:
    """Send every due outbox row once; record each outcome. Never raises for a channel's failure."""
    now = now or clock.now()
    lease_cutoff = now - LEASE
    token = uuid.uuid4().hex
    report = DeliveryReport()
    opened: dict[str, Adapter] = dict(adapters or {})
    failing: set[str] = set()  # channels that failed transiently in this pass: the rest of their rows wait
    try:
        for row in store.outbox.due(now, lease_cutoff, limit):
            if row["channel"] in failing:
                report.skipped += 1
                continue
            claimed = store.outbox.claim(row["id"], token, now, lease_cutoff)
            if claimed is None:
                report.skipped += 1
                continue
            outcome = _deliver_one(store, config, claimed, token, now, opened)
            if outcome is None:
                report.sent += 1
                continue
            error, retry_at = outcome
            report.errors.append({"outbox_id": row["id"], "channel": row["channel"], "error": error,
                                  "retry_at": clock.iso(retry_at) if retry_at else None})
            if retry_at:
                report.retrying += 1
                failing.add(row["channel"])
            else:
                report.failed += 1
    finally:
        for adapter in opened.values():
            _close(adapter)
    return report


def _close(adapter: Adapter | None) -> None:
    if adapter is not None:
        try:
            adapter.close()
        except Exception:  # closing a dead connection: nothing left to lose
            pass


def _deliver_one(store: Store, config: Channels, row: dict, token: str, now: datetime,
                 opened: dict[str, Adapter]) -> tuple[str, datetime | None] | None:
    """Send one claimed row; None when sent, else (error, when to retry or None for failed)."""
    name = row["channel"]
    channel = config.channel(name)
    try:
        if channel is None:  # retried like a missing secret: the configuration may come back
            raise DeliveryError(f"channel '{name}' is not in {config.path}; add it back", retry=True)
        adapter = opened.get(name) or opened.setdefault(name, adapter_for(name, channel))
        adapter.send(Delivery.from_row(row), lambda parts: store.outbox.part_sent(row["id"], token, parts))
    except SecretMissing as missing:
        failure = DeliveryError(f"channel '{name}': {missing}", retry=True)
    except DeliveryError as error:
        failure = error
    except (OSError, socket.timeout) as error:  # an adapter's unexpected network error: worth a retry
        failure = DeliveryError(f"channel '{name}': {type(error).__name__}: {error}", retry=True)
    except Exception as error:  # a broken channel fails its own rows; the others still go out
        failure = DeliveryError(f"channel '{name}': unexpected error: {type(error).__name__}: {error}", retry=False)
    else:
        # The record, right after the remote accepted: nothing else runs in between.
        store.outbox.mark_sent(row["id"], token, now)
        log_event("notification sent", channel=name, outbox=row["id"], attempt=row["attempts"],
                  subject=row["subject"])
        return None
    _close(opened.pop(name, None))  # a failed connection is not reused
    # Made here, before it is stored, logged or shown: the remote's words may echo a secret.
    message = redact(str(failure), config_secrets(config))
    if failure.retry and row["attempts"] < MAX_ATTEMPTS:
        retry_at = next_attempt(now, row["attempts"], failure.retry_after)
        store.outbox.retry(row["id"], token, message, retry_at)
        _log_failure(row, message, retry_at)
        return message, retry_at
    if failure.retry:
        message = f"{message} (gave up after {row['attempts']} attempts; `monitor notify --retry-failed` tries again)"
    store.outbox.give_up(row["id"], token, message)
    _log_failure(row, message, None)
    return message, None


def next_attempt(now: datetime, attempts: int, retry_after: float | None = None) -> datetime:
    """When to try again after `attempts` attempts: the remote's Retry-After, else exponential backoff."""
    if retry_after is not None:
        return now + min(max(timedelta(seconds=retry_after), timedelta(seconds=1)), MAX_RETRY_AFTER)
    return now + min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _log_failure(row: dict, error: str, retry_at: datetime | None) -> None:
    log_event("notification failed", logging.WARNING, channel=row["channel"], outbox=row["id"],
              attempt=row["attempts"], error=error, retry_at=clock.iso(retry_at) if retry_at else "never")
