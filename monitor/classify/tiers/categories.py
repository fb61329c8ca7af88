"""The tracked category a level is stated for (TAXONOMY.md section 4): cyber, bio, CBRN, AI
self-improvement, autonomy, persuasion, systemic risk, or several at once, in a framework's own terms
where the registry knows them ("intrusion" for a user framework's cyber)."""

from __future__ import annotations

import re

from monitor.classify.frameworks import Framework
from monitor.classify.tiers import cues as C
from monitor.classify.tiers.levels import LevelMention

_CATEGORY_RX: list[tuple[C.Cue, str]] = [
    (C.Cue(r"\bcyber\w*|\bhacking\b|\boffensive (?:security|operations)\b|\bmalware\b|\bransomware\b|"
           r"\bzero-days?\b|\bintrusions?\b", ("cyber", "hacking", "offensive", "malware", "ransomware", "zero-day",
                                               "intrusion")),
     "cyber"),
    (C.Cue(r"\b(?:CBRN|NRBC|CBRNE)\b|\bradiolog\w*|\bnuclear\b", ("cbrn", "nrbc", "radiolog", "nuclear")), "cbrn"),
    (C.Cue(r"\bbiolog\w*|\bbio\b|\bbio-?(?:security|weapons?|risk|threats?|chem\w*)\b|\bchemi\w*|\bchem\b|"
           r"\bpathogen\w*|\bvirolog\w*|\bCB-\d|\bwet-lab\b", ("bio", "chem", "pathogen", "virolog", "cb-", "wet-lab")),
     "bio"),
    (C.Cue(r"\bself[- ]improvement\b|\bAI R&D\b|\bML R&D\b|\bmachine[- ]learning R&D\b|"
           r"\bAI research and development\b|\bautomated AI research\b|\bmachine learning research and development\b",
           ("improvement", "r&d", "research and development", "automated ai research")), "self_improvement"),
    (C.Cue(r"\bmodel autonomy\b", ("model autonomy",)), "model_autonomy"),
    (C.Cue(r"\bautonom\w+|\bloss of control\b|\bmisalignment\b|\bdeceptive alignment\b|\binstrumental reasoning\b|"
           r"\bshutdown resistance\b|\bself-?replicat\w*|\bself-?exfiltrat\w*|\bexfiltration\b|\bcontainment\b|"
           r"\bsabotage\b|\bcop(?:y|ies|ying) (?:itself|its (?:own )?weights)",
           ("autonom", "loss of control", "alignment", "instrumental", "shutdown", "replicat", "exfiltrat",
            "containment", "sabotage", "cop")),
     "autonomy"),
    (C.Cue(r"\bpersuasion\b|\bmanipulation\b", ("persuasion", "manipulation")), "persuasion"),
]
_MULTI = C.Cue(
    r"\b(?:several|multiple|all|any|various|every|each|three|four|five|both|many)\s+(?:of (?:the|its) )?"
    r"(?:\w+\s+){0,3}?(?:categor\w+|domains?|areas?|capabilit(?:y|ies)|fields|risks)\b|\boverall\b",
    ("several", "multiple", "all", "any", "various", "every", "each", "three", "four", "five", "both", "many",
     "overall"),
)
_EVERY_LEVEL = re.compile(r"\b(?:all|every|any|each)\s+(?:of\s+(?:the|its)\s+)?$", re.I)
_LIST_JOIN = re.compile(r",|\band\b|&|\bas well as\b|\bplus\b", re.I)
CATEGORY_TEXT = {"cyber": "cyber", "bio": "bio", "cbrn": "CBRN", "self_improvement": "AI self-improvement",
                 "model_autonomy": "model autonomy", "autonomy": "autonomy", "persuasion": "persuasion",
                 "systemic_risk": "systemic risk", "multiple": "several categories"}
_SWAPS = {"bio": ("cbrn",), "cbrn": ("bio",), "autonomy": ("model_autonomy",), "model_autonomy": ("autonomy",)}


def map_category(cat: str, fw: Framework | None) -> str:
    """A generic category in the framework's own terms (OpenAI's biological is bio, Anthropic's CBRN)."""
    if fw is None:
        return cat
    own = fw.categories
    if cat in own or not own:
        return cat
    for other in _SWAPS.get(cat, ()):
        if other in own:
            return other
    return cat


def category_of(sentence: str, m: LevelMention, pre: str, post: str, title: str, fw: Framework | None,
                labels: dict[str, str] | None = None) -> str | None:
    """The tracked category a level is stated for: the words right after it, then before it, then
    the rest of the sentence and the title, then the framework's usual category. `labels` are the
    article's own names for categories ("Category II" -> cyber)."""
    if m.category:
        return map_category(m.category, fw)
    near_post = post[:90]
    if labels:
        named = _label_near(near_post[:50], labels) or _label_near(pre[-30:], labels)
        if named:
            return map_category(named, fw)
    if _MULTI.search(near_post) or _MULTI.search(pre[-60:]) or _EVERY_LEVEL.search(pre[-12:]):
        return "multiple"  # "in all tracked categories", "below all critical capability levels"
    post_cats = categories_in(near_post, fw)
    if len({c for _, c in post_cats}) >= 2 and _LIST_JOIN.search(near_post[: post_cats[-1][0]]):
        return "multiple"
    if post_cats:
        return post_cats[0][1]
    pre_cats = categories_in(pre[-70:], fw)
    if pre_cats:
        return pre_cats[-1][1]
    whole = categories_in(sentence, fw)
    if whole:
        return whole[0][1]
    if fw is not None and fw.id == "preparedness" and _MULTI.search(sentence):
        return "multiple"
    in_title = categories_in(title, fw)
    if in_title:
        return in_title[0][1]
    return fw.default_category if fw is not None else None


# "Category II (cyber)", "Domain III (cybersecurity)", "risk area CY-1 (offensive cyber operations)"
_LABEL_DEFINED = re.compile(r"\b(?P<label>(?:[Rr]isk\s+)?(?:[Cc]ategory|[Dd]omain|[Aa]rea|[Tt]rack|[Pp]illar)\s+"
                            r"(?:[IVX]{1,4}|\d{1,2}|[A-Z]{1,3}-?\d{0,2}))\s*\((?P<what>[^)]{2,60})\)")


def category_labels(text: str) -> dict[str, str]:
    """The article's own names for tracked categories: "Category II (cyber)" -> {"category ii": "cyber"}."""
    out = {}
    if "(" not in text:
        return out
    for m in _LABEL_DEFINED.finditer(text):
        found = categories_in(m.group("what"), None)
        if found:
            out[re.sub(r"^risk\s+", "", m.group("label").lower())] = found[0][1]
    return out


def _label_near(span: str, labels: dict[str, str]) -> str | None:
    low = span.lower()
    hits = [(low.find(label), cat) for label, cat in labels.items()
            if re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", low)]
    return min(hits)[1] if hits else None


def widen_to_several(sentence: str, mentions: list[LevelMention], i: int, category: str | None,
                     fw: Framework | None) -> str | None:
    """"High in biological and chemical and High in cybersecurity": one determination, several categories."""
    if not category or category == "multiple":
        return category
    m = mentions[i]
    for other in mentions[i + 1:]:
        gap = sentence[m.end:other.start]
        if other.name.lower() != m.name.lower() or not re.search(r"\band\s+[\"']?$", gap) \
                or C.CLAUSE_BREAK.search(gap):
            break
        if category_of(sentence, other, "", sentence[other.end:], "", fw) not in (None, category):
            return "multiple"
    return category


_OWN_CATEGORIES: dict[str, list[tuple[re.Pattern[str], str]]] = {}


def _own_categories(fw: Framework) -> list[tuple[re.Pattern[str], str]]:
    """A framework's own names for its categories ("intrusion" -> cyber), compiled once."""
    if fw.id not in _OWN_CATEGORIES:
        _OWN_CATEGORIES[fw.id] = [
            (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I), cat)
            for cat, names in fw.categories.items() if names
        ]
    return _OWN_CATEGORIES[fw.id]


def categories_in(span: str, fw: Framework | None) -> list[tuple[int, str]]:
    """(offset, category) of each category a span names, first mention of each, in order."""
    hits = []
    low = span.lower()
    if fw is not None:
        for rx, cat in _own_categories(fw):
            m = rx.search(span)
            if m:
                hits.append((m.start(), cat))
    for rx, cat in _CATEGORY_RX:
        m = rx.search(span, low)
        if m:
            mapped = map_category(cat, fw)
            if (fw is None or not fw.categories or mapped in fw.categories) and \
                    not any(at == m.start() for at, _ in hits):
                hits.append((m.start(), mapped))
    hits.sort()
    seen: set[str] = set()
    hits = [(at, c) for at, c in hits if not (c in seen or seen.add(c))]
    # "chemical, biological, radiological and nuclear": one category, CBRN
    if len(hits) >= 2 and {c for _, c in hits} <= {"bio", "cbrn"}:
        cbrn = "cbrn" if any(c == "cbrn" for _, c in hits) else "bio"
        return [(hits[0][0], map_category(cbrn, fw))]
    return hits
