"""A search as URL parameters, so every result page, facet and feed is a link people can share.

    /search?q=%22AI+Act%22&source=eu-commission&since=2026-01-01&order=newest&page=2

`SearchParams.parse` reads them (a bad value is a `BadParameter` naming the parameter and what
to write), `url()` writes them back with some changed, `toggle()` adds or removes one facet value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

PAGE_SIZE = 20
MAX_PAGE = 50  # deep pages cost a walk through the archive; past 1,000 results, narrow the search
MAX_QUERY_CHARS = 500
ORDERS = ("relevance", "newest")
# URL parameter -> the label family it filters on (values: taxonomy ids).
LABEL_PARAMS = {"theme": "themes", "action": "action", "jurisdiction": "jurisdiction"}


class BadParameter(ValueError):
    """A URL parameter that cannot be used; the message says which and what to write."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    order: str | None = None  # None: relevance with a query, newest without
    page: int = 1
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "theme" -> ("cyber",)

    @classmethod
    def parse(cls, query: Mapping) -> SearchParams:
        """From Starlette's QueryParams (or any mapping with getlist)."""
        q = (query.get("q") or "").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise BadParameter(f"q: the query is {len(q)} characters long; keep it under {MAX_QUERY_CHARS}")
        order = query.get("order") or None
        if order is not None and order not in ORDERS:
            raise BadParameter(f"order: {order!r} is not an order; use relevance or newest")
        since, until = _day(query, "since"), _day(query, "until")
        if since and until and since > until:
            raise BadParameter(f"since ({since}) is after until ({until}); swap them")
        page_text = query.get("page") or "1"
        if not page_text.isdigit() or int(page_text) < 1:
            raise BadParameter(f"page: {page_text!r} is not a page number (1, 2, ...)")
        page = int(page_text)
        if page > MAX_PAGE:
            raise BadParameter(f"page: only the first {MAX_PAGE} pages are shown; narrow the search instead")
        labels = {name: _values(query, name) for name in LABEL_PARAMS if _values(query, name)}
        return cls(q, _values(query, "source"), since, until, order, page, labels)

    @property
    def effective_order(self) -> str:
        return self.order or ("relevance" if self.q else "newest")

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    @property
    def filtered(self) -> bool:
        return bool(self.sources or self.since or self.until or self.labels)

    def pairs(self) -> list[tuple[str, str]]:
        """The URL parameters, in a stable order; defaults left out so URLs stay short."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        out += [("source", s) for s in self.sources]
        for name in LABEL_PARAMS:
            out += [(name, v) for v in self.labels.get(name, ())]
        if self.since:
            out.append(("since", self.since.isoformat()))
        if self.until:
            out.append(("until", self.until.isoformat()))
        if self.order:
            out.append(("order", self.order))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, path: str = "/search", **changes) -> str:
        """This search with some fields changed; any change but the page goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        query = urlencode(replace(self, **changes).pairs())
        return f"{path}?{query}" if query else path

    def toggle(self, name: str, value: str) -> str:
        """The URL with one facet value added, or removed when it is already selected."""
        if name == "source":
            return self.url(sources=_flip(self.sources, value))
        labels = dict(self.labels)
        labels[name] = _flip(labels.get(name, ()), value)
        return self.url(labels={k: v for k, v in labels.items() if v})

    def selected(self, name: str, value: str) -> bool:
        values = self.sources if name == "source" else self.labels.get(name, ())
        return value in values

    def without_dates(self) -> str:
        return self.url(since=None, until=None)

    def month(self, month: str) -> str:
        """The URL restricted to one month, given as YYYY-MM."""
        year, number = int(month[:4]), int(month[5:7])
        end = date(year + (number == 12), number % 12 + 1, 1)
        return self.url(since=date(year, number, 1), until=date.fromordinal(end.toordinal() - 1))


def _flip(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


def _values(query: Mapping, name: str) -> tuple[str, ...]:
    raw = query.getlist(name) if hasattr(query, "getlist") else [query.get(name)]
    seen: list[str] = []
    for value in raw:
        value = (value or "").strip()
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)


def _day(query: Mapping, name: str) -> date | None:
    text = (query.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadParameter(f"{name}: {text!r} is not a day; write it as YYYY-MM-DD") from None
