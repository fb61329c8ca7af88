"""The configured sources: sources.yaml, validated once at the boundary.

A broken entry never stops the others: `load_sources` returns the valid sources and a
list of errors, each naming the file, the entry and the fix. Callers that must refuse a
bad file as a whole (a config reload) use `strict=True`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import soupsieve
import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from monitor.validation import Names, StrictModel, plain_problem, yaml_problem

DEFAULT_INTERVAL = 30 * 60
DEFAULT_USER_AGENT = "ai-risk-monitor/0.1 (+https://github.com/ai-risk-monitor/ai-risk-monitor)"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.I)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# `keywords` only holds YAML anchors (&ai) that entries reuse (*ai).
TOP_LEVEL_KEYS = {"fetch", "defaults", "keywords", "sources"}


class SourcesError(Exception):
    """sources.yaml cannot be used; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_duration(value: Any, *, allow_zero: bool = False) -> float:
    """`90s`, `15m`, `2h`, `1h30m`, `1d` (or a number of seconds) as seconds."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        parts = _DURATION.findall(text)
        if not parts or "".join(f"{n}{u}" for n, u in parts).lower() != text.lower():
            raise ValueError(f"{value!r} is not a duration; write it like 90s, 15m or 2h")
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"{value!r} must be longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


@dataclass(frozen=True)
class FetchPolicy:
    """Politeness for every fetch: the `fetch:` section of sources.yaml."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # one attempt, body included
    max_bytes: int = 10 * 1024 * 1024  # decoded body
    max_redirects: int = 5
    host_delay: float = 0.5  # between request starts to one host; one request per host at a time
    concurrency: int = 16  # requests in flight overall
    retries: int = 2  # extra attempts after a transient failure
    backoff_base: float = 1.0  # seconds; exponential with full jitter
    max_retry_wait: float = 30.0  # a longer Retry-After is not waited for
    robots_ttl: float = 86400.0


class KeywordFilter:
    """include/exclude keywords: a phrase matches whole words, case-insensitively; /regex/ is a regex."""

    def __init__(self, include: Iterable[str], exclude: Iterable[str]):
        self.include = [_keyword_pattern(k) for k in include]
        self.exclude = [_keyword_pattern(k) for k in exclude]

    def keeps(self, text: str) -> bool:
        if any(p.search(text) for p in self.exclude):
            return False
        return not self.include or any(p.search(text) for p in self.include)


def _keyword_pattern(keyword: str) -> re.Pattern:
    if len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/"):
        return re.compile(keyword[1:-1], re.I)
    words = r"\s+".join(re.escape(w) for w in keyword.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.I)


class Source(StrictModel):
    id: str
    name: str = ""
    url: str
    kind: Literal["rss", "atom", "json", "html"] | None = None
    interval: float = DEFAULT_INTERVAL
    tags: Names = ()
    include: Names = ()
    exclude: Names = ()
    full_text: Literal["auto", "always", "never"] = "auto"
    user_agent: str | None = None
    enabled: bool = True
    allow_private: bool = False
    selector: str | None = Field(default=None, description="CSS selector for article links (html sources)")
    link_pattern: str | None = None
    max_items: int = Field(default=50, ge=1, le=1000)

    @field_validator("id")
    @classmethod
    def _id_is_a_slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value!r} is not a usable id; use lowercase letters, digits, '-', '_' or '.'")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("interval", mode="before")
    @classmethod
    def _interval_is_duration(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("full_text", mode="before")
    @classmethod
    def _full_text_bool(cls, value: Any) -> Any:
        return {True: "always", False: "never"}.get(value, value) if isinstance(value, bool) else value

    @field_validator("include", "exclude")
    @classmethod
    def _keywords_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for keyword in value:
            try:
                _keyword_pattern(keyword)
            except re.error as error:
                raise ValueError(f"keyword {keyword!r} is not a valid /regex/ ({error})") from None
        return value

    @field_validator("selector")
    @classmethod
    def _selector_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                soupsieve.compile(value)
            except Exception as error:
                raise ValueError(f"{value!r} is not a valid CSS selector ({error})") from None
        return value

    @field_validator("link_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"{value!r} is not a valid regex ({error})") from None
        return value

    @model_validator(mode="after")
    def _html_needs_selector(self) -> "Source":
        if self.kind == "html" and not self.selector:
            raise ValueError("kind html needs a selector: the CSS selector of the article links on the page")
        return self

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def keyword_filter(self) -> KeywordFilter:
        return KeywordFilter(self.include, self.exclude)


@dataclass
class LoadedSources:
    path: str
    sources: list[Source] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    policy: FetchPolicy = field(default_factory=FetchPolicy)

    @property
    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    def get(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


def load_sources(path: str | Path, *, strict: bool = False) -> LoadedSources:
    path = str(path)
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise SourcesError([f"{path}: no such file; pass --sources PATH or set MONITOR_SOURCES"]) from None
    except OSError as error:
        raise SourcesError([f"{path}: cannot read it ({error.strerror}); pass --sources PATH"]) from None
    except UnicodeDecodeError as error:
        raise SourcesError([f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8"]) from None
    except yaml.YAMLError as error:
        raise SourcesError([f"{path}: {yaml_problem(error)}"]) from None
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise SourcesError([f"{path}: expected a mapping with a 'sources:' list of entries"])
    loaded = LoadedSources(path)
    for key in document.keys() - TOP_LEVEL_KEYS:
        loaded.errors.append(f"{path}: unknown top-level key '{key}'; known keys: {', '.join(sorted(TOP_LEVEL_KEYS))}")
    loaded.policy = _fetch_policy(path, document.get("fetch") or {}, loaded.errors)
    defaults = document.get("defaults") or {}
    seen: set[str] = set()
    for number, entry in enumerate(document["sources"], start=1):
        source = _source(path, number, entry, defaults, loaded.errors)
        if source is None:
            continue
        if source.id in seen:
            loaded.errors.append(f"{path}: entry {number} (id '{source.id}'): the id is used twice; give it another id")
            continue
        seen.add(source.id)
        loaded.sources.append(source)
    if strict and loaded.errors:
        raise SourcesError(loaded.errors)
    return loaded


def _source(path: str, number: int, entry: Any, defaults: dict, errors: list[str]) -> Source | None:
    if not isinstance(entry, dict):
        errors.append(f"{path}: entry {number}: expected a mapping with id, name, url; got {entry!r}")
        return None
    where = f"{path}: entry {number}" + (f" (id '{entry['id']}')" if "id" in entry else "")
    try:
        return Source(**{**defaults, **entry})
    except ValidationError as error:
        errors.extend(f"{where}: {plain_problem(problem, _key_path(problem), Source.model_fields)}"
                      for problem in error.errors())
        return None


def _key_path(problem: dict) -> str:
    return ".".join(str(part) for part in problem["loc"])


def _fetch_policy(path: str, settings: dict, errors: list[str]) -> FetchPolicy:
    known = {f.name for f in fields(FetchPolicy)}
    values = {}
    for key, value in settings.items():
        if key not in known:
            errors.append(f"{path}: fetch: unknown setting '{key}'; known settings: {', '.join(sorted(known))}")
            continue
        try:
            values[key] = _policy_value(key, value)
        except ValueError as error:
            errors.append(f"{path}: fetch: {key}: {error}")
    return replace(FetchPolicy(), **values)


def _policy_value(key: str, value: Any) -> Any:
    if key in ("user_agent",):
        return str(value)
    if key in ("max_bytes", "max_redirects", "concurrency", "retries"):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{value!r} must be a whole number")
        return value
    return parse_duration(value, allow_zero=True)
