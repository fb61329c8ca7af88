"""Risk-tier extraction: find statements that a model was put at a formal risk level.

A *tier* is a level in a developer's or an authority's risk scheme (TAXONOMY.md section 4):

    scheme                            org                  framework                        levels
    OpenAI Preparedness Framework     openai               preparedness                     low medium high critical
    Anthropic RSP (AI Safety Levels)  anthropic            rsp                              asl-1 ... asl-5
      and its capability thresholds                                                         cbrn-4 ai-r&d-4 cb-1
    Google DeepMind FSF               google_deepmind      fsf                              alert_threshold ccl
    Meta Frontier AI Framework / v2   meta                 frontier_ai_framework / aasf     moderate high critical
    Microsoft, Amazon frameworks      microsoft, amazon    frontier_governance_framework,   high critical
                                                           frontier_model_safety_framework
    EU AI Act, GPAI systemic risk     european_commission  eu_ai_act                        systemic

Each sentence naming a level becomes a `TierFinding` of one kind:

- ``determination``: the level is assigned to, held by or ruled out for a specific model ("we are
  treating GPT-5.3-Codex as High", "activated ASL-3 protections for Claude Opus 4", "Gemini 3.1 Pro
  remains below the alert thresholds"). The model is named in the clause, or referred to ("it",
  "the model", "this launch") and taken from the same sentence, the title or the sentences before.
- ``expectation``: the level is forecast ("expects upcoming models to reach High", "may trigger").
- ``description``: the scheme is described or no model carries the level ("the framework defines
  High as ...", "models rated High cannot be deployed", "if a model crosses a CCL").

Conventions, matching the gold tiers of ../shared/corpus/labelled.jsonl:

- ``model``: lowercased, spaces as hyphens: ``gpt-5.3-codex``, ``gpt-5.4-thinking``,
  ``claude-opus-4``, ``claude-sonnet-4.5``, ``gemini-3.1-pro``, ``chatgpt-agent``, ``o3-mini``.
- ``category``: ``cyber``; ``bio`` for OpenAI's and Meta's biological-and-chemical category, ``cbrn``
  for the other schemes; ``self_improvement`` (AI self-improvement, AI/ML R&D); ``model_autonomy`` and
  ``persuasion`` (Preparedness v1); ``harmful_manipulation``, ``misalignment``, ``loss_of_control``;
  ``systemic_risk`` (EU); ``multiple`` when one statement covers several categories.
- A negated statement ("did not reach High", "remains below the CCL", "ruled out ASL-4") is a
  determination with level ``below_<level>`` and direction ``unchanged``.
- ``direction``: ``up`` when a level is reached, activated or given for the first time, or a model is
  classified High/Critical; ``new`` when a model is deployed under (or inherits) a level, for a
  Medium/Low scorecard and for an EU designation; ``unchanged`` when a level is held or not reached;
  ``down`` when a level is lowered.
- ``confidence``: determinations score 0.5-0.98 (a named model, an assigning verb such as "treat as",
  "activated", "reached", the framework named and the title's model each add to it); below 0.5 a
  determination is weak (no model named). Expectations score 0.5-0.7, descriptions 0.35-0.45.

A small table of public determinations (reference section B2) fills a determination's category or
level when its text leaves them open, and gives the tier of a developer's system card whose summary
only says that framework evaluations were run.

Standard library only, besides `sentences.py`. Patterns are compiled at import; an article without
a scheme keyword is dropped after a few substring tests, and only sentences holding a level word
are analysed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from monitor.classify.sentences import normalise, sentence_spans

__all__ = ["TierFinding", "extract_tier", "find_tier_mentions"]


@dataclass(frozen=True)
class TierFinding:
    tier: dict  # {"org", "model", "framework", "category", "level", "direction"}
    kind: str  # "determination" | "expectation" | "description"
    evidence: str  # the sentence (or two) that carries it
    confidence: float  # 0..1


KIND_RANK = {"determination": 0, "expectation": 1, "description": 2}
MAX_EVIDENCE = 400

# ---------------------------------------------------------------------------------------------
# Model names and organisations
# ---------------------------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_MODEL_PATTERNS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    # (pattern, kind, lowercase substrings one of which must occur for the pattern to be tried)
    # gpt-oss-120b
    (re.compile(r"\bgpt-oss(?:-(\d+b))?\b", re.I), "gpt_oss", ("gpt-oss",)),
    # GPT-5.3-Codex, GPT-5.4 Thinking, GPT-4o, GPT-5.5 Instant
    (
        re.compile(
            # "high" and "cyber" only hyphenated: "rates GPT-5.3-Codex High for cyber" names a level, not a model
            r"\bGPT-?(\d+(?:\.\d+)?o?)((?:[- ](?:codex(?:[- ](?:max|mini))?|thinking|instant|pro|mini|nano|"
            r"turbo|chat)|-(?:cyber|high))*)\b(?![- ]?(?:series|family|line|generation|era|class|models|-level)\b)",
            re.I,
        ),
        "gpt",
        ("gpt",),
    ),
    # o1, o3-mini, o1-preview, o4-mini (lowercase only: "O1" is too often something else)
    (
        re.compile(r"(?<![\w.-])(o[1345])(-(?:mini|pro|preview|deep-research))?(?:-(?:high|low|medium))?(?![\w-])"),
        "oseries",
        ("o1", "o3", "o4", "o5"),
    ),
    (re.compile(r"\bOpenAI (O[1345])(-(?:mini|pro|preview))?\b"), "oseries", ("o1", "o3", "o4", "o5")),
    (re.compile(r"\bChatGPT[- ]agent\b", re.I), "chatgpt_agent", ("agent",)),
    (re.compile(r"\bCodex\b"), "codex", ("codex",)),
    # Claude Opus 4.1, Claude 4 Opus, Claude 3.7 Sonnet, Claude Mythos Preview, bare "Sonnet 4.5"
    (
        re.compile(
            rf"\bClaude\s+(?:({_NUM})\s+)?(Opus|Sonnet|Haiku|Mythos|Fable|Instant)(?:\s+({_NUM}))?(\s+Preview)?\b"
        ),
        "claude",
        ("claude",),
    ),
    (
        re.compile(rf"(?<!Claude )\b(Opus|Sonnet|Haiku|Mythos|Fable)\s+({_NUM})\b"),
        "claude_bare",
        ("opus", "sonnet", "haiku", "mythos", "fable"),
    ),
    (re.compile(rf"\bClaude\s+({_NUM})\b(?!\s+(?:Opus|Sonnet|Haiku))"), "claude_num", ("claude",)),
    # Gemini 2.5 Pro, Gemini 2.5 Deep Think, Gemini 3.1 Flash-Lite
    (
        re.compile(
            rf"\bGemini\s+({_NUM})((?:\s+(?:Pro|Flash(?:-Lite)?|Ultra|Nano|Deep Think))*)(?![\w.])",
        ),
        "gemini",
        ("gemini",),
    ),
    (re.compile(rf"\bLlama[\s-]?({_NUM})((?:\s+(?:Scout|Maverick|Behemoth))?)\b"), "llama", ("llama",)),
    (re.compile(r"\bMuse Spark\b"), "muse", ("muse",)),
    (re.compile(rf"\bGrok[- ]?({_NUM})((?:\s+(?:Heavy|Fast|Code))?)\b"), "grok", ("grok",)),
    (re.compile(rf"\bPhi-({_NUM})\b"), "phi", ("phi-",)),
    (re.compile(r"\bMAI-(\d+)(-preview)?\b"), "mai", ("mai-",)),
    (re.compile(r"\bNova (Premier|Pro|Lite|Micro)\b"), "nova", ("nova",)),
    (re.compile(r"\bDeepSeek[- ]?(R\d|V\d(?:\.\d)?)\b", re.I), "deepseek", ("deepseek",)),
    (re.compile(rf"\bMistral (Large|Medium|Small)(?: ({_NUM}))?\b"), "mistral", ("mistral",)),
]

_MODEL_ORG_PREFIX = [
    ("gpt", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"), ("o5", "openai"),
    ("chatgpt", "openai"), ("codex", "openai"), ("claude", "anthropic"), ("gemini", "google_deepmind"),
    ("llama", "meta"), ("muse", "meta"), ("grok", "xai"), ("phi", "microsoft"), ("mai", "microsoft"),
    ("nova", "amazon"), ("deepseek", "deepseek"), ("mistral", "mistral"),
]

_ORG_WORDS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"\bOpenAI\b|\bAltman\b"), "openai", ("openai", "altman")),
    (re.compile(r"\bAnthropic\b|\bAmodei\b"), "anthropic", ("anthropic", "amodei")),
    (re.compile(r"\b(?:Google )?DeepMind\b|\bGoogle\b"), "google_deepmind", ("deepmind", "google")),
    (re.compile(r"\bMeta\b|\bZuckerberg\b"), "meta", ("meta", "zuckerberg")),
    (re.compile(r"\bxAI\b"), "xai", ("xai",)),
    (re.compile(r"\bMicrosoft\b"), "microsoft", ("microsoft",)),
    (re.compile(r"\bAmazon\b|\bAWS\b"), "amazon", ("amazon", "aws")),
    (re.compile(r"\b(?:European )?Commission\b|\bAI Office\b"), "european_commission", ("commission", "ai office")),
]

# Words before a model name that make it a point of comparison, not the subject.
_COMPARISON_BEFORE = re.compile(
    r"(?:\bthan|\blike|\bsimilar(?:ly)? to|\bbuil(?:ds?|t) on|\bfollow(?:s|ing|ed)?|\bfalls? back to|\brouted to|"
    r"\bcompared (?:to|with)|\bversus|\bvs\.?|\bpredecessors?|\bsuccessors?(?: to| of)?|\bprevious|\bprior|"
    r"\breplac\w+|\bunlike|\bbeyond|\bbaseline(?: for comparison)?:?|\bsuch as|\bincluding|\bswitch\w* from|"
    r"\bagainst)\s+(?:the\s+|its\s+|OpenAI's\s+|Anthropic's\s+|Google's\s+)?(?:\w+\s+)?$",
    re.I,
)


def _model_id(kind: str, m: re.Match[str]) -> str | None:
    g = m.groups()
    if kind == "gpt_oss":
        return "gpt-oss" + (f"-{g[0].lower()}" if g[0] else "")
    if kind == "gpt":
        variants = "-".join(_WORDS.findall((g[1] or "").lower()))
        return "gpt-" + g[0].lower() + (f"-{variants}" if variants else "")
    if kind == "oseries":
        return g[0].lower() + (g[1].lower() if g[1] else "")
    if kind == "chatgpt_agent":
        return "chatgpt-agent"
    if kind == "codex":
        return "codex"
    if kind == "claude":
        num = g[0] or g[2]
        name = f"claude-{g[1].lower()}" + (f"-{num}" if num else "")
        return name + ("-preview" if g[3] else "")
    if kind == "claude_bare":
        return f"claude-{g[0].lower()}-{g[1]}"
    if kind == "claude_num":
        return f"claude-{g[0]}"
    if kind == "gemini":
        tail = "-".join(w.lower() for w in (g[1] or "").split())
        return f"gemini-{g[0]}" + (f"-{tail}" if tail else "")
    if kind in ("llama", "grok"):
        tail = (g[1] or "").strip().lower()
        return f"{kind}-{g[0]}" + (f"-{tail}" if tail else "")
    if kind == "muse":
        return "muse-spark"
    if kind == "phi":
        return f"phi-{g[0]}"
    if kind == "mai":
        return f"mai-{g[0]}" + (g[1] or "")
    if kind == "nova":
        return f"nova-{g[0].lower()}"
    if kind == "deepseek":
        return f"deepseek-{g[0].lower()}"
    if kind == "mistral":
        return f"mistral-{g[0].lower()}" + (f"-{g[1]}" if g[1] else "")
    return None


_WORDS = re.compile(r"[a-z0-9]+")
_VERSIONLESS = frozenset({"codex", "gpt-oss"})


def org_for_model(model: str | None) -> str | None:
    if not model:
        return None
    for prefix, org in _MODEL_ORG_PREFIX:
        if model.startswith(prefix):
            return org
    return None


@dataclass(frozen=True)
class _ModelMention:
    name: str
    start: int
    end: int
    comparison: bool  # named as a point of comparison ("builds on GPT-5.3 Codex")


def _model_patterns_in(low: str) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """The model-name patterns worth trying on an article (one of their needles occurs in it)."""
    return [p for p in _MODEL_PATTERNS if any(n in low for n in p[2])]


def _find_models(
    full: str, low: str, span: tuple[int, int], patterns: list[tuple[re.Pattern[str], str, tuple[str, ...]]]
) -> list[_ModelMention]:
    """Model names in one sentence of the article (offsets relative to the sentence)."""
    a, b = span
    sentence_low = low[a:b]
    hits: list[tuple[int, int, str]] = []
    for rx, kind, needles in patterns:
        if not any(n in sentence_low for n in needles):
            continue
        for m in rx.finditer(full, a, b):
            name = _model_id(kind, m)
            if name:
                hits.append((m.start(), m.end(), name))
    if not hits:
        return []
    hits.sort(key=lambda h: (h[0], -h[1]))
    found: list[_ModelMention] = []
    last_end = -1
    for start, end, name in hits:
        if start < last_end:
            continue  # overlaps an earlier, longer match ("Claude Opus 4" vs "Opus 4")
        last_end = end
        before = full[max(a, start - 40) : start]
        found.append(_ModelMention(name, start - a, end - a, bool(_COMPARISON_BEFORE.search(before))))
    return found


def _orgs_in(sentence: str, low: str) -> list[tuple[int, str]]:
    out = []
    for rx, org, needles in _ORG_WORDS:
        if not any(n in low for n in needles):
            continue
        for m in rx.finditer(sentence):
            out.append((m.start(), org))
    out.sort()
    return out


# ---------------------------------------------------------------------------------------------
# Level mentions, one pattern family per scheme
# ---------------------------------------------------------------------------------------------

# Lowercase substrings one of which a sentence needs before its level patterns are tried.
_SENTENCE_WORDS = ("asl", "safety level", "high", "critical", "medium", "low", "ccl", "capability level",
                   "alert threshold", "early warning", "early-warning", "systemic", "uplift level", "moderate",
                   "cb-", "cbrn-", "r&d-")

_RX_ASL = re.compile(r"\bASL[- ]?([1-5])\b(?!\+)|\bAI Safety Level[- ]([1-5])\b|\bASL[- ]?([1-5])\+")
# The RSP's capability thresholds, named per domain: "CBRN-4", "AI R&D-4", and from RSP 3 "CB-1".
_RX_RSP_THRESHOLD = re.compile(r"\b(CBRN|CB)-([1-5])\b|\bAI R&D-([1-5])\b")
_RX_CCL = re.compile(r"\bcritical capability levels?\b|\bCCLs?\b", re.I)
_RX_ALERT = re.compile(
    r"\b(?:early[- ]warning\s+)?alert thresholds?\b|\bearly[- ]warning (?:thresholds?|levels?|criteria)\b", re.I
)
_RX_UPLIFT = re.compile(
    r"\b(Cyber|CBRN|Harmful Manipulation|ML R&D (?:Acceleration|Automation)|Machine Learning R&D)"
    r"(?: Uplift)? Level \d\b",
    re.I,
)
_RX_SYSTEMIC = re.compile(
    r"\bgeneral[- ]purpose AI (?:\(GPAI\) )?models? with systemic risks?\b|\bGPAI models? with systemic risks?\b|"
    r"\bsystemic[- ]risk (?:GPAI|general[- ]purpose AI) models?\b|\b(?:posing|poses|pose|presents?) (?:a )?systemic risks?\b|"
    r"\bpresumed to have high[- ]impact capabilities\b|\bsystemic[- ]risk (?:designation|classification|status|tier)\b",
    re.I,
)
# Preparedness-style level words; the context test below decides whether they name a tier.
_RX_PF = re.compile(
    r"([\"']?)\b(high|critical|medium|low)\b(?!\s+capability\s+levels?)(?!-(?:profile|quality|level|"
    r"severity|performance|stakes|end|speed|resolution|value|volume|impact|tech|school|fidelity|"
    r"throughput|demand|priority|lighted|light))"
    r"(?!\s+(?:court|school|street|sierra|commission|representative|definition|infrastructure|vulnerabilit|"
    r"severity|bugs?|flaws?|patch|updates?|minerals|thinking|mass|roles?|steps?|issues?|conditions?|alert|"
    r"priority|performance|quality|accuracy|demand|volume|income|pressure|temperature)\b)([\"']?)",
    re.I,
)
# Meta's (and Microsoft's) outcome tiers: "a high-risk system", "the critical-risk threshold", '"high-risk"'
_RX_META_RISK = re.compile(
    r"\b(high|critical|moderate)[- ]risk(?:[\"']|\b(?= (?:AI |frontier )?(?:systems?|models?|thresholds?|"
    r"classification|categor\w+|tiers?|levels?|designation|rating)\b))",
    re.I,
)

# after a Preparedness level word: "High capability", "'high' cybersecurity risk rating", "High in the
# Biological and Chemical domain", "High on the cybersecurity portion", "High for cyber"
_CAT_WORDS = (
    r"cyber\w*|bio\w*|biological|chemical|chem|cbrn|self[- ]improvement|ai self[- ]improvement|"
    r"model autonomy|autonomy|persuasion|ai r&d"
)
_PF_POST_STRONG = re.compile(
    rf"^[\"']?(?:-|\s)(?:(?:{_CAT_WORDS})\s+)?(?:capabilit(?:y|ies)|risk (?:rating|classification|tier|level|category|"
    rf"threshold|designation)|threshold|classification|level of (?:risk|capability))\b",
    re.I,
)
_PF_POST_DOMAIN = re.compile(
    rf"^[\"']?\s+(?:(?:in|on|for|across)\s+(?:the\s+|all\s+|its\s+)?(?:\S+\s+){{0,2}}?(?:{_CAT_WORDS}|"
    rf"tracked categor\w*|categor\w*|domains?)|(?:{_CAT_WORDS})\s+(?:risk|capability|domain))",
    re.I,
)
# "classified as high risk for cybersecurity", "flags it as high cybersecurity risk": a lower-case
# level needs an assigning verb before it too
_PF_POST_RISK_IN = re.compile(
    rf"^\s+(?:risk\s+(?:in|on|for)\s+(?:the\s+|its\s+)?(?:{_CAT_WORDS})|(?:{_CAT_WORDS})[- ]risk\b)",
    re.I,
)
_PF_PRE_VERB = re.compile(
    r"(?:\btreat(?:s|ed|ing)?|\bclassif\w+|\bcategori[sz]\w*|\brated|\brates|\brating(?: of)?|\bscor\w*|"
    r"\bdesignat\w+|\bdeemed|\bassessed|\bconsidered|\breach\w*|\bhit|\bhits|\bmeet\w*|\bmet|\bcame back|"
    r"\bremains?|\bstill|\bbelow|\babove|\bexceed\w*|\bcross\w*|\bas)"
    r"\s+(?:\w+(?:'s)?\s+){0,4}?[\"']?$",
    re.I,
)
# weaker lead-ins, enough only for a quoted level word ("a 'high' rating", "is 'Medium'")
_PF_PRE_WEAK = re.compile(r"(?:\bthe|\ba|\ban|\bat|\bof|\bis|\bwas|\bnot|\bor|\band)\s+[\"']$", re.I)
_FRAMEWORK_WORD = re.compile(r"preparedness|framework", re.I)
_CATEGORY_NEAR = re.compile(rf"\b(?:{_CAT_WORDS})", re.I)
_PF_CONTEXT = re.compile(r"preparedness|system card|capabilit|safeguard|threshold|tracked categor|risk", re.I)
_META_FRAMEWORK = re.compile(r"Frontier AI Framework|Advanced AI Scaling Framework|\bAASF\b", re.I)
_PF_NAME = re.compile(r"\bPreparedness Framework\b|\bpreparedness\b", re.I)
_PF_CONTRAST = re.compile(r"(?:rather than|instead of|not just|from)\s+[\"']?$", re.I)
_PF_TIER_WORDS = re.compile(r"preparedness|capabilit|risk|threshold|categor|domain|scorecard|tier", re.I)


@dataclass
class _Mention:
    start: int
    end: int
    scheme: str  # "rsp" | "fsf" | "pf" | "eu" | "meta"
    level: str
    category_hint: str | None = None


def _pf_word_ok(sentence: str, m: re.Match[str], doc_has_pf: bool) -> bool:
    word = m.group(2)
    quoted = bool(m.group(1) or m.group(3))
    pre = sentence[max(0, m.start() - 60) : m.start()]
    post = sentence[m.end() : m.end() + 90]
    if _PF_CONTRAST.search(pre):
        return False
    strong_post = bool(_PF_POST_STRONG.match(post))
    domain_post = bool(_PF_POST_DOMAIN.match(post))
    if word.islower() and not quoted:
        # lowercase "high" is everyday English; take it only in tier phrasing
        framed = bool(doc_has_pf or _FRAMEWORK_WORD.search(sentence))
        if strong_post:
            return framed or bool(_CATEGORY_NEAR.search(post, 0, 45))
        return framed and bool(_PF_POST_RISK_IN.match(post)) and bool(_PF_PRE_VERB.search(pre))
    capitalised = word[0].isupper()
    if strong_post or domain_post:
        return True
    lead_in = _PF_PRE_VERB.search(pre) or (quoted and _PF_PRE_WEAK.search(sentence, 0, m.start() + 1))
    if (quoted or capitalised) and lead_in and (doc_has_pf or _PF_CONTEXT.search(sentence)):
        # "... classified as High." / "rated 'high'" with a framework around
        return bool(_PF_TIER_WORDS.search(sentence))
    return False


def _level_mentions(sentence: str, low: str, doc_has_pf: bool) -> list[_Mention]:
    """Level names of any scheme in a sentence (low is the sentence lowercased)."""
    found: list[_Mention] = []
    if "asl" in low or "safety level" in low:
        for m in _RX_ASL.finditer(sentence):
            n = m.group(1) or m.group(2) or m.group(3)
            found.append(_Mention(m.start(), m.end(), "rsp", f"asl-{n}"))
    if "cb" in low or "r&d-" in low:
        for m in _RX_RSP_THRESHOLD.finditer(sentence):
            if m.group(3):
                found.append(_Mention(m.start(), m.end(), "rsp", f"ai-r&d-{m.group(3)}", "self_improvement"))
            else:
                found.append(_Mention(m.start(), m.end(), "rsp", f"{m.group(1).lower()}-{m.group(2)}", "cbrn"))
    alert_or_ccl = False
    if "alert" in low or "warning" in low:
        for m in _RX_ALERT.finditer(sentence):
            found.append(_Mention(m.start(), m.end(), "fsf", "alert_threshold"))
            alert_or_ccl = True
    if "ccl" in low or "capability level" in low:
        for m in _RX_CCL.finditer(sentence):
            found.append(_Mention(m.start(), m.end(), "fsf", "ccl"))
            alert_or_ccl = True
    if not alert_or_ccl and "level" in low:
        # "reached Cyber Uplift Level 1" names the CCL itself
        for m in _RX_UPLIFT.finditer(sentence):
            found.append(_Mention(m.start(), m.end(), "fsf", "ccl"))
    if "systemic" in low or "high-impact" in low or "high impact" in low:
        for m in _RX_SYSTEMIC.finditer(sentence):
            found.append(_Mention(m.start(), m.end(), "eu", "systemic", "systemic_risk"))
    if "risk" in low:
        for m in _RX_META_RISK.finditer(sentence):
            found.append(_Mention(m.start(), m.end(), "meta", m.group(1).lower()))
    if "high" in low or "critical" in low or "medium" in low or "low" in low:
        for m in _RX_PF.finditer(sentence):
            if any(f.start <= m.start(2) < f.end for f in found):
                continue
            if _pf_word_ok(sentence, m, doc_has_pf):
                found.append(_Mention(m.start(2), m.end(2), "pf", m.group(2).lower()))
    found.sort(key=lambda x: x.start)
    # one mention per level per overlapping span ("AI Safety Level 3 (ASL-3)")
    out: list[_Mention] = []
    for f in found:
        if out and out[-1].level == f.level and f.start - out[-1].end < 12:
            continue
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Cues around a mention
# ---------------------------------------------------------------------------------------------

class _Cue:
    """A pattern tried only when one of its lowercase needles occurs in the text (a cheap C test
    that spares the regex engine most sentences)."""

    __slots__ = ("rx", "needles")

    def __init__(self, pattern: str, needles: tuple[str, ...], flags: int = re.I):
        self.rx = re.compile(pattern, flags)
        self.needles = needles

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        low = text.lower() if low is None else low
        for n in self.needles:
            if n in low:
                return self.rx.search(text)
        return None

    def finditer(self, text: str, low: str | None = None):
        low = text.lower() if low is None else low
        for n in self.needles:
            if n in low:
                return self.rx.finditer(text)
        return iter(())

    def match(self, text: str, low: str | None = None) -> re.Match[str] | None:
        low = text.lower() if low is None else low
        for n in self.needles:
            if n in low:
                return self.rx.match(text)
        return None


_CLAUSE_BREAK = re.compile(
    r";|\s[-\u2014]\s|\u2014|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|\bthough\b|\bhowever\b", re.I
)
_LEVEL_SEP = r"[\"']?\s*(?:,\s*(?:or\s+|and\s+)?|/\s*|\s+or\s+|\s+and\s+|\s+to\s+)[\"']?"
_PF_WORD = r"(?:low|medium|high|critical)"
_PF_SCALE = re.compile(rf"\b{_PF_WORD}{_LEVEL_SEP}{_PF_WORD}{_LEVEL_SEP}{_PF_WORD}\b")
_RANGE = re.compile(r"\bfrom asl-?\d\b.{0,20}\bto\b|\bthrough\b|\basl-?\d\s*(?:to|-|through)\s*asl")
_CLAUSE_NEEDLES = (";", " - ", "\u2014", ": ", "but", "while", "whereas", "though", "however")

_PRECAUTION = _Cue(
    r"\b(?:could|can|were|was)(?:\s*not|n't)\s+(?:yet\s+|definitively\s+|clearly\s+)?rule[sd]?\s+out|"
    r"\bunable to (?:\w+ )?rule out|\bnot possible to (?:\w+ )?rule out|\bcannot be ruled out|"
    r"\bruling out [\w\s-]{0,40} is not possible|\bcould not be ruled out",
    ("rul",),
)
_EXPECT = _Cue(
    r"(?i:\b(?:expect\w*|anticipat\w*|forecast\w*|predict\w*|could|might|likely|unlikely|poised|on track|"
    r"preparing|prepares?|plans?|planning|intends?|soon|upcoming|forthcoming|future|next[- ]generation|"
    r"successors?|eventually|approach(?:ing|es)|nearing|warns?|warned|on the verge)\b)"
    r"|\bmay\b(?!\s+\d)",
    ("expect", "anticipat", "forecast", "predict", "could", "might", "likely", "poised", "on track",
     "prepar", "plan", "intend", "soon", "upcoming", "forthcoming", "future", "next", "successor",
     "eventually", "approach", "nearing", "warn", "verge", "may"),
    flags=0,
)
_EXPECT_WEAK = _Cue(
    r"\b(?:will|would|going to)\b",
    ("will", "would", "going to"),
    flags=0,
)
_NORMATIVE = _Cue(
    r"\b(?:must|should|shall|cannot|can't|can only|may not|is required|are required|needs? to|"
    r"has to|have to|only models|only a model)\b",
    ("must", "should", "shall", "cannot", "can't", "can only", "may not", "required", "need", "has to",
     "have to", "only"),
)
_NOT_NEGATION = _Cue(
    r"\bnot (?:that|only|just|because|merely|simply|least)\b|\bno doubt\b|\bno (?:surprise|wonder)\b",
    ("no",),
)
_OR_BELOW = re.compile(r"^[\"']?\s+(?:or|and) (?:below|lower|above|higher)\b", re.I)
_FRAMEWORK_NAMED = _Cue(
    r"preparedness|responsible scaling|\bRSP\b|frontier safety framework|\bFSF\b|AI Act|"
    r"frontier ai framework|scaling framework|governance framework",
    ("preparedness", "responsible scaling", "rsp", "frontier safety", "fsf", "ai act",
     "frontier ai framework", "scaling framework", "governance framework"),
)
_PF_TERM = re.compile(r"^[\"']?[- ]capabilit", re.I)
_CONDITIONAL = _Cue(
    r"\b(?:if|whether|once|unless|should a model)\b|\bwhen(?:ever)? (?:a|an|any|the) (?:\w+ )?(?:model|system)s?\b",
    ("if", "whether", "once", "unless", "should a", "when"),
)
_GENERIC_SUBJECT = _Cue(
    r"\b(?:models|systems|a model|any model|a system|a frontier model|each model|every model|"
    r"the next model|new models|(?:previous|prior|earlier|existing|most|other|all|frontier|future|upcoming) "
    r"(?:\w+ )?(?:models|systems))\b",
    ("model", "system"),
)
_DESCRIBE = _Cue(
    r"\b(?:defin(?:e|es|ed|ing|itions?)\b|means|mean|refers? to|describ\w+|reserved for|sets? out|establish\w*|outlin\w+|"
    r"requires? (?:that|safeguards|protections|a )|must|cannot|can't|can only|should|only models|"
    r"is the threshold|thresholds? (?:is|are)|scale|tiers|categories|levels|framework (?:says|sets|uses|has)|"
    r"the next threshold|applies to|apply to|triggers when|would trigger)\b",
    ("defin", "mean", "refer", "describ", "reserved", "set", "establish", "outlin", "requir", "must",
     "cannot", "can't", "can only", "should", "only model", "threshold", "scale", "tiers", "categories",
     "levels", "framework", "appl", "trigger"),
)
_DET_VERB = re.compile(
    r"\b(?:treat(?:s|ed|ing)?|classif(?:y|ies|ied|ying)|categori[sz](?:e|es|ed|ing)|designat(?:e|es|ed|ing)|"
    r"rated|rates|rating|scor(?:e|es|ed|ing)|assessed as|deemed|determined|assign(?:s|ed)|reach(?:es|ed)|"
    r"hit|hits|cross(?:es|ed)|trigger(?:s|ed)|activat(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|releas(?:ed|es)|"
    r"launch(?:ed|es)|ship(?:s|ped)?|meets|met|came back|implemented mitigations|requires|required|placed|"
    r"qualif(?:y|ies|ied)|presumed|carr(?:y|ies|ied) forward|remains?|remained|stay(?:s|ed)?|"
    r"ruled out|rules out|flag(?:s|ged)|label(?:s|l?ed)|mark(?:s|ed)|judged|rank(?:s|ed)|receiv(?:es|ed)|"
    r"earn(?:s|ed)|pos(?:e|es|ed|ing)|carr(?:y|ies|ied)|put|puts|sits?|is|was|are|were|becomes|became|has|have|had)\b",
    re.I,
)
_STRONG_VERB = _Cue(
    r"\b(?:treat(?:s|ed|ing)? (?:\S+ ){0,4}?as|classif(?:ied|ying|ies) |categori[sz]ed|designated|rated|rates|"
    r"scored?|reached|crossed|triggered|activated|activating|activate|met|meets|exceeded|exceeds|surpassed|hits?|"
    r"(?:deploy|releas|launch|ship)\w* (?:\S+ ){0,4}?(?:under|at|with)\b|under the ASL|came back as|"
    r"implemented mitigations|first (?:\S+ ){0,3}?(?:model|system|release|launch)|"
    r"(?:remains?|remained|stays?|stayed|kept|held|placed) (?:at|under|below|in)\b|"
    r"(?:rais|elevat|upgrad|bump|mov|lower|downgrad)\w* (?:\S+ ){0,4}?to\b)",
    ("treat", "classif", "categori", "designat", "rate", "scor", "reach", "cross", "trigger", "activat", "met",
     "meet", "exceed", "surpass", "hit", "deploy", "releas", "launch", "ship", "under the asl", "came back",
     "implemented mitigations", "first", "remain", "stay", "kept", "held", "placed", "rais", "elevat", "upgrad",
     "bump", "mov", "lower", "downgrad"),
)
# A modal in front of the assigning verb: "should have been classified", "would be treated"
_MODAL_VERB = _Cue(
    r"\b(?P<modal>should|must|ought to|would|could|might|may|will|needs? to)(?: not)?(?: have)?(?: been| be)?"
    r"\s+(?:\w+ )?(?:treated|classified|rated|designated|deployed|released|categori[sz]ed|considered|placed|"
    r"assigned|labell?ed|the first)\b",
    ("should", "must", "ought", "would", "could", "might", "may", "will", "need"),
)
_FIRST = _Cue(r"\bfirst\b", ("first",))
_NEG_PRE = _Cue(
    r"(?:\bnot|n't|\bnever|\bno|\bnone of|\bneither|\bnor|\bbelow|\bbeneath|\bshort of|\bruled? out|\brules out|"
    r"\bruling out|\bfell short of|\bfalls short of|\bwithout (?:reaching|triggering|crossing|meeting)|"
    r"\blower than)\b[^.]{0,70}$",
    ("no", "n't", "never", "neither", "below", "beneath", "short of", "rul", "without", "lower than"),
)
_NEG_POST = _Cue(
    r"^[\"']?[\w\s()-]{0,40}?\b(?:(?:was|were|is|are|has been|have been|had been)\s+)?(?:not (?:been )?"
    r"(?:reached|met|triggered|crossed|required|needed)|ruled out|not required)\b",
    ("not", "ruled out"),
)
_DOWN = _Cue(
    r"\b(?:downgrad\w+|lowered|lowers|reduced (?:it |its \w+ )?(?:to|from)|no longer|de-?activat\w+|"
    r"stepped down|mov\w* (?:\S+ ){0,4}?down|relaxed)\b",
    ("downgrad", "lower", "reduced", "no longer", "activat", "stepped down", "mov", "relaxed"),
)
_UP_STRONG = _Cue(
    r"\b(?:first|activat\w+|rais(?:ed|es|ing)|upgrad\w+|escalat\w+|elevat\w+|crossed|triggered|reached|hit|hits)\b",
    ("first", "activat", "rais", "upgrad", "escalat", "elevat", "crossed", "triggered", "reached", "hit"),
)
_NEW = _Cue(
    r"\b(?:deploy\w* (?:\S+ ){0,4}?(?:under|at)|releas\w* (?:\S+ ){0,4}?(?:under|at)|launch\w* (?:\S+ ){0,4}?under|"
    r"ship\w* (?:\S+ ){0,4}?(?:under|with)|carr(?:y|ied|ies) (?:\w+ )?(?:forward|over)|designat\w+|presum\w+)\b",
    ("deploy", "releas", "launch", "ship", "carr", "designat", "presum"),
)
_HELD = _Cue(
    r"\b(?:remains?|remained|stays?|stayed|still|continues? to|maintain\w*|again)\b",
    ("remain", "stay", "still", "continu", "maintain", "again"),
)
_BACKGROUND = _Cue(
    r"\b(?:[Ii]n (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|"
    r"[Ii]n \d{4}|last year|previously|earlier this year|had (?:been )?(?:activated|triggered|reached))\b",
    ("last year", "previously", "earlier this year", "had ", "in 19", "in 20", "january", "february",
     "march", "april", "may ", "june", "july", "august", "september", "october", "november", "december"),
    flags=0,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|our) (?:new |latest |newest |same |own |flagship |frontier )?"
    r"(?:model|system|launch|release|agent)\b|\bit\b|\bits\b|\bthis\b",
    re.I,
)
# "the model", "its new model": a reference definite enough to carry a determination with a plain verb
_MODEL_ANAPHOR = _Cue(
    r"\b(?:the|this|its|our) (?:new |latest |newest |own |flagship )?(?:model|system|launch)\b(?!s)",
    ("model", "system", "launch"),
)
_CARRY = _Cue(
    r"\b(?:carr(?:y|ies|ied) (?:them|it|those|these|the \w+) (?:forward|over) to|"
    r"extend(?:s|ed)? (?:them|it|those|these) to|appl(?:y|ies|ied) (?:them|it|the same \w+) to)\s+$",
    ("carr", "extend", "appl"),
)

# Tracked categories
_CATEGORY_RX: list[tuple[_Cue, str]] = [
    (_Cue(r"\bcyber\w*|\bhacking\b|\boffensive (?:security|operations)\b", ("cyber", "hacking", "offensive")), "cyber"),
    (
        _Cue(
            r"\bbiolog\w*|\bbio\b|\bbio-?(?:security|weapons?|risk|threats?|chem\w*)\b|\bchemical\w*|\bchem\b|\bCBRN\b|"
            r"\bradiolog\w*|\bnuclear\b|\bpathogen\w*|\bvirolog\w*|\bCB-\d",
            ("bio", "chem", "cbrn", "radiolog", "nuclear", "pathogen", "virolog", "cb-"),
        ),
        "bio",
    ),
    (
        _Cue(
            r"\bself[- ]improvement\b|\bAI R&D\b|\bML R&D\b|\bmachine[- ]learning R&D\b|"
            r"\bAI research and development\b|\bautomated AI research\b|\bmachine learning research and development\b",
            ("improvement", "r&d", "research and development", "automated ai research"),
        ),
        "self_improvement",
    ),
    (_Cue(r"\bmodel autonomy\b|\bautonomous replication\b|\bautonomy\b", ("autonom",)), "model_autonomy"),
    (_Cue(r"\bpersuasion\b", ("persuasion",)), "persuasion"),
    (_Cue(r"\bharmful manipulation\b", ("manipulation",)), "harmful_manipulation"),
    (_Cue(r"\bmisalignment\b|\bdeceptive alignment\b|\binstrumental reasoning\b", ("alignment", "instrumental")), "misalignment"),
    (_Cue(r"\bloss of control\b", ("loss of control",)), "loss_of_control"),
]
_MULTI = _Cue(
    r"\b(?:several|multiple|all|any|various|every|each|three|four|five|both|many)\s+(?:of (?:the|its) )?"
    r"(?:\w+\s+){0,3}?(?:categor\w+|domains?|areas)\b|\boverall\b",
    ("several", "multiple", "all", "any", "various", "every", "each", "three", "four", "five", "both", "many",
     "overall"),
)
_LIST_JOIN = re.compile(r",|\band\b|&|\bas well as\b|\bplus\b", re.I)
# The categories each framework tracks; other domain words near a level are not its category.
_META_CATEGORIES = frozenset({"bio", "cyber", "loss_of_control"})
_FRAMEWORK_CATEGORIES = {
    "preparedness": frozenset({"bio", "cyber", "self_improvement", "model_autonomy", "persuasion"}),
    "rsp": frozenset({"bio", "self_improvement"}),
    "fsf": frozenset({"bio", "cyber", "self_improvement", "harmful_manipulation", "misalignment"}),
    "frontier_ai_framework": _META_CATEGORIES,
    "aasf": _META_CATEGORIES,
    "frontier_governance_framework": frozenset({"bio", "cyber", "model_autonomy"}),
    "frontier_model_safety_framework": frozenset({"bio", "cyber", "self_improvement"}),
    "eu_ai_act": frozenset({"systemic_risk"}),
}
# A level named without a domain: ASL-3 has so far always been about CBRN weapons.
_DEFAULT_CATEGORY = {"rsp": "cbrn", "eu_ai_act": "systemic_risk"}
# Schemes whose chemical/biological category is called CBRN (OpenAI and Meta call theirs biological).
_CBRN_FRAMEWORKS = frozenset({"rsp", "fsf", "frontier_governance_framework", "frontier_model_safety_framework"})


def _categories_in(span: str, allowed: frozenset[str]) -> list[tuple[int, str]]:
    hits = []
    for rx, cat in _CATEGORY_RX:
        if cat in allowed:
            m = rx.search(span)
            if m:
                hits.append((m.start(), cat))
    hits.sort()
    return hits


def _category(sentence: str, mention: _Mention, pre: str, post: str, title: str, framework: str) -> str | None:
    """The tracked category a level is stated for: the words right after it, then before it, then
    the rest of the sentence and the title, then the framework's usual category."""
    if mention.category_hint:
        return mention.category_hint
    allowed = _FRAMEWORK_CATEGORIES[framework]
    near_post = post[:90]
    if _MULTI.search(near_post) or _MULTI.search(pre[-60:]):
        return "multiple"
    post_cats = _categories_in(near_post, allowed)
    if len({c for _, c in post_cats}) >= 2 and _LIST_JOIN.search(near_post[: post_cats[-1][0]]):
        return "multiple"  # "Medium for persuasion and CBRN", "High in cyber and biology"
    if post_cats:
        cat = post_cats[0][1]
    else:
        pre_cats = _categories_in(pre[-70:], allowed)
        if pre_cats:
            cat = pre_cats[-1][1]
        else:
            whole = _categories_in(sentence, allowed)
            if whole:
                cat = whole[0][1]
            elif framework == "preparedness" and _MULTI.search(sentence):
                return "multiple"
            else:
                in_title = _categories_in(title, allowed)
                cat = in_title[0][1] if in_title else _DEFAULT_CATEGORY.get(framework)
    if cat == "bio" and framework in _CBRN_FRAMEWORKS:
        cat = "cbrn"
    return cat


# ---------------------------------------------------------------------------------------------
# Known determinations (reference B2), used only to fill fields the text leaves open
# ---------------------------------------------------------------------------------------------

def _k(framework: str, category: str, level: str, direction: str) -> dict:
    return {"framework": framework, "category": category, "level": level, "direction": direction}


# Public determinations per model (reference section B2 and the developers' system cards). They only
# fill a determination's category or level when its text leaves them open, and give the tier of a
# system card whose summary reports framework evaluations without naming the level.
_KNOWN: dict[str, dict] = {
    "gpt-4o": _k("preparedness", "persuasion", "medium", "new"),
    "o1-preview": _k("preparedness", "multiple", "medium", "new"),
    "o1": _k("preparedness", "multiple", "medium", "new"),
    "o3-mini": _k("preparedness", "model_autonomy", "medium", "up"),
    "o3": _k("preparedness", "multiple", "below_high", "unchanged"),
    "o4-mini": _k("preparedness", "multiple", "below_high", "unchanged"),
    "gpt-oss-120b": _k("preparedness", "multiple", "below_high", "unchanged"),
    "chatgpt-agent": _k("preparedness", "bio", "high", "up"),
    "gpt-5": _k("preparedness", "bio", "high", "up"),
    "gpt-5-thinking": _k("preparedness", "bio", "high", "up"),
    "gpt-5.3-codex": _k("preparedness", "cyber", "high", "up"),
    "gpt-5.4-thinking": _k("preparedness", "cyber", "high", "up"),
    "gpt-5.5-instant": _k("preparedness", "multiple", "high", "up"),
    "claude-sonnet-3.7": _k("rsp", "cbrn", "asl-2", "unchanged"),
    "claude-opus-4": _k("rsp", "cbrn", "asl-3", "up"),
    "claude-sonnet-4": _k("rsp", "cbrn", "asl-2", "unchanged"),
    "claude-opus-4.1": _k("rsp", "cbrn", "asl-3", "new"),
    "claude-sonnet-4.5": _k("rsp", "cbrn", "asl-3", "new"),
    "claude-haiku-4.5": _k("rsp", "cbrn", "asl-2", "new"),
    "claude-opus-4.5": _k("rsp", "cbrn", "asl-3", "new"),
    "gemini-2.5-pro": _k("fsf", "cyber", "alert_threshold", "up"),
    "gemini-2.5-deep-think": _k("fsf", "cbrn", "alert_threshold", "up"),
    "gemini-3-pro": _k("fsf", "multiple", "below_ccl", "unchanged"),
    "gemini-3.1-pro": _k("fsf", "multiple", "below_ccl", "unchanged"),
}
_FRAMEWORK_ORG = {"preparedness": "openai", "rsp": "anthropic", "fsf": "google_deepmind", "eu_ai_act": "european_commission"}

_CARD_TITLE = re.compile(r"\b(?:system|model) card\b|\bsafety report\b|\brisk report\b", re.I)
_CARD_EVAL = re.compile(
    r"\b(?:evaluat\w+|assess\w+|scorecard)\b[^.]{0,80}\b(?:Preparedness Framework|Responsible Scaling Policy|"
    r"Frontier Safety Framework)\b|\b(?:Preparedness Framework|Responsible Scaling Policy|Frontier Safety Framework)"
    r"\b[^.]{0,60}\b(?:evaluat\w+|assess\w+|scorecard)",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------


class _Doc:
    """One article: normalised text, sentence offsets, and model names found on demand."""

    def __init__(self, title: str, full: str, low: str, spans: list[tuple[int, int]]):
        self.title = title
        self.full = full
        self.low = low  # lowercased full text (title, two spaces, text)
        self.spans = spans  # sentence offsets in full; the title is sentence 0 when present
        self.sentences = [full[a:b] for a, b in spans]
        self._models: dict[int, list[_ModelMention]] = {}
        self._patterns = _model_patterns_in(low)
        self._doc_models: Counter | None = None
        self.has_pf = "preparedness" in low
        self.meta_framework = (
            "aasf" if ("scaling framework" in low or "aasf" in low) and _META_AASF.search(full)
            else "frontier_ai_framework" if "meta" in low and "frontier ai framework" in low
            and _META_NAME.search(full) and _META_FAF.search(full)
            else None
        )
        tm = [mm for mm in self.models(0) if not mm.comparison] if title else []
        self.title_model = _resolve_versionless(tm[0].name, self) if tm else None
        self.title_is_policy = bool(title and not self.title_model and _TITLE_POLICY.search(title))

    def models(self, i: int) -> list[_ModelMention]:
        if i not in self._models:
            inside = 0 <= i < len(self.spans) and self._patterns
            self._models[i] = _find_models(self.full, self.low, self.spans[i], self._patterns) if inside else []
        return self._models[i]

    @property
    def doc_models(self) -> Counter:
        """How often each model is named in the whole article (computed the first time it is needed)."""
        if self._doc_models is None:
            self._doc_models = Counter(
                mm.name for i in range(len(self.spans)) for mm in self.models(i) if not mm.comparison
            )
        return self._doc_models


def _framework_for(
    mention: _Mention, org: str | None, doc: _Doc, sentence: str, post: str
) -> tuple[str | None, str | None]:
    if mention.scheme == "rsp":
        return "rsp", "anthropic"
    if mention.scheme == "fsf":
        return "fsf", "google_deepmind"
    if mention.scheme == "eu":
        return "eu_ai_act", "european_commission"
    if mention.scheme == "meta":
        if org == "meta" or _META_FRAMEWORK.search(sentence) or (doc.meta_framework and org in (None, "meta")):
            return doc.meta_framework or "frontier_ai_framework", "meta"
        if org == "microsoft":
            return "frontier_governance_framework", "microsoft"
        if org == "openai" or (org is None and (doc.has_pf or _PF_NAME.search(sentence))):
            return "preparedness", "openai"  # "the high-risk classification under its preparedness framework"
        return None, None
    # Preparedness-style words
    if org == "openai" or (org is None and (doc.has_pf or _PF_NAME.search(sentence))):
        return "preparedness", "openai"
    if org == "meta":
        return doc.meta_framework or "frontier_ai_framework", "meta"
    if org == "microsoft":
        return "frontier_governance_framework", "microsoft"
    if org == "amazon":
        return "frontier_model_safety_framework", "amazon"
    if _PF_NAME.search(sentence) or (org is None and _PF_TERM.match(post)):
        return "preparedness", "openai"  # "High capability" is the Preparedness Framework's own term
    return None, None


def _clause_bounds(sentence: str, mentions: list[_Mention], i: int, has_breaks: bool) -> tuple[int, int]:
    """The clause around mention i: from the previous mention or clause break to the next one."""
    m = mentions[i]
    lo = mentions[i - 1].end if i > 0 else 0
    hi = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
    if not has_breaks:
        return lo, hi
    for b in _CLAUSE_BREAK.finditer(sentence, lo, m.start):
        lo = b.end()
    b = _CLAUSE_BREAK.search(sentence, m.end, hi)
    if b:
        hi = b.start()
    return lo, hi


def _pick_model(models: list[_ModelMention], m: _Mention, lo: int, hi: int, sentence: str) -> _ModelMention | None:
    """The model a level mention is about: the nearest non-comparison name inside its clause."""
    best, best_score = None, None
    for mm in models:
        if mm.comparison or mm.start < lo or mm.end > hi:
            continue
        if mm.end <= m.start:
            score = float(m.start - mm.end)
        else:
            score = (mm.start - m.end) * 1.3
        if mm.name in _VERSIONLESS:
            score += 80
        if best_score is None or score < best_score:
            best, best_score = mm, score
    # "o3 and o4-mini do not reach High": the first of a coordinated pair is the subject
    while best is not None and best.end <= m.start:
        earlier = [x for x in models if x.end <= best.start and x.start >= lo and not x.comparison]
        if earlier and _COORDINATION.match(sentence, earlier[-1].end, best.start):
            best = earlier[-1]
        else:
            break
    return best


_COORDINATION = re.compile(r"\s*(?:,\s*and|,|and|&|or)\s*$")


def _resolve_versionless(name: str, doc: _Doc) -> str:
    if name not in _VERSIONLESS:
        return name
    fuller = [n for n in doc.doc_models if n != name and name in n]
    if fuller:
        return max(fuller, key=lambda n: doc.doc_models[n])
    return name


def _coref_model(doc: _Doc, idx: int, before: int) -> tuple[str | None, int | None]:
    """The model a sentence refers to without naming it in the clause ("it", "the model").

    Order: a model named earlier in the same sentence; the title's model when it was named in the
    last few sentences; the most recent model in the previous sentences; the title's; the commonest.
    """
    same = [mm for mm in doc.models(idx) if not mm.comparison and mm.end <= before]
    if same:
        return _resolve_versionless(same[-1].name, doc), idx
    window = range(idx - 1, max(-1, idx - 4), -1)
    if doc.title_model and any(mm.name == doc.title_model for j in window for mm in doc.models(j)):
        return doc.title_model, None
    for j in window:
        cands = [mm for mm in doc.models(j) if not mm.comparison]
        if cands:
            return _resolve_versionless(cands[0].name, doc), j
    if doc.title_model:
        return doc.title_model, None
    if doc.doc_models:
        return doc.doc_models.most_common(1)[0][0], None
    return None, None


def _trim(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= MAX_EVIDENCE:
        return sentence
    half = (MAX_EVIDENCE - (end - start)) // 2
    a = max(0, start - half)
    b = min(len(sentence), a + MAX_EVIDENCE)
    a = max(0, b - MAX_EVIDENCE)
    if a > 0:
        sp = sentence.find(" ", a)
        a = sp + 1 if 0 <= sp < start else a
    if b < len(sentence):
        sp = sentence.rfind(" ", end, b)
        b = sp if sp > end else b
    return ("..." if a > 0 else "") + sentence[a:b].strip() + ("..." if b < len(sentence) else "")


# A cheap test that an article can hold a tier statement at all: a scheme keyword, or a level word
# together with "capability" / "risk".
_GATE_WORDS = (
    "asl", "safety level", "ccl", "capability level", "alert threshold", "early warning", "early-warning",
    "systemic", "preparedness",
    "high-impact capab", "high impact capab", "scorecard", "uplift level", "framework", "cb-", "cbrn-", "r&d-",
)
_GATE_LEVELS = ("high", "critical", "medium", "low")
_GATE_CONTEXT = (
    "capabilit", "risk", "threshold", "categor", "domain", "safeguard", "system card", "model card", "classif",
    "rated", "rating", "rates", "score", "tier", "treat", "level", "cyber", "biolog",
)
_TITLE_POLICY = re.compile(r"polic|framework|\bRSP\b|code of practice|guidelines?|version|\bv\d|commitments?", re.I)
_META_AASF = re.compile(r"Advanced AI Scaling Framework|\bAASF\b")
_META_FAF = re.compile(r"Frontier AI Framework")
_META_NAME = re.compile(r"\bMeta\b")


def _build_doc(title: str, text: str) -> _Doc | None:
    title_n = normalise(title)
    text_n = normalise(text)
    full = title_n + "  " + text_n
    low = full.lower()
    if len(low) != len(full):  # a few characters ("İ") lowercase to two; keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in full)
    if not (
        any(w in low for w in _GATE_WORDS)
        or (any(w in low for w in _GATE_LEVELS) and any(w in low for w in _GATE_CONTEXT))
    ):
        return None
    spans = ([(0, len(title_n))] if title_n else []) + sentence_spans(text_n, len(title_n) + 2)
    return _Doc(title_n, full, low, spans)


def _analyse(doc: _Doc, idx: int, out: list[tuple[TierFinding, int]]) -> None:
    sentence = doc.sentences[idx]
    a, b = doc.spans[idx]
    mentions = _level_mentions(sentence, doc.low[a:b], doc.has_pf)
    if not mentions:
        return
    models = doc.models(idx)
    orgs = _orgs_in(sentence, doc.low[a:b])
    is_title = idx == 0 and bool(doc.title)
    sentence_low = doc.low[a:b]
    sentence_anaphor = bool(_ANAPHOR.search(sentence))
    framework_named = bool(_FRAMEWORK_NAMED.search(sentence, sentence_low))
    has_breaks = any(n in sentence_low for n in _CLAUSE_NEEDLES)
    # "scored as Low, Medium, High or Critical", "from ASL-1 to ASL-4": a scale is being described
    scale = (
        len({x.level for x in mentions if x.scheme == "rsp"}) >= 3
        or _PF_SCALE.search(sentence_low)
        or (len({x.level for x in mentions if x.scheme == "rsp"}) >= 2 and _RANGE.search(sentence_low))
    )
    for i, m in enumerate(mentions):
        lo, hi = _clause_bounds(sentence, mentions, i, has_breaks)
        pre, post, clause = sentence[lo : m.start], sentence[m.end : hi], sentence[lo:hi]
        clause_low = clause.lower()
        precaution = "rul" in clause_low and bool(_PRECAUTION.search(clause, clause_low))
        scrubbed = _PRECAUTION.rx.sub(" ", clause) if precaution else clause
        scrubbed_low = scrubbed.lower() if precaution else clause_low
        strong = bool(_STRONG_VERB.search(clause, clause_low)) or precaution
        first = bool(_FIRST.search(clause, clause_low))

        # --- which model: named in the clause, else (for "it", "the model", "the company") the article's
        gen = None
        for gen in _GENERIC_SUBJECT.finditer(pre):
            pass
        mm = _pick_model(models, m, lo, hi, sentence)
        if mm is not None and gen is not None and not (lo + gen.end() <= mm.start < m.start):
            mm = None  # "previous models had triggered ..., the latest testing of Gemini 3.1 Pro"
        generic = gen is not None and mm is None
        model, via_coref, coref_idx = None, False, None
        if mm is not None:
            model = _resolve_versionless(mm.name, doc)
        elif not generic and (sentence_anaphor or orgs or is_title or (first and doc.title_model)):
            model, coref_idx = _coref_model(doc, idx, m.start)
            via_coref = model is not None
        org = org_for_model(model)
        if org is None and orgs:
            org = min(orgs, key=lambda o: abs(o[0] - m.start))[1]
        if org is None and models:
            org = org_for_model(models[0].name)  # "successors to o3" still says whose scheme it is
        framework, scheme_org = _framework_for(m, org, doc, sentence, post)
        if framework is None:
            continue
        if scheme_org != org:
            # the scheme says who set the level; another lab's model here is only a comparison
            if model and org_for_model(model) not in (None, scheme_org) and scheme_org != "european_commission":
                model, via_coref = None, False
            org = scheme_org

        # --- cues, tried in the order the decision needs them
        neg_pre = _PRECAUTION.rx.sub(" ", pre) if precaution else pre
        if "no" in neg_pre:
            neg_pre = _NOT_NEGATION.rx.sub(" ", neg_pre)
        negated = bool(_NEG_PRE.search(neg_pre[-80:])) or bool(_NEG_POST.match(post))
        if negated and _OR_BELOW.match(post):
            negated = False  # "Medium or below" states a rule
        rel = m.start - lo  # where the level sits in the clause
        expect_strong = None
        conditional = None
        modal = _MODAL_VERB.search(scrubbed, scrubbed_low)
        if modal and modal.start() < rel:
            # "should have been classified as High" / "would be treated as High"
            strong = False
            if modal.group("modal").lower() in ("should", "must", "ought to"):
                conditional = modal
            else:
                expect_strong = modal
        conditional = conditional or _CONDITIONAL.search(clause, clause_low)
        describe = _DESCRIBE.search(clause, clause_low)
        if conditional and not strong:
            kind = "description"
        elif (expect_strong := expect_strong or _EXPECT.search(scrubbed, scrubbed_low)) and (
            expect_strong.start() < rel or not (strong or describe)
        ):
            kind = "expectation"  # a forecast governs the level ("expects ... to reach High")
        elif (
            (weak := _EXPECT_WEAK.search(scrubbed, scrubbed_low))
            and weak.start() < rel
            and not (model and (strong or negated))
        ):
            kind = "expectation" if (model or org) and not describe else "description"
        elif not strong and _NORMATIVE.search(clause, clause_low):
            kind = "description"
        elif model and (strong or negated or _DET_VERB.search(clause)):
            kind = "determination"
            if via_coref and not (strong or negated or first or _MODEL_ANAPHOR.search(clause, clause_low)):
                kind = "description"
            elif describe and not (strong or negated):
                kind = "description"
        elif model is None and not generic and strong and (orgs or sentence_anaphor) and not describe:
            kind = "determination"  # "OpenAI decided to treat this launch as High": no model named
        else:
            kind = "description"
        if kind == "determination" and doc.title_is_policy and _BACKGROUND.search(sentence, sentence_low):
            kind = "description"  # a policy article recalling an earlier determination
        if scale and kind != "description":
            kind = "description"

        # --- level, direction, category
        level = m.level
        if negated and kind == "determination":
            level = f"below_{m.level}"
            direction = "unchanged"
        elif _DOWN.search(clause, clause_low):
            direction = "down"
        elif m.scheme == "eu":
            direction = "new"  # a designation or presumption puts a model in the class
        elif first or (_UP_STRONG.search(clause, clause_low) and not _NEW.search(clause, clause_low)):
            direction = "up"
        elif _NEW.search(clause, clause_low):
            direction = "new"
        elif _HELD.search(pre):
            direction = "unchanged"
        elif m.level in ("medium", "low"):
            direction = "new"
        else:
            direction = "up"
        category = _category(sentence, m, pre, post, doc.title, framework)

        # --- confidence
        if kind == "determination":
            conf = 0.55 if model else 0.45
            conf += 0.0 if model is None else (0.1 if coref_idx == idx else 0.05) if via_coref else 0.15
            conf += 0.1 if strong else 0.0
            conf += 0.05 if first else 0.0
            conf += 0.05 if framework_named else 0.0
            conf += (0.05 if via_coref else 0.15) if doc.title_model and model == doc.title_model else 0.0
            conf -= 0.1 if negated else 0.0
            conf -= 0.1 if m.level == "low" else 0.0
            conf -= 0.05 if _BACKGROUND.search(clause, clause_low) else 0.0
        elif kind == "expectation":
            conf = 0.5 + (0.1 if model or org else 0.0) + (0.1 if expect_strong else 0.0)
        else:
            conf = 0.35 + (0.1 if describe or conditional else 0.0)
        conf = round(max(0.05, min(0.98, conf)), 3)

        evidence = _trim(sentence, m.start, m.end)
        if via_coref and coref_idx is not None and coref_idx == idx - 1:
            both = doc.sentences[coref_idx] + " " + sentence
            if len(both) <= MAX_EVIDENCE:
                evidence = both
        tier = {
            "org": org,
            "model": model,
            "framework": framework,
            "category": category,
            "level": level,
            "direction": direction,
        }
        out.append((TierFinding(tier, kind, evidence, conf), idx))

        # "... and carried them forward to Sonnet 4.5": the same level for a further model
        if kind == "determination" and not negated:
            for other in models:
                if other.start > m.end and _CARRY.search(sentence[max(0, other.start - 60) : other.start]):
                    t2 = dict(tier, model=_resolve_versionless(other.name, doc), direction="new")
                    c2 = conf + (0.15 if doc.title_model == t2["model"] and model != t2["model"] else 0.0)
                    out.append((TierFinding(t2, kind, evidence, round(min(0.98, c2), 3)), idx))


def _fill_known(f: TierFinding) -> TierFinding:
    """Fill the category or level a determination's text leaves open from the known determinations."""
    if f.kind != "determination":
        return f
    known = _KNOWN.get(f.tier.get("model") or "")
    if not known or known["framework"] != f.tier.get("framework"):
        return f
    tier = dict(f.tier)
    changed = False
    for key in ("category", "level"):
        if tier.get(key) is None:
            tier[key] = known[key]
            changed = True
    return TierFinding(tier, f.kind, f.evidence, f.confidence) if changed else f


def _system_card_finding(doc: _Doc) -> TierFinding | None:
    """A developer's system card that reports framework evaluations is itself a tier determination."""
    if not doc.title or not _CARD_TITLE.search(doc.title) or not doc.title_model:
        return None
    for s in doc.sentences[1:]:
        m = _CARD_EVAL.search(s)
        if not m:
            continue
        named = m.group(0).lower()
        fw = "preparedness" if "preparedness" in named else "rsp" if "responsible scaling" in named else "fsf"
        model = doc.title_model
        org = org_for_model(model) or _FRAMEWORK_ORG[fw]
        if org != _FRAMEWORK_ORG[fw]:
            return None
        known = _KNOWN.get(model)
        if known and known["framework"] == fw:
            tier = {"org": org, "model": model, **known}
        else:
            tier = {"org": org, "model": model, "framework": fw, "category": None, "level": None, "direction": "new"}
        return TierFinding(tier, "determination", _trim(s, m.start(), m.end()), 0.5)
    return None


def find_tier_mentions(title: str, text: str) -> list[TierFinding]:
    """All tier statements in an article, best first (determinations, then expectations, descriptions)."""
    doc = _build_doc(title, text)
    if doc is None:
        return []
    raw: list[tuple[TierFinding, int]] = []
    for idx, (a, b) in enumerate(doc.spans):
        low = doc.low[a:b]
        if any(w in low for w in _SENTENCE_WORDS):
            _analyse(doc, idx, raw)
    if not any(f.kind == "determination" for f, _ in raw):
        card = _system_card_finding(doc)
        if card:
            raw.append((card, len(doc.sentences)))
    findings = [(_fill_known(f), i) for f, i in raw]
    findings.sort(key=lambda fi: (KIND_RANK[fi[0].kind], -fi[0].confidence, fi[1]))
    seen = set()
    out = []
    for f, _ in findings:
        key = (f.kind, tuple(sorted(f.tier.items())), f.evidence)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def extract_tier(title: str, text: str) -> TierFinding | None:
    """The best determination in the article, else its best other tier statement, else None."""
    found = find_tier_mentions(title, text)
    return found[0] if found else None
