"""UTC timestamps as the archive stores them: ISO 8601 text, second precision, a trailing Z.

Text that sorts the same way the instants do, readable in `sqlite3`, comparable to a
user's `--since 2026-01-01`. Also the other times the monitor reads and writes: how long
ago, for people, and the time a server's Retry-After names.
"""

from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache

LONGEST_RETRY_AFTER = 366 * 86400  # seconds; keeps absurd Retry-After values from overflowing datetime


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@lru_cache(maxsize=4096)  # a crawl formats each item's few instants several times over
def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def day_after(day: date) -> str:
    return day_start(day + timedelta(days=1))


def age(timestamp: str | None) -> str:
    """How long ago, for people: "3h ago", "never"."""
    if not timestamp:
        return "never"
    seconds = (now() - parse_iso(timestamp)).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return f"{int(seconds)}s ago"


def retry_after(value: str | None, now: datetime | None = None) -> datetime | None:
    """A Retry-After header (RFC 9110) as a UTC time: it may be a number of seconds (from `now`,
    the present by default) or an HTTP date; None when it is neither."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return (now or datetime.now(UTC)) + timedelta(seconds=min(int(value), LONGEST_RETRY_AFTER))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
