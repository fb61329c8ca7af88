"""Determination frames: who puts which model at which level, read from the sentence's grammar.

A determination is recognised by its frame, and its level is whatever fills the frame's level slot:

- active: an assigning verb whose object is the model, its subject the decider: "we have designated
  Tolva 3 as Risk Category III", "moved Orwin 4 from HZ-3 down to HZ-2", "lowered the persuasion rating
  of Quoll-6 to Medium", "released Breva 5 under Safety Tier 3", "Dunlin-5, which Plover placed at";
- passive: "Kobalt-4 has been assigned to Risk Band 3", "Heddon-3 was deemed to meet the High
  threshold", a headline's "Vela-5 placed in 'Elevated' tier";
- state: the model as the subject of a verb of reaching or of position: "Lune-6 reached R3", "Nettle-9
  remains Elevated", "Gannet-6 will ship under Tier 3"; a copula ("Murrel 4 is now an AR-2 model") beside
  a framework's name or after a decision ("has concluded that Wren-4 is below the High threshold");
- nominal: "the classification of Gavia-2 at Hazard Grade 4", "Velin 7's designation as ...";
- activation: "activated its R3 controls for Lune-6".

The model slot holds a model-like name (a name with a version, or one the text introduces as a model) or
a reference to one ("it", "the model"). The level slot holds a level-like phrase: a level the shape finder
found there (levels.py), a quoted phrase, a code ("HZ-2", "R3"), words ending in a number, a letter or a
Roman numeral ("Risk Category III", "Severity 3"), a registry or generic level word, a name the article
lists as a level, or a capitalised phrase before a tier noun ("Watch level", "a Heightened Concern
model"). A capitalised phrase alone ("reclassified as Restricted") counts only beside a framework's name.
`mood` tells whether a frame is stated as a fact, planned or expected, or conditional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor.classify.tiers.cues import GRAMMAR_WORD, PROPOSED_THAT, STATUS_NOUN_END
from monitor.classify.tiers.levels import (CAT_WORDS, LOW_LEVEL_WORDS, LevelFinder, LevelMention, ListedScale,
                                           names_a_use_class)
from monitor.classify.tiers.names import POSSESSIVE, ModelName, OrgName

# --- verbs and the slots they take ("" is a bare slot: "rated Bramble 3 'Substantial'") ---------------

_FAMILIES = {
    "klass": (r"designat(?:e|es|ed|ing)|(?:re-?)?classif(?:y|ies|ied|ying)|(?:re-?)?categori[sz](?:e|es|ed|ing)|"
              r"label(?:s|led|ed|ling)?|treat(?:s|ed|ing)?|handl(?:e|es|ed|ing)|regard(?:s|ed|ing)?|"
              r"recogni[sz](?:e|es|ed)|(?:re)?confirm(?:s|ed|ing)?|uph(?:olds?|eld|olding)|reaffirm(?:s|ed|ing)?|"
              r"declar(?:e|es|ed)|list(?:s|ed)?|flag(?:s|ged)?|mark(?:s|ed)?|giv(?:e|es|en|ing)|gave|award(?:s|ed)?|"
              r"class(?:es|ed)|(?:re-?)?tier(?:s|ed)|consider(?:s|ed)?|certif(?:y|ies|ied)|clear(?:s|ed)|"
              r"band(?:s|ed)",
              ("as", "", "in", "into", "under", "at", "from")),
    "rate": (r"(?:re-?)?rat(?:e|es|ed|ing)|grad(?:e|es|ed)|scor(?:e|es|ed)|(?:re-?)?assess(?:es|ed|ing)?|"
             r"(?:re-?)?evaluat(?:e|es|ed)|rank(?:s|ed)?",
             ("as", "at", "in", "", "under", "from")),
    "place": (r"plac(?:e|es|ed|ing)|puts?|putting|(?:sets?|setting)(?! (?:to|for|out|up)\b)|slot(?:s|ted)?|"
              r"peg(?:s|ged)?|(?:re)?assign(?:s|ed|ing)?|mov(?:e|es|ed|ing)|shift(?:s|ed)?|keeps?|kept|keeping|maintain(?:s|ed|ing)?|"
              r"holds?|held|leaves?|left|return(?:s|ed)?|add(?:s|ed)?|bracket(?:s|ed)?",
              ("at", "in", "into", "to", "under", "within", "as", "from", "below", "beneath", "above", "on", "")),
    "change": (r"rais(?:e|es|ed|ing)|lower(?:s|ed|ing)?|downgrad(?:e|es|ed|ing)|upgrad(?:e|es|ed|ing)|cuts?|"
               r"cutting|reduc(?:e|es|ed)|elevat(?:e|es|ed)|escalat(?:e|es|ed)|drop(?:s|ped)?|bump(?:s|ed)?|"
               r"lift(?:s|ed)?|tak(?:e|es|en)|took|bring(?:s)?|brought|send(?:s)?|sent|push(?:es|ed)?|"
               r"restor(?:e|es|ed)|revert(?:s|ed)?|increas(?:e|es|ed)|decreas(?:e|es|ed)|demot(?:e|es|ed)|"
               r"promot(?:e|es|ed)|step(?:s|ped)?|adjust(?:s|ed|ing)?|revis(?:e|es|ed|ing)|chang(?:e|es|ed|ing)|"
               r"eas(?:e|es|ed)|relax(?:es|ed)?|graduat(?:e|es|ed)",
               ("to", "into", "from", "at", "as")),
    "deploy": (r"deploy(?:s|ed|ing)?|releas(?:e|es|ed|ing)|launch(?:es|ed|ing)?|ship(?:s|ped|ping)?|"
               r"roll(?:s|ed)? out",
               ("under", "with", "at", "as")),
    "deem": (r"deem(?:s|ed)?|judg(?:e|es|ed)|found|finds", ("", "as", "to")),
}
_VERB = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v[0]})" for k, v in _FAMILIES.items()) + r")\b", re.I)
_SLOTS = {k: v[1] for k, v in _FAMILIES.items()}
# verbs whose level may follow the model bare ("rated Bramble 3 'Substantial'", "remains Elevated", "we assign
# Ipê-70B Grade C")
_BARE_FAMILIES = ("klass", "rate", "deem", "reach", "sit", "be", "place")
# a capitalised phrase alone is a level only after a verb that classes or moves
_PHRASE_FAMILIES = ("klass", "rate", "change", "place")
_NEEDLES = ("designat", "classif", "categori", "label", "treat", "handl", "regard", "recogni", "confirm", "uph",
           "consider", "reaffirm", "declar", "list", "flag", "mark", "rat", "grad", "scor", "assess", "evaluat", "rank",
           "plac", "put", "set", "slot", "peg", "assign", "certif", "clear", "band", "mov", "shift", "keep", "kept",
           "maintain", "hold", "held",
           "leave", "left", "return", "add", "bracket", "rais", "lower", "downgrad", "upgrad", "cut", "reduc", "elevat",
           "escalat", "fall back", "falls back", "fell back",
           "drop", "bump", "lift", "restor", "revert", "increas", "decreas", "demot", "promot", "step", "adjust",
           "revis", "chang", "eas", "relax", "graduat", "tier",
           "class", "appl", "extend",
           "impos", "tak", "took", "bring", "brought", "send", "sent", "push", "deploy", "releas",
           "launch", "ship", "roll", "deem", "judg", "found", "find", "reach", "meet", "met", "cross", "trigger", "hit",
           "exceed", "surpass", "enter", "remain", "warrant", "stay", "sit", ": ", "now ", "still ",
           "sat", "stand", "stood", "land", "fall", "fell", "belong", "qualif", " is ", " was ", "becom",
           "activat", " go ", " goes ", "went", "rise", "rose", "climb", "slip", "jump")
VERBS = re.compile("|".join(map(re.escape, _NEEDLES)))  # a cheap test that a lowercased sentence may hold a frame
# a level named by a Greek letter after a tier noun: "Category Gamma", "Tier Alpha" (not "Public Beta")
_TIER_NOUN = r"(?:Tier|Level|Category|Class|Band|Zone|Grade|Stage|Group)"
_GREEK = r"(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta|Eta|Theta|Iota|Kappa|Lambda|Sigma|Omega)"
# a cheap test that a text may hold a level no shape names: a slot before a quote, a code, words with a number,
# a letter or a Roman numeral, or a capitalised name before a tier noun ("as Risk Category III", "to HZ-2")
# a regulator's class named by a compound of its own: "a systemic-impact model", "high-consequence general-purpose
# models" (not the AI Act's "high-risk" use class)
_COMPOUND_CLASS = (r"(?:(?!high-risk\b)[a-z]+-(?:impact|risk|consequence|capability|hazard|priority)"
                   r"(?:\s+(?:general-purpose|foundation|frontier))?(?:\s+AI)?\s+models?|"
                   r"(?<=\ba )(?:[A-Z][a-z]+\s+){1,3}(?:AI\s+)?Model)\b")  # "... remain a Designated Frontier Model"
# a word the text explains as a level: "on Watch, the second rung of its four-step Oversight Framework", "at Caution,
# the same level its predecessor held"
_EXPLAINED_LEVEL = r"[A-Z][a-z]+,\s+the\s+(?:[\w-]+\s+){0,2}?(?:rung|level|tier|step|band|stage|grade)\b"
_EXPLAINED = re.compile(_EXPLAINED_LEVEL)
GATE = re.compile(r"\b(?:as|at|to|into|in|under|from|below|beneath|above|reach(?:es|ed)?|cross(?:es|ed)?|hits?|meets?|"
                  r"enter(?:s|ed)?|"
                  r"met|exceed(?:s|ed)?|is|was|remains?|stays?|sits?|rated|rates|classified|designated|deem(?:s|ed)|"
                  r"labell?ed|activated its|activates its|an?|code)\s+(?:the\s+|an?\s+|its\s+)?"
                  r"(?:(?:risk|capability|hazard)\s+(?:level|tier|class|category)\s+)?"  # "at capability level CL3"
                  r"(?:[\"'\u2018\u201c][A-Za-z][\w -]{0,30}[\"'\u2019\u201d]|"
                  r"[A-Z]{1,4}(?:[ -]?\d{1,2}|[ -][IVX]{1,4})(?![\w-])|"
                  r"(?:[A-Z][a-z]+[\s-]+){1,2}(?:\d{1,2}|[IVX]{1,4}|[A-Z])(?![\w-])|"  # "Severity 3", "Containment-3"
                  + _TIER_NOUN + r"[ -][A-Z]{1,2}-?\d{1,2}(?![\w-])|"  # "Category C2"
                  r"(?:[A-Z][a-z]+\s+){1,3}(?:level|tier|class|category|band|zone|rating|model)\b|"
                  r"(?:[A-Z][a-z]+\s+){0,2}(?i:(?:level|tier|class|category|band|stage|grade)\s+"
                  r"(?:one|two|three|four|five|six)\b)|"
                  + _TIER_NOUN + r"[ -]" + _GREEK + r"\b)"
                  # "moved X up to what we call Red"
                  r"|\bwhat\s+(?:we|it|they|the\s+(?:company|lab))\s+calls?\s+[\"'\u2018\u201c]?[A-Z]"
                  r"|\bas\s+(?:an?\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:AI|models?)\b[\w\s]{0,8}\bunder\b"
                  # a statutory class without "as": "designated Kaede-5 a specified frontier model under the ... Act"
                  r"|\bdesignat\w*\s+(?:\S+\s+){1,3}?an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:AI|models?)\b"
                  r"[\w\s]{0,8}\bunder\b"
                  r"|\b(?:reach|cross|exceed|met|meet|hit|trigger)\w*\s+(?:the|its)\s+(?i:cyber\w*|bio\w*|chemical|"
                  r"autonomy|persuasion)\s+threshold"
                  # a capitalised word beside a framework's name: "reclassified X as Restricted under its Policy",
                  # "classified HyperCLOVA Z at Caution, the middle of three levels in its AI Safety Framework"
                  r"|\b(?:as|at|to|into|(?:is|remains|stays|sits)(?:\s+(?:now|still))?)\s+[A-Z][a-z]+\b[^.;]{0,80}?"
                  r"(?i:framework|policy|scale|ladder|"
                  r"charter|scheme|safeguards|standard|grid|matrix|protocol|rubric)\b"
                  # a capitalised word rated for a tracked category: "is no longer rated Heightened for chemical risk"
                  r"|\b(?:rated|rates|at|to|into)\s+[A-Z][a-z]+\s+(?:for|in|on)\s+(?:the\s+)?(?i:" + CAT_WORDS + r")\b"
                  r"|\b" + _COMPOUND_CLASS + r"|\b(?:on|at|to|into)\s+" + _EXPLAINED_LEVEL)
# a cheap test that a sentence with no level of a known shape may hold a frame's level: a slot's word before a
# quote, a capital or a number word
SLOT = re.compile(r"\b(?:as|at|to|into|in|under|from|below|beneath|above|an?|reach\w*|cross\w*|enter\w*|hits?|"
                  r"meets?|met|exceed\w*|is|was|remains?|stays?|rated|rates|its|calls?)\s+(?:(?:the|an?|its|their|our)\s+)?"
                  r"(?:[\"'\u2018\u201cA-Z]|(?i:(?:risk\s+)?(?:level|tier|class|category|band|stage|grade)\s+\w))"
                  # a bare slot after a versioned name: "Onyx 3 'frontier-critical'"
                  r"|\d\s+[\"'\u2018\u201c][A-Za-z]"
                  r"|\b" + _COMPOUND_CLASS + r"|\bon\s+" + _EXPLAINED_LEVEL)  # "stays on Watch, the middle tier of"
_PARTICIPLE = re.compile(r"(?:ed|put|set|kept|held|left|upheld|found|cut|given)$", re.I)
_AUX = re.compile(r"\b(?:(?:has|have|had)\s+(?:(?:now|also|already|just|recently|since|not)\s+)?been|"
                  r"(?:is|are|was|were)(?:\s+being)?|be|being|been|get|gets|got)\s+"
                  r"(?:(?:now|also|formally|officially|already|again|just|recently|quietly|not|\w+ly)\s+){0,2}"
                  # shared by two participles: "was launched in April and rated Orange"
                  r"(?:\w+(?:ed|en|wn)\b(?:\s+[\w'-]+){0,4}?,?\s+and\s+)?$", re.I)
# the model as the subject of a verb of reaching, of position, of shipping, or of a copula
_STATE = re.compile(
    r"[\s,]*(?:(?:now|still|already|again|also|officially|formally|currently|firmly|itself|therefore|thus|"
    r"no longer|(?:does|did|do|has|had|have|will|would|could|might|may|should|must|can)(?: not|n't)?(?: have)?)"
    r"\s+){0,3}(?:(?:is|was|became|becomes)\s+(?:its|the|their|the company's|the lab's)\s+first\s+"
    r"(?:[\w-]+\s+){0,3}?(?:model|system)\s+(?:ever\s+)?to\s+)?"
    r"(?P<verb>(?P<reach>reach(?:es|ed)?|meets|meet|met|cross(?:es|ed)?|trigger(?:s|ed)?|hits?|exceed(?:s|ed)?|"
    r"surpass(?:es|ed)?|enter(?:s|ed)?)|(?P<sit>remain(?:s|ed)?|stay(?:s|ed)?|sits?|sat|stands?|stood|lands?|"
    r"landed|falls?(?! back)|fell(?! back)|belongs?|qualif(?:y|ies|ied)|ranks?|ranked|rates)|"
    r"(?P<shift>mov(?:e|es|ed)|ris(?:e|es)|rose|drop(?:s|ped)?|climb(?:s|ed)?|slip(?:s|ped)?|jump(?:s|ed)?|"
    r"falls? back|fell back|"
    r"go(?:es)?|went|return(?:s|ed)?)|"
    r"(?P<get>receiv(?:e|es|ed)|earn(?:s|ed)?|carr(?:y|ies|ied)|bears?|bore|holds?|held|gets?|got|keeps?|kept|"
    r"retain(?:s|ed)?|warrant(?:s|ed)?)|"
    r"(?P<ship>ship(?:s|ped)?|launch(?:es|ed)?|deploy(?:s|ed)?|go(?:es)? live|went live)|"
    # a headline's "Kite-5: Tier 3", "Kite-5 now Tier 3" say "is" without the verb
    r"(?P<be>is|was|becomes|became|has become|:(?=\s)|(?<=\bnow\s)|(?<=\bstill\s)|"
    r"(?<=\b[Ii]t)'s(?:\s+(?:still|now|already|again|currently))?))(?:\b|(?<=:)|(?<=\s))",  # spoken "it's still"
    re.I,
)
_STATE_SLOTS = {"reach": ("", "into"), "get": ("",), "shift": ("to", "into", "from"), "ship": ("under", "with", "at"),
                "be": ("", "at", "in", "below", "under", "within"),
                "sit": ("at", "in", "into", "below", "beneath", "above", "under", "within", "as", "for", "short of",
                        "on", "")}  # "on" a rung or a list only (_ON_A_LIST)
_NOMINAL = (r"(?:re)?classification|designation|categori[sz]ation|rating|placement|assignment|downgrade|upgrade|"
            r"treatment|elevation")
_NOMINAL_OF = re.compile(r"\b(?P<verb>" + _NOMINAL + r")\s+of\s+", re.I)
_NOMINAL_AFTER = re.compile(r"'s\s+(?:[\w-]+\s+){0,2}?(?P<verb>" + _NOMINAL + r")\b", re.I)
# "activated its R3 controls for", "lifted the Tier 3 safeguards on" (lifting says the level no longer applies)
_ACTIVATED = re.compile(r"\b(?P<verb>activat(?:e|es|ed|ing)|turn(?:s|ed)? on|appl(?:y|ies|ied)|extend(?:s|ed)?|"
                        r"impos(?:e|es|ed)|"
                        r"(?:de-?activat|lift|remov|relax|withdr[ae]w)\w*|drop(?:s|ped)?|end(?:s|ed)|"
                        r"roll(?:s|ed)? back)\s+",
                        re.I)
# "Tamworth AI's High-risk Quince 2", "its new Severe-rated Quince 2": a level that qualifies the model's name
_ATTRIBUTE = re.compile(r"[\s-]*(?:rated|risk|level|tier|class)\s+(?:(?:new|latest|newest|flagship|open)\s+)?"
                        r"[\"'\u2018\u201c]?")
# "the Tier 3 designation for Kite-5": a nominal with the level before it
_DESIGNATION_FOR = re.compile(r"[\"']?\s+(?:risk\s+)?(?:designation|classification|rating|status|label)\s+"
                              r"(?:for|of)\s+", re.I)
_FOR_OF = re.compile(r"\s+(?:for|of)\s+")
# "Tier 3 of its policy, the highest it has used, has been given to Spire-6": the level as the subject
_GIVEN_TO = re.compile(r"(?:[^.;?!]{0,140}?\s)?(?:has been|have been|had been|was|were|is|are)\s+(?:now\s+|also\s+)?"
                       r"(?P<verb>assigned|given|granted|awarded)\s+to\s+")
_SAFEGUARDS_FOR = re.compile(r"[\"']?\s+(?:[\w-]+\s+)?(?:protections|safeguards|controls|standard|measures|"
                             r"requirements)\s+(?:for|on|to)\s+", re.I)

# --- the model slot ---------------------------------------------------------------------------------

# what may stand between a verb and its model: "its newest coding model,", "Halloran AI's", "the risk rating of
# its", "new research agent", "the large language model '", "up"
_OBJECT_LEAD = re.compile(
    r"[\s,]*(?:(?:up|down|back)\s+)?"
    r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:rating|level|tier|classification|designation|status|grade|band|category)\s+"
    r"(?:of|for)\s+)?"
    r"(?:(?:its|the|their|our|this|that|a|an)\s+)?(?:(?:[A-Z][\w&-]*\s+){0,2}[A-Z][\w&-]*" + POSSESSIVE + r"\s+)?"
    r"(?:(?:own|new|newest|latest|flagship|open|open-weight|upcoming|frontier|largest|updated|experimental)\s+)*"
    r"(?:(?<=its )[a-z][a-z-]{2,}\s+)?"  # "its midsize Tolva-M model"
    r"(?:(?:[a-z0-9][\w-]*\s+){0,3}?(?:model|system|agent|assistant|release|LLM),?\s+)?[\"'\u2018\u201c]?"
)
# what may follow a model's name: "'Tsubame-3'", "its Lyra 5 model", "its Quarry-7 agent model"
_AFTER_NAME = re.compile(r"(?:[\"'\u2019\u201d](?!s\b)(?![A-Za-z]))?"  # a closing quote, not an opening one
                         r"(?:\s+(?:[a-z][\w-]*\s+)?(?:model|system|agent|LLM)\b)?"
                         # "Talisker-4's cyber level was raised to": the model's level as the subject
                         r"(?:'s\s+(?:[\w-]+\s+){0,2}?(?:level|rating|tier|classification|status|designation|"
                         r"flag|label|grade|band)\b)?")
# verbs that may give the level before the model: "assigned Tier 2 to X", "awarded a 'Severe' rating to X"
_GIVING = re.compile(r"assign(?:s|ed)?|award(?:s|ed)?|giv(?:e|es|en)|gave", re.I)
_TO_A_MODEL = re.compile(r"(?:\s+(?:[\w-]+\s+){0,2}?(?:rating|level|tier|grade|designation|label))?"
                         r"(?:\s*[\u2013\u2014]\s*[^\u2013\u2014]{1,120}?\s*[\u2013\u2014]|\s+-\s+[^-]{1,120}?\s+-)?"
                         r",?\s+to\s+(?:(?:its|the|their)\s+)?(?:(?:new|latest)\s+)?(?:model\s+)?")
_PRONOUN_OBJECT = re.compile(r"\s+(?:it|them|the model|this model|the system|the new model|the latest model|"
                             r"its (?:new|newest|latest) model)\b", re.I)
_REFERENCE = re.compile(r"\b[Ii]t(?='s\s)|"  # spoken "it's still Grade 2"
                        r"\b(?:it|(?:the|this|that|its|our) (?:new |latest |newest )?(?:model|system)|the (?:[\w-]+ )?"
                        r"(?:company|lab|firm|developer|start-?up)'s (?:new |latest )?(?:model|system))\b(?!')", re.I)
# before a subject: the start of a clause, a reporting verb or "that", then determiners ("Under the policy, its
# Lyra 5 model", "said that Thistle-4"); not a preposition ("an app built on Gale-4 is ...")
_SUBJECT_START = re.compile(
    r"(?:^|[,:;(]\s*|(?<!\w)[\"'\u201c]|\s[-\u2014]\s|\b(?i:that|and|but|so|while|if|when|once|unless|whether|"
    r"because|after|before|until|as|meaning|says|said|say|confirms|confirmed|announced|insists|insisted|maintains|"
    r"states|stated|explains|explained|hopes|hoped|expects|expected|wants|predicts|fears|"
    r"concluded|concludes|found|finds|determined|believes|thinks|think|argue|argues|wrote|writes|notes|noted|adds|"
    r"added|reports|reported|show|shows|showed|where|now|today|also)\s+)"
    r"(?:(?:its|the|their|our|this|that)\s+)?(?:(?:[A-Z][\w&-]*\s+){0,2}[A-Z][\w&-]*" + POSSESSIVE + r"\s+)?"
    r"(?:(?!(?:on|in|at|by|for|with|from|of|to|into|over|under|about|than|like|and|or|is|was)\b)[a-z][\w-]*\s+){0,2}"
    r"(?:(?:[\w-]+\s+){0,3}?(?:model|system|agent),?\s+)?[\"'\u2018\u201c]?$"
)
# between a subject and its passive verb: "Kobalt-4, its newest model, has been", "Ferro-6 is set to be"
_SUBJECT_GAP = re.compile(r"(?:,[^,;]{1,120},|,)?(?:\s+(?:will|would|is|are|was|were|has|have)(?:\s+\w+){0,2}?\s+to|"
                          r"\s+(?:will|would|could|may|might|should|must|can)(?:\s+not)?)?"
                          r"(?:\s+(?:therefore|thus|also|now|still|then))?\s*")
# "Dunlin-5, which Plover placed at", "Tarn-3, which the European Commission designated as"
_RELATIVE_OBJECT = re.compile(r",?\s+(?:which|that)\s+(?:(?:the\s+)?(?:[A-Z][\w&.-]*\s+){1,4}|"
                              r"(?:the\s+(?:company|lab|firm|developer|start-?up)|it|we)\s+)"
                              r"(?:has\s+|had\s+|have\s+)?(?:(?:now|also|since|already|\w+ly)\s+)?")
_WHICH = re.compile(r",\s+which\b")
# an aside after a name, skipped on the way to its verb or slot: ", its newest coding model,", ", launching on
# Thursday,"; before a slot also a closed relative clause (", which shares a base with Pike-8 Mini,")
_ASIDE = re.compile(r",\s+(?!which\b|who\b|and\b|but\b)[^,;]{1,120},")
_RECLASS = re.compile(r"re-?(?:classif|categori|tier)", re.I)
_WAY = re.compile(r"\s+(?:(?:one|two|a)\s+(?:step|level|notch|rung|tier|band)s?\s+)?(?:up|down)(?:wards?)?,?(?=\s)"
                  r"|\s+(?:up|down)wards?,?(?=\s)")  # "one step down, to Yellow"
_SLOT_ASIDE = re.compile(r"(?:,\s+(?!and\b|but\b)[^,;]{1,80},"
                         # between dashes: "placed Skald 3 -- the successor to Skald 2 -- at Tier 3" (em, en or spaced)
                         r"|\s*[\u2013\u2014]\s*[^\u2013\u2014,;]{1,80}?\s*[\u2013\u2014]|\s+-\s+[^,;]{1,80}?\s+-)"
                         r"(?=\s+(?:(?:as|at|to|into|in|under|within|from|an?)\b|[\"'\u2018\u201c]))")
# a copula a decision governs: "the company has concluded that Wren-4 is below the High threshold"
_CONCLUDED = re.compile(r"\b(?:concluded|concludes|determined|determines|found|finds|decided|confirmed|confirms|"
                        r"assessed|judged|established|conclusion)(?: that|:)?\s+$", re.I)

# --- the level slot ---------------------------------------------------------------------------------

_PREP = re.compile(r"\b(?:as|at|to|into|in|under|within|with|from|below|beneath|above|for|short of|on)\b", re.I)
# "put Rune 2 on its 'Red List'", "placed X on the Watch List", "put it on Rung 3": "on" takes a list or a
# ladder's step, nothing else ("on Azure")
_ON_A_LIST = re.compile(r"\s+(?:(?:the|its|their|a)\s+[\"'\u2018\u201c]?(?:[A-Z][\w-]*\s+){0,2}[Ll]ist\b|"
                        r"(?:(?:the|its|their)\s+(?:\w+\s+)?)?(?:[Rr]ung|[Ss]tep)s?\b|(?:Rung|Step|Level|Tier)\s+\w|"
                        + _EXPLAINED_LEVEL + r")")
_SLOT_STOP = re.compile(r";|:\s|\s[-\u2014]\s|\u2014|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|\bbecause\b|"
                        r"\band (?:it|the|we|its|[A-Z])|,\s+(?:said|says|according|which|who)\b|"
                        r"\band (?:said|says|added|adds|noted|announced)\b")
_TO_VERB = re.compile(r"to\s+(?:be\s+|meet\s+|reach\s+|cross\s+|exceed\s+|pose\s+|"
                      r"(?:its|the|their)\s+(?:[\w-]+\s+)?list\s+of\s+|"  # "added X to its list of high-impact models"
                      r"(?:remain|stay|sit|fall)\s+(?:(?:below|under|beneath|at|in|short of)\s+)?)", re.I)
_FROM_TO = re.compile(r"[\"']?(?:[\s-]+(?:risk\s+)?(?:tier|level|band|class|category|grade|stage|rung|zone))?"
                      r"(?:\s+(?:of|in|on|under)\s+[^,;]{1,60}?(?=\s+(?:to|into)\b))?"
                      r"(?:,[^,;]{1,80},)?\s*,?\s*(?:(?:all the way|straight|back|down|up|further)\s+)?(?:to|into)\b",
                      re.I)
_TO_FROM = re.compile(r"[\"']?(?:\s+[\w-]+){0,6}?\s*,?\s*(?:(?:down|up|back)\s+)?from\s+", re.I)
# before a level's name: articles, quantifiers of a negative ("below all Critical Capability Levels"), a
# category ("below the cyber alert threshold"), "the threshold for", "the criteria for", "the level 'medium'"
_ARTICLE = re.compile(
    r"\s*(?:(?:now|still|currently|officially|formally|again|already|having|being|presenting|posing)\s+)*"
    r"(?:what\s+(?:we|it|they|the\s+(?:company|lab))\s+calls?\s+)?"  # "moved Helio-3 up to what we call Red"
    r"(?:(?:the|a|an|its|our|their|this|that|any|every|all|each|either)\s+)?"
    r"(?:(?:new|top|highest|lowest|middle|initial|first|provisional|interim|preliminary|revised)\s+)?"
    r"(?:(?:threshold|criteria|bar|line|requirements?)\s+(?:for|of)\s+(?:(?:the|a|an)\s+)?)?"
    r"(?:(?:" + CAT_WORDS + r")\s+(?=[a-zA-Z]))?"
    # "the level 'medium'", "capability level CL3"
    r"(?:(?:risk\s+|capability\s+|hazard\s+)?(?:level|tier|category|class|rating|code)\s+"
    r"(?=[\"'\u2018\u201c]|[A-Z]{1,4}-?\d))?",
    re.I,
)
# not a quoted phrase of the sentence's own grammar: "is 'not yet at' Level 3"
_QUOTED = re.compile(r"[\"'\u2018\u201c](?!" + GRAMMAR_WORD + r")"
                     r"(?P<v>[A-Za-z][\w&+ -]{0,38}?)[\"'\u2019\u201d](?!\w)")
_CODE = re.compile(r"(?P<v>(?:(?:AI |ML )?R&D|[A-Z]{1,4})(?:-?\d{1,2}[a-z]?|-[IVX]{1,4}))(?![\w-]|\.\d)")
_CAP_WORD = r"(?:[A-Z][\w&+]*(?:-[A-Za-z][\w+]*)*)"
_CAP = re.compile(r"(?P<v>" + _CAP_WORD + r"(?:[ -](?:" + _CAP_WORD + r"|\d{1,2}(?![\d.,]\d)(?!\w)|[IVX]{1,4}\b"
                  r"|[A-Z]\b)){0,4})")
_LOW_LEVEL = re.compile(r"(?P<v>" + LOW_LEVEL_WORDS
                        + r")(?=[\s-]+(?:risk|capability|capabilities|level|tier|threshold|rating)\b)")
_LOW_NUMBERED = re.compile(r"(?P<v>(?:(?:risk|hazard|danger|vigilance|capability)\s+)?"
                           r"(?:tier|level|category|class|grade|band|stage)[ -](?:\d{1,2}|[IVX]{1,4}|"
                           r"one|two|three|four|five|six|seven|eight|nine|ten))"
                           r"(?![\w-]|\.\d)")
# a class a law names, written in lower case: "designated Cheonma-3 as high-impact AI under the AI Basic Act"
_STATUTORY = re.compile(r"(?!(?:as|at|to|in|into|under|a|an|the)\b)"
                        r"(?P<v>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:AI|AI models?|AI systems?|models?))"
                        r"(?=\s+under\s+(?:the\s+|its\s+)?(?:[A-Z][\w-]*\s+){1,6}(?:Act|Law|Regulation|Decree)\b)"
                        r"|" + _COMPOUND_CLASS)  # ... or named by a compound of its own, law named elsewhere
# "exceeded the biology threshold": the threshold of a category, in a framework that names no levels
_CATEGORY_THRESHOLD = re.compile(r"(?P<v>(?:cyber\w*|bio\w*|biological|chemical|CBRN|autonomy|persuasion|"
                                 r"self-improvement)\s+(?:risk\s+)?threshold)\b(?!\s+(?:for|of)\b)", re.I)
_DETERMINER = re.compile(r"\s*(?:(?:the|its|a|an|their|our)\s+)?")
_TAIL = re.compile(r"[\"']?[\s-]+(?:(?:risk|capability|concern|hazard|safety)\s+)?(?:tier|level|class|category|"
                   r"grade|band|stage|rung|zone|rating|threshold|designation|classification|status|label|"
                   r"protections|safeguards|controls|standard)s?\b", re.I)
_MODEL_TAIL = re.compile(r"[\"']?[\s-]+(?:(?:AI|frontier|risk)\s+)?(?:model|system)s?\b", re.I)
_ENDS_NUMBERED = re.compile(r"\S[ -](?:\d{1,2}|[IVX]{1,4}|[A-Z]|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)$|"
                            r"\b" + _TIER_NOUN + r"[ -]" + _GREEK + r"$")
# verdicts on quality, never a risk level: "rated Onyx 3 'excellent'", "'suitable' for schools"
_PRAISE = frozenset("excellent good great outstanding superb poor fair satisfactory unsatisfactory average best better "
                    "worse suitable unsuitable".split())
_NOT_FILLER = frozenset("""January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The Its Our Their This That AI API US USA EU UK UN
    Preview Beta Alpha General Availability Enterprise Pro Premium Plus Free Business Team Teams Apache MIT GPL
    Europe Asia Africa America China Japan India London Paris Berlin Tokyo Washington Brussels Q1 Q2 Q3 Q4 H1 H2
    FY CEO CTO It We I Version Release Build Edition Update Generation Gen Series Mark Chapter Phase Season Episode
    Number No Round Section Article Annex Title Part Page Figure Table Windows iOS Android""".split())


@dataclass
class Frame:
    voice: str  # active | passive | state | copula | nominal | activation | attributive
    family: str  # klass | rate | place | change | deploy | deem | reach | sit | get | shift | ship | be | nominal |
    #              activate | attribute
    verb: str
    verb_start: int
    verb_end: int
    model: ModelName | None  # the model slot; None with `anaphor`
    anaphor: bool  # "it", "the model": the model is named elsewhere
    level: LevelMention
    subject_end: int  # the deciding subject ends before this (the verb; for a passive or a state, the model)


@dataclass
class _Filler:
    start: int
    end: int
    name: str
    kind: str  # mention | quoted | code | numbered | word | statutory | phrase
    sure: bool  # level-like by its shape; a bare capitalised phrase is not


class FrameFinder:
    """The frames of a sentence, against the registry's and the article's level names."""

    def __init__(self, levels: LevelFinder):
        self.levels = levels

    def find(self, sentence: str, models: list[ModelName], orgs: list[OrgName], mentions: list[LevelMention],
             blocked: list[tuple[int, int]], framed: bool, scale: ListedScale | None) -> list[Frame]:
        """`mentions`: the levels the shape finder found (a slot takes the one it holds); `blocked`: spans no
        level takes (framework names); `framed`: a framework is named in or beside the sentence."""
        s = _Sentence(self.levels, sentence, [m for m in models if not m.comparison], orgs, list(mentions), blocked,
                      framed, scale)
        frames = s.active() + s.nominal() + s.activation() + s.attributive() + s.state()
        # one frame per level: an assigning verb before a verb of position ("placed ... and it remains")
        frames.sort(key=lambda f: (f.level.start, f.voice in ("state", "copula"), -f.verb_start))
        out, seen = [], set()
        for f in frames:
            if f.level.start not in seen:
                seen.add(f.level.start)
                out.append(f)
        return sorted(out, key=lambda f: f.level.start)


@dataclass
class _Sentence:
    levels: LevelFinder
    text: str
    models: list[ModelName]
    orgs: list[OrgName]
    mentions: list[LevelMention]
    blocked: list[tuple[int, int]]
    framed: bool
    scale: ListedScale | None
    priors: list[LevelMention] = field(default_factory=list)

    def __post_init__(self):
        self.priors = [m.prior for m in self.mentions if m.prior is not None]

    # -- frames -------------------------------------------------------------------------------------
    def active(self) -> list[Frame]:
        """Assigning verbs: active ("placed X at"), passive ("X has been assigned to"), a headline's
        participle ("X placed in")."""
        out = []
        for v in _VERB.finditer(self.text):
            family = v.lastgroup
            passive = _PARTICIPLE.search(v.group(0)) and self._passive_subject(v.start())
            if passive:
                (model, anaphor), obj_end = passive, v.end()
            else:
                model, anaphor, obj_end = self._object(v.start(), v.end())
            if model is None and not anaphor:
                given = self._given_to(v) if _GIVING.fullmatch(v.group(0)) else None
                if given is not None:  # "assigned hazard code CB-2 ... to Lodestar-E"
                    out.append(Frame("active", family, v.group(0), v.start(), v.end(), given[0], False, given[1],
                                     v.start()))
                continue
            # "reclassified Marsh 4 to Tier 2": classing again moves, and takes "to"
            preps = _SLOTS[family] + ("to",) if _RECLASS.match(v.group(0)) else None
            level = self._slot(obj_end, family, preps=preps)
            if level is not None:
                subject_end = model.start if passive and model else v.start()
                out.append(Frame("passive" if passive else "active", family, v.group(0), v.start(), v.end(), model,
                                 anaphor, level, subject_end))
        return out

    def _given_to(self, v: re.Match[str]) -> tuple[ModelName, LevelMention] | None:
        """The level a verb of giving takes first and the model it is given to: "has assigned hazard code CB-2 -
        the second of four bands - to Lodestar-E"."""
        f = self._filler(v.end(), v.lastgroup)
        if f is None or not f.sure:
            return None
        to = _TO_A_MODEL.match(self.text, f.end)
        model = next((mm for mm in self.models if to and mm.start == to.end()), None)
        return (model, self._mention(f)) if model is not None else None

    def nominal(self) -> list[Frame]:
        """"the classification of Gavia-2 at Hazard Grade 4", "Velin 7's designation as ..."."""
        out = []
        for mm in self.models:
            of = next((n for n in _NOMINAL_OF.finditer(self.text, max(0, mm.start - 60), mm.start)
                       if _OBJECT_LEAD.fullmatch(self.text, n.end(), mm.start)), None)
            after = _NOMINAL_AFTER.match(self.text, mm.end)
            if of is None and after is None:
                continue
            level = self._slot(after.end() if after else self._name_end(mm), "klass",
                               preps=("as", "at", "to", "in", "into", "from", "under"))
            if level is not None:
                n = of or after
                start = of.start() if of else mm.start
                out.append(Frame("nominal", "nominal", n.group("verb"), start, n.end("verb"), mm, False, level,
                                 start))
        return out

    def activation(self) -> list[Frame]:
        """"activated its R3 controls for Lune-6"."""
        out = []
        for act in _ACTIVATED.finditer(self.text):
            f = self._filler(act.end(), "klass")
            gap = _SAFEGUARDS_FOR.match(self.text, f.end) if f is not None and f.sure else None
            model = next((mm for mm in self.models if gap and gap.end() <= mm.start
                          and _OBJECT_LEAD.fullmatch(self.text, gap.end(), mm.start)), None)
            if model is not None:
                out.append(Frame("activation", "activate", act.group("verb"), act.start(), act.end(), model, False,
                                 self._mention(f), act.start()))
        return out

    def attributive(self) -> list[Frame]:
        """"Tamworth AI's High-risk Quince 2": a level the text gives as a quality of the model's name; "the Tier 3
        designation for Kite-5"; "Tier 3 ... has been given to Spire-6"."""
        out = []
        for m in self.mentions:
            at = _ATTRIBUTE.match(self.text, m.end)
            model = next((mm for mm in self.models if at and mm.start == at.end()), None)
            if model is not None:
                out.append(Frame("attributive", "attribute", "", m.start, m.start, model, False, m, m.start))
                continue
            # "the Tier 3 designation for Kite-5", "the systemic risk designation of" (the noun in the level's name)
            of = _DESIGNATION_FOR.match(self.text, m.end) or (
                STATUS_NOUN_END.search(m.text) and _FOR_OF.match(self.text, m.end))
            model = next((mm for mm in self.models if of and of.end() <= mm.start
                          and _OBJECT_LEAD.fullmatch(self.text, of.end(), mm.start)), None)
            if model is not None:
                out.append(Frame("nominal", "nominal", "", m.start, m.start, model, False, m, m.start))
                continue
            given = _GIVEN_TO.match(self.text, m.end)
            model = next((mm for mm in self.models if given and mm.start == given.end()), None)
            if model is not None:
                out.append(Frame("passive", "klass", given.group("verb"), given.start("verb"), given.end("verb"), model,
                                 False, m, m.start))
        return out

    def state(self) -> list[Frame]:
        """The model as the subject: "Lune-6 reached R3", "Nettle-9 remains Elevated", "Murrel 4 is an AR-2 model"."""
        out = []
        for end, mm in self._subjects():
            st = _STATE.match(self.text, end)
            if st is None:
                continue
            family = next(k for k in _STATE_SLOTS if st.group(k) is not None)
            start = mm.start if mm else end
            preps = _STATE_SLOTS[family]
            if family == "be" and st.group("verb") in (":", ""):
                preps = ("",)  # a headline's "Kite-5: Tier 3", "Kite-5 now Tier 3": the level right after
            elif family == "be" and not (self.framed or _CONCLUDED.search(self.text, max(0, start - 40), start)):
                preps = preps[1:]  # "X is High" beside a framework or after a decision; "X is at Tier 3" anywhere
            level = self._slot(st.end(), family, preps=preps, sure=True)
            if level is not None:
                out.append(Frame("copula" if family == "be" else "state", family, st.group("verb"), st.start("verb"),
                                 st.end("verb"), mm, mm is None, level, start))
        return out

    # -- the model slot -------------------------------------------------------------------------------
    def _name_end(self, mm: ModelName) -> int:
        return _AFTER_NAME.match(self.text, mm.end).end()

    def _subjects(self) -> list[tuple[int, ModelName | None]]:
        """Where a clause's subject ends, with its model (None for "it", "the model"): "Dunlin-5", "its Lyra 5
        model", "its Cantata-3 model, which", "Gannet-6, launching on Thursday,"."""
        out = []
        for mm in self.models:
            end = self._name_end(mm)
            which = _WHICH.match(self.text, end)
            if which:
                out.append((which.end(), mm))
            elif _SUBJECT_START.search(self.text, max(0, mm.start - 80), mm.start):
                out.append((end, mm))
                aside = _ASIDE.match(self.text, end)
                if aside:
                    out.append((aside.end(), mm))
        return out + [(r.end(), None) for r in _REFERENCE.finditer(self.text)
                      if _SUBJECT_START.search(self.text, max(0, r.start() - 60), r.start())]

    def _object(self, verb_start: int, pos: int) -> tuple[ModelName | None, bool, int]:
        """The model an active verb governs: (model, anaphor, where the object ends); the antecedent of a
        relative clause ("Dunlin-5, which Plover placed at")."""
        p = _PRONOUN_OBJECT.match(self.text, pos)
        if p:
            named = next((mm for mm in self.models if self._names_the_model(mm, p.end())), None)
            return (named, False, self._name_end(named)) if named else (None, True, p.end())
        for mm in self.models:
            if pos <= mm.start <= pos + 60 and _OBJECT_LEAD.fullmatch(self.text, pos, mm.start):
                return mm, False, self._name_end(mm)
        for mm in self.models:
            if mm.end < verb_start and _RELATIVE_OBJECT.fullmatch(self.text, self._name_end(mm), verb_start):
                return mm, False, pos
        return None, False, pos

    def _names_the_model(self, mm: ModelName, after: int) -> bool:
        """Is the name right after "the model" the model's, not a level in the verb's slot? "classify the model Cántaro
        2 at" (a versioned name), "placed its new model Marlet-Quartz at 'Threshold Two'" (a level follows), "designates
        the model 'Gannet-XL'" (quoted); not "rates the model Heightened under"."""
        if mm.start == after + 1:
            return any(ch.isdigit() for ch in mm.text) or any(mm.end < m.start <= mm.end + 6 for m in self.mentions)
        return mm.start == after + 2 and self.text[mm.start - 1] in "'\"\u2018\u201c"

    def _passive_subject(self, verb_start: int) -> tuple[ModelName | None, bool] | None:
        """The model a passive verb is about, the subject before its auxiliary ("Kobalt-4 has been assigned",
        "it will continue to be deployed"), or right before a headline's participle ("Vela-5 placed in")."""
        aux = _AUX.search(self.text, max(0, verb_start - 40), verb_start)
        at = aux.start() if aux else verb_start
        for end, mm in reversed(self._subjects()):
            if end <= at and _SUBJECT_GAP.fullmatch(self.text, end, at) and (aux or mm is not None and end == at - 1):
                return mm, mm is None
        return None

    # -- the level slot -------------------------------------------------------------------------------
    def _slot(self, pos: int, family: str, preps: tuple[str, ...] | None = None, sure: bool = False
              ) -> LevelMention | None:
        """The level in the slot after `pos`: the first preposition the verb takes whose filler is level-like;
        "from X (down) to Y" gives Y with X as the earlier level."""
        preps = preps or _SLOTS[family]
        way = _WAY.match(self.text, pos)  # "reclassified Marsh 4 downward, to Tier 2"
        pos = way.end() if way else pos
        aside = _SLOT_ASIDE.match(self.text, pos)
        pos = aside.end() if aside else pos
        stop = _SLOT_STOP.search(self.text, pos)
        hi = min(stop.start() if stop else len(self.text), pos + 110)
        if "" in preps:
            f = self._filler(pos, family)
            # "assigned X a 'Tier B' rating", "received a 'Caution' rating": a bare slot after these needs a tier noun
            if f is not None and (f.sure or not sure) and (family in _BARE_FAMILIES or _TAIL.match(self.text, f.end)):
                return self._with_prior(self._mention(f), hi, family)
        for p in _PREP.finditer(self.text, pos, hi):
            word = p.group(0).lower()
            if word not in preps or (word == "on" and not _ON_A_LIST.match(self.text, p.end())):
                continue
            to_verb = _TO_VERB.match(self.text, p.start()) if word == "to" else None
            f = self._filler(to_verb.end() if to_verb else p.end(), family)
            if f is None or (sure and not f.sure):
                continue
            level = self._from_to(f, family) if word == "from" else self._with_prior(self._mention(f), hi, family)
            if level is not None:
                return level
        return None

    def _from_to(self, first: _Filler, family: str) -> LevelMention | None:
        nxt = _FROM_TO.match(self.text, first.end)
        second = self._filler(nxt.end(), family) if nxt else None
        if second is None:
            return None
        level = self._mention(second)
        if level.prior is None:
            level.prior = self._mention(first)
        return level

    def _with_prior(self, level: LevelMention, hi: int, family: str) -> LevelMention:
        """"to Medium from High", "at Tier 3, up from Tier 2": the earlier level."""
        back = _TO_FROM.match(self.text, level.end, min(len(self.text), hi + 40))
        if back is not None and level.prior is None:
            prior = self._filler(back.end(), family)
            if prior is not None and prior.sure and prior.start != level.start:
                level.prior = self._mention(prior)
        return level

    def _filler(self, pos: int, family: str) -> _Filler | None:
        """The level-like phrase at `pos` (after a slot's preposition), or None."""
        if family == "reach":
            ct = _CATEGORY_THRESHOLD.match(self.text, _DETERMINER.match(self.text, pos).end())
            if ct and not any(ct.start() <= m.start < ct.end() for m in self.mentions):
                return _Filler(ct.start("v"), ct.end("v"), ct.group("v"), "word", True)
        at = _ARTICLE.match(self.text, pos).end()
        for m in self.mentions + self.priors:
            if m.start < at < m.end and m.kind == "named" and any(mm.start <= m.start < mm.end for mm in self.models):
                _trim_front(m, at, self.text)  # "rated Sextant Tier 2": the shape took the model's name
            if m.start <= at < m.end or at <= m.start <= at + 1:
                return _Filler(m.start, m.end, m.name, "mention", True)
        q = _QUOTED.match(self.text, at)
        if q and q.group("v").lower() in _PRAISE:
            return None  # "rated Onyx 3 'excellent' at following instructions": a verdict on quality
        if q:
            sure = bool(self.levels.is_level_name(q.group("v"), self.scale) or _TAIL.match(self.text, q.end())
                        or _MODEL_TAIL.match(self.text, q.end()) or family in ("klass", "rate", "change"))
            return _Filler(q.start("v"), q.end("v"), q.group("v"), "quoted", sure)
        for rx, kind in ((_LOW_LEVEL, "word"), (_LOW_NUMBERED, "numbered"), (_STATUTORY, "statutory")):
            low = rx.match(self.text, at)
            if low and kind == "word" and names_a_use_class(low.group("v"), self.text[low.end():low.end() + 40]):
                return None  # "is a high-risk AI system under the EU AI Act": a use class, not a tier
            if low:
                return _Filler(low.start(), low.end(), low.group("v") or low.group(0), kind, True)
        code = _CODE.match(self.text, at)
        if code and code.group("v") not in _NOT_FILLER and not self._taken(code.start(), code.end()):
            return _Filler(code.start(), code.end(), code.group("v"), "code", True)
        cap = _CAP.match(self.text, at)
        return self._capitalised(cap.start(), cap.end(), family) if cap else None

    def _capitalised(self, start: int, end: int, family: str) -> _Filler | None:
        """A capitalised phrase: a level when a level word starts it ("High"), it ends in a number, letter
        or Roman numeral ("Risk Category III"), or a tier noun follows it ("Watch level"); else a bare phrase,
        a level only beside a framework's name."""
        for a, b in self._names():
            if start < b and a < end:
                end = a  # up to an organisation, a framework or a model named after it
        text = self.text[start:end].rstrip(" -")
        first = text.split()[0] if text else ""
        if not text or first in _NOT_FILLER or self._taken(start, start + len(first)):
            return None
        end = start + len(text)
        if self.levels.is_level_name(text, self.scale) or self.levels.is_level_name(first, self.scale):
            return _Filler(start, end, text, "word", True)
        if _ENDS_NUMBERED.search(text):
            return _Filler(start, end, text, "numbered", True)
        if _EXPLAINED.match(self.text, start):  # "at Caution, the same level its predecessor held"
            return _Filler(start, end, text, "phrase", True)
        if family not in _PHRASE_FAMILIES or len(text.split()) > 3 or any(c.isdigit() for c in text):
            return None
        tail = bool(_TAIL.match(self.text, end) or (family == "klass" and _MODEL_TAIL.match(self.text, end)))
        return _Filler(start, end, text, "phrase", tail) if tail or self.framed else None

    def _names(self) -> list[tuple[int, int]]:
        """Spans no level takes: organisations, framework names, and models of a known family ("GPT-5").
        Another name in a level slot ("from HZ-3 to HZ-2", "at Severity 3") is a level, not a model."""
        out = [(o.start, o.end) for o in self.orgs] + self.blocked
        return out + [(m.start, m.end) for m in self.models if self.levels.registry.org_of_family(m.text)]

    def _taken(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self._names())

    def _mention(self, f: _Filler) -> LevelMention:
        """The level mention a filler names: the shape finder's where it found one, else a new one."""
        for m in self.mentions + self.priors:
            if f.start < m.start and m.end == f.end and f.kind in ("numbered", "word") and f.name[0].isupper():
                m.start, m.text, m.name = f.start, f.name, f.name  # "risk class 3" where the shape read "class 3"
            if m.start <= f.start < m.end or f.start <= m.start < f.end:
                return m
        m = self.levels.slot_mention(self.text, f.start, f.end, f.kind, self.scale)
        self.mentions.append(m)
        return m


def _trim_front(m: LevelMention, start: int, text: str) -> None:
    m.start = start
    m.text = m.name = text[start:m.end]


# --- mood: is the frame stated as a fact? ------------------------------------------------------------

_MODAL = re.compile(
    r"(?:\b|(?<=\w))(?P<modal>will|would|could|might|may|should|must|can|shall|ought to|needs? to|going to|'d|"
    r"(?:is|are|was|were) (?:set|due|expected|likely|poised|about|scheduled|planning|preparing|unlikely|minded) to|"
    r"[\"']?minded to[\"']?|propos(?:e|es|ed|ing) to)\s+"
    r"(?:not\s+)?(?:(?:also|still|then|likely|probably|soon|first|eventually|ultimately|formally|again)\s+)?"
    r"(?:have\s+been\s+|have\s+|be\s+|been\s+)?(?:\w+ly\s+)?$",
    re.I,
)
# "will keep X at", "would maintain", "will ship under": a level decided, a status kept or a release to come
_DECIDED_FUTURE = ("place", "ship")
KEEPING = re.compile(r"keep|kept|maintain|hold|held|leave|left|remain|stay|continu|retain", re.I)
_INFINITIVE = re.compile(r"\bto\s+(?:be\s+|have\s+been\s+)?(?:\w+ly\s+)?$", re.I)
# an infinitive a decision governs states what was done: "decided to classify", "the first model to reach"
_DECIDED = re.compile(r"\b(?:decided|decides|decision|chose|chosen|choose|opted|opts|voted|votes|agreed|agrees|"
                      r"elected|resolved|resolves|began|begun|started|continues|continued|continue|continuing|first|second|third|only|"
                      # "led it to lower"
                      r"latest|enough|moved|made|making|led|leads|prompted|prompts|forced|forces)\b",
                      re.I)
# "proposed classifying Taiga-7 at", "is considering placing": a step proposed, not taken
_PROPOSED = re.compile(r"\b(?:propos|consider|recommend|suggest|weigh|plan|contemplat|discuss|mull|favou?r|debat|"
                       r"explor|study|studi)\w*\s+$", re.I)
# "hopes Warp 3 stays in Band B", "expects Kite-5 reaches": a wish or a forecast about the subject
_WISHED = re.compile(r"\b(?:hop|wish|expect|want|predict|anticipat|forecast|bet|fear|worr)\w*\s+(?:that\s+)?$", re.I)
_EXPECTED_THAT = re.compile(r"\b(?:anticipation|expectation|hope|forecast|prediction|guess|bet|belief|assumption|"
                            r"working assumption)\s+is\s+that\b[^.;]{0,60}$", re.I)
_NOT_YET = re.compile(r"\b(?:planned|proposed|possible|potential|expected|likely|pending|future|intended)\s+$|"
                      # "plans High rating for Corrie-2", "seeks a Tier 2 designation for": a noun phrase intended
                      r"\b(?:plan|intend|propos|consider|seek|want|expect|eye|weigh|mull|target|aim)\w*\s+(?:for\s+)?"
                      r"(?:(?:a|an|the|its)\s+)?$", re.I)
_CONCLUDED_SHOULD = re.compile(r"\b(?:concluded|decided|determined|ruled)\s+(?:that\s+)?(?:[\w'-]+\s+){0,4}?"
                               r"should\s+$")
_IF = re.compile(r"\b(?:if|unless|once|in case|whether|until|should (?:it|the model|[A-Z][\w-]*)|"
                 r"when(?:ever)?\s+(?:a|an|any|the|it|its)\b)", re.I)
_CLAUSE_START = re.compile(r".*(?:[,;:]\s|\s[-\u2014]\s)", re.S)


def mood(sentence: str, frame: Frame) -> str | None:
    """None when the frame is stated as a fact; "expectation" when it is planned, expected, intended or
    possible ("will place", "aims to keep", "expects X to be assessed at", "would sit at"); "description"
    when it is required, conditional or asked ("should be treated", "if the model lands at", "Will X ...?")."""
    before = sentence[:frame.verb_start]
    if frame.voice in ("state", "copula", "passive") and _WISHED.search(sentence, 0, frame.subject_end):
        return "expectation"
    if _EXPECTED_THAT.search(before):  # "Our anticipation is that it moves to Level 3"
        return "expectation"
    if frame.voice in ("nominal", "attributive"):
        return "expectation" if _NOT_YET.search(before) else None
    modal = _MODAL.search(before)
    if modal:
        word = modal.group("modal").lower()
        if word in ("should", "must", "ought to", "needs to", "need to"):
            # a review's conclusion is a decision: "Ondine concluded the system should stay at Orange"
            return None if KEEPING.match(frame.verb) and _CONCLUDED_SHOULD.search(before) else "description"
        if not (word in ("will", "would") and (KEEPING.match(frame.verb) or frame.family in ("ship", "deploy"))):
            return "expectation"
    proposed = frame.verb.lower().endswith("ing") and _PROPOSED.search(before)
    if proposed or PROPOSED_THAT.search(sentence, 0, frame.verb_end):
        return "expectation"
    inf = _INFINITIVE.search(before)
    if inf and not _DECIDED.search(sentence, max(0, inf.start() - 45), inf.start()):
        return "expectation"
    start = _CLAUSE_START.match(before)
    clause = before[start.end():] if start else before
    if _IF.search(clause) or "?" in sentence[frame.verb_end:]:
        return "description"
    return None
