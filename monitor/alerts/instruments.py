"""Which law an article is about, and where it stands: read from the text of a regulatory move.

The instrument is named where the text names one: a bill number ("SB 53", "H.R. 1234"), an
executive order, a titled act, code or treaty ("EU AI Act", "RAISE Act"), or guidelines on a
subject ("Guidelines for AI transparency obligations": a consultation on guidelines under the AI
Act is about the guidelines, not the Act). The stage is the first of STAGES whose wording appears
in the title, else in the evidence, else in the opening sentences (as monitor/classify/sentences.py
splits them), and only where the move's action has such stages: a lawsuit or a fine is not
"proposed" or "signed" (a court can strike a law down; that is all the stages say of litigation).
"""

from __future__ import annotations

import re
from collections import Counter

from monitor.classify.sentences import split_sentences

STAGES = ("proposed", "passed", "signed", "in force", "delayed", "vetoed", "struck down")
OPENING_SENTENCES = 4
# The stages each action can be at; an action not named here has every stage.
STAGES_OF_ACTION = {"litigation": ("struck down",), "enforcement": ()}

_BILL = re.compile(
    r"\b(?:(?P<long>Senate|Assembly|House)\s+Bill\s+(?:No\.\s*)?(?P<n1>\d{1,5})"
    r"|(?P<short>S\.?\s?B|A\.?\s?B|H\.?\s?B|S\.?\s?F|H\.?\s?F|L\.?\s?D|H\.?\s?R|S\.?\s?J\.?\s?R)\.?\s?-?\s?(?P<n2>\d{1,5}))\b"
)
_ORDER = re.compile(r"\bExecutive Order\s+(?:No\.\s*)?(\d{4,6})\b")
_KINDS = r"Act|Bill|Law|Directive|Regulation|Code of Practice|Convention|Treaty|Declaration|Accord|Framework|Order"
_NAMED = re.compile(
    rf"\b((?:(?:[A-Z][\w.&'’-]*|of|on|for|and|in|the|to)\s+){{0,8}}?[A-Z][\w.&'’-]*\s+(?:{_KINDS}))\b"
)
_LEADING = re.compile(r"^(?:(?:The|This|That|A|An|Its|Their|Our|New|Landmark|Proposed|Draft|Under|Of|On|For|"
                      r"And|In|To|the|of|on|for|and|in|to)\s+)+")
_GENERIC = re.compile(rf"^(?:State|Federal|Such|Same|Each|Any|Every|Model|Final|Omnibus)\s+(?:{_KINDS})$")
_GUIDELINES = re.compile(
    r"\b(?:draft\s+)?(guidelines|guidance|code of practice)\s+(on|for)\s+(?:the\s+)?"
    r"((?:(?!(?:of|under|that|which|to|from|and|by|in|with|will|would|is|are|was|were)\b)[\w'’-]+\s+){0,5}"
    r"(?!(?:of|under|that|which|to|from|and|by|in|with|will|would|is|are|was|were)\b)[\w'’-]+)",
    re.I,
)
_AI_ACT = re.compile(r"^(?:(?:EU|European|European Union|EU's)\s+)?(?:AI|Artificial Intelligence)\s+Act$", re.I)

_STAGE_PATTERNS = [  # checked in this order: the first stage that appears wins
    ("struck down", r"\bstr(?:uck|ikes?|iking) down\b|\b(?:court|judge)s?\b[^.]{0,60}\bblock(?:s|ed)?\b|"
                    r"\bblock(?:s|ed)?\b[^.]{0,60}\b(?:court|judge)\b|\benjoin(?:s|ed)?\b|\binjunction\b|"
                    r"\bunconstitutional\b|\binvalidat(?:es|ed)\b|\bannul(?:s|led)\b"),
    ("vetoed", r"\bveto(?:es|ed)?\b"),
    ("delayed", r"\bdelay(?:s|ed|ing)?\b|\bpostpon(?:e|es|ed|ing)\b|\bpush(?:es|ed)? back\b|\bstop[- ]the[- ]clock\b|"
                r"\bdefer(?:s|red)?\b"),
    ("in force", r"\b(?:enter(?:s|ed)?|came|comes|coming) into (?:force|effect)\b|\btak(?:es|ing) effect\b|"
                 r"\btook effect\b|\bin force\b|\bnow appl(?:y|ies)\b|\bbecomes? effective\b|"
                 r"\beffective (?:today|immediately)\b|\bobligations (?:now )?apply\b|\bstarts? to apply\b"),
    ("signed", r"\bsign(?:s|ed)? into law\b|\b(?:governor|president|mayor)\b[^.]{0,40}\bsign(?:s|ed)\b|"
               r"\bsign(?:s|ed)\b[^.]{0,40}\b(?:bill|act|law|order|treaty|declaration|convention)\b|\benact(?:s|ed)\b"),
    ("passed", r"\bpass(?:es|ed)\b|\bapprov(?:es|ed)\b|\badopt(?:s|ed)\b|\bvot(?:es|ed) (?:to )?(?:approve|adopt|pass)\b|"
               r"\bclears?\b[^.]{0,30}\b(?:senate|assembly|house|parliament|council|legislature)\b"),
    ("proposed", r"\bintroduc(?:es|ed)\b|\bpropos(?:es|ed|al)\b|\bdraft\b|\bunveil(?:s|ed)\b|\btable[sd]\b|"
                 r"\bconsultation\b|\bfiles?\b[^.]{0,20}\bbill\b"),
]
_STAGES = [(stage, re.compile(pattern, re.I)) for stage, pattern in _STAGE_PATTERNS]


def find_instrument(title: str, text: str, jurisdiction: list[str] | None = None) -> str | None:
    """The law, bill, order or framework an article is about, when it names one; else None."""
    body = f"{title}\n{text}"
    candidates: Counter[str] = Counter()
    in_title: set[str] = set()
    for source, weight in ((title, 3), (text, 1)):
        for found in _instruments_in(source, jurisdiction or [], body):
            candidates[found] += weight
            if source is title:
                in_title.add(found)
    if not candidates:
        return None
    # A title-case headline ("Governor Signs Frontier AI Safety Act") names a longer phrase than the
    # text does; credit the text's name when it ends the headline's.
    for name in list(candidates):
        for other in list(candidates):
            if other != name and name.endswith(" " + other) and name in in_title:
                candidates[other] += candidates.pop(name, 0)
                break
    return max(candidates.items(), key=lambda item: (item[1], -body.find(item[0])))[0]


def _instruments_in(text: str, jurisdiction: list[str], body: str) -> list[str]:
    found = []
    for m in _BILL.finditer(text):
        if m.group("long"):
            prefix = {"Senate": "SB", "Assembly": "AB", "House": "HB"}[m.group("long")]
            found.append(f"{prefix} {m.group('n1')}")
        else:
            prefix = re.sub(r"[.\s]", "", m.group("short")).upper()
            found.append(f"{'H.R.' if prefix == 'HR' else prefix} {m.group('n2')}")
    found += [f"Executive Order {m.group(1)}" for m in _ORDER.finditer(text)]
    found += [f"{m.group(1).capitalize()} {m.group(2).lower()} {m.group(3)}" for m in _GUIDELINES.finditer(text)]
    for m in _NAMED.finditer(text):
        name = _LEADING.sub("", " ".join(m.group(1).split()))
        if " " not in name or _GENERIC.match(name) or name.startswith(("Executive Order", "Senate Bill",
                                                                         "Assembly Bill", "House Bill")):
            continue
        if _AI_ACT.match(name):
            eu = "eu" in jurisdiction or re.search(r"\b(?:EU|European)\b", body)
            name = "EU AI Act" if eu else name
        found.append(name)
    return found


def find_stage(title: str, evidence: list[str], text: str, action: str | None = None) -> str | None:
    """Where the instrument stands (STAGES), from the title, else the evidence, else the opening;
    None when the text does not tell, or when the move's `action` has no such stage."""
    possible = STAGES_OF_ACTION.get(action or "", STAGES)
    opening = " ".join(split_sentences(text)[:OPENING_SENTENCES])
    for part in (title, " ".join(evidence), opening):
        for stage, pattern in _STAGES:
            if stage in possible and pattern.search(part):
                return stage
    return None
