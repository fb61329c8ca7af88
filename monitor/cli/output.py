"""Small helpers for what commands print: plain tables, JSON, shortened text, labels in words."""

import json
from datetime import datetime

import click

from monitor import clock


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def echo_json(value) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=_jsonable))


def _jsonable(value):
    if isinstance(value, datetime):
        return clock.iso(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def label_words(labels) -> str:
    """An article's labels in one short line of words: "Tier change: Northwind AI · Atlas-4 · cyber ·
    High", "Legislation · US states · Frontier AI safety", "not relevant"."""
    from monitor.alerts.messages import tier_words
    from monitor.taxonomy import load_taxonomy

    if labels is None:
        return "not labelled yet"
    if not labels.relevant:
        return "not relevant"
    names = load_taxonomy()
    if labels.tier:
        return f"{names.action_name('tier_change').capitalize()}: {tier_words(labels.tier.as_dict())['line']}"
    parts = [names.action_name(labels.action).capitalize() if labels.action != "none" else ""]
    parts += [", ".join(map(names.jurisdiction_name, labels.jurisdiction)), ", ".join(map(names.theme_name, labels.themes))]
    return " · ".join(part for part in parts if part)
