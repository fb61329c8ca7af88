"""Every bad input a person can give the `monitor` command ends in one or two plain lines and a
non-zero exit, never a traceback: real files, the commands run through click's runner (one as a
subprocess, `run`, which installs signal handlers and logging)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from tests.feeds import ALERTING_DEFAULTS
from tests.receivers import free_port

REPO = Path(__file__).resolve().parents[2]

# Every command that opens an existing archive, with the arguments it needs to get that far.
READERS = [
    ["search", "safeguards"], ["show", "1"], ["status"], ["tiers"], ["alerts"], ["moves"], ["sources"],
    ["digest", "daily", "--preview"], ["review"], ["serve", "--port", "0"],
]
WRITERS = [["notify"], ["digest", "daily", "--send"], ["label", "1", "--not-relevant"], ["reclassify"]]


def monitor(*args, cwd: Path | None = None):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def one_plain_error(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def sources_file(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - id: one\n    url: http://feed.invalid/rss\n")
    return path


def with_sources(command: list[str], sources_file: Path) -> list[str]:
    return command + ["--sources", str(sources_file)] if command[0] == "sources" else command


@pytest.mark.parametrize("command", READERS + WRITERS + [["crawl"]], ids=" ".join)
def test_a_db_that_is_not_sqlite_is_named_in_one_line(command, tmp_path, sources_file):
    notes = tmp_path / "notes.db"
    notes.write_text("These are my notes, not a database. " * 20)
    extra = ["--sources", str(sources_file)] if command[0] in ("sources", "crawl") else []
    result = monitor(*command, *extra, "--db", notes, "--config", ALERTING_DEFAULTS)
    one_plain_error(result, str(notes), "not a SQLite database")
    assert notes.read_text().startswith("These are my notes")


@pytest.mark.parametrize("command", READERS + WRITERS, ids=" ".join)
def test_commands_that_do_not_crawl_never_create_an_archive(command, tmp_path, sources_file):
    missing = tmp_path / "typo" / "monitr.db"
    result = monitor(*with_sources(command, sources_file), "--db", missing)
    one_plain_error(result, str(missing), "no such database", "monitor crawl")
    assert not missing.parent.exists()


def test_checking_the_alerting_configuration_needs_no_archive(tmp_path):
    result = monitor("notify", "--check", "--db", tmp_path / "none.db", "--config", ALERTING_DEFAULTS)
    assert result.exit_code == 0 and "2 active rules" in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_sqlite_file_of_another_program_is_not_turned_into_an_archive(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    for command in (["tiers"], ["notify"], ["search", "x"]):
        one_plain_error(monitor(*command, "--db", other, "--config", ALERTING_DEFAULTS), "not the monitor's archive")
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["recipes"]


def test_a_folder_given_as_the_archive(tmp_path, sources_file):
    one_plain_error(monitor("status", "--db", tmp_path), "a folder, not a database file")
    one_plain_error(monitor("crawl", "--db", tmp_path, "--sources", sources_file, "--config", ALERTING_DEFAULTS),
                    "a folder, not a database file")


@pytest.mark.parametrize("content, words", [
    ("rules: [unclosed\n", ("not valid YAML at line 2", "expected ',' or ']'")),
    ("rules:\n  - name: x\n    match: {action: tier_chnge}\n", ("unknown action 'tier_chnge'", "tier_change")),
    (b"rules: []\n# caf\xe9\n", ("not UTF-8 text",)),
], ids=["yaml", "unknown action", "encoding"])
def test_a_broken_alerting_configuration_is_one_line(tmp_path, content, words):
    config = tmp_path / "monitor.yaml"
    config.write_bytes(content if isinstance(content, bytes) else content.encode())
    one_plain_error(monitor("notify", "--check", "--config", config), str(config), *words)


def test_a_configuration_named_but_absent_or_a_folder_is_refused(tmp_path):
    one_plain_error(monitor("notify", "--check", "--config", tmp_path / "monitr.yaml"), "monitr.yaml: no such file")
    one_plain_error(monitor("notify", "--check", "--config", tmp_path), "cannot read it")


@pytest.mark.parametrize("content, words", [
    ("sources:\n  - id: a\n    url: [x\n", ("not valid YAML at line",)),
    (b"sources: []\n# caf\xe9\n", ("not UTF-8 text",)),
    (None, ("cannot read it",)),
], ids=["yaml", "encoding", "folder"])
def test_a_broken_sources_file_is_one_line(tmp_path, content, words):
    path = tmp_path / "sources.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in (["sources", "validate"], ["crawl", "--db", tmp_path / "a.db", "--config", ALERTING_DEFAULTS]):
        one_plain_error(monitor(*command, "--sources", path), str(path), *words)


@pytest.mark.parametrize("variable, content, words", [
    ("MONITOR_TAXONOMY", "themes: [cyber]\n", ("'themes' must be a mapping",)),
    ("MONITOR_TAXONOMY", "themes:\n  cyber: [hacking]\n", ("themes.cyber must be a mapping",)),
    ("MONITOR_FRAMEWORKS", "frameworks: [rsp]\n", ("frameworks: must be a mapping",)),
    ("MONITOR_FRAMEWORKS", "orgs: {x: [1\n", ("not valid YAML",)),
], ids=["taxonomy section", "taxonomy entry", "frameworks section", "frameworks yaml"])
def test_a_broken_taxonomy_or_frameworks_file_is_one_line_and_a_crawl_goes_on_unlabelled(
        tmp_path, monkeypatch, variable, content, words):
    path = tmp_path / "extra.yaml"
    path.write_text(content)
    monkeypatch.setenv(variable, str(path))
    result = CliRunner().invoke(cli, ["classify", "-"], input='{"id": 1, "title": "t", "text": "x"}\n')
    one_plain_error(result, str(path), *words)
    empty = tmp_path / "sources.yaml"
    empty.write_text("sources: []\n")
    crawled = monitor("crawl", "--db", tmp_path / "a.db", "--sources", empty, "--config", ALERTING_DEFAULTS)
    assert crawled.exit_code == 0 and f"Not labelled: {path}" in crawled.output


def test_a_crawl_where_every_source_fails_exits_non_zero_with_the_common_cause(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n" + "".join(f"  - id: s{n}\n    url: http://feed{n}.invalid/rss\n" for n in range(3)))
    result = monitor("crawl", "--db", tmp_path / "a.db", "--sources", sources, "--config", ALERTING_DEFAULTS)
    one_plain_error(result, "all 3 sources failed with DNS errors: is the network reachable?")
    refused = tmp_path / "refused.yaml"
    refused.write_text("sources:\n" + "".join(f"  - id: r{n}\n    url: http://127.0.0.1:{free_port()}/rss\n"
                                               for n in range(2)))
    result = monitor("crawl", "--db", tmp_path / "a.db", "--sources", refused, "--config", ALERTING_DEFAULTS, "--json")
    one_plain_error(result, "all 2 sources failed with connection errors")


def test_the_service_on_a_file_that_is_not_sqlite_says_so_in_one_line(tmp_path, sources_file):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database " * 40)
    done = subprocess.run([sys.executable, "-m", "monitor", "run", "--db", str(notes), "--sources", str(sources_file),
                           "--config", str(ALERTING_DEFAULTS)], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"Error: {notes}: this file is not a SQLite database; check --db" in done.stderr


def all_commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path, command", list(all_commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_that_works_on_the_archive_takes_db_and_config(path, command):
    options = {option for param in command.params for option in param.opts}
    if "--db" in options:
        assert "--config" in options, path
