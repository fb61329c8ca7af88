"""Risk-tier determinations: who put which model at which level of which framework, and which way.

A *tier* is a level in a developer's or an authority's risk framework (TAXONOMY.md section 4). The
reader (reader.py) finds statements about levels in any text, including labs, models and frameworks
it has never seen, and tells determinations from expectations, descriptions and opinions. It reads a
determination by its frame (frames.py: who assigns which model to what, in so many words), so a level
of a shape nobody listed ("Risk Category III", "HZ-2", "Severity 3") is found where a frame puts it. The
registry (monitor/classify/frameworks.yaml, extendable with $MONITOR_FRAMEWORKS) turns what it read
into ids and display names and orders levels; its table of known determinations only fills fields a
text leaves open.

    extract_tier(title, text, url=None) -> TierFinding | None   the best statement of an article
    find_tier_mentions(title, text, url=None) -> [TierFinding]  all of them, best first
    describe_tier(tier) -> "Northwind AI · Atlas-4 · cyber · High"

A finding's `tier` holds ids (org, model, framework, category, level, direction; lowercase, unknown
orgs and frameworks as slugs such as `northwind_ai`) and `names`, the same fields as the text gives them.
Conventions (LABELLING.md R3): a negated statement ("does not reach High") is a determination with
level `below_<level>` and direction `unchanged` (`down` when it is a change: "no longer", "revised
... now below"); `up` or `down` against an earlier level the text names (the model's own or its
predecessor's) or when raised, reached, lowered or lifted; `unchanged` when kept; `new` for a first
determination, a model deployed under a level, and when the text says nothing of a change (the
known table may fill that gap). `confidence` of a determination is 0.5-0.98 (below 0.5 when no
model is named); expectations 0.5-0.7; descriptions 0.35-0.45.
"""

from __future__ import annotations

from functools import lru_cache

from monitor.classify.frameworks import Registry, load_registry
from monitor.classify.tiers.reader import KIND_RANK, Reader, TierFinding

__all__ = ["KIND_RANK", "TierFinding", "describe_tier", "extract_tier", "find_tier_mentions", "reader_for"]

_SHORT_CATEGORY = {"cyber": "cyber", "bio": "bio", "cbrn": "CBRN", "self_improvement": "AI self-improvement",
                   "model_autonomy": "model autonomy", "autonomy": "autonomy", "persuasion": "persuasion",
                   "systemic_risk": "systemic risk", "multiple": "several categories"}


@lru_cache(maxsize=4)
def _reader(registry_key: tuple[str, ...]) -> Reader:
    return Reader(load_registry())


def reader_for(registry: Registry | None = None) -> Reader:
    """The reader for a registry (default: the bundled one plus $MONITOR_FRAMEWORKS), built once."""
    if registry is not None:
        return Reader(registry)
    return _reader(load_registry().sources)


def find_tier_mentions(title: str, text: str, url: str | None = None, *, use_known: bool = True) -> list[TierFinding]:
    """All tier statements in an article, best first (determinations, then expectations, descriptions)."""
    return reader_for().read(title or "", text or "", url, use_known=use_known)


def extract_tier(title: str, text: str, url: str | None = None, *, use_known: bool = True) -> TierFinding | None:
    """The best determination in the article, else its best other tier statement, else None."""
    found = find_tier_mentions(title, text, url, use_known=use_known)
    return found[0] if found else None


def describe_tier(tier: dict | None, registry: Registry | None = None) -> str:
    """A tier for people: "Northwind AI · Atlas-4 · cyber · High" (the text's names, else the
    registry's, else the ids)."""
    if not tier:
        return ""
    registry = registry or load_registry()
    names = tier.get("names") or {}
    org_id, fw_id, level_id = tier.get("org"), tier.get("framework"), tier.get("level")
    org = names.get("org") or (registry.orgs[org_id].name if org_id in registry.orgs else org_id)
    model = names.get("model") or tier.get("model")
    category = _SHORT_CATEGORY.get(tier.get("category") or "", tier.get("category"))
    level = names.get("level")
    if not level and level_id:
        below = level_id.startswith("below_")
        base = level_id[6:] if below else level_id
        fw = registry.frameworks.get(fw_id or "")
        lv = fw.level(base) if fw else None
        level = ("below " if below else "") + (lv.name if lv else base)
    return " · ".join(str(p) for p in (org, model, category, level) if p)
