"""Alerting configuration: monitor.yaml, validated once at the boundary.

Three sections, all optional:

- `channels`: where messages go, by name: `email` (SMTP), `slack` (incoming webhook) or
  `webhook` (a JSON POST). Secrets are never written in the file: `password_env` and
  `url_env` name environment variables, read when a message is sent.
- `rules`: which events alert at once and on which channels. An event is a tier change, a
  regulatory move, or another relevant story that a rule matches.
- `digests`: a summary of everything relevant on a cron schedule.

A file that is absent means the built-in defaults (`DEFAULT_CONFIG`): tier changes and
regulatory moves raise alerts (visible in `monitor alerts` and the Atom feed) and a daily
digest is planned, with no channel to deliver to until you add one. A file with any error
is refused as a whole: a half-read alerting setup would stay silent where it should speak.
Every error names the file, the key path and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, Field, ValidationError, field_validator

from monitor.notify.channels import Channels
from monitor.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from monitor.validation import Names, StrictModel, guess, plain_problem, yaml_problem

DEFAULT_PATH = "monitor.yaml"
ENV_VAR = "MONITOR_CONFIG"

# The actions that make a relevant article a regulatory move.
MOVE_ACTIONS = ("legislation", "regulation", "executive", "enforcement", "litigation", "international", "standard")
TOP_LEVEL_KEYS = ("channels", "rules", "digests")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ConfigError(Exception):
    """monitor.yaml cannot be used; `errors` lists every problem, each with the file, key and fix."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _check_name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(f"{value!r} is not a usable name; use letters, digits, '-', '_' or '.'")
    return value


EntryName = Annotated[str, AfterValidator(_check_name)]


class Match(StrictModel):
    """What an event must carry for a rule to fire; every key given must hold, lists match any of theirs."""

    action: Names = ()
    themes: Names = ()
    jurisdiction: Names = ()
    sources: Names = ()
    query: str | None = None
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("action")
    @classmethod
    def _known_actions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, _labels().action_ids, "action")

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdictions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, _labels().jurisdiction_ids, "jurisdiction")

    @field_validator("themes")
    @classmethod
    def _known_themes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, _labels().theme_ids, "theme")

    @field_validator("query")
    @classmethod
    def _query_searchable(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from monitor.search.query import SearchError, read_query

        try:
            read_query(value)
        except SearchError as error:
            raise ValueError(f"{error}; write search words, like '\"AI Act\" OR \"SB 53\"'") from None
        return value


class Rule(StrictModel):
    name: EntryName
    match: Match = Field(default_factory=Match)
    notify: Names = ()
    muted: bool = False


class Digest(StrictModel):
    name: EntryName
    schedule: str
    channels: Names = ()
    send_empty: bool = False

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        cron_trigger(value)
        return " ".join(value.split())


class AlertConfig(Channels):
    """monitor.yaml: the channels (monitor/notify/channels.py), the rules and the digests."""

    rules: tuple[Rule, ...] = ()
    digests: tuple[Digest, ...] = ()

    def digest(self, name: str) -> Digest | None:
        return next((d for d in self.digests if d.name == name), None)

    @property
    def active_rules(self) -> list[Rule]:
        return [r for r in self.rules if not r.muted]


# The built-in defaults, used when there is no monitor.yaml: alerts are raised and listed,
# the daily digest is planned; add channels (see monitor.example.yaml) to deliver them.
DEFAULT_CONFIG: dict = {
    "rules": [
        {"name": "tier-changes", "match": {"action": ["tier_change"]}},
        {"name": "regulatory-moves", "match": {"action": list(MOVE_ACTIONS)}},
    ],
    "digests": [{"name": "daily", "schedule": "0 7 * * *"}],
}


def config_path(path: str | Path | None = None) -> str:
    """The file to read: the argument, else $MONITOR_CONFIG, else monitor.yaml."""
    return str(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def load_config(path: str | Path | None = None, *, required: bool = False) -> AlertConfig:
    """monitor.yaml as an AlertConfig; the built-in defaults when the file is absent (unless `required`)."""
    path = config_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise ConfigError([f"{path}: no such file; copy monitor.example.yaml there, or pass --config PATH "
                               f"or set {ENV_VAR}"]) from None
        return parse_config(DEFAULT_CONFIG, "(built-in defaults)")
    except OSError as error:
        raise ConfigError([f"{path}: cannot read it ({error.strerror})"]) from None
    except UnicodeDecodeError as error:
        raise ConfigError([f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8"]) from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError([f"{path}: {yaml_problem(error)}"]) from None
    return parse_config(document if document is not None else {}, path)


def parse_config(document: Any, path: str = "<config>") -> AlertConfig:
    if not isinstance(document, dict):
        raise ConfigError([f"{path}: expected a mapping with channels:, rules: and digests:; "
                           f"got {type(document).__name__}"])
    errors = [f"{path}: unknown top-level key '{key}'{guess(str(key), TOP_LEVEL_KEYS)}"
              for key in document if key not in TOP_LEVEL_KEYS]
    errors += _shape_errors(path, document)
    if errors:
        raise ConfigError(errors)
    try:
        config = AlertConfig(**document, path=path)
    except ValidationError as error:
        raise ConfigError([f"{path}: {_plain(problem, document)}" for problem in error.errors()]) from None
    errors = _reference_errors(path, config)
    if errors:
        raise ConfigError(errors)
    return config


def cron_trigger(schedule: str):
    """An APScheduler CronTrigger (UTC) for a 5-field cron line; ValueError with the fix otherwise."""
    from apscheduler.triggers.cron import CronTrigger

    fields = schedule.split()
    if len(fields) != 5:
        raise ValueError(f"{schedule!r} is not a cron schedule: it needs 5 fields (minute hour day month "
                         "weekday), like '0 7 * * *' for 07:00 UTC every day or '0 8 * * mon' for Mondays")
    try:
        return CronTrigger.from_crontab(schedule, timezone="UTC")
    except ValueError as error:
        raise ValueError(f"{schedule!r} is not a valid cron schedule ({error}); "
                         "write it like '0 7 * * *' (minute hour day month weekday, UTC)") from None


def _known(values: tuple[str, ...], known, what: str) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            raise ValueError(f"unknown {what} {value!r}{guess(value, known)}")
    return values


def _labels() -> Taxonomy:
    """The label ids rules may name: the classifier's taxonomy, or the bundled one when the user's
    extension cannot be read (the classifier reports that; alerting is never blocked on it)."""
    try:
        return load_taxonomy()
    except TaxonomyError:
        return load_taxonomy(use_env=False)


def _shape_errors(path: str, document: dict) -> list[str]:
    """Wrong container types, said plainly before pydantic's finer checks."""
    errors = []
    channels = document.get("channels")
    if channels is not None and not isinstance(channels, dict):
        errors.append(f"{path}: channels: expected a mapping of channel names to settings, like\n"
                      "  channels:\n    team-mail: {type: email, host: smtp.example.org, ...}")
    elif channels:
        for name, channel in channels.items():
            if not _NAME.match(str(name)):
                errors.append(f"{path}: channels.{name}: not a usable channel name; use letters, digits, '-', '_'")
            if not isinstance(channel, dict):
                errors.append(f"{path}: channels.{name}: expected settings with a type (email, slack or webhook)")
            elif "type" not in channel:
                errors.append(f"{path}: channels.{name}.type is missing; add type: email, slack or webhook")
    for key in ("rules", "digests"):
        value = document.get(key)
        if value is not None and not isinstance(value, list):
            errors.append(f"{path}: {key}: expected a list of entries, each starting with '- name: ...'")
    return errors


def _where(loc: tuple, document: dict) -> str:
    """The key path of a pydantic error location, with list entries named by their `name`."""
    parts: list[str] = []
    node: Any = document
    for i, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list):
            entry = node[part] if part < len(node) else None
            label = f"[{part}]"
            if isinstance(entry, dict) and entry.get("name"):
                label = f"[{part}] (name '{entry['name']}')"
            parts[-1] = parts[-1] + label if parts else label
            node = entry
            continue
        if isinstance(node, dict) and node.get("type") == part and i > 0:
            continue  # pydantic's discriminator tag ("email"), not a key the user wrote
        key = "from" if part == "from_" else str(part)
        parts.append(key)
        node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def _plain(problem: dict, document: dict) -> str:
    where = _where(problem["loc"], document)
    if problem["type"] == "union_tag_invalid":
        return f"{where}.type: {problem['input'].get('type')!r} is not a channel type; use email, slack or webhook"
    return plain_problem(problem, where, _known_keys(where))


def _known_keys(where: str) -> list[str]:
    parent = where.rsplit(".", 1)[0]
    if parent.startswith("channels."):
        return ["type", "host", "port", "security", "username", "password_env", "from", "to", "url", "url_env"]
    if parent.endswith(".match"):
        return list(Match.model_fields)
    if parent.startswith("rules"):
        return list(Rule.model_fields)
    if parent.startswith("digests"):
        return list(Digest.model_fields)
    return list(TOP_LEVEL_KEYS)


def _reference_errors(path: str, config: AlertConfig) -> list[str]:
    errors = []
    names = list(config.channels)
    for what, entries, key in (("rules", config.rules, "notify"), ("digests", config.digests, "channels")):
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            where = f"{what}[{i}] (name '{entry.name}')"
            if entry.name in seen:
                errors.append(f"{path}: {where}: the name is used twice; give each entry its own name")
            seen.add(entry.name)
            for channel in getattr(entry, key):
                if channel not in config.channels:
                    hint = guess(channel, names) if names else "; define it under channels: first"
                    errors.append(f"{path}: {where}.{key}: no channel named '{channel}'{hint}")
    return errors
