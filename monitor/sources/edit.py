"""Changing sources.yaml in place, the way a person would: entries appended or switched on and off
with the file's comments, order and layout kept (ruamel.yaml round-trips them; PyYAML would drop
every comment). Every entry written is checked as `Source` first, so the file stays valid.

    entry = new_entry(taken_ids(path), url=..., title="Northwind AI News", kind="rss")
    append_source(path, entry)
    set_enabled(path, "northwind-ai-news", False)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError

from monitor.sources import Source, SourcesError
from monitor.validation import plain_problem, yaml_problem


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_document(path: str | Path) -> Any:
    """sources.yaml as ruamel's round-trip document ({"sources": []} when the file does not exist yet)."""
    path = Path(path)
    try:
        document = _yaml().load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError([f"{path}: cannot read it ({getattr(error, 'strerror', None) or error})"]) from None
    except YAMLError as error:
        raise SourcesError([f"{path}: {yaml_problem(error)}"]) from None
    if document is None:
        document = {"sources": []}
    if not hasattr(document, "get") or not isinstance(document.get("sources", []), list):
        raise SourcesError([f"{path}: expected a mapping with a 'sources:' list of entries"])
    document.setdefault("sources", [])
    return document


def save_document(path: str | Path, document: Any) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        _yaml().dump(document, out)


def entries(document: Any) -> list:
    return [entry for entry in document["sources"] if hasattr(entry, "get")]


def taken_ids(path: str | Path) -> set[str]:
    return {str(entry.get("id")) for entry in entries(load_document(path))}


def new_entry(taken: set[str], *, url: str, title: str, kind: str | None = None, source_id: str | None = None,
              tags: tuple[str, ...] = ()) -> dict:
    """A sources.yaml entry for a feed: an id made from its title (unique among `taken`), its name, url, kind."""
    entry: dict = {"id": source_id or unique_id(slug(title or url), taken), "name": title or url, "url": url}
    if kind:
        entry["kind"] = kind
    if tags:
        entry["tags"] = list(tags)
    return entry


def append_source(path: str | Path, entry: dict) -> Source:
    """Append the entry to sources.yaml (comments kept); refused when its id or URL is there already."""
    source = checked(path, entry)
    document = load_document(path)
    for known in entries(document):
        if str(known.get("id")) == source.id:
            raise SourcesError([f"{path}: there is already a source with id '{source.id}'; pick another with --id"])
        if str(known.get("url")) == source.url:
            raise SourcesError([f"{path}: {source.url} is already there, as '{known.get('id')}'"])
    document["sources"].append(_as_written(entry))
    save_document(path, document)
    return source


def set_enabled(path: str | Path, source_id: str, enabled: bool) -> None:
    """Switch a source on or off in sources.yaml (its other settings and the file's comments kept)."""
    document = load_document(path)
    for entry in entries(document):
        if str(entry.get("id")) == source_id:
            if enabled and "enabled" in entry:
                del entry["enabled"]  # on is the default: say nothing
            elif not enabled:
                entry["enabled"] = False
            save_document(path, document)
            return
    raise SourcesError([f"{path}: no source with id '{source_id}'"])


def _as_written(entry: dict) -> dict:
    """Lists on one line, as sources.yaml writes them (tags: [lab, eu])."""
    written = dict(entry)
    for key, value in entry.items():
        if isinstance(value, (list, tuple)):
            written[key] = CommentedSeq(value)
            written[key].fa.set_flow_style()
    return written


def checked(path: str | Path, entry: dict) -> Source:
    try:
        return Source(**entry)
    except ValidationError as error:
        where = f"{path}: new entry '{entry.get('id')}'"
        raise SourcesError([f"{where}: {plain_problem(problem, '.'.join(map(str, problem['loc'])), Source.model_fields)}"
                            for problem in error.errors()]) from None


def slug(text: str) -> str:
    text = re.sub(r"^https?://(www\.)?", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:48].strip("-") or "feed"


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def entry_yaml(entry: dict) -> str:
    """The entry as it reads in sources.yaml (for --dry-run and the web page)."""
    from io import StringIO

    out = StringIO()
    _yaml().dump({"sources": [_as_written(entry)]}, out)
    return out.getvalue().split("\n", 1)[1]
