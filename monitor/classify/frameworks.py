"""The registry of risk frameworks, the organisations behind them and their model families.

The bundled `frameworks.yaml` holds the published frameworks (each with a comment citing its
source). A user file named by the `MONITOR_FRAMEWORKS` environment variable (or passed as `extra=`)
adds organisations, frameworks and known determinations; an entry whose id is bundled replaces the
bundled one. Both are validated once, and a problem is reported with the file, the entry and the fix.

`load_registry()` returns a `Registry`, cached per (bundled file, user file).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

BUNDLED = Path(__file__).with_name("frameworks.yaml")
ENV_VAR = "MONITOR_FRAMEWORKS"
SECTIONS = ("version", "generic_levels", "orgs", "frameworks", "known")
# The tracked categories of TAXONOMY.md section 4 (and LABELLING.md R3) a framework's names map to.
CATEGORIES = ("cyber", "bio", "cbrn", "self_improvement", "model_autonomy", "autonomy", "persuasion",
              "systemic_risk", "multiple")
DIRECTIONS = ("up", "down", "new", "unchanged")
_ID = re.compile(r"[a-z][a-z0-9_]*")
_LEVEL_ID = re.compile(r"[a-z0-9][a-z0-9_&.-]*")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when installed: 10x faster


class FrameworkError(ValueError):
    """A framework registry file that cannot be used; the message names the file, the entry and the fix."""


# Letters that Unicode does not decompose into a base letter and an accent
_UNACCENTED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                             "þ": "th"})


def slug(name: str) -> str:
    """A short lowercase id from a name: "Northwind AI" -> "northwind_ai", "Tier 3" -> "tier_3",
    "Cómputo Avanzado" -> "computo_avanzado"."""
    plain = unicodedata.normalize("NFKD", name.lower().translate(_UNACCENTED))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9&.]+", "_", plain.replace("'s ", " ")).strip("_.") or "unknown"


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    category: str | None = None


@dataclass(frozen=True)
class Framework:
    id: str
    org: str
    name: str
    aliases: tuple[str, ...]
    levels: tuple[Level, ...]
    categories: dict[str, tuple[str, ...]]
    default_category: str | None = None
    not_tiers: tuple[str, ...] = ()

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def rank(self, level_id: str) -> int | None:
        """The level's place in the framework's order (0 = lowest), or None when it has none here."""
        for i, lv in enumerate(self.levels):
            if lv.id == level_id:
                return i
        return None


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    authority: bool = False


@dataclass
class Registry:
    orgs: dict[str, Org]
    frameworks: dict[str, Framework]
    known: dict[str, dict] = field(default_factory=dict)  # model id -> {framework, category, level, direction}
    generic_levels: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()

    @cached_property
    def org_aliases(self) -> frozenset[str]:
        """Every organisation's names, lowercased."""
        return frozenset(a.lower() for o in self.orgs.values() for a in (o.name, *o.aliases))

    def frameworks_of(self, org_id: str | None) -> list[Framework]:
        return [f for f in self.frameworks.values() if f.org == org_id]

    def org_of_family(self, model_name: str | None) -> str | None:
        """The org whose model family the name starts with ("Claude Opus 5" -> anthropic), if any."""
        if not model_name:
            return None
        low = model_name.lower()
        best, best_len = None, 0
        for org in self.orgs.values():
            for fam in org.families:
                f = fam.lower()
                if low.startswith(f) and len(f) > best_len and (len(low) == len(f) or not low[len(f)].isalpha()
                                                                 or f[-1].isdigit()):
                    best, best_len = org.id, len(f)
        return best

    def org_of_domain(self, host: str | None) -> str | None:
        if not host:
            return None
        host = host.lower()
        for org in self.orgs.values():
            if any(host == d or host.endswith("." + d) for d in org.domains):
                return org.id
        return None

    def generic_rank(self, word: str) -> tuple[int, int] | None:
        """(scale, place) of a generic level word ("severe" -> (0, 9)), or None."""
        w = word.lower()
        for s, scale in enumerate(self.generic_levels):
            if w in scale:
                return s, scale.index(w)
        return None


def load_registry(extra: str | Path | None = None, *, use_env: bool = True) -> Registry:
    """The bundled registry, extended by `extra` or by the file in $MONITOR_FRAMEWORKS."""
    if extra is None and use_env:
        extra = os.environ.get(ENV_VAR) or None
    return _load(str(extra) if extra else "")


@lru_cache(maxsize=8)
def _load(extra: str) -> Registry:
    data = _read(BUNDLED)
    sources = [str(BUNDLED)]
    _check(data, BUNDLED)
    if extra:
        path = Path(extra)
        if not path.is_file():
            raise FrameworkError(f"{path}: framework file not found (from {ENV_VAR}); fix the path or unset {ENV_VAR}")
        user = _read(path)
        _check(user, path, base=data)
        data = _merge(data, user)
        sources.append(str(path))
    return _build(data, tuple(sources))


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: expected a mapping with 'orgs', 'frameworks' and 'known'")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise FrameworkError(f"{path}: unknown section(s) {unknown}; use {', '.join(SECTIONS)}")
    return data


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for section in ("orgs", "frameworks"):
        out[section] = {**(base.get(section) or {}), **(extra.get(section) or {})}
    out["known"] = list(base.get("known") or []) + list(extra.get("known") or [])
    if extra.get("generic_levels"):
        out["generic_levels"] = extra["generic_levels"]
    return out


def _fail(path: Path, where: str, problem: str, fix: str) -> None:
    raise FrameworkError(f"{path}: {where}: {problem}; {fix}")


def _strings(path: Path, where: str, value, key: str) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(path, where, f"'{key}' must be a list of non-empty strings, got {value!r}",
              f"write it as {key}: [First name, Second name]")


def _check(data: dict, path: Path, base: dict | None = None) -> None:
    """Every problem of one file, named with its entry and the fix (the first one raises)."""
    orgs = data.get("orgs") or {}
    frameworks = data.get("frameworks") or {}
    for section, value in (("orgs", orgs), ("frameworks", frameworks)):
        if not isinstance(value, dict):
            _fail(path, section, "must be a mapping of id -> entry", f"write '{section}:' then '  some_id: {{...}}'")
    for org_id, entry in orgs.items():
        _check_org(path, org_id, entry)
    known_orgs = set(orgs) | set((base or {}).get("orgs") or {})
    for fw_id, entry in frameworks.items():
        _check_framework(path, fw_id, entry, known_orgs)
    _check_known(path, data.get("known") or [], set(frameworks) | set((base or {}).get("frameworks") or {}))
    generic = data.get("generic_levels")
    if generic is not None and not (isinstance(generic, list) and all(
            isinstance(s, list) and all(isinstance(w, str) for w in s) for s in generic)):
        _fail(path, "generic_levels", "must be a list of lists of words, lowest first",
              "write generic_levels: [[low, medium, high]]")


def _check_org(path: Path, org_id, entry) -> None:
    where = f"orgs.{org_id}"
    if not _ID.fullmatch(str(org_id)):
        _fail(path, where, "ids are lowercase letters, digits and '_'", f"rename it, e.g. {slug(str(org_id))}")
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        _fail(path, where, "needs a 'name'", "add name: The Display Name")
    for key in ("aliases", "domains", "families"):
        _strings(path, where, entry.get(key), key)


def _check_framework(path: Path, fw_id, entry, known_orgs: set) -> None:
    where = f"frameworks.{fw_id}"
    if not _ID.fullmatch(str(fw_id)):
        _fail(path, where, "ids are lowercase letters, digits and '_'", f"rename it, e.g. {slug(str(fw_id))}")
    if not isinstance(entry, dict):
        _fail(path, where, "must be a mapping", "give it org, name, levels and categories")
    if entry.get("org") not in known_orgs:
        _fail(path, where, f"org {entry.get('org')!r} is not defined",
              f"use one of {sorted(known_orgs)} or add it under 'orgs:'")
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        _fail(path, where, "needs a 'name'", "add name: The Framework's Name")
    _strings(path, where, entry.get("aliases"), "aliases")
    _strings(path, where, entry.get("not_tiers"), "not_tiers")
    _check_levels(path, where, entry.get("levels"))
    cats = entry.get("categories") or {}
    if not isinstance(cats, dict):
        _fail(path, where, "'categories' must map a tracked category to names",
              "write categories: {cyber: [cybersecurity, cyber]}")
    for cat, names in cats.items():
        if cat not in CATEGORIES:
            _fail(path, f"{where}.categories.{cat}", "not a tracked category", f"use one of {', '.join(CATEGORIES)}")
        _strings(path, f"{where}.categories.{cat}", names, cat)
    if entry.get("default_category") not in (None, *CATEGORIES):
        _fail(path, where, f"unknown default_category {entry['default_category']!r}",
              f"use one of {', '.join(CATEGORIES)}")


def _check_levels(path: Path, where: str, levels) -> None:
    if not isinstance(levels, list):
        _fail(path, where, "'levels' must be a list, lowest first (it may be empty)",
              "write levels: [{id: low, name: Low}, {id: high, name: High}]")
    seen = set()
    for i, level in enumerate(levels):
        lw = f"{where}.levels[{i}]"
        if not isinstance(level, dict) or not isinstance(level.get("id"), str) \
                or not _LEVEL_ID.fullmatch(level["id"]):
            _fail(path, lw, f"each level needs an 'id' of lowercase letters, digits, '_' or '-', got {level!r}",
                  "write {id: high, name: High}")
        if level["id"].startswith("below_"):
            _fail(path, lw, "'below_' levels are made by the reader", f"name the level itself ({level['id'][6:]})")
        if level["id"] in seen:
            _fail(path, lw, f"level id {level['id']!r} appears twice", "give each level its own id")
        seen.add(level["id"])
        _strings(path, lw, level.get("aliases"), "aliases")
        if level.get("category") is not None and level["category"] not in CATEGORIES:
            _fail(path, lw, f"unknown category {level['category']!r}", f"use one of {', '.join(CATEGORIES)}")


def _check_known(path: Path, known, known_frameworks: set) -> None:
    if not isinstance(known, list):
        _fail(path, "known", "must be a list of determinations", "write known: [{model: x, framework: y, ...}]")
    for i, k in enumerate(known):
        where = f"known[{i}]"
        if not isinstance(k, dict) or not all(isinstance(k.get(f), str) for f in ("model", "framework", "level")):
            _fail(path, where, "needs model, framework and level", "write {model: m, framework: f, category: c, "
                  "level: l, direction: up}")
        if k["framework"] not in known_frameworks:
            _fail(path, where, f"framework {k['framework']!r} is not defined", "add it under 'frameworks:'")
        if k.get("direction") not in (None, *DIRECTIONS):
            _fail(path, where, f"direction {k.get('direction')!r}", f"use one of {', '.join(DIRECTIONS)}")


def _build(data: dict, sources: tuple[str, ...]) -> Registry:
    orgs = {
        oid: Org(oid, e["name"].strip(), tuple(e.get("aliases") or [e["name"]]), tuple(e.get("domains") or ()),
                 tuple(e.get("families") or ()), bool(e.get("authority")))
        for oid, e in (data.get("orgs") or {}).items()
    }
    frameworks = {}
    for fid, e in (data.get("frameworks") or {}).items():
        levels = tuple(
            Level(lv["id"], str(lv.get("name") or lv["id"]), tuple(lv.get("aliases") or ()), lv.get("category"))
            for lv in e.get("levels") or []
        )
        frameworks[fid] = Framework(
            fid, e["org"], e["name"].strip(), tuple(e.get("aliases") or [e["name"]]), levels,
            {c: tuple(n or ()) for c, n in (e.get("categories") or {}).items()},
            e.get("default_category"), tuple(e.get("not_tiers") or ()),
        )
    known = {k["model"].lower(): {"framework": k["framework"], "category": k.get("category"),
                                  "level": k["level"], "direction": k.get("direction")}
             for k in data.get("known") or []}
    generic = tuple(tuple(w.lower() for w in s) for s in data.get("generic_levels") or ())
    return Registry(orgs, frameworks, known, generic, sources)
