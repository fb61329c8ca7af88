"""What each page shows, as plain data: the HTML templates render it and the JSON is it.

Each function takes an open `Store` (read-only for page views) and returns a dict of JSON
values. Nothing here knows about HTTP or HTML, and nothing here speaks SQL.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

from monitor import clock
from monitor.crawl.urls import clean_link
from monitor.store import Store
from monitor.search import HIGHLIGHT_END, HIGHLIGHT_START, SearchError, search_page
from monitor.store.facets import Facets, FacetValue
from monitor.web import panels
from monitor.web.params import LABEL_PARAMS, MAX_PAGE, PAGE_SIZE, SearchParams
from monitor.web.security import safe_url

CHART_WEEKS = 12
CHART_SECONDS = 120
RECENT_ARTICLES = 12


# Dashboard ------------------------------------------------------------------------------------


def dashboard(store: Store, today: date | None = None) -> dict:
    today = today or clock.now().date()
    health = sources_page(store)
    names = {s["id"]: s["name"] for s in health["sources"]}
    return {
        "alerts": panels.recent_alerts(store),
        "tiers": panels.tier_tracker(store),
        "moves": panels.regulatory_moves(store),
        "chart": weekly_chart(store, today),
        "sources": health["summary"],
        "failing_sources": [s for s in health["sources"] if s["state"] in ("failing", "backing off")],
        "recent": listed_once(store, [_listed(a | {"source_name": names.get(a["source_id"])})
                                      for a in store.articles.recent(limit=RECENT_ARTICLES * 2)])[:RECENT_ARTICLES],
    }


_charts: dict[tuple[str, str], tuple[float, dict]] = {}


def weekly_chart(store: Store, today: date) -> dict:
    """The dashboard's chart, kept for CHART_SECONDS: counting a quarter's labelled stories in
    a large archive takes a few hundred milliseconds, and the figures move with each crawl."""
    newest = store.articles.recent(limit=1)
    end = min(clock.parse_iso(newest[0]["published"]).date(), today) if newest else today
    key = (store.path, f"{end}/{newest[0]['id'] if newest else 0}")
    kept = _charts.get(key)
    if kept and kept[0] > time.monotonic():
        return kept[1]
    chart = _weekly_chart(store, end)
    _charts.clear()  # one archive per server; keep only the latest
    _charts[key] = (time.monotonic() + CHART_SECONDS, chart)
    return chart


def _weekly_chart(store: Store, end: date) -> dict:
    """Stories per week over the last CHART_WEEKS weeks that have articles, by theme once labelled.

    The weeks end at the newest article (an archive that stopped crawling still shows its last
    weeks), never after today.
    """
    last_monday = end - timedelta(days=end.weekday())
    weeks = [(last_monday - timedelta(weeks=n)).isoformat() for n in range(CHART_WEEKS - 1, -1, -1)]
    themed = panels.theme_weeks(store, date.fromisoformat(weeks[0]))
    if themed is not None:
        ordered = sorted(themed.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        series = {panels.label_name("theme", theme): [counts.get(week, 0) for week in weeks]
                  for theme, counts in ordered}
        links = {panels.label_name("theme", theme): f"/search?theme={theme}&order=newest" for theme, _ in ordered}
        chart = {"kind": "themes", "weeks": weeks, "series": series, "links": links,
                 "title": "Relevant stories per theme per week"}
        if not series:
            chart["note"] = "No relevant story in these weeks."
        return chart
    counts = dict(store.weekly_counts(date.fromisoformat(weeks[0])))
    return {"kind": "volume", "weeks": weeks, "series": {"articles": [counts.get(w, 0) for w in weeks]},
            "title": "Articles archived per week",
            "note": "Per-theme counts of relevant stories appear here once the classifier labels articles."}


# Search ---------------------------------------------------------------------------------------


def search(store: Store, params: SearchParams, limit: int = PAGE_SIZE, *, fold: bool = True) -> dict:
    """One page of results with highlighted snippets and labels, and facet counts over the matches.

    With `fold`, copies of one story on the page are one row, which says how many other sources
    carried it (a feed of the search keeps every copy).

    The facets count the matches the search hands over (all of them up to 5,000, else the
    2,000 newest), so a page looks for the matches once. With a label filter (theme,
    action, jurisdiction) the results are the label-filtered matches among those, newest first.
    """
    page: dict = {"params": _params_json(params), "error": None, "hits": [], "total": 0,
                  "total_is_estimate": False, "note": None, "expression": None,
                  "facets": None, "next": None, "previous": None, "page": params.page, "per_page": limit,
                  "order": params.effective_order, "folded": 0}
    label_filter = {LABEL_PARAMS[name]: values for name, values in params.labels.items()}
    sources = list(params.sources) or None
    timing: dict[str, float] = {}
    try:
        results, facets = search_page(store, params.q, labels=label_filter, sources=sources, since=params.since,
                                      until=params.until, order=params.effective_order, limit=limit,
                                      offset=params.offset, timing=timing)
        page.update(expression=results.query, note=results.note, total=results.total,
                    total_is_estimate=results.total_is_estimate, order=results.order,
                    hits=[_hit(h) for h in results.hits])
        more = params.offset + limit < results.total
    except SearchError as error:
        page["error"] = str(error)
        return page
    if fold:
        listed = listed_once(store, page["hits"])
        page["hits"], page["folded"] = listed, len(page["hits"]) - len(listed)
    page["facets"] = _facets_json(facets, params, store)
    page["timing_ms"] = timing
    if more and params.page < MAX_PAGE:
        page["next"] = params.url(page=params.page + 1)
    if params.page > 1:
        page["previous"] = params.url(page=params.page - 1)
    return page


def _hit(hit) -> dict:
    snippet, marks = split_highlights(hit.snippet)
    return {
        "id": hit.id, "title": hit.title, "url": safe_url(hit.url), "source_id": hit.source_id,
        "source_name": hit.source_name or hit.source_id, "published": hit.published, "story_id": hit.story_id,
        "score": hit.score, "snippet": snippet, "highlights": marks, "page": f"/articles/{hit.id}",
    }


def listed_once(store: Store, items: list[dict]) -> list[dict]:
    """Listed articles with their labels in words, and the copies of a story that other sources
    carried folded into its first row: `other_sources` says how many other sources carried it (the
    article page lists them). Articles of a story that one source alone carried stay rows of their own."""
    labels = panels.listed_labels(store, [item["id"] for item in items])
    rows: list[dict] = []
    shown: set[int] = set()
    for item in items:
        story = store.stories.get(item["story_id"]) if item.get("story_id") else None
        other_sources = max(story["source_count"] - 1, 0) if story else 0
        if other_sources and story["id"] in shown:
            continue
        if other_sources:
            shown.add(story["id"])
        rows.append(item | {"labels": labels.get(item["id"]), "other_sources": other_sources})
    return rows


def split_highlights(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet with the search's highlight markers -> plain text and [start, end) offsets."""
    marked = " ".join(marked.split())
    text, spans, start = [], [], None
    length = 0
    for piece in re.split(f"([{HIGHLIGHT_START}{HIGHLIGHT_END}])", marked):
        if piece == HIGHLIGHT_START:
            start = length
        elif piece == HIGHLIGHT_END:
            if start is not None and length > start:
                spans.append([start, length])
            start = None
        else:
            text.append(piece)
            length += len(piece)
    return "".join(text), spans


def _facets_json(facets: Facets, params: SearchParams, store: Store) -> dict:
    def values(name: str, items: list[FacetValue]) -> list[dict]:
        listed = [{"value": v.value, "label": panels.label_name(name, v.value) if name != "source" else v.label,
                   "count": v.count, "selected": params.selected(name, v.value),
                   "url": params.toggle(name, v.value)} for v in items]
        shown = {v["value"] for v in listed}
        # A selected value that no longer occurs stays listed, so it can be switched off.
        for value in params.sources if name == "source" else params.labels.get(name, ()):
            if value not in shown:
                listed.append({"value": value, "label": value, "count": 0, "selected": True,
                               "url": params.toggle(name, value)})
        return listed

    out = {
        "exact": facets.exact, "counted": facets.counted, "window": facets.window, "has_labels": facets.has_labels,
        "source": values("source", facets.sources),
        "month": [{"value": m.value, "label": _month(m.value), "count": m.count, "url": params.month(m.value)}
                  for m in facets.months],
    }
    for name, family in LABEL_PARAMS.items():
        out[name] = values(name, facets.labels.get(family, []))
    out["active"] = [{"name": name, "label": v["label"], "remove": v["url"]}
                     for name in ("source", *LABEL_PARAMS) for v in out[name] if v["selected"]]
    return out


def _month(value: str) -> str:
    try:
        return date.fromisoformat(value + "-01").strftime("%b %Y")
    except ValueError:
        return value


def _params_json(params: SearchParams) -> dict:
    return {"q": params.q, "source": list(params.sources), "since": params.since, "until": params.until,
            "order": params.order, "page": params.page,
            **{name: list(params.labels.get(name, ())) for name in LABEL_PARAMS}}


# Article --------------------------------------------------------------------------------------


def article(store: Store, article_id: int) -> dict | None:
    found = store.articles.get(article_id)
    if found is None:
        return None
    story = store.stories.get(found["story_id"]) if found["story_id"] else None
    siblings = [_listed(a) for a in store.articles.in_story(found["story_id"]) if a["id"] != article_id] \
        if story else []
    return {
        "article": {
            "id": found["id"], "title": found["title"], "source_id": found["source_id"],
            "source_name": found["source_name"] or found["source_id"],
            "url": safe_url(found["url"]), "link": safe_url(clean_link(found["link"] or found["url"])),
            "published": found["published"], "published_estimated": found["published_estimated"],
            "first_seen": found["first_seen"], "updated_at": found["updated_at"], "revision": found["revision"],
            "authors": found["authors"], "tags": found["tags"], "text_source": found["text_source"],
            "full_text_error": found["full_text_error"], "text": found["text"], "story_id": found["story_id"],
        },
        "paragraphs": paragraphs(found["text"]),
        "story": story,
        "story_siblings": siblings,
        "labels": panels.article_labels(store, article_id),
        **panels.article_events(store, article_id),
    }


def paragraphs(text: str) -> list[str]:
    """Plain text split where the extractor left blank lines (or single newlines, if none)."""
    text = (text or "").strip()
    if not text:
        return []
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [" ".join(p.split()) for p in parts if p.strip()]


def _listed(row: dict) -> dict:
    return {"id": row["id"], "title": row["title"], "source_id": row["source_id"],
            "source_name": row.get("source_name") or row["source_id"], "published": row["published"],
            "url": safe_url(row["url"]), "page": f"/articles/{row['id']}", "story_id": row.get("story_id")}


# Sources --------------------------------------------------------------------------------------


def sources_page(store: Store, configured: list | None = None) -> dict:
    """Every source of the archive with its health. With `configured` (sources.yaml's sources), each
    row says whether the file has it (and whether the file has it on), and `waiting` lists the
    sources of the file that the archive has not fetched yet (one just added, say)."""
    health = store.sources.health()
    in_file = {source.id: source for source in configured or []}
    for known in health:  # the file says whether a source is on; the archive learns it at the next crawl
        if known["id"] in in_file:
            known["enabled"] = in_file[known["id"]].enabled
    rows = [_source(h) | {"configured": h["id"] in in_file} for h in health]
    seen = {row["id"] for row in rows}
    waiting = [{"id": s.id, "name": s.display_name, "url": safe_url(s.url), "kind": s.kind or "", "enabled": s.enabled}
               for s in configured or [] if s.id not in seen]
    summary = {"total": len(rows), "enabled": sum(r["enabled"] for r in rows)}
    for state in ("ok", "failing", "backing off", "never fetched", "disabled"):
        summary[state.replace(" ", "_")] = sum(r["state"] == state for r in rows)
    return {"sources": rows, "waiting": waiting, "summary": summary}


def _source(health: dict) -> dict:
    waiting = health["next_fetch_after"] and health["next_fetch_after"] > clock.iso(clock.now())
    if not health["enabled"]:
        state = "disabled"
    elif not health["last_fetch_at"]:
        state = "never fetched"
    elif health["last_status"] == "error":
        state = "backing off" if waiting and health["consecutive_failures"] >= 2 else "failing"
    else:
        state = "ok"
    return {
        "id": health["id"], "name": health["name"] or health["id"], "url": safe_url(health["url"]),
        "kind": health["kind"], "tags": health["tags"], "enabled": health["enabled"], "state": state,
        "last_fetch_at": health["last_fetch_at"], "last_success_at": health["last_success_at"],
        "last_status": health["last_status"], "last_http_status": health["last_http_status"],
        "last_error_cause": health["last_error_cause"], "last_error": health["last_error"],
        "consecutive_failures": health["consecutive_failures"], "next_fetch_after": health["next_fetch_after"],
        "articles": health["articles"], "pages_pending": health["pages_pending"],
        "last_new_items": health["last_new_items"],
        "search": f"/search?source={health['id']}",
    }
