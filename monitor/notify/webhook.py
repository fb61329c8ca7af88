"""A generic JSON webhook: the message as JSON, POSTed with an idempotency key.

The body is the channel-neutral message (`type` alert or digest, the event or the
digest's sections, the articles' links, why it was sent) plus `id`, the outbox row's
identity, also sent as the `Idempotency-Key` header: a receiver that remembers it can drop
the repeat a crash in the delivery window may cause (see monitor/notify). Any 2xx is
success; 429 and 503 honour Retry-After; 408, 425 and 5xx are retried; other 4xx fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from monitor import __version__, clock
from monitor.notify import Adapter, Delivery, DeliveryError
from monitor.notify.channels import WebhookChannel

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = f"ai-risk-monitor/{__version__} (+notifications)"
RETRYABLE = {408, 425, 429}


class HttpAdapter(Adapter):
    """What the webhook and Slack adapters share: one client per pass, failures named and classified."""

    kind = "webhook"

    def __init__(self, name: str, channel):
        self.name = name
        self.channel = channel
        self.client: httpx.Client | None = None

    def post(self, payload: dict, headers: dict | None = None) -> httpx.Response:
        url = self.channel.resolved_url()  # SecretMissing when url_env is unset
        self.client = self.client or httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                                                  headers={"User-Agent": USER_AGENT})
        try:
            response = self.client.post(_usable(url), json=payload, headers=headers or {})
        except httpx.InvalidURL as error:  # not an httpx.HTTPError: a bad port, a control character
            where = f"${self.channel.url_env}" if self.channel.url_env else "its url"
            raise DeliveryError(self._where(f"the URL cannot be used ({error}); fix {where}, then "
                                            "`monitor notify --retry-failed`"), retry=False) from None
        except httpx.TimeoutException:
            raise DeliveryError(self._where("timed out"), retry=True) from None
        except httpx.ConnectError as error:
            raise DeliveryError(self._where(f"cannot connect ({_reason(error)})"), retry=True) from None
        except httpx.HTTPError as error:
            raise DeliveryError(self._where(f"{type(error).__name__}: {_reason(error)}"), retry=True) from None
        if 200 <= response.status_code < 300:
            return response
        status, body = response.status_code, " ".join(response.text.split())[:200]
        said = f"HTTP {status}" + (f": {body}" if body else "")
        if status in (429, 503) and response.headers.get("Retry-After"):
            wait = retry_after_seconds(response.headers["Retry-After"])
            raise DeliveryError(self._where(f"{said} (asked to wait {wait:.0f}s)"), retry=True, retry_after=wait)
        if status in RETRYABLE or status >= 500:
            raise DeliveryError(self._where(said), retry=True)
        raise DeliveryError(self._where(f"{said}; check the channel's URL and the payload"), retry=False)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def _where(self, problem: str) -> str:
        # Never the URL itself: webhook URLs are secrets.
        return f"channel '{self.name}' ({self.kind}): {problem}"


class WebhookAdapter(HttpAdapter):
    def __init__(self, name: str, channel: WebhookChannel):
        super().__init__(name, channel)

    def send(self, delivery: Delivery, on_part: Callable[[int], None]) -> None:
        self.post(webhook_payload(delivery), headers={"Idempotency-Key": delivery.identity})


def webhook_payload(delivery: Delivery) -> dict:
    return {"id": delivery.identity, "channel": delivery.channel, **delivery.message}


def retry_after_seconds(value: str) -> float:
    """Retry-After in seconds from now (at least one); a minute when it cannot be read."""
    now = datetime.now(UTC)
    when = clock.retry_after(value, now)
    return 60.0 if when is None else max((when - now).total_seconds(), 1.0)


def _usable(url: str) -> httpx.URL:
    """The URL, or httpx.InvalidURL; a port over 65535 included, which would otherwise be
    wrapped around to another port on the same host."""
    parsed = httpx.URL(url)
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise httpx.InvalidURL(f"Invalid port: '{parsed.port}'")
    return parsed


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__
