"""Facet counts for search: how the matches of a query spread over sources, months and labels.

Counts are taken over the matches a search hands over (monitor.search: `SearchResults.matches`,
asked for with `window=`), so a search page looks for the matches once:

- a query with up to EXACT_FACETS (5,000) matches that pass the filters: every one is counted,
  and the counts are exact;
- a query with more: the `window` (FACET_WINDOW) newest of them. `Facets.exact` is False and the
  page says how many recent matches the counts describe, not the whole archive;
- no query: the FACET_WINDOW newest articles that pass the filters (the date index).

Label facets (theme, action, jurisdiction) count the same articles by their labels: the
analyst's labels where there are any, else the model's (the rule of the `labels` view, read
here from the two label tables by key, which is cheaper than the view in a join); an archive
without labels has none. A label filter keeps, of that bounded set, the articles with the
labels asked for (any of the values asked within a family, every family asked), and
`Facets.ids` holds them newest first for the page of results.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from monitor.store.search import filters_sql

FACET_WINDOW = 2000  # newest matches counted when a query has too many to count them all
MONTHS_SHOWN = 24


@dataclass
class FacetValue:
    value: str  # what goes in the URL parameter
    label: str  # what people read
    count: int


@dataclass
class Facets:
    counted: int  # how many matching articles the counts cover
    exact: bool  # True: counted every match; False: counted the `window` newest matches only
    window: int | None
    sources: list[FacetValue] = field(default_factory=list)
    months: list[FacetValue] = field(default_factory=list)
    labels: dict[str, list[FacetValue]] = field(default_factory=dict)  # "themes" | "action" | ... -> values
    ids: list[int] = field(default_factory=list, repr=False)  # what was counted (label filters: newest first)
    has_labels: bool = True  # False: this archive has no label tables (the classifier never ran)


def facet_counts(
    conn: sqlite3.Connection,
    matches=None,
    *,
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    labels: dict[str, tuple[str, ...]] | None = None,
    window: int = FACET_WINDOW,
) -> Facets:
    """Counts by source, month and label (see the module's docstring).

    `matches`: what a search found (monitor.search.Matches: ids newest first, `complete` when
    they are all the matches); None when there is no query: the newest articles that pass the
    source and date filters are counted. `labels` filters by label family:
    {"themes": ("cyber",), "action": (...), "jurisdiction": (...)}; {"relevant": (True,)} keeps
    the articles labelled relevant.
    """
    if matches is None:
        ids, exact = _newest(conn, sources, since, until, window)
    else:
        ids, exact = (list(matches.ids), True) if matches.complete else (list(matches.ids[:window]), False)
    if labels and ids:
        ids = _newest_first(conn, _with_labels(conn, ids, labels))
    facets = Facets(counted=len(ids), exact=exact, window=None if exact else len(ids), ids=ids)
    if ids:
        id_list = _json_ids(ids)
        facets.sources, facets.months = _by_source_and_month(conn, id_list)
        by_label = _by_label(conn, id_list)
        facets.labels, facets.has_labels = by_label or {}, by_label is not None
    return facets


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _newest(conn, sources, since, until, window: int) -> tuple[list[int], bool]:
    where, params = filters_sql(sources, since, until)
    rows = conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ?",
        (*params, window + 1),
    ).fetchall()
    return [row[0] for row in rows[:window]], len(rows) <= window


def _by_source_and_month(conn, id_list: str) -> tuple[list[FacetValue], list[FacetValue]]:
    rows = conn.execute(
        """
        SELECT a.source_id, substr(a.published, 1, 7) AS month, count(*) AS n
        FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) GROUP BY a.source_id, month
        """,
        (id_list,),
    ).fetchall()
    by_source: dict[str, int] = {}
    by_month: dict[str, int] = {}
    for row in rows:
        by_source[row["source_id"]] = by_source.get(row["source_id"], 0) + row["n"]
        by_month[row["month"]] = by_month.get(row["month"], 0) + row["n"]
    names = _source_names(conn, list(by_source))
    sources = [FacetValue(s, names.get(s) or s, n) for s, n in by_source.items()]
    sources.sort(key=lambda v: (-v.count, v.label))
    months = [FacetValue(m, m, n) for m, n in sorted(by_month.items(), reverse=True)[:MONTHS_SHOWN]]
    return sources, months


def _source_names(conn, source_ids: list[str]) -> dict[str, str]:
    rows = conn.execute(
        f"SELECT id, name FROM sources WHERE id IN ({','.join('?' * len(source_ids))})", source_ids
    ).fetchall()
    return {row["id"]: row["name"] for row in rows if row["name"]}


LABEL_FAMILIES = ("themes", "action", "jurisdiction")


# Each article's labels by the `labels` view's rule (the analyst's when there are any, else the
# model's), read from the two tables by key for a list of ids.
_LABELS_OF_IDS = """
SELECT j.value AS article_id,
       CASE WHEN x.article_id IS NOT NULL THEN x.relevant ELSE m.relevant END AS relevant,
       CASE WHEN x.article_id IS NOT NULL THEN x.themes ELSE m.themes END AS themes,
       CASE WHEN x.article_id IS NOT NULL THEN x.action ELSE m.action END AS action,
       CASE WHEN x.article_id IS NOT NULL THEN x.jurisdiction ELSE m.jurisdiction END AS jurisdiction
FROM json_each(?) j
LEFT JOIN analyst_labels x ON x.article_id = j.value
LEFT JOIN model_labels m ON m.article_id = j.value
WHERE x.article_id IS NOT NULL OR m.article_id IS NOT NULL
"""


def _by_label(conn, id_list: str) -> dict[str, list[FacetValue]] | None:
    """Relevant articles per theme, action (not 'none') and jurisdiction; None without label tables."""
    try:
        rows = conn.execute(f"SELECT themes, action, jurisdiction FROM ({_LABELS_OF_IDS}) WHERE relevant",
                            (id_list,)).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    counts: dict[str, dict[str, int]] = {family: {} for family in LABEL_FAMILIES}
    for row in rows:
        values = {"themes": json.loads(row["themes"]), "action": [row["action"]] if row["action"] != "none" else [],
                  "jurisdiction": json.loads(row["jurisdiction"])}
        for family, found in values.items():
            for value in set(found):
                counts[family][value] = counts[family].get(value, 0) + 1
    return {family: [FacetValue(v, v, n) for v, n in sorted(found.items(), key=lambda item: (-item[1], item[0]))]
            for family, found in counts.items() if found}


def _with_labels(conn, ids: list[int], labels: dict[str, tuple[str, ...]]) -> list[int]:
    """Those of `ids` whose labels carry one of the values asked for in every family asked."""
    clauses, params = [], [_json_ids(ids)]
    for family, values in labels.items():
        if family == "relevant":  # {"relevant": (True,)}: only the articles labelled relevant
            clauses.append("l.relevant")
            continue
        if family not in LABEL_FAMILIES:
            raise ValueError(f"unknown label family {family!r}")
        if not values:
            continue
        marks = ",".join("?" * len(values))
        if family == "action":
            clauses.append(f"l.action IN ({marks})")
        else:
            clauses.append(f"EXISTS (SELECT 1 FROM json_each(l.{family}) v WHERE v.value IN ({marks}))")
        params.extend(values)
    try:
        rows = conn.execute(
            f"SELECT l.article_id FROM ({_LABELS_OF_IDS}) l WHERE 1 {''.join(' AND ' + c for c in clauses)}",
            params,
        ).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise
    return [row[0] for row in rows]


def _newest_first(conn, ids: list[int]) -> list[int]:
    if not ids:
        return []
    rows = conn.execute(
        "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY published DESC, id DESC",
        (_json_ids(ids),),
    ).fetchall()
    return [row[0] for row in rows]


def weekly_counts(conn: sqlite3.Connection, since: date) -> list[tuple[str, int]]:
    """Articles published per ISO week (Monday's date) since a day: the dashboard's volume chart.

    A range scan of the published index: a quarter of a large archive's recent weeks is a few
    ten thousand index entries.
    """
    rows = conn.execute(
        """
        SELECT date(published, 'weekday 0', '-6 days') AS week, count(*) AS n FROM articles
        WHERE published >= ? GROUP BY week ORDER BY week
        """,
        (f"{since.isoformat()}T00:00:00Z",),
    ).fetchall()
    return [(row["week"], row["n"]) for row in rows]


def theme_weekly_counts(conn: sqlite3.Connection, since: date) -> list[tuple[str, str, int]]:
    """(week, theme, relevant stories) since a day: copies of one story count once.

    This reads the two label tables rather than the `labels` view, with the view's rule (an
    analyst's labels win over the model's): joined to a range of articles, the view is
    materialised whole, seconds on a large archive, where the tables are joined by key.
    """
    rows = conn.execute(
        """
        SELECT date(a.published, 'weekday 0', '-6 days') AS week, t.value AS theme,
               count(DISTINCT coalesce(a.story_id, -a.id)) AS n
        FROM articles a
        LEFT JOIN analyst_labels x ON x.article_id = a.id
        LEFT JOIN model_labels m ON m.article_id = a.id,
        json_each(CASE WHEN x.article_id IS NOT NULL THEN x.themes ELSE m.themes END) t
        WHERE a.published >= ? AND (CASE WHEN x.article_id IS NOT NULL THEN x.relevant ELSE m.relevant END)
        GROUP BY week, theme ORDER BY week, theme
        """,
        (f"{since.isoformat()}T00:00:00Z",),
    ).fetchall()
    return [(row["week"], row["theme"], row["n"]) for row in rows]
