"""The label scheme: ids, the names people read, descriptions and cue phrases, from one YAML file.

The bundled `taxonomy.yaml` holds exactly the ids of TAXONOMY.md, each with its name (`Child
safety`, `US states`). (Tier orgs, frameworks and levels are named by the frameworks registry,
monitor/classify/frameworks.yaml.) A user file
named by the `MONITOR_TAXONOMY` environment variable (or passed as `extra=`) extends it: new ids
are added, existing ids get extra cues, and `replace: true` on an entry drops the bundled cues.

Every stage takes its ids from here: the classifier learns and predicts them, monitor.yaml's
rules are checked against them, and alerts, digests and the web page show their names.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

BUNDLED = Path(__file__).with_name("taxonomy.yaml")
ENV_VAR = "MONITOR_TAXONOMY"
# The keys of a taxonomy file and the key that holds each entry's cue list.
SECTIONS = {"themes": "cues", "actions": "cues", "jurisdictions": "gazetteer"}
# Ids the rest of the code relies on; a taxonomy without them is rejected.
REQUIRED_ACTIONS = ("tier_change", "none")
# Sections that moved to the frameworks registry: a file that still has them is told where they go.
MOVED = ("orgs", "frameworks")
# yaml's C loader when it is built in: the bundled file loads in a seventh of the time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def from_ai_publisher(url: str | None, publishers: tuple[str, ...]) -> bool:
    """Is `url` on one of the `publishers` hosts (or a subdomain of one)?"""
    host = (urlsplit(str(url or "")).hostname or "").lower()
    return bool(host) and any(host == site or host.endswith("." + site) for site in publishers)


def _default_name(label_id: str) -> str:
    return label_id.replace("_", " ").capitalize()


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Label:
    id: str
    description: str = ""
    cues: tuple[str, ...] = ()
    name: str = ""  # what people read; the id in words when the file gives none


@dataclass(frozen=True)
class Taxonomy:
    themes: dict[str, Label]
    actions: dict[str, Label]
    jurisdictions: dict[str, Label]
    relevance: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Hosts whose every article is about AI (a lab's or an AI-safety body's own site), named or not.
    ai_publishers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes)

    @property
    def action_ids(self) -> list[str]:
        return list(self.actions)

    @property
    def jurisdiction_ids(self) -> list[str]:
        return list(self.jurisdictions)

    def theme_name(self, theme: str) -> str:
        return self._name(self.themes, theme)

    def action_name(self, action: str) -> str:
        return self._name(self.actions, action)

    def jurisdiction_name(self, jurisdiction: str) -> str:
        return self._name(self.jurisdictions, jurisdiction)

    @staticmethod
    def _name(labels: dict[str, Label], label_id: str) -> str:
        label = labels.get(label_id)
        return label.name if label else _default_name(label_id)

    def to_dict(self) -> dict:
        """A plain-data snapshot (stored with a trained model)."""
        out: dict = {"relevance": {k: list(v) for k, v in self.relevance.items()},
                     "ai_publishers": list(self.ai_publishers)}
        for section, key in SECTIONS.items():
            out[section] = {
                lab.id: {"description": lab.description, key: list(lab.cues)}
                for lab in getattr(self, section).values()
            }
        return out


def load_taxonomy(extra: str | Path | None = None, *, use_env: bool = True) -> Taxonomy:
    """The bundled taxonomy, extended by `extra` or by the file in $MONITOR_TAXONOMY.

    Read once per version of its files: alerts, digests and pages ask for names often.
    """
    if extra is None and use_env and os.environ.get(ENV_VAR):
        extra = os.environ[ENV_VAR]
    files = [BUNDLED]
    if extra:
        path = Path(extra)
        if not path.is_file():
            raise TaxonomyError(
                f"{path}: taxonomy file not found (from {ENV_VAR} or --taxonomy); "
                f"fix the path or unset {ENV_VAR}"
            )
        files.append(path)
    return _load(tuple((str(path), *_version(path)) for path in files))


def _version(path: Path) -> tuple[int, int]:
    """What tells one version of a file from the next: modification time and size."""
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int, int], ...]) -> Taxonomy:
    """The taxonomy of these files (path, modification time, size), the first extended by the others."""
    data = _read(Path(files[0][0]))
    for path, *_ in files[1:]:
        data = _merge(data, _read(Path(path)), Path(path))
    return from_dict(data, sources=tuple(path for path, *_ in files))


def from_dict(data: dict, sources: tuple[str, ...] = ("<dict>",)) -> Taxonomy:
    where = sources[-1]
    _check_shapes(data, where)
    sections = {}
    for section, key in SECTIONS.items():
        entries = data.get(section) or {}
        labels = {}
        for label_id, entry in entries.items():
            entry = entry or {}
            if not re.fullmatch(r"[a-z][a-z0-9_]*", str(label_id)):
                raise TaxonomyError(
                    f"{where}: {section}.{label_id}: ids are lower-case letters, digits and '_'"
                )
            cues = entry.get(key) or []
            if not isinstance(cues, list):
                raise TaxonomyError(f"{where}: {section}.{label_id}.{key} must be a list of phrases")
            for cue in cues:
                _check_cue(cue, f"{where}: {section}.{label_id}")
            name = str(entry.get("name") or _default_name(label_id))
            labels[label_id] = Label(label_id, str(entry.get("description", "")), tuple(map(str, cues)), name)
        sections[section] = labels
    for needed in REQUIRED_ACTIONS:
        if needed not in sections["actions"]:
            raise TaxonomyError(f"{where}: actions must include '{needed}'")
    relevance = {k: tuple(map(str, v or [])) for k, v in (data.get("relevance") or {}).items()}
    publishers = data.get("ai_publishers") or []
    return Taxonomy(relevance=relevance, ai_publishers=tuple(h.strip().lower() for h in publishers),
                    sources=sources, **sections)


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping with 'themes', 'actions', 'jurisdictions'")
    moved = [section for section in MOVED if section in data]
    if moved:
        raise TaxonomyError(
            f"{path}: '{moved[0]}' is no longer read here: tier orgs and frameworks are named in the frameworks "
            "registry; move them to a file named by MONITOR_FRAMEWORKS (see monitor/classify/frameworks.yaml)"
        )
    unknown = set(data) - set(SECTIONS) - {"version", "relevance", "ai_publishers"}
    if unknown:
        raise TaxonomyError(
            f"{path}: unknown section(s) {sorted(unknown)}; use themes, actions, jurisdictions, relevance, ai_publishers"
        )
    hosts = data.get("ai_publishers") or []
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise TaxonomyError(f"{path}: 'ai_publishers' must be a list of host names, such as [anthropic.com]")
    return data


def _merge(base: dict, extra: dict, path: Path) -> dict:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    _check_shapes(extra, path)
    for section, key in SECTIONS.items():
        for label_id, entry in (extra.get(section) or {}).items():
            entry = dict(entry or {})
            if key not in entry and "cues" in entry:  # accept `cues` for jurisdictions too
                entry[key] = entry.pop("cues")
            old = dict((out.get(section) or {}).get(label_id) or {})
            if entry.pop("replace", False) or not old:
                merged = {**old, **entry}
            else:
                merged = {**old, **{k: v for k, v in entry.items() if k != key}}
                merged[key] = list(old.get(key) or []) + list(entry.get(key) or [])
            out.setdefault(section, {})[label_id] = merged
    for group, cues in (extra.get("relevance") or {}).items():
        rel = dict(out.get("relevance") or {})
        rel[group] = list(rel.get(group) or []) + list(cues or [])
        out["relevance"] = rel
    if extra.get("ai_publishers"):
        out["ai_publishers"] = list(out.get("ai_publishers") or []) + list(extra["ai_publishers"])
    return out


def _check_shapes(data: dict, where) -> None:
    """Each label section a mapping of id -> entry, each entry a mapping, relevance a mapping:
    checked before anything reads them, in a file to merge as in the taxonomy built."""
    for section, key in SECTIONS.items():
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise TaxonomyError(f"{where}: '{section}' must be a mapping of id -> entry; write '{section}:' "
                                f"then '  some_id: {{{key}: [...]}}'")
        for label_id, entry in entries.items():
            if entry is not None and not isinstance(entry, dict):
                raise TaxonomyError(f"{where}: {section}.{label_id} must be a mapping such as {{{key}: [...]}}")
    if not isinstance(data.get("relevance") or {}, dict):
        raise TaxonomyError(f"{where}: 'relevance' must be a mapping of group -> list of phrases")


def _check_cue(cue, where: str) -> None:
    if not isinstance(cue, str) or not cue.strip():
        raise TaxonomyError(f"{where}: cue {cue!r} must be a non-empty string")
    if cue.startswith(("re:", "rcs:")):
        try:
            re.compile(cue.split(":", 1)[1])
        except re.error as exc:
            raise TaxonomyError(f"{where}: bad regular expression {cue!r}: {exc}") from None


def compile_cues(cues: tuple[str, ...] | list[str]) -> list[re.Pattern]:
    """One pattern per cue: plain phrases match case-insensitively on word boundaries."""
    out = []
    for cue in cues:
        if cue.startswith("re:"):
            out.append(re.compile(cue[3:], re.IGNORECASE))
        elif cue.startswith("rcs:"):
            out.append(re.compile(cue[4:]))
        elif cue.startswith("cs:"):
            out.append(re.compile(r"(?<![\w.])" + re.escape(cue[3:]) + r"(?![\w])"))
        else:
            out.append(re.compile(r"(?<!\w)" + re.escape(cue).replace(r"\ ", r"[\s-]+") + r"(?!\w)", re.I))
    return out

