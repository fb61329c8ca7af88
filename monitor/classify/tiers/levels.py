"""Level mentions in a sentence: where a text names a level of a risk framework.

Tried in this order (an earlier, longer one wins where they overlap):

- ``alias``: a registry level by one of its distinctive names ("ASL-3", "AI Safety Level 3",
  "alert threshold", "critical capability level", "general-purpose AI model with systemic risk").
- ``named`` (defined): the acronyms a text defines for its levels ("Significant Uplift Risk (SUR)"),
  named by their full names; codes in a level's place ("at P2 on the persuasion track of its
  Frontier Policy", "lowers Sable-2 to CR-1", "from HMR to MMR on its ladder").
- ``named``: a numbered, lettered or named tier of any framework ("Tier 3", "Class IV", "Band C",
  "Level Orange", "the Guarded tier", "the second tier", "the Frontier Capability Threshold", "a
  Tier-3 model"), and a capitalised word a model is changed to ("reclassified as General"; weak: it
  states a level only where a frame's slot holds it, not "downgraded Veritas AI to Underweight").
  Numbered tiers of other things are not ("a Tier 1 supplier", "Level 4 driverless trucks").
- ``listed``: a level name the article lists for its framework ("four rungs: Open, Monitored,
  Restricted and Sealed") where a sentence puts it in a level's place ("moved to Monitored").
- ``quoted``: a level name in quotes ("'Severe'", '"Elevated" risk', "as 'Serious' for cyber"), and a
  class an authority designates under a law ("as a 'specified frontier model' under the ... Act").
- ``word``: a plain level word ("High", "critical", "moderate", "Amber") where the sentence frames
  it as a level: "High capability", "high risk in the cybersecurity domain", "treated as High",
  "Severe-rated", "back to Amber from Red". Everyday uses ("high scores", "critical flaw",
  "high-risk AI systems", "a high risk borrower", "Red Hat") are not, nor are levels of other scales
  ("assurance level 'high'", "Tier 4 API customers", "Level 3 on the product roadmap").

Levels are ordered by the registry's framework, else by the article's own listing, else by the
number, letter or generic word. "from Medium to High", "to Moderate from High", "at Tier 3, up from
Tier 2": the earlier level is kept on the new one as `prior`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.classify.frameworks import Registry
from monitor.classify.tiers import cues as C

# The generic level words, written in lower case where a text uses them as levels ("from moderate to high risk")
LOW_LEVEL_WORDS = (r"low|medium|moderate|elevated|high|severe|critical|minimal|significant|substantial|extreme|"
                   r"catastrophic")
CAT_WORDS = (
    r"cyber\w*|bio\w*|biological|chemical|chem|cbrn|nrbc|radiolog\w*|nuclear|self[- ]improvement|"
    r"ai self[- ]improvement|"
    r"model autonomy|autonomy|autonomous \w+|persuasion|manipulation|harmful manipulation|ai r&d|ml r&d|"
    r"machine learning r&d|loss of control|misalignment|offensive cyber\w*"
)


@dataclass
class LevelMention:
    start: int
    end: int
    text: str  # as written
    name: str  # the level's name for people ("ASL-3", "Tier 3", "Severe", "High")
    kind: str  # alias | named | quoted | word
    options: tuple[tuple[str, str], ...] = ()  # registry (framework id, level id) it can be
    category: str | None = None  # a category the level itself names (CBRN-4, Cyber Uplift Level 1)
    rank: tuple[int, int] | None = None  # (scale, place) for unknown frameworks' order
    prior: "LevelMention | None" = None  # "from <prior> to <this>"
    extra: dict = field(default_factory=dict)


_SEP = re.compile(r"[\s-]+")


def _alias_pattern(alias: str) -> str:
    return r"[\s-]*".join(re.escape(part) for part in _SEP.split(alias.strip()) if part)


# words that name a level after a tier noun though they rank nothing: "Category Blue", "Tier Black", "Class Gamma"
_NAME_WORDS = frozenset("""Blue Black White Purple Violet Grey Gray Indigo Alpha Beta Gamma Delta Epsilon Zeta Eta Theta
    Kappa Lambda Sigma Omega""".split())


def _key(text: str) -> str:
    return _SEP.sub("", text.lower())


_NAMED = re.compile(
    r"(?<![\w-])(?P<kw>(?:[A-Z][a-z]+\s+){0,2}(?:Tier|Level|Grade|Stage|Class|Band|Rung|Threshold|Nivel|N\u00edvel|Niveau|"
    r"Stufe|"
    # "Category A", "to Category II", "Category Amber": not "Category 4" (a hurricane) nor "Category II (cyber)" or
    # "in Category II" (a risk area); "Phase C", not a project's or a trial's "Phase 3"
    r"(?:Category|Phase)(?=[ -][A-E](?![\w-]))"
    r"|(?<!\bin )Category(?=[ -](?:[IVX]{1,4}|[A-Z][a-z]+)(?![\w-])(?!\s*\())))[ -]"
    r"(?P<v>\d{1,2}(?!\w|\.\d)|[IVX]{1,4}(?![\w-])|[A-Z](?![\w-])|[A-Z][a-z]+(?![\w-])"
    r"|[A-Z]{1,2}-?\d{1,2}(?![\w-]|\.\d)|\d{1,2}[a-z](?![\w-]))"  # "Stage S3", "Stage 2b"
    r"|(?<![\w-])(?P<lkw>tier|level|stage|class|band|rung|grade)[ -]"
    r"(?P<lv>\d{1,2}(?!\w|\.\d)|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b"  # spoken "level three"
    r"|[A-Z]{1,2}-?\d{1,2}(?![\w-]|\.\d)|[A-H](?![\w'-]))"  # "the risk stage S3", "risk level C"
    # "the Guarded tier", "its Amber level": a capitalised name before a tier word
    r"|(?:(?<=\bthe )|(?<=\bits )|(?<=\ba )|(?<=\bat )|(?<=\bthe top )|(?<=\bthe lowest )|(?<=\bthe highest )|"
    r"(?<=\bits top )|(?<=\bits lowest )|(?<=\bits highest )|(?<=\bthe new ))(?P<cv>[A-Z][a-z]+)[\s-]+(?:risk\s+)?"
    r"(?:tier|level|class|stage|category|rating|band|zone|rung|grade|threshold)\b"
    r"(?!\s+(?:of|for)\s+(?!(?:its|the|their|our|a|an|any|all|every|each|both)\b|[A-Z]|\w+ (?:risk|misuse|threats?)\b|"
    + CAT_WORDS + r")[a-z])"
    # "the Frontier Capability Threshold"
    r"|(?<![\w-])(?P<thr>(?:[A-Z][a-z]+\s+){1,3}Threshold)s?\b"
    # "remains below all of its frontier risk thresholds": a threshold in lower case, where a model stands against it
    r"|\b(?:below|under|beneath|short of|crossed|crosses|reached|reaches|exceeded|exceeds)\s+"
    r"(?:(?:every|all|any|each|its|the|their|our|of)\s+){0,3}(?:(?:own|company's|lab's)\s+)?"
    r"(?!(?:" + LOW_LEVEL_WORDS + r")\s)"  # those are generic levels ("below every critical threshold")
    r"(?P<lthr>(?:[a-z][\w-]+\s+)?(?:[a-z]+-)?(?:frontier|capability|risk|safety|hazard|danger|uplift|concern)"
    r"\s+threshold)s?\b"
    # "the second tier"
    r"|\b(?:the|its|their)\s+(?P<ord>(?:second|third)[- ](?:highest|lowest)|first|second|third|fourth|fifth|lowest|"
    r"highest|top)\s+"
    # "the second-highest of its five risk bands", "the third of five risk tiers"
    r"(?:of\s+(?:(?:the|its)\s+)?(?:[\w-]+\s+){0,2}?(?=(?:tier|level|stage|class|band|rung|grade)s\b))?"
    r"(?P<okw>tier|level|stage|class|band|rung|grade|red line|threshold)s?\b"
    # "tiers in the Naver ..." is one, "the second-highest band of the five" too
    r"(?!\s+(?:of|in|for)\s+(?:AI(?! (?:research|R&D))|frontier|"
    r"the(?!\s+[A-Z]|\s+(?:two|three|four|five|six|seven)\b))\b)"
    # "the top tier of European start-ups": a tier of a group of things, not a risk level
    r"(?!\s+of\s+(?:[A-Za-z][\w-]*\s+){0,2}?(?!(?:its|this|his|tiers|levels|bands|classes|stages|rungs|categories)\b)"
    r"[a-z][\w-]{2,}s\b)"
)
# level nouns a sentence must hold for a level of that shape (cheap substring tests)
_LEVEL_NOUN_NEEDLES = ("grade", "stage", "class", "threshold", "rating", "band", "rung", "zone", "phase", "nivel",
                       "n\u00edvel", "niveau", "stufe")
_NAMED_NEEDLES = ("level", "tier", "categor", "red line") + _LEVEL_NOUN_NEEDLES
# "the highest tier of its framework, a level it calls 'Restricted'": the rank's own name, given after it
_CALLED_AFTER = re.compile(
    r"[^.;]{0,90}?(?:[,(\u2013\u2014]|\s-)\s*(?:(?:a|the|one)\s+(?:tier|level|stage|class|band|rung|category)\s+"
    r"(?:(?:that|which)\s+)?(?:(?:it|they|the\s+\w+|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?)\s+)?|(?:which|that)\s+"
    r"(?:(?:it|they|the\s+\w+|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?)\s+)?|)"
    r"(?:calls|names|dubs|terms|labels|called|named|dubbed|known(?:\s+[\w-]+){0,3}?\s+as)\s+"
    r"[\"'\u201c\u2018]?(?P<name>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)")
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "lowest": 1, "highest": 99, "top": 99,
            "second-highest": 98, "third-highest": 97, "second-lowest": 2, "third-lowest": 3}
# an ordinal that counts from one end of a scale the article lists: its place in the list
_FROM_THE_END = {"lowest": 0, "second-lowest": 1, "third-lowest": 2, "highest": -1, "top": -1, "second-highest": -2,
                 "third-highest": -3}
_NAME_STOP = frozenset("The Its Our Their Under At In A An Of For This That New Same Each Every Any No From To Into "
                       "Up Down Back Why How Still Now Only Also Yet Just Currently".split())
# "three tiers, named Watch, Guarded and Restricted", "four rungs: Open, Monitored, Restricted and Sealed", "four
# levels of Green, Yellow, Orange and Red",
# "it runs from 'Minimal' through 'Elevated' to 'Extreme'": a framework's level names in order
_SCALE_NOUNS = (r"tiers|levels|stages|classes|ratings|bands|rungs|steps|grades|categories|colou?rs|zones|thresholds|"
                r"readings")
_LISTED_NAME = r"[\"']?[A-Z][\w-]*[\"']?"
_LIST_SEP = r"(?:,\s+(?:and\s+|or\s+|then\s+|to\s+)?|\s+(?:and|or|to|through|then)\s+)"
_LEVEL_LIST = re.compile(
    rf"(?:\b(?:{_SCALE_NOUNS})\b(?:[^.;]{{0,30}}?(?:named|called|are|:)|,|\s+of)|\b(?:[Ss]cale|[Ll]adder):"
    rf"|\b(?:runs?|ranges?|ranging|goes|go|graded|ranked)\s+from|\bgraded)\s+"
    rf"(?P<names>{_LISTED_NAME}(?:{_LIST_SEP}{_LISTED_NAME}){{1,8}})"
)
_LIST_NEEDLES = ("tiers", "levels", "stages", "classes", "ratings", "bands", "rungs", "steps", "grades", "readings",
                 "categories", "colours", "colors", "zones", "thresholds", "from", "scale:", "ladder:", "graded")
_GLOSS = re.compile(r"\s*\((?P<g>[A-Z][a-z]+)\)")
_QUOTED = re.compile(r"(?<![\w])([\"'])(?!" + C.GRAMMAR_WORD + r")"
                     r"(?P<v>[A-Za-z][A-Za-z]+(?:[ -][A-Za-z0-9]+){0,2})[.,]?\1(?![\w])")  # '"Medium."' too
_TIER_NOUN_END = re.compile(r"\s(?:tier|level|threshold|band|zone|line)$")
# "Amber tier", "Yellow persuasion rating"
_TIER_WORD_AFTER = re.compile(rf"^[\s-]+(?:(?:{CAT_WORDS})\s+)?(?:risk\s+)?"
                              r"(?:tier|level|rating|category|class|classification|threshold|band|stage|zone)\b",
                              re.I)
# a label's colon before the level: "AI R&D risk level: Critical"
_LABEL = r"\b(?:level|tier|rating|class|grade|band|category)\s*:\s*"
_LEVEL_SLOT_BEFORE = re.compile(
    r"(?:\b(?:as|at|to|rated|rates|rating|deems?|deemed|classif\w+|categori[sz]\w+|designat\w+|assigned|"
    r"requires?|required|requiring|needs?|warrants?|activat\w+|"  # "requires RSL-3 protections"
    r"level|tier|reach\w*|of|the|its|an?|is|was|remains?|stays?|under|above|below|from|into|[\w-]+'s)\s+"
    # an assigning verb and its object: "labels Lattice-2 'Heightened'", "designated it 'Heightened'"
    r"|\b(?:label(?:s|led|ed)?|designat\w+|rated|rates|classif\w+|deem(?:s|ed)?|grade[sd]?|puts?|placed?|places)\s+"
    r"(?:it|them|(?-i:[A-Z][\w.]*(?:[- ][\w.]+)?))\s+"
    r"|" + _LABEL + r")$",
    re.I,
)

_POST_STRONG = re.compile(
    rf"^[\"']?(?:-|\s)(?:(?:{CAT_WORDS})\s+)?(?:capabilit(?:y|ies)|risk(?:\s+(?:rating|classification|tier|level|"
    rf"category|threshold|designation)s?)?|(?:threshold|classification|tier|level|rating)s?)\b",
    re.I,
)
_POST_DOMAIN = re.compile(
    rf"^[\"']?\s+(?:(?:in|on|for|across)\s+(?:the\s+|all\s+|its\s+|every\s+)?(?:\S+\s+){{0,2}}?(?:{CAT_WORDS}|"
    rf"tracked categor\w*|categor\w*|domains?)|(?:{CAT_WORDS})\s+(?:risk|capability|domain))",
    re.I,
)
_PRE_VERB = re.compile(
    r"(?:\btreat(?:s|ed|ing)?|\blabel(?:s|led|ed)?\b|\bgrade[sd]?\b|\bclassif\w+|\bcategori[sz]\w*|\brated|\brates|"
    r"\brating(?: of)?|\bscor\w*|"
    r"\bdesignat\w+|\bdeem\w*|\bassessed|\bconsidered|\breach\w*|\bhit|\bhits|\bmeet\w*|\bmet|\bcame back|"
    r"\bremains?|\bstill|\bbelow|\babove|\bexceed\w*|\bcross\w*|\bas|\bat|\bplaced|\bput|\bmoved|\braised|"
    r"\blowered|\bdowngraded|\bupgraded|\bassigned|\bset|\bkept|\bkeeps|\bto|\bfrom)"
    r"\s+(?:[\w.-]+(?:'s)?\s+){0,4}?[\"']?$"  # "grades Moth-3 'Watchful'"
    r"|" + _LABEL + r"$",
    re.I,
)
_PRE_WEAK = re.compile(r"(?:\bthe|\ba|\ban|\bat|\bof|\bis|\bwas|\bnot|\bor|\band|\bits)\s+[\"']$", re.I)
_CATEGORY_NEAR = re.compile(rf"\b(?:{CAT_WORDS})", re.I)
_TIER_CONTEXT = re.compile(r"preparedness|framework|polic|scale|tier|level|rating|capabilit|threshold|categor|"
                           r"domain|scorecard|system card|model card|safeguard", re.I)
_RATING_SLOT = re.compile(r"\b(?:rating|level|tier|classification|designation|grade)\s+(?:to|of|at|as)\s+[\"']?$"
                          # "reduced the model's cybersecurity risk to moderate"
                          r"|\b(?:reduc|lower|cut|rais|increas)\w*\s+(?:[\w'-]+\s+){0,4}?risk\s+to\s+$", re.I)
_CONTRAST = re.compile(r"(?:rather than|instead of|not just)\s+[\"']?$", re.I)
# "high-risk AI systems" and the like: the EU AI Act's use-case class, or everyday risk talk
_USE_CASE = re.compile(r"^[\"']?[- ]risk\s+(?:AI\s+)?(?:systems?|uses?|use cases?|applications?|areas?|sectors?|"
                       r"activities|individuals|groups|patients|users|customers|transactions|jobs|products?|domains?|"
                       r"categories|"
                       r"factors?|profiles?|scenarios?|assessments?|management)\b", re.I)


def names_a_use_class(word: str, post: str) -> bool:
    """"high-risk AI systems": the AI Act's use-case class, not a tier ("a critical-risk system" under Meta's
    framework is one)."""
    use_case = _USE_CASE.match(post)
    return bool(use_case) and (word.lower() == "high" or not re.search(r"systems?\b", use_case.group(0)))


# "high reasoning effort", "high-quality", "critical infrastructure": everyday words, not levels
_NOT_LEVEL_AFTER = re.compile(
    r"^[\"']?(?:-|\s+)(?:reasoning|effort|settings?|modes?|resolution|quality|precision|speed|latency|temperature|"
    r"priority|severity|performance|profile|stakes|end|demand|volume|impact|confidence|accuracy|scores?|marks|"
    r"court|school|street|infrastructure|vulnerabilit\w*|bugs?|flaws?|patch\w*|updates?|minerals|thinking|mass|"
    r"roles?|steps?|issues?|conditions?|pressure|income|fidelity|throughput|value|tech|level of detail|"
    r"compute|budget|usage|traffic|load|availability|cost|price|growth|interest|hopes|praise|ratings? from)\b",
    re.I,
)
# A level of some other scale: "assurance level 'high'", "the Tier 4 API", "Level 3 on the product roadmap", "at
# Level 3 of its airworthiness scale"; the article's other mentions of that name are no risk levels either
_OTHER_SCALE_BEFORE = re.compile(
    r"\b(?:assurance|security|service|support|access|API|usage|pricing|subscription|membership|certification|"
    r"clearance|maturity|readiness|(?-i:threat|alert)|biosafety|(?:leader)?board's(?:\s+top|\s+bottom)?|bounty)\s+"
    r"(?:(?:level|tier|grade|class|status)\s+)?"
    # "the national threat level was raised to Severe", "the alert level remains at" (not the level "Alert")
    r"(?:(?:is|was|has been|had been|remains?|remained|stays?|stayed|now)\s+)?"
    r"(?:(?:raised|lowered|increased|reduced|cut|moved|set|elevated|kept|held|returned|upgraded|downgraded)\s+)?"
    r"(?:to\s+|at\s+|from\s+)?[\"']?$"
    # "findings classified as Tier 3": a bug bounty's class
    r"|\b(?:findings|reports|bugs|vulnerabilities|submissions|jailbreaks|exploits)\s+(?:\w+\s+){0,2}?"
    r"(?:classified|rated|graded|ranked|categori[sz]ed|counted)\s+(?:as\s+)?[\"']?$",
    re.I,
)
def _named_before_its_gloss(sentence: str, m: LevelMention) -> None:
    """"a Seviye B (Level B) rating", "to Antas 2 (Level 2)": the level as the text names it, before the English gloss
    the shape finder read (its rank stays the gloss's)."""
    if sentence[m.start - 1:m.start] != "(" or sentence[m.end:m.end + 1] != ")":
        return
    named = _FOREIGN_BEFORE.search(sentence, max(0, m.start - 40), m.start)
    if named and named.group("v").lower() == m.name.split()[-1].lower():
        m.start, m.text, m.name = named.start(), named.group("name"), named.group("name")


_FOREIGN_BEFORE = re.compile(r"(?P<name>[A-Z][^\W\d_]+[ -](?P<v>[A-Z\d]{1,3}|[IVX]{1,4}))\s+\($")
# a sentence about scores: "On the ThreatBench leaderboard, X landed in score band 4 of 6, the highest band ..."
_SCORES_SENTENCE = re.compile(r"^(?:On|In) (?:the |its |an? )?(?:[\w-]+ ){0,3}(?:leaderboard|benchmark)s?\b|"
                              r"\bscore bands?\b", re.I)
# ... and one about plans: "now included in the Standard tier; previously it required a Pro subscription"
_PLANS_SENTENCE = re.compile(r"\b(?:subscriptions?|pricing|billing|release notes)\b", re.I)
_TIER_AFTER = re.compile(r"\s+tier\b", re.I)
# a level whose own name says it is of another scale: "Impact Level 6" (a cloud security level), "Security Level 2"
_OTHER_SCALE_NAME = frozenset("impact security assurance service support access maturity readiness clearance "
                               "biosafety".split())
_OTHER_SCALE_AFTER = re.compile(
    r"[\"']?(?:,?\s+[\"'\u2018]?[\w-]+[\"'\u2019]?,?)?"
    r"(?:\s+band\s+\([^)]{1,20}\))?"  # "the 'high' band (71-85%) on its CyberRange suite": a score band
    r"\s+(?:on|of|in|along)\s+(?:the|its|their|our|a|an|[\w-]+'s)\s+"
    r"(?:[\w'-]+\s+){0,4}?"
    r"(?:roadmap|road|path|journey|airworthiness|certification|maturity|pricing|subscription|membership|loyalty|"
    r"product|usage|price list|prices|"
    r"benchmark|leaderboard|league table|exam|olympiad|arena|audit|scorecard|quiz|challenge|competition|contest|suite|"
    r"tournament|hackathon|rollout|roll-out|programme|program|accelerator|trials?)\b"
    # a price tier: "moves Lotse 2 to 'Tier 3' pricing"
    r"|[\"']?\s+(?:pricing|prices?|price plans?|subscriptions?)\b"
    # a security clearance: "a Secret-level facility clearance"
    r"|-level\s+(?:[\w-]+\s+)?clearances?\b"
    # a named benchmark: "Level 5 on Summit agent benchmark"
    r"|\s+(?:on|of|in)\s+(?-i:[A-Z][\w-]*)\s+(?:[\w-]+\s+){0,2}?(?:benchmark|leaderboard|league table|arena)\b"
    # an API's usage tiers: "moves developers to Tier 3 and Tier 4 usage limits"
    r"|(?:\s+(?:and|or)\s+(?:Tier|Level)\s+\d)?\s+(?:usage|rate|spend(?:ing)?|API)\s+(?:limits?|tiers?|caps?)\b"
    # a named benchmark's band: "reached Level 5, the top band, on HazardBench-Cyber"
    r"|(?:,\s+(?:the\s+)?(?:top|highest|lowest|bottom|best)\s+(?:band|level|tier|score|grade|bracket),|\s+of\s+\d+)?"
    r"\s+on\s+(?:the\s+)?(?:[A-Z][\w-]*(?:Bench|bench|BENCH|Eval|Arena)[\w-]*"
    # "scored in Band 4 of 5 on CyberGauntlet, the open agentic-intrusion benchmark"
    r"|[A-Z][\w-]*,\s+(?:the|an?)\s+(?:[\w-]+\s+){0,4}?(?:benchmark|leaderboard|suite|test))",
    re.I,
)
# "a high risk borrower", "a high-risk bet": the level word and "risk" modify an everyday noun
_MODIFIES_A_NOUN = re.compile(
    rf"[\"']?[- ](?:risk|capability)[- ](?!(?:tiers?|levels?|ratings?|classifications?|categor(?:y|ies)|thresholds?|"
    rf"designations?|bands?|class|zones?|status|labels?|domains?|areas?|scores?|for|in|on|under|across|of|at|to|from|"
    rf"and|or|but|nor|is|was|are|were|be|been|being|has|had|have|will|would|could|should|may|might|must|because|"
    rf"after|before|since|with|by|as|than|that|which|when|while|so|if|according|the|its|their|this|per|said|says|"
    rf"now|overall|models?|systems?|frontier|uplift|due|given|within|without|until|safeguards|protections|mitigations|"
    rf"measures|controls|requirements|standard|{CAT_WORDS})\b)(?-i:[a-z]{{3,}})\b(?!-)",
    re.I,
)
_DESIGNATED_AS = re.compile(r"\b(?:designat|classif|confirm|categori[sz]|recogni[sz]|list)\w*\b[^.;]{0,100}"
                            r"\bas an?\s+$", re.I)
# "rated Medium, down from High"
_CHANGE_SLOT = re.compile(r"\b(?:up|down|back)\s+from\s+[\"']?$", re.I)
_CHANGE_NEEDLES = ("classif", "downgrad", "upgrad", "lower", "rais", " to ")
_CHANGED_TO = re.compile(
    r"(?:\b(?:re-?classif\w+|classified) as|\b(?:downgrad|upgrad|lower|rais)\w* (?:\S+ ){0,3}?to|(?P<to>\bto))\s+"
    r"(?:the\s+)?[\"']?(?P<v>[A-Z][a-z]+)(?![\w-])(?!\s+[A-Z0-9])"
)
_BARE_RISK = re.compile(r"[\"']?[- ]risk\b(?![- ](?:rating|classification|tier|level|category|threshold|designation))",
                        re.I)
_RISK_AFTER = re.compile(r"[\s-]risk\b", re.I)
_ADJECTIVE_AFTER = re.compile(r"^-(?:rated|risk|level|tier|class|band)\b", re.I)
# "moved to Amber", "rated Red": the places a bare colour can be a level
_COLOUR_SLOT = re.compile(r"\b(?:to|at|into|from|as|rated|rates|rating of|labell?ed|marked|flagged)\s+(?:the\s+)?$",
                          re.I)
_NAME_GOES_ON = re.compile(r"\s+[A-Z]|-[A-Za-z]")  # "Red Hat", "Orange-based"
# an ordinal that counts ratings given, no level: "the first level we have assigned"
_COUNTED_AFTER = re.compile(r"\s+(?:that\s+)?(?:we|it|they|the company|the lab|[A-Z]\w+)\s+(?:has|have|had)\s+"
                            r"(?:ever\s+)?(?:assigned|given|issued|awarded|published|set)\b")
# a numbered tier or level that ranks something else: "a Tier 1 supplier", "Level 4 driverless trucks"
_NOT_TIER_AFTER = re.compile(
    # a plan's tier: "'Tier 3' for enterprise accounts", "Tier 3, the top-priced plan"
    r"[\"'\u2019]?(?:\s+for\s+(?:[\w-]+\s+)?(?:accounts?|customers?|subscribers?|users?|plans?)|"
    r",\s+(?:the|its|our)\s+(?:[\w-]+\s+){0,2}?(?:plan|subscription|package|pricing tier))\b|"
    r"[\s-]+(?:(?:automotive|auto|industrial|defen[cs]e|aerospace|electronics|parts|component|chip)\s+)?"
    r"(?:suppliers?|vendors?|banks?|lenders?|cit(?:y|ies)|capitals?|partners?|carriers?|trauma|accounts?|"
    r"support|customers?|markets?|schools?|students?|shares?|stocks?|clearances?|visas?|licen[cs]es?|listed|"
    r"hurricanes?|storms?|cancers?|tumou?rs?|autonom\w*|driverless|self-driving|driving|drivers?|driver-assist\w*|"
    r"vehicles?|cars?|trucks?|lorr(?:y|ies)|buses|robotaxis?|chargers?|charging|data cent(?:er|re)s?|"
    r"certifi\w+|lockdowns?|sanctions?|tariffs?|ISPs?|networks?|members?|plans?|pricing|subscriptions?|"
    r"polic(?:y|ies)|policyholders?|premiums?|insur\w+|coverage|claims?|API|developers?|usage|(?:rate[- ])?limits?|"
    r"quotas?|requests?|ADAS|autopilot|pathogens?|viruses|labs?|laborator(?:y|ies)|facilit(?:y|ies)|"
    # a leaderboard's bracket, a bug bounty's classes: "the 'Tier S' bracket", "Tier 2 reports"
    r"brackets?|jailbreaks?|reports?|findings|bugs?|vulnerabilit(?:y|ies)|payouts?|rewards?|bount(?:y|ies)|"
    # "Tier 3 access for enterprise accounts", "a Band 4 score", "a Level 4 result"
    r"submissions?|groups?|access\s+for|scores?|results?|territory)\b",
    re.I,
)
_FROM = re.compile(r"\b(?:from|out of)\s+(?:the\s+|its\s+|a\s+)?"
                   r"(?:(?:top|lowest|highest|old|current|previous|earlier)\s+)?[\"']?$", re.I)
_TO = re.compile(r"^[\"']?\s*(?:[\w\s,'-]{0,60}?\s)?(?:to|into|up to|down to)\s+(?:the\s+|a\s+)?[\"']?$", re.I)
_TO_BEFORE = re.compile(r"\b(?:to|into|at|in)\s+(?:the\s+|a\s+)?[\"']?$", re.I)
_FROM_AFTER = re.compile(r"^[\"']?(?:[\s,]+[\w\s-]{0,45}?)?[\s,]+(?P<way>up |down |back )?from\s+"
                         r"(?:the\s+|its\s+|a\s+)?[\"']?$", re.I)
_FOR_QUALIFIER = re.compile(r"^\s*(?:for|of|in|on)\s+(?:the\s+|its\s+|either\s+|both\s+)?(?:[A-Z][\w-]*\s+){0,3}$")
_CALLED_IN_BRACKETS = re.compile(r"\s*\((?P<name>[A-Z][a-z]+(?:[ -][A-Za-z][a-z]+)?)\)")
_AND_OR = re.compile(r"\s*(?:,\s*)?(?:or|and|,)\s+", re.I)


class LevelFinder:
    """The registry's level names compiled once; `find(sentence)` gives the level mentions in order."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._alias_options: dict[str, list[tuple[str, str, str | None, str]]] = {}
        self._upper_only: set[str] = set()
        self._capital_only: set[str] = set()
        patterns = []
        needles = {"level", "tier"}
        words: set[str] = {w for w in (registry.generic_levels[0] if registry.generic_levels else ())}
        for fw in registry.frameworks.values():
            for lv in fw.levels:
                for alias in (lv.name, *lv.aliases):
                    if _is_plain(alias, registry):
                        words.add(alias.lower().replace("-", " ").split()[0])
                        continue
                    key = _key(alias)
                    self._alias_options.setdefault(key, [])
                    if (fw.id, lv.id, lv.category, lv.name) not in self._alias_options[key]:
                        self._alias_options[key].append((fw.id, lv.id, lv.category, lv.name))
                    if re.sub(r"[^A-Za-z]", "", alias).isupper():
                        self._upper_only.add(key)
                    elif re.fullmatch(r"[A-Za-z]+", alias):
                        self._capital_only.add(key)  # "Surge" names a level; "a surge in demand" does not
                    patterns.append(_alias_pattern(alias))
                    needles.add(_needle(alias))
        patterns = sorted(set(patterns), key=len, reverse=True)
        self._alias = re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")s?(?![\w]|-\d)", re.I) if patterns else None
        self._needles = tuple(sorted(needles | set(_LEVEL_NOUN_NEEDLES) | {"categor", "'", '"'}))  # "Category Blue"
        self._alias_needles = tuple(sorted(needles - {"level", "tier"}))
        self._words = re.compile(r"(?<![\w-])([\"']?)(" + "|".join(sorted(words, key=len, reverse=True))
                                 + r")([\"']?)(?![\w])", re.I)
        self._word_needles = tuple(sorted(words))
        self._word_options: dict[str, list[tuple[str, str]]] = {}
        for fw in registry.frameworks.values():
            for lv in fw.levels:
                for w in {lv.id, lv.name.split()[0].lower()}:
                    self._word_options.setdefault(w, []).append((fw.id, lv.id))
        self._colours = tuple(registry.generic_levels[1]) if len(registry.generic_levels) > 1 else ()
        self._colour_rx = re.compile(r"(?<![\w-])(" + "|".join(f"[{c[0].upper()}{c[0]}]{c[1:]}" for c in self._colours)
                                     + r")(?![\w])") if self._colours else None
        # level words a text may shout ("now classified ORANGE, up from YELLOW"): read as their names
        self.shouted = (frozenset(w for w in self._word_options if w.isalpha()) | frozenset(
            w.lower() for scale in registry.generic_levels for w in scale if w.isalpha())) - self._upper_only
        colour = "|".join(self._colours)
        self._colour_to_colour = re.compile(rf"\bfrom\s+(?:{colour})(?:[\s-](?:tier|level|zone|band|status))?\s+"
                                            rf"to\s+(?:{colour})\b", re.I)

    # ---------------------------------------------------------------------------------------
    def find(self, sentence: str, low: str, framed: bool, scale: "ListedScale | None" = None,
             defined: "DefinedNames | None" = None, codes: bool = False,
             initials: frozenset[str] = frozenset()) -> list[LevelMention]:
        """Level mentions in a sentence (low: the sentence lowercased; framed: the article names a
        framework, so plain lowercase level words may be levels; scale: the level names the article
        lists for its framework, in order; defined: the level names it defines with an acronym; codes:
        the article may use codes as levels)."""
        found: list[LevelMention] = []
        if self._alias is not None and any(n in low for n in self._alias_needles):
            found += self._aliases(sentence)
        if defined is not None:
            found += _defined(sentence, found, defined, self.registry)
        if codes and _CODE_NEEDLE.search(sentence):
            found += self._codes(sentence, found, initials)
        if any(w in low for w in _NAMED_NEEDLES):
            found += self._named(sentence, found)
        if scale is not None:
            found += _listed(sentence, found, scale, self._word_options)
        if "'" in sentence or '"' in sentence:
            found += self._quoted(sentence, found)
        if any(w in low for w in self._word_needles):
            found += self._plain_words(sentence, found, framed)
        if self._colour_rx is not None and any(c in low for c in self._colours):
            found += self._colours_in_slots(sentence, low, found)
        if any(w in low for w in _CHANGE_NEEDLES):
            found += self._changed_to(sentence, found)
        found.sort(key=lambda x: x.start)
        if scale is not None:
            _rank_by_scale(found, scale)
        found = _tidy(found, sentence)
        for m in found:
            _named_before_its_gloss(sentence, m)
        scores = bool(_SCORES_SENTENCE.search(sentence))
        plans = bool(_PLANS_SENTENCE.search(sentence))
        for m in found:
            if scores or _OTHER_SCALE_BEFORE.search(sentence, 0, m.start) or _OTHER_SCALE_AFTER.match(sentence, m.end) \
                    or m.name.split()[0].lower() in _OTHER_SCALE_NAME or (plans and _TIER_AFTER.match(sentence, m.end)):
                m.extra["other_scale"] = True
            if m.extra.get("code") and m.prior is not None and m.prior.extra.get("code") and (
                    m.extra["sure"] or m.prior.extra["sure"] or same_shape(m.name, m.prior.name)):
                m.extra["sure"] = m.prior.extra["sure"] = True  # "from HMR to MMR", "to ML2 from ML3": levels
        return found

    def _codes(self, sentence: str, found: list[LevelMention], initials: frozenset[str]) -> list[LevelMention]:
        """Codes in a level's place ("rated Hoshi-2 at P2", "from HMR to MMR", "down from CR-2"), not a known lab's
        model ("its review of MAI-3 under its Framework"). A code is sure to be a level when a framework follows
        it ("P2 on the persuasion track of its Frontier Policy"), a model is moved to it ("lowers Sable-2 to
        CR-1"), or the article spells out its letters as a level's name (`initials`: "Capability Level" for
        "CL-2"); the article decides for the others."""
        out = []
        for m in _CODE.finditer(sentence):
            code = m.group(0)
            if _inside(found, m.start()) or code in _NOT_CODE or code.lower() in self.registry.org_aliases \
                    or self.registry.org_of_family(code) \
                    or not _LEVEL_SLOT_BEFORE.search(sentence, max(0, m.start() - 40), m.start()):
                continue
            sure = bool(_FRAMEWORK_AFTER.match(sentence, m.end()) or _MODEL_MOVED_TO.search(sentence, 0, m.start())
                        or _CODE_GIVEN.search(sentence, max(0, m.start() - 20), m.start())
                        or any(code.startswith(r.group(1)) for r in _CODE_RANGE.finditer(sentence))
                        or re.sub(r"-?\d+$", "", code) in initials)
            out.append(LevelMention(m.start(), m.end(), code, code, "named", rank=code_rank(code),
                                    extra={"code": True, "sure": sure}))
        return out

    def _changed_to(self, sentence: str, found: list[LevelMention]) -> list[LevelMention]:
        """A capitalised word a model is changed to: "reclassified as General", "downgraded to Watch", and the
        "to General" of "from the Restricted tier ... to General"."""
        out = []
        starts = [m.end for m in found if _FROM.search(sentence, 0, m.start)]
        for m in _CHANGED_TO.finditer(sentence):
            if m.group("to") and not any(0 < m.start() - end < 90 for end in starts):
                continue  # a bare "to General" only after "from <level>"
            word = m.group("v")
            if _inside(found, m.start("v")) or word in _NAME_STOP or word in _NOT_LEVEL_NAMES \
                    or word.lower() in self.registry.org_aliases:
                continue
            out.append(LevelMention(m.start("v"), m.end("v"), word, word, "named",
                                    tuple(self._word_options.get(word.lower(), ())),
                                    rank=self.registry.generic_rank(word), extra={"weak": True}))
        return out

    def _aliases(self, sentence: str) -> list[LevelMention]:
        """Registry levels by their distinctive names ("ASL-3", "alert threshold")."""
        out = []
        for m in self._alias.finditer(sentence):
            key = _key(m.group(0))
            options = self._alias_options.get(key) or self._alias_options.get(key[:-1])
            if not options or (key in self._upper_only and not re.sub(r"[^A-Za-z]", "", m.group(0)).isupper()) \
                    or (key in self._capital_only and not m.group(0)[0].isupper()):
                continue
            out.append(LevelMention(m.start(), m.end(), m.group(0), options[0][3], "alias",
                                    tuple((f, lv) for f, lv, _, _ in options), options[0][2]))
        return out

    def _named(self, sentence: str, found: list[LevelMention]) -> list[LevelMention]:
        """Numbered or named tiers of any framework: "Tier 3", "Level Orange", "the Guarded tier",
        "the Frontier Capability Threshold", "the second tier"."""
        out: list[LevelMention] = []
        for m in _NAMED.finditer(sentence):
            if _inside(found, m.start()):
                continue
            if m.group("cv"):
                mention = self._capitalised_before_tier_word(m)
            elif m.group("thr"):
                mention = _threshold_name(sentence, m)
            elif m.group("lthr"):
                text = m.group("lthr")
                mention = LevelMention(m.start("lthr"), m.end("lthr"), text, text, "named")
            elif m.group("ord"):
                # "the first level we have assigned": a count of ratings, no level
                mention = None if _COUNTED_AFTER.match(sentence, m.end()) else self._ordinal(sentence, m)
            else:
                mention = self._numbered(sentence, m)
            if mention is not None:
                out.append(mention)
        return out

    def _ordinal(self, sentence: str, m: re.Match[str]) -> LevelMention:
        """"the second tier"; "the highest tier ..., a level it calls 'Restricted'" is the level Restricted (and
        `_rank_by_scale` names "the second-highest of its five bands" where the article lists them)."""
        ordinal = m.group("ord").lower().replace(" ", "-")
        text, rank = sentence[m.start("ord"):m.end()], (12, _ORDINAL[ordinal])
        called = _CALLED_AFTER.match(sentence, m.end())
        if called and called.group("name") not in _NAME_STOP:
            name = called.group("name")
            return LevelMention(m.start("ord"), m.end(), text, name, "named",
                                tuple(self._word_options.get(name.lower(), ())),
                                rank=self.registry.generic_rank(name) or rank)
        return LevelMention(m.start("ord"), m.end(), text, text, "named", rank=rank,
                            extra={"ordinal": True, "from_end": _FROM_THE_END.get(ordinal)})

    def _capitalised_before_tier_word(self, m: re.Match[str]) -> LevelMention | None:
        value = m.group("cv")
        if value in _NAME_STOP or value in _NOT_LEVEL_NAMES:
            return None
        return LevelMention(m.start("cv"), m.end("cv"), value, value, "named",
                            tuple(self._word_options.get(value.lower(), ())), rank=self.registry.generic_rank(value))

    def _numbered(self, sentence: str, m: re.Match[str]) -> LevelMention | None:
        """"Tier 3", "Level IV", "Class B", "Level Orange"."""
        value = m.group("v") or m.group("lv")
        if m.group("v") and value[0].isupper() and len(value) > 1 and value.isalpha() and value not in _NUMBER_WORDS \
                and not _is_roman(value) and self.registry.generic_rank(value) is None and value not in _NAME_WORDS:
            return None  # "Level Up", "Tier One"-style words that are not levels
        if _NOT_TIER_AFTER.match(sentence, m.end()):
            return None  # "a Tier 1 supplier", "Level 4 driverless trucks"
        if value[-1].isdigit() and not value.isdigit():  # "the risk stage S3": the code names the level
            group = "v" if m.group("v") else "lv"
            return LevelMention(m.start(group), m.end(), value, value, "named", rank=code_rank(value),
                                extra={"code": True, "sure": True})
        start, words = m.start(), m.group(0).split()
        while len(words) > 2 and words[0] in _NAME_STOP:
            start = sentence.index(words[1], start + len(words[0]))
            words = words[1:]
        text = " ".join(words)
        # "Acceleration Level 1": a capability's name, which may qualify a level ("the CCL for ...")
        extra = {"capability": True} if len(words) > 2 else {}
        called = _CALLED_IN_BRACKETS.match(sentence, m.end())
        if called and not _CATEGORY_NEAR.match(called.group("name")):
            extra["called"] = called.group("name")  # "Level 4 (Severe)": the level's own name, shown beside it
        name = text if value.isalpha() and value.islower() else _title_kw(text)  # spoken "level three" as written
        return LevelMention(start, m.end(), text, name, "named", rank=named_rank(value, self.registry), extra=extra)

    def _quoted(self, sentence: str, found: list[LevelMention]) -> list[LevelMention]:
        """Level names in quotes: "'Severe'", '"Elevated" risk'."""
        out = []
        for m in _QUOTED.finditer(sentence):
            if _inside(found, m.start("v")):
                continue
            value, pre = m.group("v"), sentence[max(0, m.start() - 120):m.start()]
            rank = self.registry.generic_rank(re.split(r"[ -]", value)[0])
            # "designated Kumo-5 as a 'specified frontier model' under the AI Promotion Act": a class of a law
            statutory = bool(_DESIGNATED_AS.search(pre) and C.UNDER_A_LAW.search(sentence))
            # a lowercase value is a level by its rank, or by a tier word of its own ("'frontier capability
            # threshold'") or after it ("the scale's 'restricted' band")
            if (value[0].islower() and rank is None and not statutory and not _TIER_NOUN_END.search(value)
                    and not _TIER_WORD_AFTER.match(sentence[m.end():m.end() + 40])) \
                    or _NOT_LEVEL_AFTER.match(sentence[m.end():m.end() + 60]):
                continue
            # a level in another language glossed in English: the level "Alto" (High)
            gloss = _GLOSS.match(sentence, m.end())
            gloss_rank = self.registry.generic_rank(gloss.group("g")) if gloss else None
            if gloss_rank is not None:
                name, rank, end = gloss.group("g"), gloss_rank, gloss.end()
            else:
                name, end = value, m.end("v")
            if not (statutory or _quoted_level(pre[-40:], sentence[m.end():m.end() + 40], rank)):
                continue
            out.append(LevelMention(m.start("v"), end, sentence[m.start("v"):end], name, "quoted",
                                    tuple(self._word_options.get(name.lower(), ())), rank=rank))
        return out

    def _plain_words(self, sentence: str, found: list[LevelMention], framed: bool) -> list[LevelMention]:
        """Plain level words ("High", "critical") where the sentence frames them as a level."""
        out = []
        for m in self._words.finditer(sentence):
            if _inside(found, m.start(2)) or not self._word_ok(sentence, m, framed):
                continue
            word = m.group(2)
            # "the high risk threshold" names the level "high risk" where a framework calls it so
            risk = _RISK_AFTER.match(sentence, m.end())
            named = {"as_written": sentence[m.start(2):risk.end()]} if risk else {}
            out.append(LevelMention(m.start(2), m.end(2), word, word, "word",
                                    tuple(self._word_options.get(word.lower(), ())),
                                    rank=self.registry.generic_rank(word), extra=named))
        return out

    def _colours_in_slots(self, sentence: str, low: str, found: list[LevelMention]) -> list[LevelMention]:
        """Colour levels without "Level" or quotes: "moved Kite-5 back to Amber from Red" (not "Red Hat",
        not "the Red Sea")."""
        hits = [m for m in self._colour_rx.finditer(sentence) if not _inside(found, m.start())]
        # "rated Orange under the Stratos Risk Color Code": a scheme of colours
        framed = len(hits) >= 2 or bool(_TIER_CONTEXT.search(sentence)) or "traffic" in low or "colo" in low
        # lower case only where colours are plainly levels: "from red to amber", a traffic-light scheme
        lower_ok = "traffic" in low or bool(self._colour_to_colour.search(sentence))
        out = []
        for m in hits:
            post = sentence[m.end():m.end() + 30]
            if _TIER_WORD_AFTER.match(post) or _ADJECTIVE_AFTER.match(post) or (
                    framed and (m.group(1)[0].isupper() or lower_ok) and _COLOUR_SLOT.search(sentence, 0, m.start())
                    and not _NAME_GOES_ON.match(sentence, m.end())):
                word = m.group(1)
                out.append(LevelMention(m.start(), m.end(), word, word, "word",
                                        tuple(self._word_options.get(word.lower(), ())),
                                        rank=self.registry.generic_rank(word), extra={"weak": True}))
        return out

    def _word_ok(self, sentence: str, m: re.Match[str], framed: bool) -> bool:
        word = m.group(2)
        quoted = bool(m.group(1) or m.group(3))
        pre = sentence[max(0, m.start() - 60):m.start()]
        post = sentence[m.end():m.end() + 90]
        if _CONTRAST.search(pre) or _NOT_LEVEL_AFTER.match(post):
            return False
        if names_a_use_class(word, post):
            return False
        if _MODIFIES_A_NOUN.match(post):
            return False
        strong_post = bool(_POST_STRONG.match(post))
        domain_post = bool(_POST_DOMAIN.match(post))
        if word.islower() and not quoted:
            # lowercase "high" is everyday English; take it only in tier phrasing. Everyday "high risk" (bonds that
            # "carry high risk") is a level only in an article that names a risk framework or beside a category.
            if strong_post and _BARE_RISK.match(post):
                if post.startswith("-") and not _CATEGORY_NEAR.search(post, 0, 45):
                    return False  # "being classified as high-risk": the AI Act's class or everyday talk, not a tier
                return framed or bool(_CATEGORY_NEAR.search(post, 0, 45))
            framed = framed or bool(_TIER_CONTEXT.search(sentence))
            if strong_post:
                return framed or bool(_CATEGORY_NEAR.search(post, 0, 45))
            if framed and _RATING_SLOT.search(pre):
                return True  # "lowers Llama 6 Scout's cyber risk rating to moderate"
            return framed and domain_post and bool(_PRE_VERB.search(pre))
        if strong_post or domain_post or _CHANGE_SLOT.search(pre) or _ADJECTIVE_AFTER.match(post):
            return True  # "rated Medium, down from High", "its Severe-rated model"
        lead_in = _PRE_VERB.search(pre) or (quoted and _PRE_WEAK.search(sentence, 0, m.start() + 1))
        return bool(lead_in and (framed or _TIER_CONTEXT.search(sentence)))

    def is_level_name(self, text: str, scale: "ListedScale | None" = None) -> bool:
        """Is the phrase a level's name by itself: a registry level, a generic level word or colour, a name the
        article lists as a level?"""
        low = text.lower()
        if self.registry.generic_rank(low.split()[0] if low else low) is not None and len(low.split()) <= 2:
            return True
        if self._alias is not None and self._alias.fullmatch(text) and _key(text) in self._alias_options:
            return True
        return scale is not None and scale.place(text) is not None

    def slot_mention(self, sentence: str, start: int, end: int, kind: str, scale: "ListedScale | None" = None
                     ) -> LevelMention:
        """A level a frame's slot holds though no shape named it ("Risk Category III", "Severity 3", "HZ-2",
        "Restricted"), ranked by its number, letter, code, generic word or place in the article's list; a name on
        another scale ("Level 5 on the Ascent reasoning benchmark") is marked so."""
        name = sentence[start:end]
        if kind == "statutory" and name.endswith(" models"):
            name = name[:-1]  # "added X to its list of high-impact models": the class is "high-impact model"
        words = name.split()
        if kind == "code":
            rank = code_rank(name)
        elif scale is not None and scale.place(name) is not None:
            rank = (20, scale.place(name))
        elif kind == "numbered":
            rank = named_rank(words[-1], self.registry)
        else:
            rank = self.registry.generic_rank(words[0])
        other = bool(_OTHER_SCALE_AFTER.match(sentence, end) or _OTHER_SCALE_BEFORE.search(sentence, 0, start)
                     or _NOT_TIER_AFTER.match(sentence, end)  # "its Tier 3 usage plan"
                     or words[0].lower() in _OTHER_SCALE_NAME or _BILL.fullmatch(name))
        return LevelMention(start, end, name, name, "framed", tuple(self._word_options.get(name.lower(), ())),
                            rank=rank, extra={"code": kind == "code", "sure": kind == "code", "other_scale": other})

    def maybe_relevant(self, low: str, scale: "ListedScale | None" = None) -> bool:
        """A cheap test that a text can name a level at all (see `may_hold_codes` for codes)."""
        return any(n in low for n in self._needles) or any(w in low for w in self._word_needles) or (
            scale is not None and any(n.lower() in low for n in scale.names)) or any(
            " " + c in low for c in self._colours)


_NOT_LEVEL_NAMES = frozenset("""Safety Risk Capability Security Access Trust Service Pricing Product Entry Enterprise
    Free Pro Premium Basic Paid Business Team Top Expert Human Senior Board Executive Federal State National
    Global Local Company Model Framework Policy""".split())


@dataclass(frozen=True)
class ListedScale:
    """The level names an article lists for its framework, lowest first."""

    names: tuple[str, ...]

    def place(self, name: str) -> int | None:
        low = name.lower()
        return next((i for i, n in enumerate(self.names) if n.lower() == low), None)

    @property
    def pattern(self) -> re.Pattern[str]:
        return _listed_pattern(self.names)


def listed_scale(text: str, low: str, registry: Registry) -> ListedScale | None:
    """The level names a text lists in order ("named Watch, Guarded and Restricted"), lowest first: a
    list that runs from a higher generic word to a lower one, or that the text says runs from the highest
    ("Restricted, Controlled and General, ... from highest to lowest"), is turned round."""
    if not any(n in low for n in _LIST_NEEDLES):
        return None
    for m in _LEVEL_LIST.finditer(text):
        names = [n.strip("'\"") for n in re.split(_LIST_SEP, m.group("names"))]
        names = [n for n in names if n not in _NAME_STOP and n.lower() not in registry.org_aliases
                 and not re.search(r"[a-z][A-Z]", n)]  # "OpenAI" is no level
        if len(names) < 2:
            continue
        known = [r[1] for r in map(registry.generic_rank, names) if r is not None]
        if len(known) >= 2 and all(a > b for a, b in zip(known, known[1:])) or _HIGHEST_FIRST.search(
                text, m.end(), m.end() + 100):
            names.reverse()
        return ListedScale(tuple(names))
    return None


_HIGHEST_FIRST = re.compile(r"\bfrom (?:the )?(?:highest|most \w+|top) to (?:the )?(?:lowest|least \w+|bottom)\b|"
                            r"\bhighest first\b|\bin descending order\b", re.I)


@lru_cache(maxsize=64)
def _listed_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])([\"']?)(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                      + r")([\"']?)(?![\w])")


def _listed(sentence: str, found: list[LevelMention], scale: ListedScale,
            word_options: dict[str, list[tuple[str, str]]]) -> list[LevelMention]:
    """The listed names where the sentence uses them as a level: quoted, in a level slot ("to
    Monitored"), before a tier word or as an adjective ("Heightened-rated")."""
    out = []
    for m in scale.pattern.finditer(sentence):
        if _inside(found, m.start(2)):
            continue
        quoted = bool(m.group(1) or m.group(3))
        pre, post = sentence[max(0, m.start() - 40):m.start()], sentence[m.end():m.end() + 40]
        if quoted or _LEVEL_SLOT_BEFORE.search(pre) or _TIER_WORD_AFTER.match(post) or _ADJECTIVE_AFTER.match(post):
            name = m.group(2)
            out.append(LevelMention(m.start(2), m.end(2), name, name, "listed",
                                    tuple(word_options.get(name.lower(), ())), rank=(20, scale.place(name))))
    return out


# --- level names of any shape: codes and the acronyms a text defines -------------------------------

_CODE_SHAPE = r"(?:(?:R&D|[A-Z]{1,4})-?\d{1,2}[a-z]?|[A-Z]{2,4})"  # "CR-2", "P2", "R&D-3", "FR-4b", "HMR"
_CODE = re.compile(r"(?<![\w-])" + _CODE_SHAPE + r"(?![\w-]|\.\d)")
_CODE_NEEDLE = re.compile(r"\b[A-Z]{1,4}-?\d|\b[A-Z]{2}")
_BILL = re.compile(r"(?:SB|HB|AB|HR|LD|HF|SF)[ -]?\d{1,4}")  # "brought under SB 53": a law, not a level
_NOT_CODE = frozenset("""AI API US USA EU UK UN CEO CTO CFO COO GPU GPUs CPU PDF FAQ LLM LLMs USD EUR GBP IPO ETF
    SEC FTC FDA NHS BBC CNN PR HR IT TV PC OK AM PM ID QA SB HB AB LD HF SF
    CBRN CBRNE NRBC CBR WMD""".split())
# "P2 on the persuasion track of its Frontier Policy", "CR-1 on its Containment Risk scale"
_FRAMEWORK_AFTER = re.compile(
    r"[\"']?(?:\s+(?:protections|safeguards|standards?|measures))?"  # "RSL-3 protections under our ... Ladder"
    r"\s+(?:on|of|in|under|within)\s+(?:the|its|our|their|[A-Z][\w-]*'s?)\s+(?:[\w&-]+\s+){0,4}?"
    r"(?:scale|ladder|track|policy|framework|standard|charter|grid|matrix|bands|tiers|levels|rubric)\b",
    re.I,
)
# a cheap test that a text may hold a code level at all
_CODE_GATE = re.compile(r"(?<![\w-])" + _CODE_SHAPE +
                        r"(?:\s+(?i:protections|safeguards|standards?|measures))?\s+(?i:on|of|in|under|within)\s+\S+\s+"
                        r"(?:\S+\s+){0,4}?(?i:scale|ladder|track|policy|framework|standard|charter|grid|matrix|bands|"
                        r"tiers|levels|rubric|domain)\b"
                        r"|(?i:levels|tiers|grades)[^.;]{0,30}?[,:]\s+[A-Z]{1,4}-?\d{1,2}\s+(?:to|through|-)\s+"
                        r"[A-Z]{1,4}-?\d{1,2}\b")
# "three graded levels per domain, HR-1 to HR-3": codes the text lists as its levels
_CODE_RANGE = re.compile(r"(?i:levels|tiers|grades)[^.;]{0,30}?[,:]\s+([A-Z]{1,4})-?\d{1,2}\s+(?:to|through|-)\s+"
                         r"\1-?\d{1,2}\b")
_SCALE_WORDS = ("scale", "ladder", "track", "polic", "framework", "standard", "charter", "grid", "matrix", "bands",
                "tiers", "levels", "rubric", "domain")
_MOVE_WORDS = ("downgrad", "upgrad", "lower", "rais", "mov", "cut", "bump", "lift", "drop", "put", "plac", "escalat")
_TO_CODE = re.compile(r"\b(?:to|at|into)\s+(?=" + _CODE_SHAPE + r"(?![\w-]))")
# "has been assigned FR-4b": a code given to a model
_CODE_GIVEN = re.compile(r"\b(?:been|was|were|is) (?:assigned|given|awarded)\s+$")
# "lowers Sable-2 to", "moves Tamar-3 down to", "placed Istrel Labs' Cobalt Pro at": a model (a name with a digit,
# or capitalised words) moved to the level
_MODEL_MOVED_TO = re.compile(r"\b(?:downgrad|upgrad|lower|rais|mov|cut|bump|lift|drop|put|plac|escalat)\w*\s+"
                             r"(?:[\w-]*\d[\w.-]*\s+|(?<=ed\s)|(?-i:[A-Z][\w.'\u2019-]*\s+){1,4})(?:\w+\s+)?"
                             r"(?:to|at|into)\s+$", re.I)
# "Significant Uplift Risk (SUR)": a name of capitalised words that ends in a level noun or starts with a level word
_DEFINITION = re.compile(r"(?<![\w-])(?P<full>(?:[A-Z][a-z]+[ -]){1,4}[A-Z][a-z]+)\s+\((?P<abbr>[A-Z]{2,5})\)")
_LEVEL_HEAD = frozenset("Risk Level Tier Threshold Band Zone Class Stage Grade Rung Concern Hazard".split())


@dataclass(frozen=True)
class DefinedNames:
    """Level names an article defines with an acronym: acronym -> full name ("SUR" -> "Significant Uplift Risk")."""

    full: dict[str, str]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _names_pattern(tuple(sorted(set(self.full) | set(self.full.values()), key=len, reverse=True)))


def defined_names(text: str, registry: Registry) -> DefinedNames | None:
    """The level names a text defines: "Elevated Misuse Risk (EMR)" (each letter of the acronym in its word, the
    name ending in a level noun or starting with a level word)."""
    full = {}
    if "(" not in text:
        return None
    for m in _DEFINITION.finditer(text):
        abbr, words = m.group("abbr"), re.split(r"[ -]", m.group("full"))
        words = words[-len(abbr):]
        if len(words) == len(abbr) and all(a in w.upper() for a, w in zip(abbr, words)) and (
                words[-1] in _LEVEL_HEAD or registry.generic_rank(words[0]) is not None):
            full[abbr] = " ".join(words)
    return DefinedNames(full) if full else None


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def may_hold_codes(text: str, low: str) -> bool:
    """A cheap test that a text may use codes as levels ("CR-1 on its Containment Risk scale", "lowers Sable-2 to
    CR-1")."""
    if any(w in low for w in _SCALE_WORDS) and _CODE_GATE.search(text):
        return True
    return any(w in low for w in _MOVE_WORDS) and any(_MODEL_MOVED_TO.search(text, max(0, m.end() - 80), m.end())
                                                      for m in _TO_CODE.finditer(text))


_LEVEL_PHRASE = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,3})(Level|Tier|Threshold|Class|Stage|Grade|Band|Rung)s?\b")


def level_initials(text: str) -> frozenset[str]:
    """The letters of codes the text spells out as a level's name and uses: "CL" where "Capability Level" and
    "CL-2" both occur ("Capability Level changed from CL-3 to CL-2")."""
    if "-" not in text:
        return frozenset()
    spelled = {"".join(w[0] for w in m.group(1).split()) + m.group(2)[0] for m in _LEVEL_PHRASE.finditer(text)}
    return frozenset(p for p in spelled if re.search(rf"(?<![\w-]){p}-?\d(?![\w-])", text))


def _defined(sentence: str, found: list[LevelMention], defined: DefinedNames, registry: Registry
             ) -> list[LevelMention]:
    """The defined names and their acronyms, each named by its full name ("lands at SUR" -> Significant Uplift Risk)."""
    out = []
    for m in defined.pattern.finditer(sentence):
        if _inside(found, m.start()):
            continue
        name = defined.full.get(m.group(0), m.group(0))
        out.append(LevelMention(m.start(), m.end(), m.group(0), name, "named",
                                rank=registry.generic_rank(name.split()[0]), extra={"defined": True}))
    return out


def same_shape(a: str, b: str) -> bool:
    """"ML2" and "ML3", "HMR" and "MMR": two codes of one scale."""
    return re.sub(r"\d", "9", a) == re.sub(r"\d", "9", b) and (a[:-1] == b[:-1] or not any(c.isdigit() for c in a))


def code_rank(code: str) -> tuple[int, int] | None:
    """Codes with the same letters are ordered by their number ("CR-1" below "CR-2"), then a sub-level ("FR-4a"
    below "FR-4b")."""
    m = re.fullmatch(r"([A-Z]+)-?(\d+)([a-z]?)", code)
    if not m:
        return None
    sub = ord(m.group(3)) - ord("a") + 1 if m.group(3) else 0
    return 1000 + zlib.crc32(m.group(1).encode()) % 100000, int(m.group(2)) * 100 + sub


def _rank_by_scale(found: list[LevelMention], scale: ListedScale) -> None:
    """Levels the article lists take their place in its list; "the second tier" and "the second-highest of its five
    bands" take the listed name."""
    for m in found:
        if m.extra.get("ordinal"):
            end = m.extra.get("from_end")
            place = (end % len(scale.names) if end is not None and abs(end) < len(scale.names)
                     else min(m.rank[1], len(scale.names)) - 1)
            m.name, m.rank = scale.names[place], (20, place)
            continue
        place = scale.place(m.name)
        if place is not None:
            m.rank = (20, place)


def _quoted_level(pre: str, post: str, rank: tuple[int, int] | None) -> bool:
    """Is a quoted word a level? A level word needs a level's place in the sentence; any other word
    needs that and a tier word, a category or "risk" after it ("'Serious' for cybersecurity")."""
    slot = bool(_LEVEL_SLOT_BEFORE.search(pre))
    if rank is None:
        return slot and bool(_TIER_WORD_AFTER.match(post) or _POST_STRONG.match(post)
                             or (_PRE_VERB.search(pre) and _POST_DOMAIN.match(post)))
    if rank[0] == 0:
        return slot or bool(_TIER_WORD_AFTER.match(post) or _POST_STRONG.match(post) or _POST_DOMAIN.match(post))
    return True


def _needle(alias: str) -> str:
    """A lowercase substring every spelling of an alias contains: its first word, or its first two for a
    short one ("ai safety", "cb-")."""
    low = alias.lower()
    first = _SEP.split(low)[0]
    if len(first) >= 3:
        return first
    return re.match(r"[^\s-]+[\s-]?[^\s-]{0,6}", low).group(0).rstrip("0123456789")


def _is_plain(alias: str, registry: Registry) -> bool:
    """A level name of one everyday word ("High", "high risk", "Critical capability"): read by context."""
    words = alias.lower().replace("-", " ").split()
    return (len(words) <= 2 and registry.generic_rank(words[0]) is not None
            and (len(words) == 1 or words[1] in ("risk", "capability", "level", "tier")))


def _threshold_name(sentence: str, m: re.Match[str]) -> LevelMention | None:
    """"the Frontier Capability Threshold": two capitalised words or more before "Threshold"."""
    start, words = m.start(), m.group("thr").split()
    while words and words[0] in _NAME_STOP:
        start = sentence.index(words[1], start + len(words[0]))
        words = words[1:]
    if len(words) < 2:
        return None
    text = " ".join(words)
    return LevelMention(start, m.end(), text, text, "named")


def _inside(found: list[LevelMention], pos: int) -> bool:
    return any(f.start <= pos < f.end for f in found)


def _is_roman(v: str) -> bool:
    return bool(re.fullmatch(r"[IVX]+", v))


def _title_kw(text: str) -> str:
    return text[0].upper() + text[1:] if text[0].islower() else text


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


_NUMBER_WORDS = {w: i for i, w in enumerate("One Two Three Four Five Six Seven Eight Nine Ten".split(), 1)}


def named_rank(value: str, registry: Registry) -> tuple[int, int] | None:
    if value.isdigit():
        return 10, int(value)
    if value[:-1].isdigit() and value[-1].islower():  # "Stage 2b": after 2 and 2a, before 3
        return 10, int(value[:-1]) + (ord(value[-1]) - ord("a") + 1) / 100
    if value.capitalize() in _NUMBER_WORDS:  # "Threshold Two", spoken "level three"
        return 10, _NUMBER_WORDS[value.capitalize()]
    if value in _ROMAN:
        return 10, _ROMAN[value]
    if len(value) == 1:
        return 11, ord(value)
    return registry.generic_rank(value)


_APPOSITION_GAP = re.compile(r"(?:\s*\([^()]{1,30}\))?[\s,\u2013\u2014-]*(?:the|its|their)?\s*")


def _tidy(found: list[LevelMention], sentence: str) -> list[LevelMention]:
    """One mention per level per spot, "<level> for <level name>" as one, "from A to B" as B."""
    out: list[LevelMention] = []
    qualifier_end = None  # where the last capability name folded into out[-1] ends
    for f in found:
        if out:
            last = out[-1]
            if f.start < last.end:
                continue
            gap = sentence[last.end:f.start]
            if f.extra.get("ordinal") and _APPOSITION_GAP.fullmatch(gap):
                continue  # "Level 3 (High), the second-highest level on its scale": the same level described
            same = last.name == f.name or (last.options and f.options and last.options[0][1] == f.options[0][1])
            if same and len(gap) < 12:
                continue  # "AI Safety Level 3 (ASL-3)"
            if _qualifies(last, f, gap) or (qualifier_end is not None and f.extra.get("capability")
                                            and _AND_OR.fullmatch(sentence, qualifier_end, f.start)):
                last.category = last.category or f.category
                qualifier_end = f.end
                continue  # "the alert threshold for Cyber Uplift Level 1", "the CCL for either A Level 1 or B Level 1"
            if _FROM.search(sentence, 0, last.start) and _TO.match(gap):
                f.prior = last
                out[-1] = f
                continue
            after = _FROM_AFTER.match(gap)
            if after and (after.group("way") or _TO_BEFORE.search(sentence, 0, last.start)):
                last.prior = f  # "to Moderate from High", "rated Medium, down from High"
                continue
        qualifier_end = None
        out.append(f)
    return out


def _qualifies(level: LevelMention, name: LevelMention, gap: str) -> bool:
    """Is `name` the capability `level` is stated for: "the alert threshold for Cyber Uplift Level 1"?"""
    if not _FOR_QUALIFIER.match(gap):
        return False
    if level.kind == name.kind == "alias":
        return level.options[0][0] == name.options[0][0]
    return bool(name.extra.get("capability"))
