"""Charts drawn on the server: HTML for every word and number, inline SVG for the bars only.

SVG text shrinks with the drawing, so on a phone a chart's labels would be unreadable; here
the bars stretch to the width (preserveAspectRatio="none") while names, totals and dates are
ordinary HTML text. No script and no CDN. Every bar has a <title> (shown on hover, read by
screen readers). Colours come from the stylesheet, as the Content-Security-Policy forbids
inline styles.

`weekly_bars` draws one series, a bar per week; `weekly_rows` draws several as small
multiples on one scale, one row per series with its total.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

BAR_W, ROW_H, BARS_H = 20, 24, 120


def weekly_bars(weeks: list[str], counts: list[int], *, label: str, unit: str = "articles") -> Markup:
    """A bar per week (weeks as Monday dates, YYYY-MM-DD), from zero to the busiest week."""
    peak = max(counts, default=0)
    svg = _bars(weeks, counts, peak or 1, BARS_H, unit, "bar")
    return Markup(
        f'<figure class="chart" role="img" aria-label="{escape(label)}">'
        f'<div class="plot"><span class="peak">{peak:,}</span>{svg}</div>'
        f"{_axis(weeks)}</figure>"
    )


def weekly_rows(weeks: list[str], series: dict[str, list[int]], *, label: str,
                links: dict[str, str] | None = None) -> Markup:
    """Small multiples: one row per series (name, a bar per week, total), on one shared scale."""
    peak = max((max(values, default=0) for values in series.values()), default=0) or 1
    rows = []
    for number, (name, counts) in enumerate(series.items()):
        link = (links or {}).get(name)
        title = f'<a href="{escape(link)}">{escape(name)}</a>' if link else escape(name)
        rows.append(
            f'<tr><th scope="row">{title}</th>'
            f"<td>{_bars(weeks, counts, peak, ROW_H, escape(name), f'bar s{number % 12}')}</td>"
            f'<td class="num">{sum(counts):,}</td></tr>'
        )
    return Markup(
        f'<figure class="chart rows" aria-label="{escape(label)}"><table>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><td></td><td>{_axis(weeks)}</td><td class="num">total</td></tr></tfoot></table></figure>'
    )


def _bars(weeks: list[str], counts: list[int], peak: int, height: int, what: str, css: str) -> str:
    width = BAR_W * max(len(weeks), 1)
    parts = [f'<svg viewBox="0 0 {width} {height}" preserveAspectRatio="none" aria-hidden="false">',
             f'<line class="axis" x1="0" y1="{height}" x2="{width}" y2="{height}" vector-effect="non-scaling-stroke"/>']
    for i, (week, count) in enumerate(zip(weeks, counts, strict=False)):
        bar_h = height * count / peak
        parts.append(
            f'<rect class="{css}" x="{i * BAR_W + 2}" y="{height - bar_h:.2f}" width="{BAR_W - 4}" '
            f'height="{bar_h:.2f}"><title>{escape(what)}, week of {escape(_day(week))}: {count:,}</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _axis(weeks: list[str]) -> str:
    if not weeks:
        return ""
    middle = weeks[len(weeks) // 2]
    return (f'<div class="weeks"><span>{escape(_day(weeks[0]))}</span><span>{escape(_day(middle))}</span>'
            f"<span>{escape(_day(weeks[-1]))}</span></div>")


def _day(day: str) -> str:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{parsed:%b} {parsed.day}"
