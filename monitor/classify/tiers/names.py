"""Names in a sentence: models (known families and names never seen) and organisations.

A model name is a capitalised word with a version ("Atlas-4", "Nimbus 2 Pro", "Kestrel-X 3.1",
"Qwen5-Max"), a registry family word with a variant ("Nova Apex", "Command Z"), or one of the known
families whose names are spelled many ways (GPT, the o-series, Claude, Gemini...), which are
normalised to one id ("Claude 4 Opus" and "Claude Opus 4" -> claude-opus-4).

An organisation is a registry org (by any alias), or a capitalised name ending in a company word
("Northwind AI", "Halcyon Labs", "Corvid Systems"), and then also its first word alone ("Northwind").
Institutes, universities and agencies are third parties: their opinion of a level is no determination.
A name the text uses for something else is no model: a label ("risk area CY-1"), a thing ("Corvus-5, the
network security gateway"), a lab's own name.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.classify.frameworks import Registry, slug
from monitor.classify.tiers import cues as C

_NUM = r"\d+(?:\.\d+)?"


@dataclass(frozen=True)
class ModelName:
    id: str  # normalised: lowercase, spaces as hyphens ("nimbus-2-pro")
    text: str  # as written ("Nimbus 2 Pro")
    start: int  # offsets in the sentence
    end: int
    comparison: bool  # named as a point of comparison ("builds on GPT-5", "unlike Lyra 5")


@dataclass(frozen=True)
class OrgName:
    id: str
    text: str  # the name as written in full ("Veridian AI", also for a later "Veridian")
    start: int
    end: int
    third_party: bool  # an institute, university, agency or evaluator: not a developer
    possessive: bool  # "Veridian's Kestrel-X": the owner of what follows


# --- known families, spelled many ways ----------------------------------------------------------

_KNOWN_FAMILIES: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"\bgpt-oss(?:-(\d+b))?\b", re.I), "gpt_oss", ("gpt-oss",)),
    # "gpt-realtime-3", "gpt-image-2": a word before the version
    (re.compile(r"\bgpt-(?!oss\b)([a-z]+)-(\d+(?:\.\d+)?)((?:-(?:mini|pro|nano))*)(?![\w.-])", re.I), "gpt_word",
     ("gpt-",)),
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
    # o1, o3-mini, o1-preview (lowercase only: "O1" is too often something else)
    (
        re.compile(r"(?<![\w.-])(o\d{1,2})(-(?:mini|pro|preview|deep-research|lite|nano|max))?(?:-(?:high|low|medium))?"
                   r"(?![\w-])"),
        "oseries",
        ("o",),
    ),
    (re.compile(r"\bOpenAI (O\d{1,2})(-(?:mini|pro|preview))?\b"), "oseries", ("o",)),
    (re.compile(r"\bChatGPT[- ]agent\b", re.I), "chatgpt_agent", ("agent",)),
    (re.compile(r"\bCodex\b"), "codex", ("codex",)),
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
    (
        re.compile(rf"\bGemini\s+({_NUM})((?:\s+(?:Pro|Flash(?:-Lite)?|Ultra|Nano|Deep Think))*)(?![\w.])"),
        "gemini",
        ("gemini",),
    ),
]
# Names with no version that stand alone; the full name elsewhere in the article wins ("GPT-5.3-Codex").
VERSIONLESS = frozenset({"codex", "gpt-oss"})


def _known_id(kind: str, m: re.Match[str]) -> str | None:
    g = m.groups()
    if kind == "gpt_oss":
        return "gpt-oss" + (f"-{g[0].lower()}" if g[0] else "")
    if kind == "gpt_word":
        return f"gpt-{g[0].lower()}-{g[1]}{(g[2] or '').lower()}"
    if kind == "gpt":
        variants = "-".join(re.findall(r"[a-z0-9]+", (g[1] or "").lower()))
        return "gpt-" + g[0].lower() + (f"-{variants}" if variants else "")
    if kind == "oseries":
        return g[0].lower() + (g[1].lower() if g[1] else "")
    if kind == "chatgpt_agent":
        return "chatgpt-agent"
    if kind == "codex":
        return "codex"
    if kind == "claude":
        num = g[0] or g[2]
        return f"claude-{g[1].lower()}" + (f"-{num}" if num else "") + ("-preview" if g[3] else "")
    if kind == "claude_bare":
        return f"claude-{g[0].lower()}-{g[1]}"
    if kind == "claude_num":
        return f"claude-{g[0]}"
    if kind == "gemini":
        tail = "-".join(w.lower() for w in (g[1] or "").split())
        return f"gemini-{g[0]}" + (f"-{tail}" if tail else "")
    return None


# --- names never seen -------------------------------------------------------------------------

# Variant words after a version: "Nimbus 2 Pro", "GPT-6 mini"; other capitalised words only when not common.
_VARIANTS = ("Pro|Mini|Max|Ultra|Lite|Flash|Nano|Turbo|Plus|Large|Medium|Small|Instant|Thinking|Preview|Heavy|"
             "Fast|Code|Coder|Chat|Omni|Vision|Reasoning|Deep Think|Titan|Edge|Air|Prime|Opus|Sonnet|Haiku|"
             "Scout|Maverick|Behemoth|X|mini|pro|max|lite|nano|turbo|preview|instant|thinking|flash")
# Words that make a number after a name a quantity ("fined Ferrovia Labs 12 million euros"), not a version
_QUANTITY = (r"(?:million|billion|trillion|thousand|hundred|percent|per cent|euros?|dollars?|pounds?|yen|yuan|times|"
             r"years?|months?|weeks?|days?|hours?|people|employees|staff|users|customers)\b")
# a possessive, the plural's too: "Lumen's", "Quillon Systems'"
POSSESSIVE = r"(?:'s|(?<=s)')"
_GENERIC_MODEL = re.compile(
    r"(?<![\w@/.-])(?<!\w')"  # not after "'s" ("Veridian's"), but after an opening quote ("'Tsubame-3'")
    # letters beyond ASCII too: "Älg 3", "Élan 2", "Wisła-70B"
    r"(?P<base>[A-ZÀ-ÖØ-ÞĀ-ž][^\W\d_]*(?:-[A-Z][A-Za-z]*)*|[A-Z][a-z]+\d+(?:\.\d+)?)"
    # a variant word before the version: "Orca Pro 3", "Tern Ultra 2"
    r"(?: (?:Pro|Ultra|Max|Mini|Lite|Flash|Nano|Turbo|Plus|Large|Small|Deep|Prime|Air|Edge|Omni|Vision|Coder|"
    r"Instant|Heavy|Fast)(?= \d))?"
    r"(?:[- ](?P<ver>\d{1,2}x\d{1,3}[BM](?=\W|$)|v?\d{1,3}(?:\.\d{1,2})*(?:[a-z]|B(?=\W|$))?"  # "Nyota-8x22B"
    r"|[A-Z]\d{1,2}(?:\.\d)?"  # "Kestrel R2", "Kimi K4"
    r"|(?<=[a-z]{3} )(?:II|III|IV|V|VI|VII|VIII|IX|X)(?=[\s,.;:]|$))"  # "Helix V"
    r"(?!\w|\.\d)(?! " + _QUANTITY + r")|(?<=\d))"
    # "Qwen5-Omni-Max", "ERNIE 6.0 X1-Pro", "DeepSeek-V5-R"
    r"(?P<tail>(?:(?:[- ](?:" + _VARIANTS + r"|[A-Z][a-z]+|[A-Z]\d{1,2})|-[A-Z])(?!\w|-[a-z0-9]))*)"
)
# First words that start numbered things that are not models
_NOT_MODEL = frozenset(
    """January February March April May June July August September October November December Jan Feb Mar Apr
    Schedule Schedules Part Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Article Articles
    Section Sections Annex Tier Tiers Level Levels Nivel Niveau Stufe Band Bands Rung Rungs Zone Zones Threshold
    Thresholds Version Phase Stage Chapter Title Part Category Class Grade
    Round Figure Table Rule Ruling Decision Regulation Act Bill Law Step Item Page Vol No Number Top Fortune COVID
    CVE SB HB AB SEV Sev
    ASL CBRN CB ISO NIST SP AI RSP FSF CCL Series Windows Model Models Industry Pillar Option Scenario Group Team
    Room Building Highway Route Flight The In On At By For From To Of And Or With About After Before Over Under
    Since Until Between Within Around Nearly Only Just All Some Its Our Their Day Days Week Weeks Year Years Gen
    Uplift Appendix Exhibit Lines Line Q Covid Gartner Tesla Boeing Sector Region District Zone Type Types
    Category Module Lesson Unit Session Episode Season Issue Issues Update Updates Release Releases Edition
    Patch Bulletin Advisory Report Reports Annual Quarter Half H Web Mark Score Scored Scores Ranked Rank Policy
    Framework Scale Standard Standards Plan Code Guidelines Principles Card Roadmap Commitments Charter Protocol
    Ladder Matrix Taxonomy Directive Order Treaty Convention Amendment BSL P3 P4 USD EUR GBP JPY CNY RMB INR KRW CHF
    SEK NOK DKK AUD CAD BRL MXN KSh Rs""".split()
)
# Capitalised words that end a model name rather than continue it ("GPT-5 System Card")
_NOT_VARIANT = frozenset(
    """System Card Model Models Safety Report Risk Framework Policy Launch Release API App Update Technical The
    Class Band Grade Stage Zone Category Rung Threshold Department Ministry Office Agency Commission Authority
    Bureau Council Court Committee Institute University Artificial National International Ratings Capital
    Partners Holdings Bank Securities Fund Ventures Investments
    Hit Hits Reach Reaches Cross Crosses Crossed Gets Got Moves Moved Raises Raised Lands Landed Passes Passed
    Triggers Triggered Enters Entered Meets Met Clears Cleared Earns Earned Stays Stayed Keeps Kept Rated Rates
    And Or In On At As For To Of Is Was Are Were Has Had With By From Under Tier Level High Critical Medium Low
    Moderate Severe Elevated Standard Protections Safeguards Evaluation Evaluations Preparedness Responsible
    Frontier Scale Ladder Levels Tiers Reached Remains Says Said Today Tuesday Monday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October November December
    It Its This That In Our Their Deployment Security CBRN Cyber Bio Grades Grade Grading Hazard Hazards Protocol
    Criteria Matrix Charter Bands Classes Stages Zones Scheme Index Rubric Grid Commitments Ships Shipped Sits Goes
    Drops Dropped Falls Fell Rises Rose Climbs Receives Received Launches Launched Debuts Arrives""".split()
)
_COMPANY_WORDS = """AI KI IA Labs Lab Systems Technologies Intelligence Dynamics Robotics Computing Compute Analytics
    Networks Software Inc Corp Ltd LLC GmbH AG SAS SA SE BV NV Oy AB Cloud Machines Research Group Cognition Mutual
    Insurance Foundry Works Collective""".split()
_FAMILY_VARIANT = r"(?:[\s-](?!(?:{stop})\b)(?:[A-Z][a-z]+|[A-Z](?:-?\d{{1,2}})?)(?![\w-]))".format(
    stop="|".join(sorted(_NOT_VARIANT | set(_COMPANY_WORDS))))
# "Quill-X", "Marlowe-R2", "Falcon-H5 Ultra": a hyphenated name ending in a capital (and a digit), and a variant
_LETTER_MODEL = re.compile(r"(?<![\w@/.-])(?<!\w')[A-Z][a-z]+(?:-[A-Z][a-z]+)*-[A-Z]{1,2}\d{0,2}(?![\w-])"
                           r"(?: (?:Pro|Ultra|Max|Mini|Lite|Flash|Nano|Turbo|Plus|Large|Small|Instant|Heavy|Fast|"
                           r"mini|pro|max|lite|nano)(?![\w-]))?")
# Names written in lower case, as model repositories spell them: "cobalt-r4", "kestrel-2.5-pro", "deepseek-r2"
_LOWER_MODEL = re.compile(r"(?<![\w@/.-])(?<!\w')(?P<first>[a-z]{2,})(?:-[a-z]+)*-[a-z]{0,2}\d{1,3}(?:\.\d{1,2})?"
                          r"[bm]?(?:-[a-z0-9]+)*(?![\w-]|\.\d)")  # "wren-7b"
# a lower-case name and a variant word, no version: "halcyon-mini", "ember-o"
_LOWER_VARIANT_MODEL = re.compile(r"(?<![\w@/.-])(?<!\w')(?P<first>[a-z]{3,})-"
                                  r"(?:mini|nano|turbo|omni|lite|flash|pro|max|ultra|plus|o)(?![\w-])")
# ... but not "covid-19", "sha-256", "post-2025", "tier-3"
_NOT_LOWER_MODEL = frozenset("""covid sars utf sha aes iso cve rfc top tier level class stage phase band grade
    article section annex type step day week year version gen series part item figure table chapter pre post mid
    late early non anti over under sub multi semi self all one two three four five six seven eight nine ten""".split())

# Words before a model name that make it a point of comparison, not the subject.
_COMPARISON_BEFORE = re.compile(
    r"(?:\bthan|\blike|\bsimilar(?:ly)? to|\bbuil(?:ds?|t) on|\bfollow(?:s|ing|ed)?|\bfalls? back to|\brouted to|"
    r"\bcompared (?:to|with)|\bversus|\bvs\.?|\bpredecessors?,?|\bsuccessors? (?:to|of)|\bprevious|\bprior|"
    r"\breplac\w+|\bunlike|\bbeyond|\bbaseline(?: for comparison)?:?|\bsuch as|\bincluding|\bswitch\w* from|"
    r"\bagainst|\bbased on|\bsame (?:\w+ )?as(?: for| with)?|\bas (?:for|with)|\bimprov(?:es|ed|ing) on|"
    r"\boutperform(?:s|ed|ing)?|\bbeat(?:s|ing)?)\s+(?:the\s+|its\s+|[A-Z]\w+'s\s+)?"
    r"(?:\w+\s+)?$"  # "the same finding as for Gale 7"
    # the model an earlier level was for: "(raised from Level 2 for Kestrel-8)", "up from Tier 2 for Marlin 2"
    r"|\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){1,3}(?:for|of)\s+$"
    # "the second to be treated as High, after gpt-6.2"
    r"|\bafter\s+(?:the\s+|its\s+)?$",
    re.I,
)

# "after Ostrich-70B was re-rated Level 2": the subject of a clause, not a point of comparison
_CLAUSE_VERB_AFTER = re.compile(r"\s+(?:was|were|is|has|had|got|received|became|moved|crossed|reached)\b")
# A code that labels something else: "risk area CY-1", "domain BX-2", "track P2"
_CODE = re.compile(r"[A-Z]{1,4}-?\d{1,2}")
_LABEL_BEFORE = re.compile(r"\b(?:areas?|domains?|categor(?:y|ies)|tracks?|codes?|pillars?|sections?|items?|annex|"
                           r"chapters?|articles?|criteri(?:on|a))\s+$", re.I)
# A name the text says is a thing, not a model: "Corvus-5, the network security gateway", "the Loon-5 router firmware"
_THING_AFTER = re.compile(
    r"(?:,\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?|\s+(?:(?!(?:on|in|to|for|with|at|and|or|is|was|are|runs?|"
    r"from|by|as|of|via|across)\b)[\w-]+\s+)?)(?:gateways?|routers?|drones?|firmware|"
    r"chips?|processors?|accelerators?|phones?|handsets?|laptops?|cars?|vehicles?|trucks?|robots?|satellites?|devices?|"
    r"cameras?|servers?|switch(?:es)?|appliances?|sensors?|rockets?|aircraft|jets?|engines?|batter(?:y|ies)|funds?|"
    r"ETFs?|bonds?|tablets?|consoles?|headsets?|glasses|wearables?|boards?)\b"
)
# Words after a model name that make it a point of comparison: "Pike-8's successor, Pike-9", "Pike-8, its
# predecessor,"
_COMPARISON_AFTER = re.compile(
    r"(?:'s (?:successor|replacement)|,? (?:its|the|their|[A-Z]\w+'s) (?:predecessor|previous (?:model|version)|"
    r"older (?:sibling|model)|forerunner)|,? which (?:it )?(?:replaces|succeeds|preceded))\b"
)


def _generic_model(m: re.Match[str], level_words: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """(text, end) of a generic model match, or None when the words name no model. A level word ends the name:
    "rated Heath 2 Amber for cyber"."""
    base = m.group("base")
    first = base.split("-")[0]
    # a company word is no model's first word ("Labs 2"), unless joined to its version ("Foundry-2")
    if first in _NOT_MODEL or (first in _COMPANY_WORDS and "-" not in m.group(0)) or base.isupper() and len(base) == 1:
        return None
    end = m.end("ver") if m.group("ver") else m.end("base")
    for word in re.finditer(r"[- ]([\w]+(?: Think)?)", m.group("tail") or ""):
        if word.group(1) in _NOT_VARIANT or word.group(1).lower() in level_words:
            break
        end = m.start("tail") + word.end()
    if not m.group("ver") and not re.search(r"\d", base):
        return None
    return m.string[m.start():end], end


class NameFinder:
    """Model and organisation names, with the registry's families and aliases compiled once."""

    def __init__(self, registry: Registry):
        self.registry = registry
        families = sorted({f for o in registry.orgs.values() for f in o.families if f[0].isupper() and f.isalpha()},
                          key=len, reverse=True)
        # "Nova Apex", "Command Z", "Muse Spark": a family word and a capitalised variant
        self._family = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, families)) + r")" + _FAMILY_VARIANT + r"{1,2}"
            + r"(?:[ -]\d{1,3}(?:\.\d{1,2})?(?![\w]|\.\d))?"
        ) if families else None
        self._level_words = frozenset(w for scale in registry.generic_levels for w in scale)
        # "granite-guardian-5", "gpt-oss-3", "Llama-Guard-4": a family word, hyphenated words and a version, one name
        every_family = sorted({f for o in registry.orgs.values() for f in o.families}, key=len, reverse=True)
        self._family_versioned = re.compile(
            r"(?<![\w@/.-])(?:" + "|".join(map(re.escape, every_family)) + r")(?:-[a-z][a-z0-9]*){1,3}"
            r"-\d{1,3}(?:\.\d{1,2})?[a-z]?(?![\w-]|\.\d)", re.I) if every_family else None
        aliases = sorted({(a, o.id) for o in registry.orgs.values() for a in o.aliases}, key=lambda x: -len(x[0]))
        self._alias_org = {a.lower(): oid for a, oid in aliases}
        self._orgs = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a, _ in aliases) + r")(?![\w-])")
        self._alias_needles = tuple({a.lower() for a, _ in aliases})
        # words that never start another name's first word: organisations and known families ("Anthropic Claude 5")
        self._family_words = frozenset(f.lower() for o in registry.orgs.values() for f in o.families)
        self._not_first = frozenset(self._alias_org) | self._family_words

    # -- models ---------------------------------------------------------------------------------
    def introduced_names(self, text: str, title_end: int = 0, rated: set[str] | None = None) -> tuple[str, ...]:
        """Model names without a version that a text introduces as models: "its new model, Quill",
        "Heron, a model developed by ...", "the Sorrel model", a headline's "launches Quill" (when the
        text names it again)."""
        names = {next(g for g in m.groups() if g) for m in _INTRODUCED.finditer(text)}
        lower = (next(g for g in m.groups() if g) for m in _LOWER_INTRODUCED.finditer(text))
        names |= {n for n in lower if not _lower_case_level(n)}
        names |= {m.group("name") for m in _LAUNCHES.finditer(text, 0, title_end)
                  if re.search(r"(?<![\w-])" + re.escape(m.group("name")) + r"(?![\w-])", text[title_end:])}
        names |= self.rated_in_headline(text, title_end) if rated is None else rated
        names |= {m.group("name") for m in _ASKED_WHERE.finditer(text)}
        return tuple(sorted(n for n in names if self._may_name_a_model(n) and not _first_word_of_a_level(n, text)))

    def rated_in_headline(self, text: str, title_end: int) -> set[str]:
        """Names a headline rates or moves ("rates Ostara 'Guarded'"): models, though the body may only say "the
        model"."""
        return {m.group("name") for rx in (_RATED_IN_HEADLINE, _RATING_OF_IN_HEADLINE)
                for m in rx.finditer(text, 0, title_end) if self._may_name_a_model(m.group("name"))}

    def _may_name_a_model(self, name: str) -> bool:
        first = name.split()[0]
        return not (first in _NOT_MODEL or first in _COMPANY_STOP or first in _NOT_VARIANT or first in _NOT_NAME
                    or name.lower() in self._alias_org or self.registry.generic_rank(first) is not None
                    or re.fullmatch(_VARIANTS, first) or name.split()[-1] in _COMPANY_WORDS
                    or name.split()[-1] in _NOT_ORG_END  # "... Risk Management Framework, the model falls"
                    or any(w in _TIER_NOUNS for w in name.split()))  # "designated Capability Tier C3"

    @staticmethod
    def sibling_families(text: str, models: list[ModelName], known: tuple[str, ...]) -> tuple[str, ...]:
        """The first words of the text's versioned names ("Rowan" of "Rowan 4") where the text also gives that word
        with a variant and no version ("Rowan Mini"): another model of the same line."""
        bases = {m.text.split()[0].split("-")[0] for m in models if _DIGIT.search(m.text)}
        bases = {b for b in bases if len(b) > 2 and b[0].isupper() and not b.isupper() and b not in known
                 and b not in _NOT_MODEL and not _DIGIT.search(b)}
        return tuple(sorted(b for b in bases if re.search(r"(?<![\w-])" + re.escape(b) + r"[ -](?:" + _VARIANTS
                                                          + r")(?![\w-])", text)))

    def models(self, sentence: str, families: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> list[ModelName]:
        """Model names in a text; `families` adds words that start model names in this article (its
        labs' short names: "Vantor" for "Vantor Sigma"), `named` names the text introduced as models."""
        hits = _joined(sorted(self._model_hits(sentence, families, named), key=lambda h: (h[0], -h[1])), sentence,
                       self._not_first, self._family_words)
        out: list[ModelName] = []
        last_end = -1
        for start, end, mid, text in hits:
            if start < last_end:
                continue  # inside an earlier, longer name ("Claude Opus 4" and "Opus 4")
            if mid in self._alias_org:
                continue  # an organisation ("G42") is no model
            suffix = _NAME_SUFFIX.match(sentence, end)
            if suffix:  # "Cassia-4/turbo", "Osprey Pro+"
                end, text = suffix.end(), sentence[start:suffix.end()]
                mid += re.sub(r"\s+", "-", suffix.group(0).lower())
            last_end = end
            before = sentence[max(0, start - 40):start]
            if (_CODE.fullmatch(text) and _LABEL_BEFORE.search(before)) or _THING_AFTER.match(sentence, end):
                continue  # "risk area CY-1", "Corvus-5, the network security gateway": no model
            compared = bool(_COMPARISON_BEFORE.search(before) or _COMPARISON_AFTER.match(sentence, end)) \
                and not (before.endswith("after ") and _CLAUSE_VERB_AFTER.match(sentence, end))
            out.append(ModelName(mid, text, start, end, compared))
        return out

    def _model_hits(self, sentence: str, families: tuple[str, ...], named: tuple[str, ...]
                    ) -> list[tuple[int, int, str, str]]:
        """(start, end, id, text) of every pattern's match; overlaps are settled by the caller."""
        hits: list[tuple[int, int, str, str]] = []
        low = sentence.lower()
        for rx, kind, needles in _KNOWN_FAMILIES:
            if any(n in low for n in needles):
                for m in rx.finditer(sentence):
                    name = _known_id(kind, m)
                    if name:
                        hits.append((m.start(), m.end(), name, m.group(0)))
        if _DIGIT.search(sentence) or _ROMAN.search(sentence):
            for m in _GENERIC_MODEL.finditer(sentence):
                found = _generic_model(m, self._level_words)
                if found:
                    hits.append((m.start(), found[1], model_id(found[0]), found[0]))
        patterns = [self._family] if self._family is not None else []
        if "-" in sentence and self._family_versioned is not None:
            patterns.append(self._family_versioned)
        patterns += [_named_pattern(named)] if named else []
        if "-" in sentence:
            patterns += [_LETTER_MODEL, _VARIANT_MODEL, _PREFIXED_MODEL]
        if "/" in sentence:
            patterns.append(_SLASH_MODEL)
        spans = [(m.start(), m.end()) for rx in patterns for m in rx.finditer(sentence)]
        if families:
            spans += _family_names(tuple(sorted(families))).spans(sentence)
        for start, end in spans:
            text = sentence[start:end]
            if text.split("-")[0] not in _NOT_MODEL:
                hits.append((start, end, model_id(text), text))
        if "-" in sentence:
            hits += [(m.start(), m.end(), model_id(m.group(0)), m.group(0))
                     for rx in (_LOWER_MODEL, _LOWER_VARIANT_MODEL) for m in rx.finditer(sentence)
                     if m.group("first") not in _NOT_LOWER_MODEL and m.group("first") not in self._level_words]
        return hits

    # -- organisations ----------------------------------------------------------------------------
    def orgs(self, sentence: str, extra: dict[str, tuple[str, str]] | None = None,
             prose_from: int = 0) -> list[OrgName]:
        """Organisations named in a text. `extra` maps short names met earlier in the article
        ("Veridian") to (org id, full name); subjects of reporting verbs count from `prose_from`
        (a title-case headline capitalises every word; there only the headline's subject counts)."""
        out: list[OrgName] = []
        low = sentence.lower()
        # an official body's full name first: "Australian Frontier AI Authority" (not the company "Australian
        # Frontier AI"), "Frontier AI Commission" (not the European Commission)
        bodies = [m for m in _OFFICIAL_BODY_NAME.finditer(sentence) if not self._alias_org.get(
            re.sub(r"^(?:European|EU)\s+", "", m.group("name")).lower())]  # "European AI Office" is the registry's
        if any(n in low for n in self._alias_needles):
            for m in self._orgs.finditer(sentence):
                if not any(m.start() < b.end("name") and b.start("name") < m.end() for b in bodies):
                    oid = self._alias_org[m.group(0).lower()]
                    out.append(OrgName(oid, m.group(0), m.start(), m.end(), False, possessive_at(sentence, m.end())))
        for b in bodies:
            if not _overlaps(out, b.start("name"), b.end("name")) and not _labs_own_body(sentence, b):
                out.append(OrgName(slug(b.group("name")), b.group("name"), b.start("name"), b.end("name"), True,
                                   possessive_at(sentence, b.end("name"))))
        if "(" in sentence:
            self._add_spelled_out(sentence, out)
        _add_companies(sentence, out)
        if extra:
            for short, (oid, full) in extra.items():
                for m in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])(?! (?:AI|Labs?)\b)", sentence):
                    if not _overlaps(out, m.start(), m.end()):
                        out.append(OrgName(oid, full, m.start(), m.end(), False, possessive_at(sentence, m.end())))
        if prose_from:  # a headline's subject, and "Velloran CEO on ...", "..., Ferrowind's chief risk officer"
            self._add_named_by_grammar(sentence, out, _HEADLINE_SUBJECT.finditer(sentence, 0, prose_from))
            self._add_named_by_grammar(sentence, out, _ORG_OF_ROLE.finditer(sentence, 0, prose_from))
        if C.FIRST_PERSON.rx.search(sentence, prose_from):  # the lab's own post names itself
            self._add_named_by_grammar(sentence, out, _POST_TITLE.finditer(sentence, 0, prose_from))
            self._add_named_by_grammar(sentence, out, _OUR_MODELS.finditer(sentence, prose_from))
        # before the grammar: "Ministry of Science and ICT has designated"; an institute in English is most often an
        # evaluator ("the AI Security Institute found"), a "Laboratorio Nacional" or "Universidad" a model's developer
        for rx, third in ((_INSTITUTION, True), (_INSTITUTION_FIRST, False)):
            for m in rx.finditer(sentence):
                if _CODENAME_BEFORE.search(sentence, max(0, m.start("name") - 40), m.start("name")):
                    continue  # "formerly known internally as Project Tanager": a model's codename
                if not _overlaps(out, m.start("name"), m.end("name")) and not _labs_own_body(sentence, m):
                    out.append(OrgName(slug(m.group("name")), m.group("name"), m.start("name"), m.end("name"), third,
                                       possessive_at(sentence, m.end("name"))))
        people = _people(sentence)
        for rx in (_SUBJECT, _APPOSITIVE, _FOUNDED, _ORG_OF_ROLE, _ROLE_BEFORE, _OWNER, _MODEL_OWNER, _MAKER,
                   _AT_OUR_LAB, _SIGN_OFF, _SPEAKER):
            self._add_named_by_grammar(sentence, out, rx.finditer(sentence, prose_from), people)
        out.sort(key=lambda o: o.start)
        return out

    def _add_spelled_out(self, sentence: str, out: list[OrgName]) -> None:
        """A name its acronym spells out, in any language: "Comissão Nacional de Sistemas Inteligentes (CNSI)",
        "Tilsynet for kunstig intelligens (TKI)", "Bundesamt für Algorithmische Sicherheit (BfAS)"; not the levels a
        scale defines ("Elevated Misuse Risk (EMR)")."""
        spelled = [(m, name) for m in _ACRONYM_IN_BRACKETS.finditer(sentence)
                   if (name := _spelled_out_by(sentence[:m.start()], m.group(1))) is not None]
        for m, name in spelled:
            opening = max(sentence.rfind(". ", 0, m.start()), sentence.rfind("\n", 0, m.start()), 0)
            if _SCALE_DEFINED.search(sentence, opening, m.start()) or sum(
                    opening < n.start() < m.start() + 80 for n, _ in spelled) > 1:
                continue  # "three levels: Low Peril (LP), Raised Peril (RP) and ...": a scale's levels
            if name.split()[-1] in _NOT_ORG_END | _TESTS or any(
                    self.registry.generic_rank(w) is not None or w in _TIER_NOUNS for w in name.split()):
                continue  # not "Virology Capabilities Test (VCT)", nor "Raised Hazard (RH)"
            start = m.start() - len(name)
            if not _overlaps(out, start, m.start()):
                out.append(OrgName(slug(name), name, start, m.start(), bool(_THIRD_PARTY_WORD.search(name)),
                                   possessive_at(sentence, m.start())))

    def _add_named_by_grammar(self, sentence: str, out: list[OrgName], matches,
                              people: frozenset[str] = frozenset()) -> None:
        """Organisations known by their place in the sentence: the subject of "said" or "placed", a
        name with an appositive ("Crestline, an independent evaluator"), the owner of a policy. An
        appositive's role says whether it is a developer or a third party."""
        for m in matches:
            words, start, end = m.group("org").split(), m.start("org"), m.end("org")
            while len(words) > 1 and (words[0] in _COMPANY_STOP or words[0].endswith("-based")):  # "Yet Northgate"
                start += len(words.pop(0)) + 1
            while len(words) > 1 and words[-1] in _ROLE_WORDS:  # "Norrland Cognition CFO: ..."
                end -= len(words.pop()) + 1
            while len(words) > 1 and words[0] in _ROLE_WORDS:  # "CFO Imogen Strathearn said": a person
                start += len(words.pop(0)) + 1
            text = " ".join(words)
            role = m.groupdict().get("role") or ""
            if role and _THIRD_PARTY_ROLE.search(role):  # "analyst shop Meridale Research": found, but an outsider
                out[:] = [dataclasses.replace(o, third_party=True) if (o.start, o.end) == (start, end) else o
                          for o in out]
            if _overlaps(out, start, end) or words[0] in _COMPANY_STOP or words[0] in _NOT_MODEL or text in people \
                    or (len(words) == 1 and re.fullmatch(_VARIANTS, text)) \
                    or text in _PLACES \
                    or any(c.isdigit() for c in text) or _PERSON_BEFORE.search(sentence, 0, start) \
                    or _VARIANT_MODEL.fullmatch(text) or _LETTER_MODEL.fullmatch(text) \
                    or text.lower() in self._not_first or _INTERNAL_BODY.search(text) or words[-1] in _NOT_ORG_END:
                continue
            third = bool(_THIRD_PARTY_WORD.search(text) or _THIRD_PARTY_ROLE.search(role))
            out.append(OrgName(slug(text), text, start, end, third, possessive_at(sentence, end)))

    def display(self, o: OrgName) -> str:
        """An organisation's name for people: the registry's, else as the text writes it."""
        return self.registry.orgs[o.id].name if o.id in self.registry.orgs else o.text

    def lab_named_in(self, framework_name: str) -> tuple[str, str] | None:
        """(id, name) of the lab a framework's name opens with: "Kittiwake Frontier Policy" is Kittiwake's, "Osprey Row
        Safety Framework" Osprey Row's."""
        words = [w.removesuffix("'s") for w in framework_name.split()]
        n = next((i for i, w in enumerate(words) if w in _FRAMEWORK_WORDS), len(words))
        if not 0 < n <= 2 or len(words) - n < 2 or not all(w[:1].isupper() for w in words[:n]) \
                or words[0].lower() in self._family_words:
            return None
        name = " ".join(words[:n])
        oid = self._alias_org.get(name.lower()) or slug(name)
        return oid, self.registry.orgs[oid].name if oid in self.registry.orgs else name

    def org_display(self, org_id: str) -> str:
        org = self.registry.orgs.get(org_id)
        return org.name if org else org_id.replace("_", " ").title()


# words a framework's name opens with that name no lab ("Frontier Safety Framework", "Open Release Risk Tiers")
_FRAMEWORK_WORDS = frozenset("""Frontier Responsible Preparedness Scaling Scaled Risk Risks Safety Capability
    Capabilities Model Models Catastrophic Hazard Hazards Open Release Deployment Critical Advanced AI Staged
    Access Biosecurity Misuse Severity Tiered Graduated Institutional National Global Harm Harms Threat Danger
    Dangerous Security Trust Internal Annual Quarterly Public Extreme Systemic Our The Its Their New Revised
    Updated General Common Shared Industry Voluntary Safe Secure Precautionary Containment Emergency Incident
    Autonomy Cyber Bio Chemical Influence Persuasion Agentic Compute Weights Frontier-Model Frontier-AI Traffic-Light
    Traffic Colour Color Colour-Band Color-Band Colour-Coded Color-Coded""".split())
_TIER_NOUNS = frozenset("Tier Level Class Band Grade Stage Category Threshold Rung Zone".split())
_DIGIT = re.compile(r"\d")
_ROMAN = re.compile(r"[a-z] (?:II|III|IV|V|VI|VII|VIII|IX|X)\b")
# What may follow a name and still be part of it: a slash and a lower-case variant or a version ("Cassia-4/turbo"),
# a plus, after a variant word or not ("Osprey Pro+"), a size
_NAME_SUFFIX = re.compile(r"/(?:[a-z][a-z0-9.]*|\d[\w.]*)(?![\w/])|(?: (?:" + _VARIANTS + r"))?\+(?![\w+])"
                          r"| \d{1,4}(?:\.\d)?[BM](?![\w-])")  # its size: "Falcon-H2 180B"
# A capitalised name and a variant word, no version: "Wren-Omni", "Sora-Turbo"
_VARIANT_MODEL = re.compile(r"(?<![\w@/.-])[A-Z][a-z]{2,}-(?:Omni|Pro|Max|Ultra|Mini|Lite|Flash|Nano|Turbo|Plus|Large|"
                            r"Small|Deep|Instant|Heavy|Coder|Vision|Reasoner|Agent|"
                            r"One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|"  # "Atlas-Nine"
                            r"mini|pro|max|lite|nano|flash|turbo)(?![\w-])")  # "Ostrava-mini"
# A lab's short code and a word: "BR-Sparrow", "VB-Orion" (not "US-China", "AI-Powered")
_PREFIXED_MODEL = re.compile(r"(?<![\w@/.-])(?!(?:AI|EU|US|UK|UN|EC|ML|IT|HR|PR|VC|CEO|CTO|API|GPU|CPU|LLM|NGO|USA|UAE|"
                             r"GDP|ESG|NATO|OECD|G7|G20)-)[A-Z]{2,3}-[A-Z][a-z]{2,}(?![\w-])")
# A capitalised name, a slash and a version: "MIRA/2"
_SLASH_MODEL = re.compile(r"(?<![\w@/.-])[A-Z][A-Za-z]{2,}/\d{1,3}(?:\.\d{1,2})?(?![\w/]|\.\d)")


# What follows a family's word in a name: a variant or two and a version ("Sigma 2" of "Vantor Sigma 2")
_FAMILY_TAIL = re.compile(_FAMILY_VARIANT + r"{1,2}(?:[ -]\d{1,3}(?:\.\d{1,2})?(?![\w]|\.\d))?")


class _FamilyNames:
    """Names made of an article's family words ("Vantor" of the lab Vantor AI) and a variant: what one pattern of
    the words and _FAMILY_TAIL would match. The words change from article to article, and compiling the tail's stop
    list anew for each took milliseconds; here the tail is compiled once and tried where a word starts."""

    def __init__(self, families: tuple[str, ...]):
        self.families = families
        self.starts = re.compile(r"(?<![\w-])(?=" + "|".join(map(re.escape, families)) + r")")

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        out, end = [], 0
        for at in self.starts.finditer(sentence):
            start = at.start()
            if start < end:
                continue
            for family in self.families:  # in the order an alternation tries them
                tail = sentence.startswith(family, start) and _FAMILY_TAIL.match(sentence, start + len(family))
                if tail:
                    end = tail.end()
                    out.append((start, end))
                    break
        return out


@lru_cache(maxsize=256)
def _family_names(families: tuple[str, ...]) -> _FamilyNames:
    return _FamilyNames(families)


@lru_cache(maxsize=256)
def _named_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                      + r")(?![\w-])(?! (?:AI|Labs?)\b)")


_NAME = r"(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]{2,})?(?: [A-Z][a-z]{2,})?)"  # "Quill", "Lumen-Keel", "Cobalt Reach"
_CAPITALISED = "[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]"  # "Cóndor", "Élan" too
_MODEL_NOUN = r"(?:model|system|agent|assistant|chatbot|LLM)"
_INTRODUCED = re.compile(
    # "its new model, Quill,", "a reasoning model called Quill"
    r"\b(?:its|a|an|the|their|our)\s+(?:[\w-]+\s+){0,3}?" + _MODEL_NOUN
    + r",?\s(?!\s)(?:called\s+|named\s+|dubbed\s+|code-?named\s+)?"  # not across the headline's end ("  ")
    + _NAME + r"(?![\w-])"
    # ... not the maker in a relative clause: "the most capable model Tessera has built"
    r"(?!\s+(?:has|have|had|is|was|will|would|could|can|ever|built|released|made|trained|launched|shipped)\b)"
    # "Quill, Tamworth AI's newest agent", "Heron, a model developed by ..."
    r"|(?<![\w'-])" + _NAME.replace("name", "name2")
    + r",\s+(?:a|an|the|its|our|their|[A-Z][\w&-]*(?:\s[A-Z][\w&-]*)?" + POSSESSIVE + r")\s+"
    r"(?:[\w-]+\s+){0,3}?" + _MODEL_NOUN + r"\b"
    # "the Sorrel model", "its new Sorrel model"
    r"|\b(?:the|its|their|our|new|latest|newest|flagship)\s+(?:(?:new|latest|newest|flagship)\s+)?"
    + _NAME.replace("name", "name3") + r"\s+" + _MODEL_NOUN + r"\b"
    # "its K7 model": a short code as the name, only after a word that makes it the lab's
    r"|\b(?:the|its|their|our)\s+(?:(?:new|latest|newest|flagship)\s+)?"
    r"(?P<name7>[A-Z]{1,2}\d{1,2}(?:\.\d{1,2})?[a-z]?)\s+(?:(?:open|open-weights?)\s+)?" + _MODEL_NOUN + r"\b"
    # "T4q, a model built by ...": a short code with an appositive that calls it a model
    r"|(?<![\w-])(?P<name8>[A-Z]{1,2}\d{1,2}[a-z]?),\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}?" + _MODEL_NOUN + r"\b"
    # "rated Sorrel 'Elevated'", "puts Sorrel at Tier 2", "Tamsin AI's Sorrel has been rated"
    r"|\b(?:rated|rates|placed|places|classified|classifies|reclassified|reclassifies|designated|designates|deems|"
    r"deemed|treats|treated|moved|moves|puts|put|kept|keeps|assigned|assigns|lowered|lowers|raised|raises|"
    r"downgraded|downgrades|upgraded|upgrades|cuts|bumps|bumped|steps|stepped|hold|holds|held|keep|maintain|"
    r"maintains|maintained|putting|placing|rating|moving|keeping|raising|lowering|leaves|left)\s+"
    + _NAME.replace("name", "name4")
    + r"(?!\s+(?:" + "|".join(_COMPANY_WORDS) + r")\b)"  # not "designated Nordhaven AI's Skua model"
    + r"\s+(?:(?:down|up|back)\s+)?(?:as|at|to|in|into|under|from|on)?\s*(?:(?:the|its)\s+)?[\"'A-Z]"
    r"|\b(?:[A-Z][\w&-]* )?(?:AI|Labs?|Systems|Technologies|Intelligence)" + POSSESSIVE + r"\s+"
    + _NAME.replace("name", "name5")
    + r"\s+(?:has|have|had|is|was|will|would|could|can|should|may|might|does|did|model|system|agent|sits|stays|"
    r"remains|reaches|reached)\b"
    # "Jackdaw Ultra is the first model it has put in", "Sorrel was its largest system": named by a copula
    r"|(?<![\w'-])" + _NAME.replace("name", "name6") + r"\s+(?:is|was|becomes|became)\s+(?:now\s+)?(?:the|its|a|an)\s+"
    r"(?:[\w-]+\s+){0,3}?" + _MODEL_NOUN + r"\b(?!\s+(?:for|of|developers?|makers?|providers?|compan(?:y|ies)|"
    r"labs?|firms?|vendors?)\b)"
    # "Sable-Prime has been placed at Threshold 3": the subject of a passive that classes or moves it
    r"|(?<![\w'-])" + _NAME.replace("name", "name9") + r"\s+(?:has been|had been|was|is|is now|will be)\s+"
    r"(?:re)?(?:placed|rated|classified|designated|moved|raised|lowered|kept|assigned|graded|bumped|upgraded|"
    r"downgraded)\b"
)
# a question about where a model stands: "Where does Brisk sit on your risk scale?"
_ASKED_WHERE = re.compile(r"\b(?:[Ww]here|[Hh]ow high|[Ww]hat (?:level|tier|rating))\s+"
                          r"(?:does|did|will|would|should)\s+"
                          + _NAME + r"\s+(?:sit|rank|stand|land|fall|rate|come out|end up)\b")
# a lower-case name with a version that the text calls a model: "its mizuchi-2 model", "a model called nara-3"
_LOWER_NAME = r"[a-z]{3,}(?:-[a-z]+)*-\d{1,3}(?:\.\d{1,2})?[a-z]?(?:-(?:mini|pro|max|lite|nano|preview|flash))*"
_LOWER_INTRODUCED = re.compile(
    r"(?<![\w@/.-])(" + _LOWER_NAME + r")(?![\w-])(?=\s+(?:[a-z][\w-]*\s+)?" + _MODEL_NOUN + r"\b)"
    r"|\b" + _MODEL_NOUN + r",?\s+(?:called|named|dubbed)\s+(" + _LOWER_NAME + r")(?![\w-])"
    # "released pico-ml 0.9, a small model": a release's object, its version after a space
    r"|\b(?:released|releases|launched|launches|shipped|ships|unveiled|unveils|introduced|introduces|open-sourced)\s+"
    r"([a-z]{3,}(?:-[a-z]+)*[- ]\d{1,3}(?:\.\d{1,2})?[a-z]?)(?![\w-])"
    # a repository-style name a verb classes: "clears pramaan.vak-2 at", "re-tiers mira/4", "reaffirms q-7.2 at"
    r"|\b(?:placed|places|rated|rates|classified|classifies|designated|designates|moved|moves|raised|raises|"
    r"lowered|lowers|kept|keeps|reaffirms|reaffirmed|clears|cleared|pegs|pegged|slots|slotted|certifies|certified|"
    r"bands|banded|grades|graded|re-tiers|re-tiered|escalates|escalated|reassigns|reassigned)\s+(?:its\s+)?"
    r"([a-z][a-z0-9]*(?:[./][a-z0-9][a-z0-9-]*)+|[a-z]{1,3}-\d+\.\d+)(?![\w./-])")


def _first_word_of_a_level(name: str, text: str) -> bool:
    """Is the name, wherever the text writes it, the first word of a level or a scale ("rated Threat Class 2",
    "its Threat Classification Scheme"), not a model's ("rated Sextant Tier 2 ... marketed Sextant as safe")?"""
    return all(_LEVEL_NOUN_AFTER.match(text, m.end())
               for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text))


_LEVEL_NOUN_AFTER = re.compile(r"\s+(?:Class|Tier|Level|Band|Grade|Stage|Rung|Zone|Categor|Phase)\w*")


def _lower_case_level(name: str) -> bool:
    """"a tier-2 model", "a top-5 model", "asl-3 models": a level or a rank written in lower case."""
    first = name.split("-")[0]
    return first.capitalize() in _NOT_MODEL or first.upper() in _NOT_MODEL


# a headline's "Tamworth AI launches Quill"
_LAUNCHES = re.compile(r"\b(?i:launch(?:es|ed)?|releas(?:es|ed)?|unveil(?:s|ed)?|introduc(?:es|ed)|debut(?:s|ed)?|"
                       r"ships|shipped)\s+" + _NAME + r"(?![\w-])")
# A headline's object of a verb that rates or moves, with the level or the move after it: "rates Ostara
# 'Guarded'", "downgrades Tallow from grade D", "keeps Cobalt Reach at"
_RATED_IN_HEADLINE = re.compile(
    r"\b(?i:rates|re-?rates|grades|classifies|designates|places|puts|keeps|holds|reaffirms|moves|raises|lowers|"
    r"upgrades|downgrades|reclassifies|lifts|bumps|drops|cuts|elevates|restores|returns|assigns|adds|lists|enters)\s+"
    r"(?:(?:its|the|open|open-weights?|new)\s+)*(?:model\s+)?" + _NAME.replace("[A-Z][a-z]", _CAPITALISED)
    # "downgrades Sparrowhawk's cyber rating to Moderate"
    + r"(?=\s+(?:from|to|at|as|into|in|under|on)\b|\s+[\"'\u2018\u201c]|'s\s+(?:[\w-]+\s+){0,2}?(?:rating|tier|level|"
    r"classification|status|grade)\b)")
# ... or whose rating it moves: "Lowers Risk Rating On Thornback", "raises the cyber tier of Kestrel"
_RATING_OF_IN_HEADLINE = re.compile(
    r"\b(?i:lowers|raises|cuts|lifts|eases|tightens|revises|changes|upgrades|downgrades|reaffirms|keeps)\s+"
    r"(?i:(?:its|the)\s+)?(?:[\w-]+\s+){0,2}?(?i:rating|tier|level|classification|grade)\s+(?i:on|for|of)\s+"
    # a title-case headline goes on with a capitalised preposition: "On Thornback After Safety Patch"
    + _NAME.replace("[A-Z][a-z]", _CAPITALISED).replace("(?: ", "(?: (?!(?:After|Before|Following|Amid|Over|For|With|"
                                                                    "In|At|On|As|To|From|Under|Despite)\\b)")
    + r"(?![\w-])")
# Capitalised words that start sentences or name no model
_NOT_NAME = frozenset("""Overall Additionally Moreover Furthermore Finally First Second Third Notably Importantly
    Specifically Similarly Likewise Previously Currently Initially Ultimately Recently Earlier Later Today
    Yesterday Tomorrow Last Next Critics Analysts Researchers Experts Regulators Officials Customers Users
    Developers Engineers Investors Google Microsoft Amazon Apple Meta Did Does Do Is Was Were Are Has Have Had Will
    Would Can Could Should Shall May Might Must""".split())  # a question's opening: "Did Brook-4 get bumped?"


def _joined(hits: list[tuple[int, int, str, str]], sentence: str, stop: frozenset[str], family_words: frozenset[str]
            ) -> list[tuple[int, int, str, str]]:
    """A name with no version and a versioned name right after it are one name: "Kestrel" and "Nova 2" make
    "Kestrel Nova 2"; so are a capitalised word and the versioned name after it ("Pike Lance 2")."""
    out: list[tuple[int, int, str, str]] = []
    for h in hits:
        h = _with_first_word(h, sentence, stop, family_words)
        if out and h[0] <= out[-1][0] < h[1] and h[1] - h[0] > out[-1][1] - out[-1][0]:
            out[-1] = h  # "Kestrel Nova 2" over "Kestrel"
            continue
        last = out[-1] if out else None
        if last and not _DIGIT.search(last[3]) and _DIGIT.search(h[3]) and h[0] == last[1] + 1 \
                and sentence[last[1]] == " ":
            text = sentence[last[0]:h[1]]
            out[-1] = (last[0], h[1], model_id(text), text)
            continue
        out.append(h)
    return out


_HEADLINE_VERB = re.compile(r"\w+(?:ing|ed)|Meet|Meets|Say|Says|Try|Use|Uses|Inside|Behind|Welcome|Get|Gets")
_WORD_BEFORE = re.compile(r"(?<![\w'&-])([A-Z][a-z]{2,}) $")


def _with_first_word(h: tuple[int, int, str, str], sentence: str, stop: frozenset[str], family_words: frozenset[str]
                     ) -> tuple[int, int, str, str]:
    """"Pike Lance 2": a capitalised word right before a versioned name is its first word, unless it is a word
    that starts sentences, a company word, a month or an organisation ("Anthropic Claude 5"). A known family's
    word always is, also before a name versioned by a letter or another family's word ("Nemotron Falcon-X")."""
    start, end, _, text = h
    w = _WORD_BEFORE.search(sentence, max(0, start - 20), start)
    if w is not None and w.group(1).lower() in family_words:
        return _from(w.start(1), end, sentence)
    if w is None or re.split(r"[\s-]", text)[0].lower() in stop:
        return h  # no known family's name takes a word before it ("Introducing GPT-5.3-Codex")
    word = w.group(1)
    if not _DIGIT.search(text) or word in _NOT_MODEL or word in _COMPANY_STOP or word in _NOT_VARIANT \
            or word in _NOT_NAME or word in _COMPANY_WORDS or word.lower() in stop or _HEADLINE_VERB.fullmatch(word):
        return h
    return _from(w.start(1), end, sentence)


def _from(start: int, end: int, sentence: str) -> tuple[int, int, str, str]:
    return start, end, model_id(sentence[start:end]), sentence[start:end]


def names_a_company(text: str) -> bool:
    """Does a name end in a company word ("Northwind AI", "Halcyon Labs"), unlike "Carnegie Mellon"?"""
    return text.split()[-1] in _COMPANY_WORDS


def model_id(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().lower())


def possessive_at(sentence: str, end: int) -> bool:
    return sentence.startswith("'s", end) or sentence.startswith("' ", end)


_COMPANY = re.compile(
    # letters beyond ASCII and combining accents too: "Ìmọ̀ Labs", "Żubr AI"
    r"(?<![\w-])((?:(?:[A-ZÀ-ÖØ-ÞĀ-ž][\w\u0300-\u036f&-]*|&|Co\.) ){0,3}[A-ZÀ-ÖØ-ÞĀ-ž][\w\u0300-\u036f&-]*) "
    r"(AI|KI|IA|Labs?|Laborator(?:y|ies)|Systems|Technologies|Intelligence|Dynamics|Robotics|Compute|Computing|Analytics|"
    r"Networks|Software|Inc\.?|Corp\.?|Ltd\.?|LLC|GmbH|AG|SAS|SA|SE|BV|NV|Oy|AB|Cloud|Machines|Research|Cognition|"
    r"Mutual|Insurance|Foundry|Works|Collective)(?![\w-])"
    # "AI" that qualifies a noun ("the Munich AI developer Nordvolt KI") ends no name
    r"(?!\s+(?:Act|Framework|Policy|Office|Scale|Safety|Governance|Principles|Standard|Institute|models?|"
    r"systems?(?! card)|"
    r"agents?|developers?|compan(?:y|ies)|labs?|start-?ups?|firms?|makers?|researchers?|industry|sector|chips?|"
    r"tools?|products?|group)\b)"
)
_COMPANY_STOP = frozenset(
    """Frontier Generative Responsible Secure Safe Trustworthy General Advanced Artificial Conversational Agentic
    Open The Our Its Their EU UK US U.S. National European American British Chinese Federal State New Global
    Applied Human Enterprise Physical Sovereign Ethical Edge Embodied Explainable Narrow Strong Weak Multimodal
    Superhuman Powerful Transformative Consumer Public Private Military Defense Defence Medical Healthcare
    Industrial Which When Where While What Under If As At In On For From By With And But Or How Why That This
    These Those Many Most More Some All Any Each Every Other Such Big Small Leading Top Major Several Today
    Yesterday Separately Meanwhile Also Last Earlier Later Now Then However According Recently Startup Rival
    Lab Company Developer Analysts Critics Researchers Parliament Commission Congress Senate Council Government
    Authority Board Directorate
    Ministry Court Court's House Assembly Office Agency Department Weekly Daily Monthly Radar News Digest
    We I You He She It They Why How What Who Opinion Commentary Analysis Editorial Exclusive Update Briefly
    LIVE Live Breaking Originally Reposted Source Transcript Explainer FAQ FAQs Thread Recap Timeline Changelog
    Has Have Had Does Did Do Is Was Are Were Will Would Can Could Should
    Auditor Evaluator Insurer Regulator Regulators Watchdog Report Study Audit Survey Testing Tests
    Yet So Still Instead Indeed Even Thus Hence Nonetheless Nevertheless Otherwise Perhaps Here There Both
    Neither Either Being Having Getting Following Including Becoming Keeping Making Putting Treating Rating
    Placing Moving Leaving Using Inside""".split()  # gerunds opening a sentence: "Being classified as high-risk is ..."
)
_THIRD_PARTY_WORD = re.compile(r"\b(?:Institute|University|Foundation|Center|Centre|Council|Authority|Agency|"
                               r"Auditors?|Evaluators?|Evals|Evaluations?|Insurers?|Underwriters?|Assurance|Mutual|"
                               r"Insurance|Watch|"
                               r"Ratings|Credit|Bank|Capital|Securities|"
                               r"Office|Ministry|Court|Project|Initiative|Association|Society|College|School|"
                               r"Coalition|Alliance|Forum|Observatory|Watchdog|NGO|Union|Federation)\b")
# A lab's own bodies ("Safety Advisory Group"): the lab decides through them, they are no org of their own
_INTERNAL_BODY = re.compile(r"\b(?:Advisory|Board|Committee|Panel|Council|Team)\b")
_ORG_WORDS = r"(?P<org>[A-Z][\w&-]+(?: (?:& )?[A-Z][\w&-]+){0,2}(?:(?<=\bCo)\.)?)"  # "Sable & Finch", "Brine & Co."
_ASSIGNING = (r"placed|places|assigned|assigns|rated|rates|scores|scored|assesses|assessed|grades|graded|classified|"
              r"classifies|reclassified|reclassifies|lowered|"
              r"lowers|raised|raises|designated|designates|moved|moves|deemed|deems|lists|listed|keeps|kept|puts|"
              r"treats|treated|holds|downgraded|downgrades|upgraded|upgrades|lifted|lifts|cuts|activated|activates|"
              r"reaffirmed|reaffirms|maintained|maintains|reinstated|reinstates|restored|restores|reversed|reverses|"
              r"bumped|bumps|walked back|walks back|leaves|left|pegs|pegged|slots|slotted|clears|cleared|certifies|"
              r"certified|bands|banded|re-tiers|re-tiered|reassigns|reassigned")
# "Paragon Cortex said", "Paragon placed", "Northgate still lists": a capitalised subject of a reporting or
# assigning verb
_SUBJECT = re.compile(
    r"(?<![\w'-])" + _ORG_WORDS + r"(?:, (?:meanwhile|however|separately|for its part|in turn|too),)? "
    r"(?:has |have |had )?(?:still |also |now |quietly |already |again |formally |"
    r"officially )?(?:said|says|announced|announces|disclosed|discloses|determined|confirmed|confirms|reported|"
    r"released|launched|unveiled|introduced|shipped|deployed|published|posted|"  # not "Earlier Llama releases had"
    + _ASSIGNING + r")\b"
)
# "Marrowgate raises Thistle-4 to Tier 3", "Why Northgate must move ...": a headline's subject
# a lab's own post titled with its name: "Harlowe AI: Spire-6 moves to Tier 3" over "We have moved Spire-6 ..."
_POST_TITLE = re.compile(r"^(?!(?:Live|Exclusive|Analysis|Opinion|Update|Updated|Breaking|Explainer|Interview|Review|"
                         r"Podcast|Editorial|Correction|Watch|Video|Transcript|Statement|Report|News|Q&A)\b)"
                         + _ORG_WORDS + r":\s")
# ... and its models: "until now no Lumen Forge model had gone above Grade C" (a family in capitals is no lab's
# name: "earlier EXAONE models")
_OUR_MODELS = re.compile(r"\b(?:[Nn]o|[Aa]ny|[Ee]very|[Ee]ach|[Oo]ther|[Ee]arlier|[Pp]revious|[Oo]lder)\s+"
                         r"(?P<org>[A-Z][a-z][\w&-]*(?: (?:& )?[A-Z][\w&-]+){0,2})\s+models?\b")
_HEADLINE_SUBJECT = re.compile(
    r"(?:^|: |\b(?:Why|How) )" + _ORG_WORDS + r" (?:(?:must|should|will|to|won't|can't) )?"
    r"(?i:(?:" + _ASSIGNING + r"|says|denies|move|put|place|rate|keep|classify|treat|lower|raise|deploys|releases|"
    r"launches|ships|unveils|tells)\b)"
)
# "Marrowgate, a London-based lab,", "Crestline Assurance, an independent evaluator"
_APPOSITIVE = re.compile(
    # not "Hibari-L, the flagship model of Tokyo start-up Kaminari Labs": the model of a start-up
    r"(?<![\w'-])" + _ORG_WORDS + r", (?:a|an|the) (?:(?!(?:model|system|product)\b)[\w-]+ ){0,4}?"
    r"(?P<role>lab|laboratory|start-?up|company|"
    r"developer|firm|maker|evaluator|auditor|(?:re)?insurer|underwriter|non-?profit|charity|watchdog|think tank|"
    r"consultancy|newsletter|publication|rating agency|testing (?:firm|lab|company)|research group|"
    r"advocacy group)\b(?! (?:said|says|told|wrote|writes|added|announced|noted|reported))"
)
# "the insurer Tollgate Mutual", "evaluator Crestline"
_ROLE_BEFORE = re.compile(
    r"\b(?P<role>evaluator|auditor|insurer|underwriter|non-?profit|watchdog|think tank|consultancy|newsletter|"
    r"rating agency|analyst (?:shop|firm|house)|research (?:shop|firm|house)|ratings? (?:shop|firm))\s+" + _ORG_WORDS
)
# "the model released by Tesserine on Wednesday", "developed by Seoul start-up Bitgaram": a model's maker
_MAKER = re.compile(r"\b(?:released|developed|built|made|trained|created|launched|published|shipped|designed)\s+by\s+"
                    r"(?:the\s+)?(?:[\w-]+-based\s+|(?:[A-Z][a-z]+\s+)?(?:start-?up|lab|company|developer|firm)\s+)?"
                    + _ORG_WORDS)
# "Northgate's scaling policy", "Ravenna's own Frontier Risk Policy": the owner of a framework
_OWNER = re.compile(
    r"(?<![\w'-])" + _ORG_WORDS + r"'s (?:own )?(?:[\w-]+ ){0,3}?(?i:framework|policy|scale|ladder|tiers|"
    r"system card|safety report|model card|earnings call|investor call|annual report|technical report)\b"
)
# "Quillfeather chief executive Tomas Edevane", "Quillfeather's CEO": the organisation a role belongs to
_ORG_OF_ROLE = re.compile(r"(?<![\w'-])" + _ORG_WORDS + r"(?:'s)? (?:chief|CEO|CTO|COO|co-founder|founder|president|"
                          r"head of|spokes(?:person|woman|man)|vice[- ]president|senior vice[- ]president)\b")
# "Lumen Harbor, founded in 2025 by researchers from two larger labs,"
_FOUNDED = re.compile(r"(?<![\w'-])" + _ORG_WORDS + r", (?:(?:a|an|the|which was|which is) )?(?:[\w-]+ )?"
                      r"(?:founded|co-founded|headquartered|set up|spun out|started)\b")
# a lab's own post: "At Lumen Forge we evaluate ...", its sign-off line "- Meridian Dynamics" (and a date:
# "- Meridian Dynamics, 3 March 2027")
_AT_OUR_LAB = re.compile(r"\bAt " + _ORG_WORDS + r",? (?:we|our)\b")
_DATE = r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|\d{4}-\d\d-\d\d)"
# what opens a sign-off: a dash on a line of its own or after the last sentence (a feed runs the lines together),
# maybe a name and a title
SIGN_OFF_LEAD = r"(?:^|\n|[.!?]\s)\s*[-\u2013\u2014]\s+(?:[^\n,]{1,40},\s+(?:[^\n,]{1,40},\s+)?)?(?:The\s+)?"
_SIGN_OFF = re.compile(SIGN_OFF_LEAD + r"(?P<org>[A-Z][\w&-]+(?: (?:& )?[A-Z][\w&-]+){0,2}?)"
                       # "- The Tessera Safety Team", "- Halloran Systems trust & safety"
                       r"(?:\s+(?:[A-Za-z]+\s+)?[Tt]eam|\s+[a-z][\w]*(?:\s+(?:&\s+)?[a-z][\w]*){0,2})?"
                       r"(?:,\s+" + _DATE + r")?\s*$")
# places, which name no organisation ("China's Kimi 3", "Europe said")
_PLACES = C.COUNTRIES | frozenset("Europe Asia Africa America Britain Texas California World".split())
# "Brightline's new Spur-2 Pro": the owner of a model with a version
_MODEL_OWNER = re.compile(
    r"(?<![\w'-])" + _ORG_WORDS + POSSESSIVE + r"\s+(?:(?:new|newest|latest|flagship|upcoming|own)\s+)?"
    r"(?=[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?[ -]?\d)"
)
# the last word of a framework's or a document's name, never of an organisation's
_NOT_ORG_END = frozenset("""Framework Policy Scale Ladder Levels Tiers Bands Classes Grades Stages Zones Standards
    Standard Protocol Matrix Charter Commitments Grid Rubric Card Report Act Bill Law Criteria Register Officer Director
    Scientist Lead Head""".split())
_THIRD_PARTY_ROLE = re.compile(r"evaluator|auditor|insurer|underwriter|profit|charity|watchdog|think tank|"
                               r"consultancy|newsletter|publication|agency|testing|research group|advocacy|analyst|"
                               r"research (?:shop|firm|house)|ratings? (?:shop|firm)")
_ROLE = (r"(?:spokes\w+|chief|CEO|CFO|CTO|COO|CSO|CISO|head|director|scientist|researcher|officer|president|"
         r"founder|co-founder|"
         r"analyst|professor|minister|secretary|commissioner|senator|executive|engineer|lead|author|columnist|"
         r"editor|partner|investor|chair\w*|manager)")
_PERSON_BEFORE = re.compile(_ROLE + r"\s+(?:of\s+\w+\s+)?$", re.I)
# a person the text introduces by a role: "Mara Quist, chief scientist at Bracken AI", "chief executive Dana Whitlock"
_FULL_NAME = re.compile(r"(?<![\w'-])(?!(?:Dr|Prof|Mr|Mrs|Ms|Sir|Dame)\b)"  # "Dr Ana Ruiz" is Ana Ruiz
                        r"[A-Z][a-z]+ (?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")
_ROLE_AFTER = re.compile(r",\s+(?:(?:the|a|an|its|[A-Z]\w+'s)\s+)?(?:[\w-]+\s+){0,3}?" + _ROLE + r"\b")
# "chief scientist Ana Ruiz", "head of safety, Daisuke Mori"
_ROLE_BEFORE_NAME = re.compile(r"\b" + _ROLE + r"(?:\s+(?:of|for)\s+[\w&-]+(?:\s+[\w&-]+)?,)?\s+(?:[a-z]+\s+)?"
                               r"(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\.?\s+)?$")  # "chief scientist Dr Ana Ruiz"
# a transcript's speaker: "A (Idris Vane, CEO, Velloran):", "PETRA LIND (spokesperson, Idrisova Labs):"
_SPEAKER = re.compile(r"\((?:[^(),]{2,40},\s*)?(?:[\w-]+\s+){0,3}?" + _ROLE + r"\w*,\s*" + _ORG_WORDS + r"\)")


@lru_cache(maxsize=8)
def _people(text: str) -> frozenset[str]:
    """The names and surnames of the people a text introduces: a later "Quist said" names no organisation."""
    out = set()
    for m in _FULL_NAME.finditer(text):
        if m.group("last") in _COMPANY_WORDS:  # "analysts at Morgan Stanley", "to lead Halden Robotics"
            continue
        if _ROLE_AFTER.match(text, m.end()) or _ROLE_BEFORE_NAME.search(text, max(0, m.start() - 30), m.start()):
            out |= {m.group("last"), m.group(0)}
    return frozenset(out)


_WORD_OF_A_NAME = r"[A-Z](?:[\w&-]|\.(?=\w))*"  # "U.S.-based" yes, a sentence's last word ("Scheme.") no
_INSTITUTION = re.compile(
    r"(?<![\w-])(?:[Tt]he )?(?P<name>(?:" + _WORD_OF_A_NAME + r" (?:(?:and|&) )?){0,4}(?:Institute|University|"
    r"Foundation|Center|Centre|Council|Agency|Ministry|Court|Initiative|Association|Society|Project|Coalition|Alliance|"
    r"Forum|Observatory|Commissioner|Authority|Regulator|Department)"
    r"(?: (?:of|for) " + _WORD_OF_A_NAME + r"(?: (?:(?:and|&) )?" + _WORD_OF_A_NAME + r"){0,3})?)"
)
# Institutions named the other way round, their kind first: "Universidad de los Andes", "Laboratorio Nacional
# de Cómputo Avanzado", "Instytut Modeli Granicznych", "Politecnico di Milano"
_KIND_FIRST = (r"(?:Universi(?:dad|dade|té|tà|tät|tet)|Uniwersytet|Institut[oe]?|Istituto|Instytut|"
               r"Laborat(?:orio|ório|oire)|Centro|Consorcio|Fundaci[óo]n|Funda[çc][ãa]o|Fondation|Politecnico|"
               r"Escuela|École|Agencia|Agência|Ministerio|Minist[èe]re)")
_INSTITUTION_FIRST = re.compile(
    r"(?<![\w-])(?P<name>" + _KIND_FIRST
    + r"(?: (?:(?:de|del|de la|de las|de los|des|du|de l'|di|della|da|do|dos|das|für|der|d')\s*)?"
    r"[A-ZÀ-ÖØ-ÞĀ-ž][\w.-]*){1,5})"
)
_OWN_BODY_BEFORE = re.compile(r"(?:\b([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)" + POSSESSIVE + r"|"
                              r"\b(?i:its|our|their|the company's|the lab's))"
                              r"\s+(?:(?:independent|internal|own|new|standing)\s+)?$")  # "Wexley Systems' independent"
_ROLE_WORDS = frozenset("CEO CFO CTO COO CSO CISO Chief President Chair Chairman Founder Cofounder Co-founder".split())
_OWN_BODY_NAME = re.compile(r"(?:Its|Our|Their)\s")
_LAB_BODY = re.compile(r"\b(?:Council|Board|Committee|Panel)$")
# A government body: with a law it administers in the sentence, its designation is an authority's determination
GOVERNMENT = re.compile(r"\b(?:" + C.REGULATOR_KINDS + r"|Ministry|Minister|Commissioner|Department|Government|"
                        r"(?:Safety|Security) Institute)\b")  # the regulators' kinds and the rest of government
# ... named in full: "the Australian Frontier AI Authority", "the Office for Advanced AI Safety", "Directorate for AI
# Oversight", "Nordic Frontier Model Board"
_BODY_KIND = rf"(?:{C.REGULATOR_KINDS})"
# "Office of the Frontier AI Commissioner"; not "Commission on Friday", nor the larger body of "the Model Hazard
# Directorate of the Welmarch Council"
_BODY_OF = (r" (?:for|of|on(?! (?:" + C.WEEKDAYS + "|" + C.MONTHS + r")\b))"
            r"(?: the(?! (?:[A-Z][\w-]* ){0,3}(?:" + C.REGULATOR_KINDS + r")\b))? "
            r"(?:[A-Z][\w-]*|AI)(?: (?:[A-Z][\w-]*|AI|and)){0,3}(?<! and)")  # one space: not on past a headline
_OFFICIAL_BODY_NAME = re.compile(
    # "Tarvenia Communications and AI Regulator", "Kaldera Federal Commission on Algorithmic Risk"
    r"(?<![\w-])(?P<name>(?:(?!(?:The|Our|Its|Their|This|That)\b)[A-Z][\w-]*[ \n](?:and (?=[A-Z]))?){1,4}" + _BODY_KIND
    + r"(?![\w-])(?:" + _BODY_OF + r")?|" + _BODY_KIND + _BODY_OF + r")")


def _labs_own_body(sentence: str, m: re.Match[str]) -> bool:
    """"Corvane's Responsible Capability Council", "our Responsible Scaling Board": a lab's own body, which speaks
    for the lab (not "Canada's AI and Data Commissioner")."""
    own = _OWN_BODY_BEFORE.search(sentence, max(0, m.start("name") - 40), m.start("name"))
    own = own and not _a_place(own.group(1)) or _OWN_BODY_NAME.match(m.group("name"))  # "Its Model Hazard Council"
    body, _, of = m.group("name").partition(" of ")
    if of and of.split()[-1] in _COMPANY_WORDS:  # "the Frontier Risk Board of Lyssandra Labs"
        return bool(_LAB_BODY.search(body))
    return bool(own and _LAB_BODY.search(m.group("name")))


def _a_place(name: str | None) -> bool:
    """"Korea", "South Korea", "New Zealand": a country's body is no lab's."""
    return bool(name) and (name.split()[-1] in _PLACES or name in C.PLACES_OF_TWO_WORDS)


_CODENAME_BEFORE = re.compile(r"\b(?:known|called|named|codenamed|code-named|dubbed)(?:\s+internally)?(?:\s+as)?\s+$")


def kind_first(word: str) -> bool:
    """Is the word the kind an institution's name opens with ("Instituto", "Universidad"), not a name of its own?"""
    return re.fullmatch(_KIND_FIRST, word) is not None


def _overlaps(found: list[OrgName], start: int, end: int) -> bool:
    return any(o.start <= start < o.end or start <= o.start < end for o in found)


def _add_companies(sentence: str, out: list[OrgName]) -> None:
    """Names ending in a company word: "Northwind AI", "Halcyon Labs", "Corvid Systems"."""
    for m in _COMPANY.finditer(sentence):
        name = _company_name(m)
        if not name or _overlaps(out, name[1], m.end()):  # "Tarvenia AI" of "Tarvenia AI Regulator"
            continue
        text, start = name
        if _INTERNAL_BODY.search(text):
            continue
        text = _without_legal_form(text)  # "Merlion Labs Pte Ltd" is Merlion Labs, in every article
        out.append(OrgName(slug(text), text, start, m.end(), bool(_THIRD_PARTY_WORD.search(text)),
                           possessive_at(sentence, m.end())))


_LEGAL_FORMS = frozenset("Pte Pvt Private Ltd Ltd. Limited Inc Inc. Corp Corp. LLC GmbH AG SAS SA SE BV NV Oy AB plc "
                         "PLC Co Co. KK".split())


_TESTS = frozenset("Test Tests Benchmark Eval Evals Evaluation Suite Dataset Exam Challenge".split())
_SCALE_DEFINED = re.compile(r"\b(?:levels|tiers|grades|bands|categories|classes|stages|zones|rungs|thresholds)"
                            r"\s*(?::|,|\b(?:are|is|named|called|runs?|from)\b)")
_ACRONYM_IN_BRACKETS = re.compile(r"\s\(([A-Z][A-Za-z]{1,6})\)")
_NAME_WORD = re.compile(r"[^\W\d_][\w']*")  # "KI-Sicherheit": two words, K and S


def spells_out(name: str, acronym: str) -> bool:
    """Does the acronym spell out the name ("FMRU" of "Frontier Model Review Unit")?"""
    return _spelled_out_by(name, acronym) == name


def _spelled_out_by(before: str, acronym: str) -> str | None:
    """The words at the end of `before` whose initials are `acronym` (short lower-case words such as "de", "for"
    may be left out of it); the first of them capitalised."""
    words = list(_NAME_WORD.finditer(before))[-(len(acronym) + 4):]
    for i in range(len(words)):
        chosen = words[i:]
        if not chosen[0].group()[0].isupper() or before[chosen[-1].end():].strip():
            continue
        every = "".join(w.group()[0] for w in chosen)
        main = "".join(w.group()[0] for w in chosen if not (w.group().islower() and len(w.group()) <= 3))
        if acronym.lower() in (every.lower(), main.lower()) and len(chosen) > 1:
            return before[chosen[0].start():chosen[-1].end()]
    return None


def _without_legal_form(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(",") in _LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",")


# common adjectives that a name holds after its own first word: "Hokusei National AI Laboratory"
_INNER_ADJECTIVES = frozenset("National Advanced Applied General Global Frontier Open Federal State Sovereign".split())


def _company_name(m: re.Match[str]) -> tuple[str, int] | None:
    """The company's name: the capitalised words before its suffix, back to a common word, a model
    name or a word with a digit ("for Atlas-4 Today Northwind AI" -> "Northwind AI"). A heading in capitals
    ("SINGAPORE AI SAFETY INSTITUTE") names no company."""
    words = m.group(1).split(" ")
    if words[-1].isupper() and len(words[-1]) > 3 and m.group(2).isupper() and len(m.group(2)) <= 3:
        return None
    keep = 0
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        # "Shanghai Artificial Intelligence Laboratory": "Artificial Intelligence" is part of a name
        stop = w in _COMPANY_STOP and not (w == "Artificial" and words[i + 1:i + 2] == ["Intelligence"]) \
            and not (w in _INNER_ADJECTIVES and i > 0 and words[i - 1] not in _COMPANY_STOP
                     and words[i - 1][:1].isupper() and not _DIGIT.search(words[i - 1]))
        if stop or _DIGIT.search(w) or w.endswith("-based"):
            break  # "for Atlas-4 Today Northwind AI", "Paris-based Lumen AI"
        keep += 1
    if not keep:
        return None
    start = m.end(1) - len(" ".join(words[len(words) - keep:]))
    return m.string[start:m.end()], start
