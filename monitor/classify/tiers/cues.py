"""The words around a level that decide what a sentence says about it: who assigns it, whether it
is assigned at all (or expected, planned, described, conditional, someone else's opinion), negation,
and the direction of a change. Grammar, not lab names: they hold for texts about any lab.

Each `_Cue`-style pattern is tried only when one of its lowercase needles occurs in the text (a cheap
substring test that spares the regex engine most clauses).
"""

from __future__ import annotations

import re


class Cue:
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


# Words that open a quoted phrase of a sentence's own grammar, never a level's name: "is 'not yet at' Level 3"
GRAMMAR_WORD = r"(?:not|no|never|yet|still|now|at|in|on|below|above|under|within|consistent|comparable|equivalent)\b"
CLAUSE_BREAK = re.compile(
    r";|\s[-\u2014]\s|\u2014|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|\bthough\b|\bhowever\b", re.I
)
LEVEL_SEP = r"[\"']?\s*(?:,\s*(?:or\s+|and\s+)?|/\s*|\s+or\s+|\s+and\s+|\s+to\s+)[\"']?"
PF_WORD = (r"(?:low|medium|moderate|elevated|high|severe|critical|minimal|green|yellow|amber|orange|red|"
           r"(?:tier|level) \d)")
PF_SCALE = re.compile(rf"\b{PF_WORD}{LEVEL_SEP}{PF_WORD}{LEVEL_SEP}{PF_WORD}\b")
RANGE = re.compile(r"\bfrom asl-?\d\b.{0,20}\bto\b|\bthrough\b|\branging\b|\basl-?\d\s*(?:to|-|through)\s*asl|"
                   r"\b(?:runs?|ranges?|goes|go|spans?|extends?) from\b")  # "its index runs from Level 1 to Level 4"
CLAUSE_NEEDLES = (";", " - ", "\u2014", ": ", "but", "while", "whereas", "though", "however")

PRECAUTION = Cue(
    r"\b(?:could|can|were|was)(?:\s*not|n't)\s+(?:yet\s+|definitively\s+|clearly\s+)?rule[sd]?\s+out|"
    r"\bunable to (?:\w+ )?rule out|\bnot possible to (?:\w+ )?rule out|\bcannot be ruled out|"
    r"\bruling out [\w\s-]{0,40} is not possible|\bcould not be ruled out",
    ("rul",),
)
EXPECT = Cue(
    r"(?i:\b(?:expect\w*|anticipat\w*|forecast\w*|predict\w*|hop(?:e|es|ed|ing)|could|might|likely|unlikely|poised|"
    r"on track|"
    r"preparing|prepares?|plans?|planning|intends?|soon|upcoming|forthcoming|future|next[- ]generation|minded to|"
    r"set (?:for|to)|head(?:s|ed|ing)? (?:for|toward)|"
    r"successors?(?!,? [A-Z][\w-]*[- ]?\d)|eventually|approach(?:ing|es)|nearing|warns?|warned|on the verge)\b)"
    r"|\bmay\b(?!\s+\d)",
    ("expect", "anticipat", "forecast", "predict", "hop", "could", "might", "likely", "poised", "on track",
     "prepar", "plan", "intend", "soon", "upcoming", "forthcoming", "future", "next", "successor", "minded",
     "eventually", "approach", "nearing", "warn", "verge", "may", "set ", "head"),
    flags=0,
)
# a proposal, not yet decided: "has recommended that the company's Sable-3 model be moved to Tier Red"
PROPOSED_THAT = re.compile(r"\b(?:propos|recommend|suggest|urg|advis|request|ask|demand|insist)\w*"
                           r"(?:\s+(?:on|in|last|this)\s+\w+)?\s+that\b[^.;]{0,80}?"  # "recommended on Monday that"
                           r"\b(?:be\s+(?:\w+ly\s+)?(?:\w+ed|put|kept|set|left)|"
                           # "... that the company raise its Argent-5 model to Level 4" (the bare verb)
                           r"(?<!\bit )(?<!\bhe )(?<!\bshe )(?:raise|lower|move|place|put|keep|designate|classify|"
                           r"reclassify|downgrade|upgrade|assign|treat|"
                           # "... asked that Quillet drop from Class II to Class I" (the model the subject)
                           r"drop|fall|revert|return|go|stay|remain|rise))\b", re.I)
EXPECT_WEAK = Cue(
    r"\b(?:will(?! now\b)|would|going to)\b",
    ("will", "would", "going to"),
    flags=0,
)
NORMATIVE = Cue(
    r"\b(?:must|should|shall|cannot|can't|can only|may not|is required|are required|needs? to|"
    r"has to|have to|only models|only a model)\b",
    ("must", "should", "shall", "cannot", "can't", "can only", "may not", "required", "need", "has to",
     "have to", "only"),
)
NOT_NEGATION = Cue(
    r"\bnot (?:that|only|just|because|merely|simply|least)\b|\bno doubt\b|\bno (?:surprise|wonder)\b"
    r"|^\W*(?:[AQ]:\s*)?No[,.!]",  # an answer's "No, we brought it down to Tier 2"
    ("no",),
)
OR_BELOW = re.compile(r"^[\"']?\s+(?:or|and) (?:below|lower|above|higher)\b", re.I)
FRAMEWORK_NAMED = Cue(
    r"preparedness|responsible scaling|\bRSP\b|\bFSF\b|AI Act|"
    r"\b[A-Z]\w* (?:Framework|Policy|Scale|Ladder|Scheme|Charter|Index|Commitments|Protocol|Register)\b",
    ("preparedness", "responsible scaling", "rsp", "fsf", "ai act", "framework", "policy", "scale", "ladder", "scheme",
     "charter", "index", "commitments", "protocol", "register"),
)
CONDITIONAL = Cue(
    r"\b(?:if|whether|once|unless|should a model|probably|possibly|perhaps|arguably|appears? to|seems? to)\b|"
    r"\bwhen(?:ever)? (?:a|an|any|the) (?:\w+ )?(?:model|system)s?\b",
    ("if", "whether", "once", "unless", "should a", "when", "probabl", "possibl", "perhaps", "arguabl", "appear",
     "seem"),
)
# What a level would take, not where a model is: "the controls we would need under Tier 4 before training Spire-7"
WOULD_NEED = re.compile(r"\b(?:it|we|they|a model) would (?:need|require)\b[^.;]{0,30}$", re.I)
# A counterfactual, whatever its verbs: "Had Gyre-5 crossed the Tier 4 line, Pellow AI would have paused"
# or an imagined case: "Imagine ... a lab - call it Meridian - concludes that its model has crossed 'Red'"
COUNTERFACTUAL = Cue(r"\b(?:would|could|might) have\b(?! to\b)|(?:^|[.;:]\s+)(?:Had|Were)\s+\S+(?:\s+\S+)?\s+"
                     r"(?:crossed|reached|met|hit|exceeded|been|to)\b|(?:^|[.;:]\s+)(?:Imagine|Suppose|Picture)\b|"
                     r"\bcall (?:it|them)\b|"
                     # a drill: "what it would do if a future model reached Red", "a tabletop exercise"
                     r"\bwhat (?:it|we|they|the (?:company|lab)) would do\b|\btabletop\b|\bfictional\b|"
                     r"^The scenario:",
                     ("have", "had", "were", "imagine", "suppose", "picture", "call it", "call them", "would do",
                      "tabletop", "fictional", "scenario"))
GENERIC_SUBJECT = Cue(
    r"\b(?:models|systems|a model|any model|a system|a frontier model|each model|every model|"
    r"an? (?:future|hypothetical|later|more capable|next) (?:\w+ )?(?:model|system)|"
    r"the next model|new models|(?:its|their|our|the company's|the lab's) (?:next|future|upcoming|forthcoming) "
    r"(?:\w+ )?(?:model|system)|(?:previous|prior|earlier|existing|most|other|all|frontier|future|upcoming) "
    r"(?:\w+ )?(?:models|systems))\b",
    ("model", "system"),
)
DESCRIBE = Cue(
    r"\b(?:defin(?:e|es|ed|ing|itions?)\b|means|mean|refers? to|describ\w+|reserved for|sets? out|establish\w*|"
    r"outlin\w+|"
    r"requires? (?:that|safeguards|protections|a )|must|cannot|can't|can only|should|only models|"
    r"is the threshold|thresholds? (?:is|are)|scale|tiers|categories|levels|framework (?:says|sets|uses|has)|"
    r"the next threshold|applies to|apply to|triggers when|would trigger|"
    r"(?:line|threshold|bar|cut-?off|score)s? (?:that|which) (?:\S+ ){0,3}?(?:marks?|defines?|means?|triggers?))\b",
    ("defin", "mean", "refer", "describ", "reserved", "set", "establish", "outlin", "requir", "must",
     "cannot", "can't", "can only", "should", "only model", "threshold", "scale", "tiers", "categories",
     "levels", "framework", "appl", "trigger"),
)
STRONG_VERB = Cue(
    r"\b(?:(?:treat|handl)(?:s|ed|ing|es|e)? (?:\S+ ){0,4}?as|classif(?:ied|ying|ies) |"
    r"(?:decision|decided|chose|chosen|opted) to (?:rate|place|classify|treat|move|designate|put|assign|keep)\b|"
    r"categori[sz]ed|designated|rated|rates|"
    r"(?:designates|classifies|reclassifies) (?=[A-Z])|"  # a decision's "therefore designates Meridian-L as"
    # "scores" as a verb; not the noun: "the ETF's risk score turns High", "a score of 6"
    r"scored\b|(?<!\brisk )(?<!\ba )(?<!\bthe )(?<!\bits )(?<!'s )scores?\b(?!\s+of\b)|"
    r"reached|crossed|triggered|activated|activating|activate|met\b|meets\b|exceeded|exceeds|surpassed|"
    r"hits?\b|"
    r"(?:deploy|releas|launch|ship)\w* (?:\S+ ){0,4}?(?:under|at|with)\b|under the ASL|came back as|"
    r"implemented mitigations|first (?:\S+ ){0,3}?(?:model|system|release|launch)|confirm(?:s|ed)? (?:\S+ ){0,14}?as\b|"
    r"(?:uph[oe]ld|maintain\w*|reaffirm\w*) (?:\S+ ){0,8}?(?:as|at)\b|"
    # "has reaffirmed R7b's Band 2 rating"
    r"(?:uph[oe]ld\w*|maintain\w*|reaffirm\w*|confirm(?:s|ed)|kept|keeps) (?:\S+ ){0,3}?\S+'s (?:\S+ ){1,4}?"
    r"(?:rating|level|tier|classification|designation|band|grade)\b|"
    r"(?:remains?|remained|stays?|stayed|kept|keeps?|held|plac(?:e|es|ed|ing)|put|puts|putting|sits?|assessed|set|"
    r"left|leaves|lists|listed|belongs?|stands?|stood|lands?|landed|ranks?|ranked|comes? in|came in) "
    r"(?:\S+ ){0,4}?"
    r"(?:at|under|below|in)\b|deem(?:s|ed)?|determined|assign(?:s|ed)|falls? (?:below|short)|"
    r"(?:rais|elevat|upgrad|bump|mov|lower|downgrad|cut|chang|eas|relax|escalat|graduat)\w* "
    r"(?:\S+ ){0,8}?(?:to|from)\b|"
    r"enter(?:s|ed|ing)?\b|"
    r"add(?:s|ed)? (?:\S+ ){1,4}?to (?:its|the|their) (?:\S+ )?list\b|"  # "added X to its list of ... models"
    r"(?:assessed|evaluated|judged|found) as (?:reaching|meeting|crossing|exceeding)\b|"
    r"(?:be|is|are|was|were|been|being) (?:still )?(?:considered|regarded)\b)",  # "continues to be considered"
    ("treat", "handl", "classif", "categori", "designat", "rate", "scor", "reach", "decision", "decided", "chose",
     "opted", "cross", "trigger", "activat", "met",
     "meet", "exceed", "surpass", "hit", "deploy", "releas", "launch", "ship", "under the asl", "came back",
     "implemented mitigations", "first", "remain", "stay", "kept", "held", "placed", "rais", "elevat", "upgrad",
     "bump", "mov", "lower", "downgrad", "keep", "put", "sit", "assess", "set", "deem", "determined", "assign",
     "chang", "eas", "relax", "escalat", "graduat",
     "fall", "left", "leaves", "list", "cut", "belong", "stand", "stood", "land", "rank", "came in", "comes in",
     "enter", "confirm", "uph", "maintain", "reaffirm", "considered", "regarded", "evaluated as", "judged as",
     "found as"),
)
# A party's case, not a decision: "the provider submitted arguments that X does not present systemic risks"
ARGUED = re.compile(r"\b(?:argu(?:es|ed|ing|ments?)|contend(?:s|ed|ing)|claim(?:s|ed|ing)?|submission|submitted) "
                    r"(?:\S+ ){0,3}?that\b", re.I)
# A modal in front of the assigning verb: "should have been classified", "would be treated"
MODAL_VERB = Cue(
    r"\b(?P<modal>should|must|ought to|would|could|might|may|will|needs? to)(?: not)?(?: have)?(?: been| be)?"
    # "will be the company's first model to reach", not "will continue to be deployed", "will now sit"
    r"(?!\s+(?:now|continue|continues|remain|stay|still)\b)"
    r"\s+(?:[\w'-]+ ){0,3}?(?:treated|classified|rated|designated|deployed|released|categori[sz]ed|considered|placed|"
    r"assigned|labell?ed|first|found|deemed|raised|lowered|moved|put|kept|reach|cross|hit|meet|enter|exceed|"
    # "should treat Ibis 3 as Tier 4", "must move it to Tier 4"
    r"treat|classify|rate|designate|deploy|release|categori[sz]e|consider|place|assign|label|deem|raise|lower|"
    r"move|keep|list|upgrade|downgrade)\b",
    ("should", "must", "ought", "would", "could", "might", "may", "will", "need"),
)
FIRST = Cue(r"\bfirst\b", ("first",))
NEG_PRE = Cue(
    r"(?:\bnot|n't|\bnever|\bno|\bnone of|\bneither|\bnor|\bbelow|\bbeneath|\bshort of|\bruled? out|\brules out|"
    r"\bruling out|\bfell short of|\bfalls short of|\bwithout (?:reaching|triggering|crossing|meeting)|"
    r"\blower than|\b(?:stopped|ceased|stops|ceases) (?:treating|classifying|rating|designating))\b"
    r"(?:[^.]|\.(?=\d)){0,70}$",  # a version's dot ("gpt-6.1-mini") ends no sentence
    ("no", "n't", "never", "neither", "below", "beneath", "short of", "rul", "without", "lower than", "stop",
     "ceas"),
)
# "stays under the Critical threshold": under a threshold is below it (under a policy or a standard is at a level)
UNDER_BEFORE = re.compile(r"\b(?:under|beneath)\s+(?:the\s+|its\s+|all\s+|every\s+|any\s+|each\s+)?[\"']?$", re.I)
THRESHOLD_AFTER = re.compile(r"[\"']?[\s-]+(?:risk\s+|capability\s+)?(?:thresholds?|lines?|bars?|triggers?)\b", re.I)
# "... treated as High since launch, no longer meets that threshold": the level named before is no longer held
NO_LONGER_THAT = re.compile(r"\bno longer (?:\w+ ){0,2}?(?:that|the|this|its|the same) (?:threshold|level|tier|band|"
                            r"class|stage|rating|designation|classification|bar)\b", re.I)
NEG_POST = Cue(
    r"^[\"']?[\w\s()-]{0,40}?\b(?:(?:was|were|is|are|has been|have been|had been)\s+)?(?:not (?:been )?"
    r"(?:reached|met|triggered|crossed|required|needed)|ruled out|not required)\b",
    ("not", "ruled out"),
)
DOWN = Cue(
    r"\b(?:downgrad\w+|demot\w+|lowered|lowers|lowering|reduced (?:it |its \w+ )?(?:to|from)|"
    r"cuts? (?:\S+ ){0,4}?(?:to|from|rating)|no longer|down from|(?:stopped|ceased|stops|ceases) treating|"
    r"de-?activat\w+|step(?:s|ped|ping)? (?:\S+ ){0,4}?down|mov\w* (?:\S+ ){0,4}?down|"
    r"(?:tak\w+|took|br(?:ing|ings|ought)) (?:\S+ ){1,4}?down to|relax\w*|eas(?:ed|es|ing)|back down to|downwards?|"
    r"revers\w+|withdr[ae]w\w*|retract\w*|rescind\w*|lift(?:s|ed|ing)? (?:\S+ ){0,4}?(?:safeguards|"
    r"protections|restrictions|controls|measures|requirements))\b",
    ("downgrad", "demot", "lower", "reduced", "cut", "no longer", "activat", "step", "mov", "relax", "eas",
     "down to", "back down", "revers", "withdr", "retract", "rescind", "lift", "down from", "downward", "stop",
     "ceas"),
)
# A move up in so many words: "raised Pike-9 to", "bumps it up a tier", "upgraded"
UP_MOVE = Cue(
    r"\b(?:rais(?:e|es|ed|ing)|upgrad\w+|promot(?:e|es|ed|ing)|escalat\w+|elevat(?:es|ed|ing)|bump(?:s|ed|ing)?|"
    r"lift(?:s|ed|ing)? (?:\S+ ){0,3}?to|mov(?:e|es|ed|ing) (?:\S+ ){0,3}?up|step(?:s|ped)? up|climb\w*|up from|"
    r"graduat(?:e|es|ed|ing) to|"
    r"upwards?)\b",
    ("rais", "upgrad", "promot", "escalat", "elevat", "bump", "lift", "mov", "step", "climb", "up from", "upward",
     "graduat"),
)
UP_STRONG = Cue(
    r"\b(?:rais(?:ed|es|ing)|upgrad\w+|escalat\w+|elevat(?:es|ed|ing)|crossed|crosses|triggered|triggers|reached|"
    r"reaches|entered|enters|hit|hits|met|meets|exceed(?:s|ed)|surpass(?:es|ed)|moved up|moves up|bump(?:s|ed)?|"
    r"step(?:s|ped)? up|"
    r"lift(?:s|ed)? "
    r"(?:\S+ ){0,3}?to|crossed into|climb\w*)\b",
    ("rais", "upgrad", "escalat", "elevat", "cross", "trigger", "reach", "enter", "hit", "met", "meets", "exceed",
     "surpass", "moved up", "moves up", "bump", "step", "lift", "climb"),
)
# A negative determination that is a change: "revised ... now below", "moved below", "no longer reaches"
NEG_CHANGE = Cue(
    r"\b(?:revis\w+|re-?evaluat\w+|re-?assess\w+|now (?:\S+ ){0,3}?(?:below|under|short)|"
    r"(?:moved|moves|dropped|drops|slipped|slips|brought|brings) (?:\S+ ){0,3}?(?:below|under|out of))\b",
    ("revis", "evaluat", "assess", "now", "mov", "drop", "slip", "brought", "bring"),
)
# "the first model to reach it", "the first time", "its first ... at that level": a new high for the lab
FIRST_UP = Cue(
    # ... but not the first model rated at all: "the first model to receive a level under the framework"
    r"\bfirst (?!(?:[\w'-]+ ){0,4}?(?:model|system|one)s?\b[^.;]{0,30}?\b(?:(?:receive[sd]?|gets?|given|assigned|"
    r"carr(?:y|ies)) (?:a|any|its) (?:[\w-]+ )?(?:level|rating|tier|grade|classification|designation)|"
    r"(?:rated|assessed|evaluated|classified|graded|reviewed|placed) (?:under|using|against)\b))"
    r"(?:(?!assessment|evaluation|rating|review|determination|report|card|release|version)\S+ ){0,3}?"
    r"(?:model|system|release|launch|one|AI|of (?:its|the company's|the lab's) (?:\w+ )?(?:models|systems))"
    r"(?:,? (?:ever )?(?:to|that|it|we|they|which|with|at|rated|classified|placed|assessed|treated|deemed|in|under|"
    r"above)\b"
    # "the first model Harlowe AI is treating as High"
    r"|(?-i: (?:[A-Z][\w&-]*)(?: [A-Z][\w&-]*)? (?:is|has|had|was|will|would)\b))"
    # "the first time a model has reached it", not "the first time the company has published a rating"
    r"|\bfirst time\b(?!(?:\s+[\w'-]+){0,5}?\s+(?:publish|disclos|releas|issu|assess|rat|evaluat|assign|report|"
    r"attach)\w*)"
    r"|\ba first\b|\bunprecedented\b|\bnever before\b",
    ("first", "unprecedented", "never before"),
)
# "Its predecessor, Heath 1, was rated", "earlier models had been at the": a level the lab's earlier models held
PREDECESSOR_LEVEL = re.compile(
    r"\b(?:predecessors?|(?:previous|earlier|older|prior) (?:[\w.-]+ ){0,2}?(?:models?|versions?|systems?|"
    r"generations?))\b"  # "earlier GLM models were in the Green zone"
    r"(?:,[^,.;]{1,30},)?\s+(?:had\s+been|has\s+been|were|was|sat|stood|held|carried|(?:had\s+)?(?:topped|maxed)\s+"
    r"out|(?:had\s+)?peaked)\b[^.;]{0,30}?"  # "Its predecessors had topped out at High"
    r"(?<![\w-])[\"']?(?P<level>(?-i:[A-Z][a-z]+))\b", re.I)
# "the first time an Aleph Alpha model has been placed above Tier I": the level the lab's models held before
FIRST_ABOVE = re.compile(r"\bfirst\b(?:\s+[\w'-]+){0,8}?\s+(?:above|beyond|past|higher than)\s+"
                         r"(?:the\s+|its\s+)?[\"']?$", re.I)
# "the first Kestrel system to be treated this way": the level of the sentence before, for the first time
SO_TREATED = re.compile(r"\b(?:this|that|such|the same)\s+(?:way|level|tier|rating|status|designation|"
                        r"classification|treatment)\b", re.I)
# "activated ASL-3 protections": turning on the level itself
ACTIVATED_BEFORE = re.compile(r"\bactivat\w*\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?[\"']?$", re.I)
ACTIVATED_AFTER = re.compile(r"^[\"']?\s+(?:\w+\s+)?(?:safeguards|protections|standard|measures)\s+"
                             r"(?:(?:were|are|have been|has been|now|being)\s+)?activated\b", re.I)
# "one stage above its predecessor", "a tier below Wren-5": against an earlier level
STEP_ABOVE = Cue(
    r"\b(?:(?:a|one|two|three|\w+) (?:step|stage|tier|level|notch|band|rung|class|grade|place)s? (?:above|higher than|"
    r"up from)|above (?:its|the) (?:predecessor|previous|earlier|last|prior)|higher than (?:its|the) "
    r"(?:predecessor|previous|earlier|prior))\b",
    ("above", "higher", "up from"),
)
STEP_BELOW = Cue(
    r"\b(?:(?:a|one|two|three|\w+) (?:step|stage|tier|level|notch|band|rung|class|grade|place)s? (?:below|lower than|"
    r"down from)|below (?:its|the) (?:predecessor|previous|earlier|prior))\b",
    ("below", "lower", "down from"),
)
# A level named as the point a model's level is compared with: "the first to get a rating above 'Green'",
# "one step above 'Baseline'", "up from Tier 2"
REFERENCE_BEFORE = re.compile(r"(?:\b(?:rating|level|tier|step|stage|notch|band|class|grade|rung|one|two)s?\s+"
                              r"(?:above|higher than|beyond)|\b(?:up|down) from"
                              # "one step above the L2 rating ... and two below L5": a distance, not a level
                              r"|\b(?:one|two|three)\s+(?:(?:steps?|levels?|tiers?|bands?|notches?)\s+)?below"
                              # "the first of its models above Tier I": the level the lab's models were at before
                              r"|\bfirst\b(?:\s+[\w'-]+){0,4}?\s+(?:above|beyond|past)"
                              # "reached the alert threshold for the Cyber Uplift Level 1 CCL": whose threshold
                              # "in 'red', the top band, rather than 'orange'": not its level
                              r"|\brather than|\binstead of"
                              # "scores 'consistent with' Tier 3": a yardstick, not a placement
                              r"|\b(?:consistent with|in line with|comparable (?:to|with))[\"']?(?:\s+[\w-]+){0,3}?"
                              r"|\b(?:alert|early[- ]warning|warning)\s+thresholds?\s+(?:for|of)(?:\s+the)?"
                              r"(?:\s+[A-Z][\w-]*){0,4}(?:\s+\d)?)\s+(?:the\s+|its\s+)?[\"']?$",
                              re.I)
# A sentence opening on the model's launch: the level after it is the one it launched with ("When Wren-4 launched in
# August, the lab shipped it under Tier 3"), earlier than any the article gives it since
LAUNCH_OPENING = re.compile(r"(?:(?:When|As|After)\s+[^,]{1,60}?\b(?:launched|was released|(?:first )?released|"
                            r"(?:first )?shipped|debuted|went live)|Since (?:its|the model's) (?:release|launch|debut)|"
                            r"At the time|"
                            r"(?:In )?(?:[Tt]he|[Ii]ts) (?:original|initial|earlier|previous|first) (?:version of "
                            r"(?:this|the|its) )?(?:model card|system card|card|report|assessment|announcement))\b"
                            r"[^,]{0,40},")
# Countries, by their short names: put in a tier (export rules: "moved Malaysia and Vietnam from Tier 2 to Tier 1")
# they give no model's level; they name no organisation either ("China's Kimi 3")
COUNTRIES = frozenset("""Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh
    Belarus Belgium Brazil Bulgaria Cambodia Canada Chile China Colombia Croatia Cuba Cyprus Czechia Denmark Egypt
    Estonia Ethiopia Finland France Georgia Germany Ghana Greece Hungary Iceland India Indonesia Iran Iraq Ireland
    Israel Italy Japan Jordan Kazakhstan Kenya Korea Kuwait Latvia Lebanon Lithuania Luxembourg Malaysia Malta Mexico
    Moldova Mongolia Morocco Netherlands Nigeria Norway Oman Pakistan Peru Philippines Poland Portugal Qatar
    Romania Russia Rwanda Serbia Singapore Slovakia Slovenia Spain Sweden Switzerland Syria Taiwan Thailand
    Tunisia Turkey Ukraine Uzbekistan Venezuela Vietnam Yemen UAE""".split())
PLACES_OF_TWO_WORDS = frozenset(("Saudi Arabia", "South Africa", "New Zealand", "United Arab Emirates",
                                 "United States", "United Kingdom", "South Korea", "North Korea", "Hong Kong",
                                 "Costa Rica", "Sri Lanka"))
COUNTRY_OBJECT = re.compile(r"\b(?:countries|nations|allies|destinations|(?:" + "|".join(sorted(PLACES_OF_TWO_WORDS))
                            + "|" + "|".join(sorted(COUNTRIES)) + r")(?:,| and| or)?)\s+"
                            r"(?:(?:from|to|into|in|at|as)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}$")
# The level a change started from, named after the new one: "raised it to Grade IV, from the Grade III assigned to
# its predecessor"
FROM_BEFORE = re.compile(r"\bfrom (?:the |its |a )?[\"']?$")
# A level of another kind of risk the text names: "raised its assessment of tenant-concentration risk to 'high'"
OTHER_RISK_OBJECT = re.compile(
    r"\b(?:assessments?|ratings?|scores?|views?|grades?) of (?:its |the |their )?(?P<what>[\w-]+(?: [\w-]+)?) risks?\s+"
    r"(?:to|at|as|from)\s+(?:the\s+)?[\"']?$", re.I)
# A company, its debt or its shares put at a level ("cuts AI data-centre builder to 'high risk' grade", "places
# frontier developers in Tier 3"): a credit rating, an analyst's call or an insurer's class, no model's level
COMPANY_OBJECT = re.compile(r"\b(?:builders?|makers?|firms?|compan(?:y|ies)|operators?|providers?|lenders?|banks?|"
                            r"insurers?|issuers?|start-?ups?|holdings|bonds?|debt|notes|shares|stocks?|developers?|"
                            r"labs|applicants|clients|customers|policyholders|borrowers|suppliers|vendors|users|"
                            r"accounts|subscribers)\s+"
                            # "many developers move up to Tier 3": an API's usage tiers
                            r"(?:(?:will\s+|can\s+|now\s+|then\s+)?(?:move|moves|moved|get|gets|graduate|graduates)\s+)?"
                            r"(?:(?:down |up )?(?:to|into|in|at|as)\s+)(?:the\s+|a\s+)?"
                            r"(?:(?:Tier|Level|Class|Band|Grade|Stage)\s+\w+\s+(?:or|and)\s+)?[\"']?$")
# An incident's severity, no model's level: "rated the outage of Spire-6's endpoints a P1 incident, the top level of
# its severity scale"
INCIDENT = re.compile(r"\b(?:incident|outage|disruption|breach)(?:s|es)?,?\s+(?:the|a|an|its)\s+[\"']?$", re.I)
# A move as the subject of a sentence speaks of it in general: "Moving to the 'Red' band would require ..."
GERUND_SUBJECT = re.compile(r"\W*(?:Moving|Reaching|Crossing|Entering|Hitting|Getting|Going|Being (?:placed|rated|"
                            r"moved|classified|put))\b")
# A level given its name: "which it calls Threshold 2", "a line known as"
NAMING_A_LEVEL = re.compile(r"\b(?:(?:which|that|what) (?:it|they|the company|the lab|[A-Z]\w+) "
                            r"(?:calls?|names?|terms?|dubs?|labels?)|(?:called|named|termed|dubbed|known as))\s+"
                            r"(?:the\s+|a\s+)?[\"']?$")
# A level named in an earlier sentence, referred to: "Gemini 4 Ultra had crossed it", "remains below that threshold"
LEVEL_ANAPHOR = re.compile(
    r"\b(?:crossed|cross(?:es)?|reached|reach(?:es)?|met|meets?|exceeded|exceeds?|hit|hits|passed|pass(?:es)?|"
    r"surpassed|surpass(?:es)?|breached|breach(?:es)?|below|under|beneath|above|beyond|short of)\s+(?P<ref>it)\b"
    r"(?!\s+(?:is|was|has|had|will|would|can|could|may|might|does|did)\b)"
    r"|\b(?P<ref2>(?:that|this|the same)\s+(?:(?:capability|risk|critical|alert|safety)\s+)?(?:threshold|level|tier|"
    r"line|bar|band|stage|rung))\b")
# A level's definition changed, no model put at it: "lowering the capability bar for Stage 4"
DEFINITION_OBJECT = re.compile(r"\b(?:bar|threshold|definition|criteria|criterion|requirements?|trigger|line|"
                               r"conditions?|safeguards|obligations)\s+(?:for|of)\s+(?:the\s+)?[\"']?$")
# A lab's own security meeting a level's standard, no model put at it: "its data centres now meet the Tier 4
# security standard"
SECURITY_MEETS = re.compile(r"\b(?:infrastructure|security|controls|systems|data cent(?:er|re)s)\b[^.;]{0,80}?"
                            r"\b(?:meets?|met|satisf(?:y|ies|ied)|compl(?:y|ies|ied) with)\s+(?:the\s+|its\s+)?[\"']?$",
                            re.I)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A time the text puts in the past: "In our March report", "in January", "last year", "in 2026"
PAST_DATE = re.compile(r"\b(?:in|In) (?:our |its |the |a )?(?:" + MONTHS + r")\b|"
                       r"\blast (?:year|month|spring|summer|autumn|fall|winter)\b|\b[Ii]n 20\d\d\b|"
                       r"\bearlier this year\b|"
                       r"\b(?i:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|a few|several) (?:weeks|months)|"
                       r"a month) ago\b|"  # "Three months ago we placed it in Band C"
                       # an earlier document: "In Notice 2026-03", "in its previous assessment"
                       r"\b[Ii]n (?:[Nn]otice|[Dd]ecision|[Rr]eport) (?:No\.? ?)?[A-Z0-9][\w./-]*\d|"
                       r"\b[Ii]n (?:its|our|the|their) (?:earlier|previous|prior|last|first) (?:notice|report|"
                       r"assessment|review|decision|statement|update|evaluation)\b")
# History, whatever the verb's tense: "Two years ago this month, the lab's evaluators placed the model at Level 4"
YEARS_AGO = re.compile(r"\b(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|many) years|a year|"
                       r"a decade|(?:twelve|eighteen|twenty-four|1[2-9]|2\d) months) ago\b", re.I)
# a level told in a clause dating it: "led the company through a turbulent 2023, when it placed Cobble-2 at Tier 3"
YEAR_WHEN = re.compile(r"\b(?:19|20)\d\d,?\s+when\b")  # ... "the week in 2019 when its committee placed"
# ... or "back in" a year: "Kite-1 was placed at Amber under the same framework back in 2023"
BACK_IN_A_YEAR = re.compile(r"\bback in (?:(?:" + MONTHS + r") )?(?:19|20)\d\d\b")
# ... or in a relative clause with its year: "Cobalt, which the council designated a systemic-risk model in 2024"
# ("Gannet-2, which the company placed at Tier 2 of its risk policy last autumn, is used by", "Pellucid, which
# rated Nimbus-R at Tier III on release, said"), or in a clause of time: "When Larkspur rated Vireo-Max at Level 4
# in 2025, I"; not "which the Commission designated in February": this year's may still be news to the tracker
_PAST_WHEN = (r"(?:in (?:(?:" + MONTHS + r") )?(?:19|20)\d\d|last (?:year|autumn|fall|spring|summer|winter|" + MONTHS
              + r")|on (?:its )?release|at launch)\b")
RELATIVE_DATED = re.compile(r"\b(?:which|whom|whose)\b[^.;,]{0,120}?\b" + _PAST_WHEN
                            + r"|^When\b[^.;,]{0,120}?\b" + _PAST_WHEN)
# a level told in the past perfect under a year: "In 2025, the company had placed Rook-2 at Tier 2"
# ("When Anthropic said in May 2025 that it had activated ASL-3")
YEAR_PLUPERFECT = re.compile(r"^(?:In|By|Back in|When\b[^,;]{0,60}?\bin(?: [A-Z][a-z]+)?) (?:19|20)\d\d\b[^.;]{0,80}"
                             r"\bhad\b")
# a sentence that opens on a year: "In the spring of 2020, Arbor Labs placed ...", "In May 2025, X activated ...",
# a timeline's entry "2023 - places Tally-3 at Amber"
YEAR_OPENING = re.compile(r"(?:(?:In|By|Back in)\s+(?:the\s+)?"
                          r"(?:(?:spring|summer|autumn|fall|winter|early|late|mid-?)\s*(?:of\s+)?)?"
                          r"(?:(?:" + MONTHS + r")\s+)?|(?=(?:19|20)\d\d\s*[-\u2013\u2014:]\s))"
                          r"(?P<year>(?:19|20)\d\d)\b")
# a move no one has made, as a noun: "A move to High would require ...", "any downgrade to Tier 1"
A_MOVE_TO = re.compile(r"\b(?:[Aa]n?|[Aa]ny)\s+(?:move|upgrade|downgrade|change|shift|reclassification)\s+"
                       r"(?:(?:up|down|back)\s+)?(?:to|into)\s+(?:the\s+)?[\"'\u2018\u201c]?$")
# a headline about people, not models: "Dunmore Labs co-founder steps down", "Quill names new chief scientist"
PERSONNEL_HEADLINE = re.compile(r"\b(?:steps? down|stepping down|resigns?|resigned|retires?|departs?|leaves|to leave|"
                                r"appointed|appoints|names new|hires|joins|succeeds?|ousted|fired)\b", re.I)
IN_A_YEAR = re.compile(r"\b(?:in|since|during) (?:19|20)\d\d\b")
# the status quo, said in passing: "Kite-5 currently sits at Medium"
CURRENTLY = re.compile(r"\b(?:currently|at present|as things stand)\b", re.I)
# a press release's closing boilerplate: "About Oakhurst Machine Intelligence" on a line of its own
ABOUT_THE_COMPANY = re.compile(r"(?m)^\s*About [A-Z][\w&.'-]*(?: [A-Z&][\w&.'-]*){0,5}\s*$")
# A model no longer served has no current level: "Polaris-1 was retired last year", "the now-retired Polaris-1"
RETIRED_AFTER = re.compile(r"\s+(?:model\s+)?(?:was|were|(?:has|have|had)(?: long since)? been|is being)\s+"
                           r"(?:\w+ly\s+)?"
                           r"(?:retired|discontinued|withdrawn|deprecated|decommissioned|shut down|sunset(?:ted)?)\b")
# a cheap test that a text may say so: a word of the two patterns above and below
RETIRED_WORDS = re.compile(r"retir|discontinu|withdrawn|deprecat|decommission|defunct|shut\w* down|"
                           r"switch\w* off|sunset")
RETIRED_BEFORE = re.compile(r"\b(?:(?:now-|since-)?(?:retired|discontinued|deprecated|decommissioned|defunct)|"
                            r"retir(?:e|es|ing)|switch(?:es|ed|ing)? off|shut(?:s|ting)? down|discontinu(?:e|es|ing)|"
                            r"deprecat(?:e|es|ing)|decommission(?:s|ing)?|sunset(?:s|ting)?)\s+$")
# An earlier level, not the current one: "had been in Band B", "was rated Medium at launch"
STALE = Cue(
    r"\b(?:had (?:been|sat|stood|held|carried)|previously|formerly|originally|until (?:now|today|this week)|"
    r"at launch|at the time of (?:its|the model's) (?:launch|release|debut)|"
    r"during (?:its|the) (?:\w+ ){0,3}?(?:preview|beta|pilot)|"
    r"when (?:it|\S+(?: \S+){0,3}?) (?:launched|(?:was |were )?(?:first )?(?:released|shipped)|debuted)|"
    r"when (?:it|they|the company|the lab|[A-Z]\w+) first (?:activated|introduced|adopted|applied|reached)|"
    r"since (?:its |the )?(?:launch|preview|release|"
    + MONTHS + r"|last)|"
    r"last (?:year|month|spring|summer|autumn|fall|winter)|earlier this year)\b",
    ("had ", "previous", "former", "original", "until", "launch", "release", "since", "last", "earlier", "first",
     "during"),
)
# before a level, not after it: "now deploys X under ASL-2, having launched it under ASL-3"
LAUNCHED_BEFORE = re.compile(r"\bhaving (?:first )?(?:launched|released|shipped|debuted)\b", re.I)
# Reported speech moves the tense back: "the company said the model had been moved to Tier 3" is its level now
REPORTED_CHANGE = re.compile(r"\b(?:said|says|told|announced|confirmed|stated|noted|added|wrote)\b[^.;]{0,80}?"
                             r"\bhad been\s+"
                             r"(?:\w+ly\s+)?(?:moved|placed|rated|assigned|classified|reclassified|lowered|raised|"
                             r"upgraded|downgraded|cut|put)\s+(?:down\s+|up\s+|back\s+)?(?:to|at|in|into|as)\s+"
                             r"(?:the\s+)?[\"']?$", re.I)
# A list's line for the level before: "- Previous level: Level 3"
PREVIOUS_LABEL = re.compile(r"\W*(?:previous|prior|former|old|earlier) (?:level|rating|tier|classification|"
                            r"designation)\s*(?::|\s\|)\s*[\"']?$", re.I)
HELD = Cue(
    r"\b(?:remains?|remained|stays?|stayed|still|continu(?:e|es|ing) to|maintain\w*|again|unchanged|"
    # kept, but not what follows from a level: "places Muse Apex in 'high risk', keeps weights closed"
    r"(?:keeps?|kept)(?! (?:(?:its|the|their|model|model's) )?(?:weights|access|\w+ (?:closed|private|internal)))|"
    r"left (?:\S+ ){0,4}?(?:at|in|under)|"
    r"reaffirm\w*|confirm(?:s|ed)? (?:\S+ ){0,3}?(?:at|as)|hold(?:s|ing)? (?:\S+ ){0,3}?at|held (?:\S+ ){0,3}?at)\b",
    ("remain", "stay", "still", "continu", "maintain", "again", "keep", "kept", "unchanged", "reaffirm", "confirm",
     "left", "hold", "held"),
)
# The level a model shares with the one before: "deployed under ASL-2, the same as Claude Haiku 5", "treating it as
# High, consistent with our treatment of earlier Codex models"
SAME_AS_BEFORE = re.compile(
    r"^[\"']?[^.;]{0,60}?\b(?:the same (?:\w+ )?as (?:its |the |our |their )?(?:predecessor|previous|earlier|prior|"
    r"[A-Z])|consistent with (?:our |its |their |the )?(?:treatment|classification|rating|level|designation)s? of|"
    r"unchanged from|in line with (?:its |the |our )?(?:predecessor|previous|earlier|prior))", re.I)
# Kept in so many words, whatever else the sentence says ("still meets the criteria"): a designation confirmed or
# upheld, a change refused ("rejected Fellside AI's request to lift the designation")
KEPT_FIRMLY = Cue(
    r"\b(?:(?:confirm|uph[oe]ld|maintain)\w* (?:the|its|their) (?:\S+ )?(?:designation|classification|rating|label|"
    r"status|level|tier)|uph[oe]ld\w* (?:\S+ )?(?:designation|classification|rating|label|status)|"
    r"(?:reject|den|refus|dismiss|turn\w* down)\w* (?:\S+ ){0,4}?(?:request|bid|appeal|"
    r"application|challenge|attempt)s? to (?:lift|shed|remove|drop|lower|downgrade|end|revoke|reverse|overturn))\b",
    ("confirm", "uph", "maintain", "reject", "den", "refus", "dismiss", "turn"),
)
# an earlier time (not "previously unknown flaws")
BACKGROUND = Cue(
    r"\b(?:[Ii]n (?:" + MONTHS + r") \d{4}|"
    r"[Ii]n \d{4}|last year|previously(?! un\w+)|earlier this year|had (?:been )?(?:activated|triggered|reached))\b",
    ("last year", "previously", "earlier this year", "had ", "in 19", "in 20", "january", "february",
     "march", "april", "may ", "june", "july", "august", "september", "october", "november", "december"),
    flags=0,
)
ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|our) (?:new |latest |newest |same |own |flagship |frontier )?"
    r"(?:model|system|launch|release|agent)\b|\bit\b|\bits\b|\bthis\b",
    re.I,
)
# The level as the subject of a verb of consequence: "Class IV obliges the company to ...", "A SUR rating
# means ...", "Severe comes with the heaviest safeguards": what the level entails, not who is at it
LEVEL_AS_SUBJECT = re.compile(r"\W*(?:(?:a|an|the|its|this|that|our|their)\s+)?[\"']?", re.I)
ENTAILS = re.compile(
    r"[\"']?(?:[\s-]+(?:rating|tier|level|band|status|designation|classification|threshold|zone|class|label))?,?\s+"
    r"(?:also\s+|now\s+|still\s+|therefore\s+|in turn\s+|itself\s+)?(?:had\s+|has\s+|would\s+|will\s+)?"
    r"(?:means?|meant|requires?|required|obliges?|obliged|brings?|brought|comes? with|came with|carr(?:y|ies|ied)|"
    r"triggers?|entails?|allows?|permits?|applies|calls? for|demands?|covers?|(?:sits?|ranks?) (?:above|below)|"
    r"is (?:reserved|the|for|when|where|defined|one|above|below)|indicates?|signals?|implies|imposes?|restricts?|"
    r"limits?)\b",
    re.I,
)
# An assigning verb in the infinitive states an intention ("Grisedale AI to place Fell-5 in Tier 3", "wants to
# move it"), unless a decision governs it ("decided to treat", "the decision to place")
INTENDED = Cue(
    r"\bto (?:place|put|move|rate|classify|reclassify|designate|assign|treat|raise|lower|upgrade|downgrade|list|"
    r"categori[sz]e|label|be (?:placed|put|moved|rated|classified|reclassified|designated|assigned|treated|raised|"
    r"lowered|upgraded|downgraded|listed|categori[sz]ed|labell?ed))\b",
    ("to ",),
)
DECIDED_BEFORE = re.compile(r"\b(?:decided|decides|decision|chose|chosen|opted|voted|agreed|elected|moved|"
                            r"began|begun|started|continues?|continued|has had|have had)(?:\s+[\w'-]+){0,3}?\s+$", re.I)
# A list item that gives a category its level: "- Cyber: Level 3", "Biological and chemical: High"
CATEGORY_LABEL = re.compile(
    r"\W*(?:(?:cyber\w*|bio\w*|chemical|CBRN|radiolog\w*|nuclear|autonom\w*|persuasion|manipulation|AI R&D|ML R&D|"
    r"(?:AI )?self-improvement|loss of control|misalignment)(?:[\w\s&,/-]{0,30})?"
    # and a model card's own labels: "Overall level: Level 2", "Current rating: Amber"
    r"|(?:(?:overall|current|new|updated|assigned|final|risk|capability|previous|prior|former|old|earlier)\s+)?"
    r"(?:level|rating|tier|classification|risk level|designation))"
    r"(?::|\s\|)\s*[\"']?$",  # "Cyber: High", a table's "Cybersecurity | High"
    re.I,
)
# "the model", "its new model": a reference definite enough to carry a determination with a plain verb
MODEL_ANAPHOR = Cue(
    r"\b(?:the|this|its|our) (?:new |latest |newest |own |flagship )?(?:model|system|launch)\b(?!s)",
    ("model", "system", "launch"),
)
CARRY = Cue(
    r"\b(?:carr(?:y|ies|ied) (?:them|it|those|these|the \w+) (?:forward|over) to|"
    r"extend(?:s|ed)? (?:them|it|those|these) to|appl(?:y|ies|ied) (?:them|it|the same \w+) to)\s+$",
    ("carr", "extend", "appl"),
)


# A quotation whose speaker is an outsider: '"... puts this model at High," said the study's lead author'
OUTSIDER_QUOTE = re.compile(
    r"[\"\u201d],?\s+(?:said|says|wrote|writes|according to)\s+(?:the\s+|a\s+|an\s+|one\s+)?"
    r"(?:(?:study|report|paper|preprint|survey|audit|institute|think tank)'s\s+)?(?:lead\s+|senior\s+|independent\s+)?"
    r"(?:authors?|researchers?|analysts?|professors?|scientists?|critics?|experts?|economists?|lawyers?|academics?|"
    r"auditors?|evaluators?)\b")
# Someone other than the developer or the authority judging the level: an opinion, not a determination.
THIRD_PARTY = Cue(
    # not the lab's own people: "the company's own testers", "our researchers", "its internal red team"
    r"(?<!\bown )(?<!\bin-house )(?<!\binternal )(?<!\bour )(?<!\bits )"
    r"\b(?:(?:testing|red[- ]teaming|auditing|evaluation|assurance) firms?|red teams?|preprints?|"
    r"critics?|researchers?|analysts?|experts?|academics?|commentators?|observers?|columnists?|journalists?|"
    r"reporters?|campaigners?|advocates?|watchdogs?(?: groups?)?|nonprofits?|non-profits?|NGOs?|auditors?|"
    r"evaluators?|testers?|(?:re)?insurers?|underwriters?|bankers?|lenders?|rating agenc(?:y|ies)|investors?|"
    r"red[- ]teamers?|newsletters?|newspapers?|(?:news )?outlets?|tabloids?|"
    r"the institute|the university|scientists|skeptics|sceptics|opponents)\b'?"
    # as the one who speaks or judges: "critics say", "an independent evaluator, said", "according to analysts",
    # "researchers' tests show"; not "an expert uplift trial"
    r"(?=(?:[\s,]+[\w'-]+){0,8}?[\s,]+(?:said|say|says|argu\w*|believ\w*|think|thinks|thought|contend\w*|warn\w*|"
    r"wrote|write|writes|rate|rates|rated|put|puts|placed|places?|classif\w+|judg\w+|found|find|finds|estimat\w+|"
    r"reckon\w*|told|call|calls|called|grade\w*|scor\w+|consider\w*|see|sees|saw|view\w*|concluded|conclude\w*|"
    r"treat\w*|assess\w*|deem\w*|reports?|reported|suggest\w*|insist\w*|claim\w*|noted|add\w*|mov\w*|rais\w*|"
    r"lower\w*|cut|cuts|downgrad\w*|upgrad\w*|assign\w*|gave|give|gives|award\w*|label\w*|flag\w*|rank\w*|"
    r"designat\w*|categori[sz]\w*|show\w*|indicat\w*|measur\w*|test\w*|sorts?)\b)"
    # a ranking that places a model, its verb close by: "the leaderboard puts X in band 4" (not "despite moderate
    # gains on public benchmarks, X has been moved up")
    r"|\b(?:leaderboards?|benchmarks?|rankings?)\b(?=(?:\s+[\w'-]+){0,3}?\s+(?:rate|rates|rated|put|puts|placed|"
    r"places?|rank\w*|show\w*|grade\w*|scor\w+|classif\w+|list\w*|sorts?)\b)"
    r"|\baccording to (?:the |several |some |independent |outside )?(?:critics?|researchers?|analysts?|experts?|"
    r"evaluators?|testers?|insurers?|auditors?|scientists)\b"
    # an insurer's or a rater's own document: "Its underwriting schedule ... places Sable-8 in Risk Class 4"
    r"|\b(?:underwriting|actuarial|insurance|rating) (?:schedules?|tables?|models?|guides?|manuals?|matrix)\b",
    ("critic", "researcher", "analyst", "expert", "academic", "commentator", "observer", "columnist", "journalist",
     "reporter", "campaigner", "advocate", "watchdog", "newsletter", "newspaper", "outlet", "tabloid", "auditor",
     "evaluator", "tester", "red", "institute",
     "profit", "insurer", "underwriter", "banker", "lender", "rating agenc", "investor",
     "university", "scientist", "skeptic", "sceptic", "opponent", "underwriting", "actuarial", "insurance",
     "leaderboard", "benchmark", "ranking", "firm", "preprint",
     "rating "),
)
OPINION = Cue(
    r"\b(?:argu(?:e|es|ed|ing)|contend\w*|believes?|thinks?|[Ii]n (?:our|my|their|his|her) view|deserves?|"
    r"ought to be|looks? (?:generous|too)|[Oo]pinion|op-ed|writes? columnist|urg(?:e|es|ed|ing)|"
    # the writer's own reading: "by my reading", "to my eye", "I suspect"
    r"(?:[Bb]y|[Tt]o|[Ii]n) my (?:reading|eye|count|reckoning|mind|estimate|judge?ment)|"
    r"(?:[Bb]y|[Oo]n) our (?:reading|count|reckoning)|"  # a newsroom's: "by our count, the scores put X at Tier 4"
    r"[Mm]y (?:conclusion|view|verdict|reading|take) is|"  # "My conclusion is simple: ..."
    r"I (?:think|believe|reckon|suspect|doubt|would argue|would say))\b",
    ("argu", "contend", "believe", "think", "view", "deserve", "ought", "look", "opinion", "op-ed",
     "columnist", "urg", " my ", "my ", "i ", "our reading", "our count", "our reckoning"),
    flags=0,
)
# A headline that labels the piece as the writer's view: every unattributed statement in it is the writer's
OPINION_PIECE = re.compile(r"(?:Opinion|Column|Comment|Commentary|Op-ed|Editorial|Viewpoint|Perspective|Letter)\s*[:|]")
# What a column reports the lab did, not the writer's view: "Last Thursday, X lowered its Heron-3 model from Tier 3
# to Tier 2"; "X published its classification for Osprey-2 on Monday: Level 2" (not "should have placed")
DEED = Cue(r"(?<!\bshould have )(?<!\bwould have )(?<!\bcould have )(?<!\bmight have )(?<!\bmust have )(?<!\bown )"
           r"\b(?:lowered|raised|moved|placed|published|assigned|downgraded|upgraded|reclassified|graduated|"
           r"activated|designated|classified|lifted|bumped|cut|put|kept|rated|entered|listed|added)\b",
           ("lowered", "raised", "moved", "placed", "published", "assigned", "graded", "classified", "activated",
            "designated", "lifted", "bumped", "cut", "put", "kept", "rated", "entered", "listed", "added"))
SAYS = Cue(r"\b(?:said|says|announced|announces|disclosed|discloses|reported|reports|confirmed|confirms|stated|"
           r"states|wrote|writes)\b", ("said", "says", "announc", "disclos", "report", "confirm", "state", "wrote",
                                        "writes"))
RUMOUR = Cue(
    r"\b(?:according to (?:\w+ )?(?:people|persons|sources|insiders)|people (?:familiar|briefed)|reportedly|"
    r"(?:is|are|was|were) said to|rumou?r\w*|(?:weigh|consider|debat|mull)\w* (?:whether|if)|mulls|mulling|"
    # "a leaked draft", "Leaked Brightwater memo", "leaked to reporters"; not "a test harness (that) leaked answers",
    # "a leaked answer key"
    r"sources (?:say|said)|leaked(?= to\b| (?:[\w-]+ ){0,2}?(?:drafts?|memos?|documents?|reports?|e-?mails?|slides?|"
    r"decks?|cards?|cop(?:y|ies)|versions?|assessments?|letters?|notes?|recordings?|screenshots?|files?|papers?)\b)|"
    r"unconfirmed|claim(?:s|ed|ing)? that|alleg\w+|"
    r"draft (?:[\w-]+ ){0,2}?(?:card|report|document|memo|assessment)|"  # "a draft risk card"
    r"(?:seen|obtained|reviewed) by (?:this (?:publication|newsletter|newspaper|site)|reporters|journalists)|"
    r"(?:posts?|screenshots?|users?|leaks?|reports?) (?:claim|suggest|allege)\w*|"
    r"(?:headlines|media|press) (?:reports?|reported|said|claimed|ran)(?: that)?)\b|"
    r"^(?:Reports?|Sources?|Rumou?rs?)\s*:",
    ("according to", "familiar", "briefed", "reportedly", "said to", "rumo", "whether", "mull", "sources",
     "leaked", "unconfirmed", "claim", "alleg", "suggest", "report", "source", "rumo", "headlines", "media", "draft ",
     "press", "seen by", "obtained by", "reviewed by"),
)
# "developed by Lumen Labs", "from Veridian": the model's maker, not who decided
MAKER_BEFORE = re.compile(r"(?:\b(?:developed|built|made|trained|created|released|owned|designed|launched|published|"
                          r"shipped|sold)(?:\s+[\w-]+){0,3}?\s+by(?:\s+[\w-]+-based)?|\bfrom|\bat|\bbehind|"
                          r"\bmakers? of|\bof (?:domestic |local |(?:the )?\w+-based )?(?:AI )?"
                          r"(?:company|developer|firm|start-?up|lab))\s+$", re.I)
SAYS_AFTER = re.compile(r"^(?:'s?\s+\w+\s+)?\s*(?:said|says|announced|announces|reported|reports|wrote|writes|"
                        r"confirmed|confirms|told|stated|states)\b", re.I)
# "under the AI Basic Act": a law in force, which an authority administers
UNDER_A_LAW = Cue(r"\b(?:under|[Pp]ursuant to) (?:the |its |[A-Z][\w-]*'s )?(?:\(?[A-Z][\w-]*\)?\s+"
                  r"(?:(?:and|&|of|on)\s+)?){0,6}(?:Act|Law|Regulation|Decree|Ordinance|Guidelines)\b",
                  ("under", "ursuant"), flags=0)
# a regulator by its name: "Australian Frontier AI Authority", "Nordic Frontier Model Board", "Office for ... Safety"
REGULATOR_KINDS = ("Authority|Commission|Directorate|Board|Office|Regulator|Agency|Registrar|Inspectorate|Council|"
                   "Committee|Bureau")
# ... and the same kinds in other languages ("Comissão Nacional de ...", "Bundesamt für ...", "Tilsynet for ...")
FOREIGN_REGULATOR_KINDS = (r"Comiss[ãa]o|Comisi[óo]n|Commissione|Kommission|Komisja|Autoridade|Autoridad|Autorit[éà]|"
                           r"Ag[êe]ncia|Agencia|Agence|Agenzia|Agentur|Bundesamt|Bundesanstalt|Beh[öo]rde|Tilsynet|"
                           r"Tilsyn|Amet|Ufficio|Oficina|Conselho|Consejo|Conseil|Direc[çc][ãa]o|Direcci[óo]n|"
                           r"Inspectie|Toezicht|Urz[ąa]d|[ÚU][řr]ad|Virasto|Styrelsen|Myndighet(?:en)?|Verket")
REGULATOR = re.compile(rf"\b(?:{REGULATOR_KINDS}|{FOREIGN_REGULATOR_KINDS})\b")
# A body judging a model under criteria of its own: "under the institute's Frontier AI Evaluation Criteria"
UNDER_ITS_OWN = re.compile(r"\b(?:under|on|in|appl(?:ied|ying|ies)|using) (?:the|its) (?:institute|ministry|agency|"
                           r"authority|office|regulator|commission|department)'s\b", re.I)
DESIGNATING = re.compile(r"\b(?:re-?)?(?:designat|classif)\w*", re.I)
# "by the Advanced Systems Authority", "by Japan's Frontier Systems Review Board"
AGENT_BEFORE = re.compile(r"(?:\bby|\baccording to)\s+(?:the\s+)?(?:[A-Z][\w-]*'s?\s+)?$")
# "the company", "we": the article's developer
COMPANY_REF = Cue(
    r"\b(?:the|this|that) (?:company|lab|laboratory|developer|firm|start-?up|group|maker|provider|AI company|"
    r"AI lab|AI developer)\b|\b(?:we|our|us|its|it)\b",
    ("company", "lab", "developer", "firm", "start", "group", "maker", "provider", "we", "our", "us", "its", "it"),
)
LIFTED_BEFORE = re.compile(r"\b(?:lift(?:s|ed|ing)?|remov(?:es|ed|ing)|drop(?:s|ped|ping)?|relax(?:es|ed|ing)?|"
                           r"end(?:s|ed|ing)?|deactivat\w+|roll(?:s|ed)? back|withdr[ae]w\w*|walk(?:s|ed|ing)? back|"
                           r"revers(?:es|ed|ing)|rescind(?:s|ed|ing)?|scrap(?:s|ped|ping)?)"
                           r"\s+(?:the\s+|its\s+)?[\"']?$",
                           re.I)
SAFEGUARDS_AFTER = re.compile(r"^[\"']?\s+(?:[\w-]+\s+)?(?:safeguards|protections|restrictions|controls|measures|"
                              r"standard|requirements|designation|classification|rating|status|label)\b", re.I)
# a level whose name ends in its status noun ("the systemic risk designation")
STATUS_NOUN_END = re.compile(r"(?:designation|classification|status|label)$", re.I)
GENERIC_LEVEL_NP = re.compile(r"(?:^|\b)(?:a|an|any|every|each|no)\s+[\"']?$", re.I)
GENERIC_AFTER = re.compile(r"^[\"']?[- ](?:risk\s+|capability\s+)?(?:AI\s+|frontier\s+)?(?:systems?|models?)\b", re.I)
# An open question about the level: "Asked whether X is treated as High, a spokesperson declined"
# A hedge makes a judgement, not a determination: "'probably meets' the Critical level"
HEDGE = Cue(r"\b(?:probably|possibly|plausibly|perhaps|arguably|appears? to|seems? to|likely to|may well|suggests?)\b",
            ("probabl", "possibl", "plausibl", "perhaps", "arguabl", "appear", "seem", "likely", "may well", "suggest"))
# A denial that any level was given: "had not classified Ibis 4 under any tier", "denies placing it in Tier 4"
DENIAL = Cue(
    r"\b(?:has|have|had)(?: not|n't)(?: yet)? (?:\w+ )?(?:classified|placed|rated|designated|assigned|put|received|"
    r"categori[sz]ed|assessed|decided)\b|\bhas yet to\b|\bnot yet (?:been )?(?:classified|placed|rated|"
    r"assessed|designated|assigned)\b|\bden(?:y|ies|ied|ying)\b",
    ("not", "n't", "yet", "den"),
)
# A correction's account of what a story wrongly said: "An earlier version of this story said Spire-6 was at Tier 3"
# a correction notice, and what it says an earlier item wrongly reported: "An item in Tuesday's edition said ..."
CORRECTION_NOTICE = re.compile(r"^(?:Correction|Clarification|Retraction|Retracted|Withdrawn)s?\b|"
                               r"\bwe regret the error\b|\b(?:article|story|report) originally reported\b|"
                               r"\b(?:that|this) (?:was|is) (?:incorrect|wrong|inaccurate)\b", re.I)
EARLIER_ITEM_SAID = re.compile(r"\b(?:item|article|story|report|edition|post|newsletter)\b[^.;]{0,60}?"
                               r"\b(?:said|stated|reported|wrote|headlined|titled)\b", re.I)
CORRECTED = re.compile(r"\b(?:an earlier|a previous|the original) version of this (?:article|story|report|post)\b|"
                       r"\b(?:incorrectly|wrongly|mistakenly|erroneously) (?:stated|said|reported|wrote|claimed)\b",
                       re.I)
# A headline that denies a rating the news reported: "Harlowe AI denies report that Spire-7 reached Critical"
DENIED_REPORT = re.compile(r"\b(?:den(?:y|ies|ied)|rejects?|disputes?|refutes?|withdraws?|retracts?|pulls?|"
                           r"push(?:es|ed)? back (?:on|against))\s+"
                           r"(?:\w+\s+){0,2}?"
                           r"(?:reports?|claims?|rumou?rs?|allegations?)\b", re.I)
# The first person of a lab's own post
FIRST_PERSON = Cue(r"\b(?:we|our|us)\b", ("we", "our", "us"))
# ... and what a text leaves unsaid: "The card does not say which level Spire-6 is at"
QUESTION = Cue(r"\b(?:whether|asked if|(?:did|does|do) not (?:say|state|disclose|specify|reveal|indicate) "
               r"(?:what|which|whether|where|how)|declined to say|would not say)\b",
               ("whether", "asked if", " not say", " not state", " not disclose", " not specify", " not reveal",
                " not indicate", "declined to say", "would not say"))
