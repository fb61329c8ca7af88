"""Turning page data into responses: HTML through Jinja2 (autoescaped), JSON, Atom.

Text from feeds only ever reaches the page through autoescaping. The two places that build
markup by hand, highlighted snippets and charts, escape every piece of text first.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from starlette.responses import Response

from monitor import clock
from monitor.web.charts import weekly_bars, weekly_rows

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def marked(hit: dict) -> Markup:
    """A snippet as HTML: the text escaped, the matched words in <mark>."""
    text, out, at = hit["snippet"], [], 0
    for start, end in hit.get("highlights") or []:
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def when(timestamp: str | None) -> str:
    """'2026-11-25 18:00 UTC' from the archive's ISO timestamps."""
    if not timestamp:
        return "never"
    try:
        return clock.parse_iso(timestamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return timestamp


def day(timestamp: str | None) -> str:
    return (timestamp or "")[:10]


def pct(value) -> str:
    return f"{round(float(value) * 100)}%" if value is not None else ""


def number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marked=marked, when=when, day=day, ago=clock.age, number=number, pct=pct)
    env.globals.update(weekly_bars=weekly_bars, weekly_rows=weekly_rows)
    return env


ENV = _environment()


def html(template: str, context: dict, status: int = 200, headers: dict | None = None) -> Response:
    body = ENV.get_template(template).render(context)
    return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_jsonable)


def json_response(value, status: int = 200) -> Response:
    # No Access-Control-Allow-Origin: other sites' pages must not read a local archive.
    return Response(to_json(value) + "\n", status_code=status, media_type="application/json")


def _jsonable(value):
    if isinstance(value, datetime):
        return clock.iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
