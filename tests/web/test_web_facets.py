"""Facet counts (monitor.store.facets): exact for few matches, bounded for many, filters respected."""

from datetime import date

import pytest

import monitor.store.search as search_module
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


def test_few_matches_are_counted_exactly(store):
    counted = facet_counts(store.conn, "hearing")
    assert counted.exact and counted.window is None and counted.counted == 25
    assert {v.value: v.count for v in counted.sources} == {"packet-wire": 13, "demo-commission": 12}
    assert {v.value: v.count for v in counted.months} == {"2026-11": 17, "2026-10": 8}
    assert {v.value: v.count for v in counted.labels["themes"]} == {"privacy": 9}
    assert {v.value: v.count for v in counted.labels["jurisdiction"]} == {"us": 9}


def test_many_matches_are_counted_within_a_window_of_the_most_recent(store, archive, monkeypatch):
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 12)
    counted = facet_counts(store.conn, "hearing", window=10)
    assert not counted.exact and counted.window == 10 and counted.counted == 10
    assert sum(v.count for v in counted.sources) == 10
    assert sorted(counted.ids) == archive.hearings[-10:]  # the last ten archived
    only = facet_counts(store.conn, "hearing", sources=["demo-commission"], window=4)
    assert [v.value for v in only.sources] == ["demo-commission"] and only.counted == 4
    assert only.ids == [h for n, h in enumerate(archive.hearings) if n % 2][::-1][:4]
    dated = facet_counts(store.conn, "hearing", since=date(2026, 10, 1), until=date(2026, 10, 31), window=50)
    assert dated.counted == 8 and [m.value for m in dated.months] == ["2026-10"]


def test_when_filters_keep_too_few_recent_matches_the_newest_filtered_articles_are_checked(
        store, archive, monkeypatch):
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 3)
    counted = facet_counts(store.conn, "hearing", sources=["packet-wire"], window=5)
    assert counted.ids == [h for n, h in enumerate(archive.hearings) if n % 2 == 0][:5]  # newest published
    monkeypatch.setattr(search_module, "MAX_EXAMINED", 8)  # a bound on the articles looked at
    bounded = facet_counts(store.conn, "tier OR hearing", sources=["packet-wire"], window=100)
    assert bounded.counted == 7 and not bounded.exact  # 8 newest packet-wire articles, 7 of them hearings


def test_no_query_counts_the_newest_articles(store):
    counted = facet_counts(store.conn, "", window=5)
    assert counted.counted == 5 and not counted.exact
    everything = facet_counts(store.conn, "", window=1000)
    assert everything.exact and everything.counted == store.articles.count()


def test_label_filters_keep_labelled_matches_newest_first(store, archive):
    privacy = facet_counts(store.conn, "hearing", labels={"themes": ("privacy",)})
    assert privacy.counted == 9 and privacy.ids == [h for n, h in enumerate(archive.hearings) if n % 3 == 0]
    both = facet_counts(store.conn, "", labels={"themes": ("privacy", "cyber"), "jurisdiction": ("us",)})
    assert both.counted == 9
    actions = facet_counts(store.conn, "", labels={"action": ("tier_change",)})
    assert sorted(actions.ids) == sorted([archive.tier, archive.tier_copy, archive.tier_before])


def test_the_page_says_when_counts_are_approximate(store, monkeypatch):
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 3)
    monkeypatch.setattr(search_module, "RANK_WINDOW", 10)
    monkeypatch.setattr(views, "FACET_WINDOW", 10)  # 25 hearings match: counts cover the 10 newest
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
