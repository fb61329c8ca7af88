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


def labels_json(labels) -> dict | None:
    """Labels for scripts: the ids, scores and evidence as stored, and `words` for people."""
    if labels is None:
        return None
    from monitor.alerts.messages import tier_words
    from monitor.taxonomy import load_taxonomy

    names = load_taxonomy()
    words = {"summary": label_words(labels), "action": names.action_name(labels.action),
             "themes": [names.theme_name(t) for t in labels.themes],
             "jurisdiction": [names.jurisdiction_name(j) for j in labels.jurisdiction],
             "tier": tier_words(labels.tier.as_dict()) if labels.tier else None}
    return labels.as_dict() | {"words": words}


def label_fields(labels, events: dict) -> list[tuple[str, str]]:
    """(field, value) lines of `monitor show`: the labels in words with their scores, who gave them,
    the tier step and the regulatory move the article is behind, and the evidence."""
    from monitor.alerts.messages import tier_words
    from monitor.taxonomy import load_taxonomy

    if labels is None:
        return [("labels", "not labelled yet (`monitor reclassify --missing` labels it)")]
    names = load_taxonomy()
    scores = labels.scores
    who = ("corrected by an analyst" if labels.origin == "analyst" else "labelled by the classifier") \
        + (f" on {labels.labelled_at[:10]}" if labels.labelled_at else "")
    fields = [("labels", f"{'relevant' if labels.relevant else 'not relevant'}{_pct(scores.relevant)}; {who}")]
    if labels.relevant:
        fields += [
            ("action", names.action_name(labels.action).capitalize() + _pct(scores.action)),
            ("themes", ", ".join(names.theme_name(t) + _pct(scores.theme(t)) for t in labels.themes)),
            ("jurisdiction", ", ".join(map(names.jurisdiction_name, labels.jurisdiction))),
        ]
    if labels.tier:
        words = tier_words(labels.tier.as_dict())
        direction = f", {labels.tier.direction}" if labels.tier.direction else ""
        fields.append(("tier", f"{words['line']} ({words['framework']}{direction})"))
    step = events.get("tier")
    if step:
        history = " → ".join(f"{s['level_name']} {s['happened_at'][:10]}" + (" (this)" if s["this"] else "")
                             for s in step["history"])
        fields.append(("tier step", f"{step['change']}; {_sources(step['sources'])}; {history}"))
    move = events.get("move")
    if move:
        fields.append(("move", f"{move['headline']} · {move['summary']}; {_sources(move['sources'])}"))
    fields += [("evidence", f"“{shorten(sentence, 160)}”") for sentence in labels.evidence[:2]]
    return fields


def _pct(score: float | None) -> str:
    return f" ({score:.0%})" if score is not None else ""


def _sources(count: int) -> str:
    return f"{count} source" + ("" if count == 1 else "s")
