"""Messages as people read them: Jinja2 templates in monitor/notify/templates (HTML autoescaped).

A message (built by monitor/alerts/messages.py or digests.py and frozen in the outbox) is
plain data; this module turns it into an email's subject, text and inline-styled HTML, or
the HTML fragment of an Atom entry. Slack's Block Kit is built in monitor/notify/slack.py with
the same `day`, `when` and `plural`.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from monitor import clock

KIND_COLOURS = {"tier_change": "#b42318", "move": "#1d4ed8", "story": "#4b5563"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("monitor.notify", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined,
    )
    env.filters["day"] = day
    env.filters["when"] = when
    env.filters["plural"] = plural
    env.globals["colours"] = KIND_COLOURS
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def email_parts(message: dict) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of an alert or a digest."""
    kind = message["type"]
    text = render(f"{kind}.txt", m=message)
    html = render(f"{kind}.html", m=message)
    return message["subject"], text, html


def alert_fragment(message: dict) -> str:
    """The body of an alert as an HTML fragment (the Atom entry's content)."""
    return render("alert_fragment.html", m=message)


def day(value: str | None) -> str:
    """'21 Nov 2026' from an archive timestamp."""
    if not value:
        return ""
    return clock.parse_iso(value).strftime("%-d %b %Y")


def when(value: str | None) -> str:
    """'21 Nov 2026 07:00 UTC' from an archive timestamp."""
    if not value:
        return ""
    return clock.parse_iso(value).strftime("%-d %b %Y %H:%M UTC")


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 source', '3 sources'; `words` for an irregular plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
