"""UTC timestamps as the archive stores them: ISO 8601 text, second precision, a trailing Z.

Text that sorts the same way the instants do, readable in `sqlite3`, comparable to a
user's `--since 2026-01-01`.
"""

from datetime import UTC, date, datetime, timedelta


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


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
