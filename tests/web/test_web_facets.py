"""Facet counts (monitor.store.facets): exact for few matches, bounded for many, filters respected."""

from datetime import date

import pytest

import monitor.search.engine as engine
from monitor.search import search_articles
from monitor.store import Store
from monitor.store.facets import facet_counts, theme_weekly_counts
from monitor.web import views
from monitor.web.params import SearchParams
from tests.web_support import build_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("facets") / "archive.db")


@pytest.fixture
def store(archive):
    with Store(archive.path, readonly=True) as store:
        yield store


def counted(store, query: str, window: int = 2000, labels=None, **filters):
    """Facets as the search page counts them: over the matches its search hands over."""
    matches = search_articles(store, query, order="newest", limit=0, window=window, **filters).matches if query else None
    return facet_counts(store.conn, matches, window=window, labels=labels, **filters)


def test_few_matches_are_counted_exactly(store):
    counts = counted(store, "hearing")
    assert counts.exact and counts.window is None and counts.counted == 25
    assert {v.value: v.count for v in counts.sources} == {"packet-wire": 13, "demo-commission": 12}
    assert {v.value: v.count for v in counts.months} == {"2026-11": 17, "2026-10": 8}
    assert {v.value: v.count for v in counts.labels["themes"]} == {"privacy": 9}
    assert {v.value: v.count for v in counts.labels["jurisdiction"]} == {"us": 9}


def test_many_matches_are_counted_within_a_window_of_the_most_recent(store, archive, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_FACETS", 10)
    counts = counted(store, "hearing", window=10)
    assert not counts.exact and counts.window == 10 and counts.counted == 10
    assert sum(v.count for v in counts.sources) == 10
    assert counts.ids == archive.hearings[:10]  # the ten published last, newest first
    only = counted(store, "hearing", sources=["demo-commission"], window=4)
    assert [v.value for v in only.sources] == ["demo-commission"] and only.counted == 4 and only.exact is False
    assert only.ids == [h for n, h in enumerate(archive.hearings) if n % 2][:4]
    dated = counted(store, "hearing", since=date(2026, 10, 1), until=date(2026, 10, 31), window=50)
    assert dated.exact and dated.counted == 8 and [m.value for m in dated.months] == ["2026-10"]


def test_the_window_is_the_newest_matches_that_pass_the_filters(store, archive, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_FACETS", 3)
    counts = counted(store, "hearing", sources=["packet-wire"], window=5)
    assert counts.ids == [h for n, h in enumerate(archive.hearings) if n % 2 == 0][:5]


def test_no_query_counts_the_newest_articles(store):
    counts = counted(store, "", window=5)
    assert counts.counted == 5 and not counts.exact
    everything = counted(store, "", window=1000)
    assert everything.exact and everything.counted == store.articles.count()


def test_label_filters_keep_labelled_matches_newest_first(store, archive):
    privacy = counted(store, "hearing", labels={"themes": ("privacy",)})
    assert privacy.counted == 9 and privacy.ids == [h for n, h in enumerate(archive.hearings) if n % 3 == 0]
    both = counted(store, "", labels={"themes": ("privacy", "cyber"), "jurisdiction": ("us",)})
    assert both.counted == 9
    actions = counted(store, "", labels={"action": ("tier_change",)})
    assert sorted(actions.ids) == sorted([archive.tier, archive.tier_copy, archive.tier_before])


def test_the_page_says_when_counts_are_approximate(store, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_FACETS", 3)
    monkeypatch.setattr(engine, "FACET_WINDOW", 10)  # 25 hearings match: counts cover the 10 newest
    data = views.search(store, SearchParams(q="hearing"))
    assert data["facets"]["exact"] is False and data["facets"]["window"] == 10 and data["facets"]["counted"] == 10
    from monitor.web.render import ENV

    html = ENV.get_template("search.html").render(
        d=data, params=SearchParams(q="hearing"), path="/search", json_url="/search.json", atom_url="/search.atom",
        csrf_field="csrf", csrf_token="t", can_edit=False, edits_allowed=True, needs_login=False)
    assert "Counts among the 10 most recent matches." in html


def test_weekly_theme_counts_count_a_story_once(store):
    weeks = theme_weekly_counts(store.conn, date(2026, 11, 16))
    assert ("2026-11-16", "cyber", 1) in weeks  # two outlets, one story
