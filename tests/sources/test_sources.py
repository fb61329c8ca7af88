from pathlib import Path

import pytest

from monitor.sources import SourcesError, load_sources, parse_duration

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("15m", 900), ("2h", 7200), ("1h30m", 5400),
                                            ("1d", 86400), (600, 600), ("1.5h", 5400)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["15 minutes", "soon", "0s", "-5m", "", True])
def test_bad_durations_are_refused_with_the_expected_form(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_shipped_sources_file_is_valid_and_covers_the_ground():
    loaded = load_sources(REPO / "sources.yaml")
    assert loaded.errors == []
    enabled = loaded.enabled
    assert len(enabled) >= 30
    tags = {tag for s in enabled for tag in s.tags}
    assert {"lab", "institute", "regulator", "government", "security-news", "policy-news"} <= tags
    assert any(s.kind == "html" and s.selector for s in enabled)
    assert {s.id for s in enabled if s.include} >= {"nist-news", "ftc-press"}
    assert all(s.url.startswith("https://") for s in loaded.sources)


def test_bad_entries_are_reported_with_file_entry_and_fix_and_the_others_load(tmp_path):
    path = write(tmp_path, """
sources:
  - id: good
    url: https://example.org/feed.xml
  - id: typo
    url: https://example.org/a.xml
    intervall: 15m
  - id: bad-interval
    url: https://example.org/b.xml
    interval: 15 minutes
  - name: no id or url
  - id: page
    url: https://example.org/news
    kind: html
  - id: good
    url: https://example.org/again.xml
  - id: Bad Id
    url: ftp://example.org/feed
""")
    loaded = load_sources(path)
    assert [s.id for s in loaded.sources] == ["good"]
    errors = "\n".join(loaded.errors)
    assert f"{path}: entry 2 (id 'typo'): unknown key 'intervall'; did you mean 'interval'?" in errors
    assert "entry 3 (id 'bad-interval'): interval: '15 minutes' is not a duration; write it like 90s, 15m or 2h" in errors
    assert "entry 4: 'id' is missing; add it" in errors and "entry 4: 'url' is missing; add it" in errors
    assert "entry 5 (id 'page'): kind html needs a selector" in errors
    assert "entry 6 (id 'good'): the id is used twice" in errors
    assert "'Bad Id' is not a usable id" in errors and "'ftp://example.org/feed' is not an http(s) URL" in errors


def test_strict_loading_refuses_a_file_with_any_error(tmp_path):
    path = write(tmp_path, "sources:\n  - id: a\n    url: https://example.org/\n    kind: podcast\n")
    with pytest.raises(SourcesError) as raised:
        load_sources(path, strict=True)
    assert "kind: 'podcast' is not one of" in str(raised.value)


def test_defaults_fetch_settings_and_anchors(tmp_path):
    path = write(tmp_path, """
fetch:
  host_delay: 2s
  concurrency: 4
defaults:
  interval: 2h
keywords:
  ai: &ai [AI, machine learning]
sources:
  - id: a
    url: https://example.org/a.xml
    include: *ai
  - id: b
    url: https://example.org/b.xml
    interval: 5m
    full_text: false
""")
    loaded = load_sources(path)
    assert loaded.errors == []
    assert (loaded.policy.host_delay, loaded.policy.concurrency) == (2.0, 4)
    a, b = loaded.sources
    assert (a.interval, b.interval, b.full_text) == (7200, 300, "never")
    assert a.keyword_filter.keeps("New machine learning rules") and not a.keyword_filter.keeps("Chip exports")


def test_keyword_filter_matches_whole_words_and_regexes(tmp_path):
    path = write(tmp_path, "sources:\n  - id: a\n    url: https://example.org/\n"
                           "    include: [AI, /\\bRMF\\b/]\n    exclude: [sponsored content]\n")
    keep = load_sources(path).sources[0].keyword_filter
    assert keep.keeps("NIST updates the AI RMF")
    assert keep.keeps("The RMF profile")
    assert not keep.keeps("Maintenance of the email system")  # "ai" inside a word does not count
    assert not keep.keeps("AI tools: Sponsored   Content")


def test_missing_and_malformed_files_say_what_to_do(tmp_path):
    with pytest.raises(SourcesError, match="no such file; pass --sources PATH or set MONITOR_SOURCES"):
        load_sources(tmp_path / "nope.yaml")
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(write(tmp_path, "sources: [\n"))
    with pytest.raises(SourcesError, match="expected a mapping with a 'sources:' list"):
        load_sources(write(tmp_path, "- just a list\n"))
