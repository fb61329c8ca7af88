"""Step 4 of reading a level mention: what kind of statement it is. A determination, or an
expectation, plan, conditional, question, denial, description of a scheme, rumour or third party's
opinion (LABELLING.md R3); and whether it is negated ("does not reach High"). A level in a frame's slot
is read by the frame's mood (frames.mood); a level of a known shape with no frame by the cues around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.classify.tiers import cues as C
from monitor.classify.tiers.article import Article
from monitor.classify.tiers.clause import Attribution, Clause, Sentence, Subject
from monitor.classify.tiers.frames import mood
from monitor.classify.tiers.levels import CAT_WORDS

_COORDINATED = re.compile(r",\s+(?:and|but|so|while|yet)\s+(?=(?:the|it|its|this|that|[A-Z])\b)")
# a second verb of the same subject: "concluded the results did not justify a change and kept X at Level C"
_AND_DECIDED = re.compile(r"\s+and\s+(?=(?:kept|placed|moved|raised|lowered|put|assigned|rated|classified|designated|"
                          r"left|held|maintained|reaffirmed|confirmed)\b)")


@dataclass
class Kind:
    kind: str  # determination | expectation | description
    negated: bool
    expect: re.Match[str] | None
    describe: re.Match[str] | None
    conditional: re.Match[str] | None



def is_negated(c: Clause) -> bool:
    """"does not reach High", "remains below the CCL"; not "could not rule out", "Medium or below"."""
    pre, post, m = c.pre, c.post, c.m
    neg_pre = C.PRECAUTION.rx.sub(" ", pre) if c.precaution else pre
    if "no" in neg_pre.lower():
        neg_pre = C.NOT_NEGATION.rx.sub(" ", neg_pre)
    neg_pre = _COORDINATED.split(neg_pre)[-1]  # "found no reason to change it, and it stays at X"
    neg_pre = _AND_DECIDED.split(neg_pre)[-1]
    negated = bool(C.NEG_PRE.search(neg_pre[-80:])) or bool(C.NEG_POST.match(post)) \
        or bool("no longer" in post and C.NO_LONGER_THAT.search(post)) or _under_a_threshold(c)
    if negated and C.OR_BELOW.match(post):
        return False  # "Medium or below" states a rule
    if negated and m.prior is None and re.search(r"\bfrom\s+[\w\s-]{0,20}$", pre[-30:]):
        return False
    return negated


def _under_a_threshold(c: Clause) -> bool:
    """"stays under the Critical threshold", "remains under its alert threshold"."""
    if not C.UNDER_BEFORE.search(c.pre[-30:]):
        return False
    name = c.m.name.lower()
    return bool(C.THRESHOLD_AFTER.match(c.post)) or "threshold" in name or "capability level" in name


def classify(doc: Article, s: Sentence, c: Clause, subject: Subject, att: Attribution) -> Kind:
    """Determination, expectation or description: grammar first, then who says it."""
    negated = is_negated(c)
    rel, strong, model, decider = c.rel, c.strong, subject.id, att.decider
    conditional = c.modal if c.modal and c.modal.group("modal").lower() in ("should", "must", "ought to") else None
    expect = c.modal if c.modal and not conditional else None
    conditional = conditional or C.CONDITIONAL.search(c.text, c.low)
    describe = C.DESCRIBE.search(c.text, c.low)
    weak = None
    if c.frame is not None:
        kind = _framed_kind(s, c, subject, att)
    elif c.m.extra.get("weak"):
        kind = "description"  # a bare word after "to" or a colour is a level only in a frame's slot
    elif (conditional and not strong) or C.WOULD_NEED.search(c.pre) or _asked_before(c, rel) \
            or C.DENIAL.search(c.text[:rel], c.low[:rel]) or _asked(s.text, c.m.end) or _describes_the_level(c) \
            or C.GERUND_SUBJECT.match(c.pre) or C.ARGUED.search(c.pre) or _a_move_no_one_made(c) \
            or _counterfactual(s, c):
        kind = "description"
    elif (expect := expect or _intended(c) or C.EXPECT.search(c.scrubbed, c.scrubbed_low)
          or C.PROPOSED_THAT.search(s.text, 0, c.m.start)) and (
            expect.start() < rel or not (strong or describe)):
        kind = "expectation"
    elif (weak := C.EXPECT_WEAK.search(c.scrubbed, c.scrubbed_low)) and weak.start() < rel \
            and not (model and (strong or negated)):
        kind = "expectation" if (model or decider) and not describe else "description"
    elif not strong and C.NORMATIVE.search(c.text, c.low):
        kind = "description"
    elif model and (strong or negated):
        kind = "determination"
        if subject.via_coref and not (strong or negated or c.first or C.MODEL_ANAPHOR.search(c.text, c.low)):
            kind = "description"
        elif subject.via_coref and C.NAMING_A_LEVEL.search(c.pre[-40:]):
            kind = "description"  # "set out a line, which it calls Threshold 2, for models that ...": a level named
        elif describe and not (strong or negated):
            kind = "description"
    elif model is None and not subject.generic and strong and (s.orgs or s.anaphor or (s.is_title and decider)) \
            and not describe and not _no_model_placed(s, c) and not c.m.extra.get("anaphor"):
        kind = "determination"  # "OpenAI decided to treat this launch as High": no model named
    else:
        kind = "description"
    if kind == "determination" and (_another_risk(c) or C.INCIDENT.search(c.pre[-100:])
                                    or C.COMPANY_OBJECT.search(_object_pre(s, c)[-60:])
                                    or _GIVEN_TO_NONE.match(c.post)):
        kind = "description"
    kind = _who_says_it(doc, s, c, att, kind)
    if kind == "determination" and ((negated and _not_designated(doc, s, c, att)) or _IF_OPENING.match(s.text)
                                    or _OUT_OF_SCOPE.search(c.pre)):
        kind = "description"
    if c.reference or _in_a_comparison(s, c) or C.CORRECTED.search(s.text):
        kind = "description"  # "a rating above 'Green'", "Unlike Anthropic, which activated ASL-4, ...": compared with;
        # "An earlier version of this article said ...": what the story wrongly said
    return Kind(kind, negated, expect, describe, conditional)


_CATEGORY = re.compile(rf"\b(?:{CAT_WORDS}|catastroph\w*|misuse|safety|frontier|systemic|capabilit\w*)\b", re.I)


def _a_move_no_one_made(c: Clause) -> bool:
    """"A move to High would require ...": a move as a noun, with a modal (not "announced an upgrade to Level III")."""
    return bool(C.A_MOVE_TO.search(c.pre[-40:]) and _MODAL_AFTER.search(c.post[:80]))


_MODAL_AFTER = re.compile(r"\b(?:would|could|might|may)\b")


def _another_risk(c: Clause) -> bool:
    """"raised its assessment of tenant-concentration risk to 'high'": the level of a risk none of the
    tracked categories names, not a model's."""
    m = C.OTHER_RISK_OBJECT.search(c.pre[-90:])
    return m is not None and not _CATEGORY.search(m.group("what"))


# a sentence that states a condition: "If the final model hits the Level 3 criteria, we will not launch it"
_IF_OPENING = re.compile(r"[\"'\u2018\u201c]?(?:If|Unless)\b(?! (?:anything|so)\b)")
# what a proposal or a rule is not about: "the proposal does not concern systemic-risk designations"
_OUT_OF_SCOPE = re.compile(r"\b(?:does|do|did|would|will)\s+not\s+(?:concern|cover|apply\s+to|affect|involve)\b"
                           r"[^.;]{0,60}$", re.I)
# a level given to no model: "Hazard Level 4, the framework's highest, has not been assigned to any Kauri model"
_GIVEN_TO_NONE = re.compile(r"[^.;]{0,60}?\b(?:has|have|was|were|is|are)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?"
                            r"(?:assigned|given|granted|awarded|applied)\s+to\s+(?:any|a single)\b", re.I)
# a designation no one has made: "the model itself has not been notified or designated as ..."
_NOT_DESIGNATED = re.compile(r"\b(?:has|have|was|were|had)\s+(?:not|never)\s+(?:been\s+)?"
                             r"(?:(?:notified|designated|classified)\s+(?:or|nor)\s+)?(?:notified|designated|classified)\b"
                             r"[^.;]{0,50}$", re.I)


def _not_designated(doc: Article, s: Sentence, c: Clause, att: Attribution) -> bool:
    """Is a negated designation under a law only the absence of one: a passive with no authority named in the
    sentence ("the model underneath was not designated as ... with systemic risk")?"""
    return att.fw is not None and doc.is_authority(att.fw.org) and bool(_NOT_DESIGNATED.search(c.pre)) \
        and not any(doc.is_authority(o.id) for o in s.orgs)


def _object_pre(s: Sentence, c: Clause) -> str:
    """The clause before what is put at the level: before a "from" level, or before the first of two coordinated
    levels ("moves developers to Tier 3 or Tier 4")."""
    if c.m.prior is not None and c.m.prior.start >= c.lo:
        return c.pre[:c.m.prior.start - c.lo]
    if c.i > 0 and c.pre.strip() in ("or", "and", ","):
        return s.plain[:s.mentions[c.i - 1].start]
    return c.pre


def _no_model_placed(s: Sentence, c: Clause) -> bool:
    """"moved Malaysia and Vietnam from Tier 2 to Tier 1": countries in a tier of an export rule; "cuts AI
    data-centre builder to 'high risk'": a company's credit; "lowering the bar for Stage 4": the level's
    definition; "its data centres now meet the Tier 4 security standard": the lab's security. No model's level."""
    pre = _object_pre(s, c)
    return bool(C.COUNTRY_OBJECT.search(pre[-80:]) or C.COMPANY_OBJECT.search(pre[-60:])
                or C.DEFINITION_OBJECT.search(c.pre[-40:]) or C.SECURITY_MEETS.search(c.pre[-120:]))


# "Unlike Anthropic, which activated ASL-4 for Claude Opus 6, Fjordlight AI kept ...": the other's level is a point of
# comparison
_COMPARISON_OPENING = re.compile(r"(?:Unlike|Like|As with|Similar to|Compared with|Compared to)\s+[^,;]{1,60},"
                                 r"\s+(?:which|who|whose)\b[^,;]*,")


def _in_a_comparison(s: Sentence, c: Clause) -> bool:
    opening = _COMPARISON_OPENING.match(s.text) if s.text[:1] in "ULASC" else None
    return opening is not None and c.m.end <= opening.end()


def _framed_kind(s: Sentence, c: Clause, subject: Subject, att: Attribution) -> str:
    """A frame states a determination when it is realis (frames.mood), not denied, asked or counterfactual,
    and its model is named or referred to."""
    f = c.frame
    rel = f.verb_start - c.lo
    if _counterfactual(s, c) or (rel > 0 and (C.DENIAL.search(c.text[:rel], c.low[:rel])
                                              or _asked_before(c, rel))):
        return "description"
    said = mood(s.text, f)
    if said is not None:
        return said
    if subject.id or subject.via_coref or (s.orgs or s.anaphor or att.decider):
        return "determination"
    return "description"


# the question an answer follows: "Asked whether the upgrade triggered a new assessment, the company said it had
# left ..."
_ANSWERED = re.compile(r"\W*Asked (?:whether|if|about)\b[^,]{0,160},\s")


def _asked_before(c: Clause, rel: int) -> bool:
    answered = _ANSWERED.match(c.text)
    lo = answered.end() if answered and answered.end() <= rel else 0
    return bool(C.QUESTION.search(c.text[lo:rel], c.low[lo:rel]))


def _counterfactual(s: Sentence, c: Clause) -> bool:
    """"Had Gyre-5 crossed the line, ... would have paused": up to the end of the level's clause, not a clause
    about another level after it ("one level below the 'Severe' rating that would have kept it off the API")."""
    return bool(C.COUNTERFACTUAL.search(s.text[:c.hi], s.low[:c.hi]))


def _describes_the_level(c: Clause) -> bool:
    """"Class IV obliges the company to ...", "Tier 3 means we deploy with ...": the level as the subject of a
    verb of consequence says what the level entails, whatever else the sentence holds."""
    return bool(C.LEVEL_AS_SUBJECT.fullmatch(c.pre) and C.ENTAILS.match(c.post))


def _intended(c: Clause) -> re.Match[str] | None:
    """"Grisedale AI to place Fell-5 in Tier 3", "wants to move it to Band C": an assigning verb in the
    infinitive before the level, not governed by a decision ("decided to treat")."""
    for m in C.INTENDED.finditer(c.scrubbed[:c.rel], c.scrubbed_low[:c.rel]):
        if not C.DECIDED_BEFORE.search(c.scrubbed, 0, m.start()):
            return m
    return None


# what lies between two levels of one list: separators, and maybe more level names ("Low, Medium, High or ")
_SEP = r"[\"']?\s*(?:,\s*(?:or\s+|and\s+|then\s+)?|/\s*|\s+(?:or|and|to|through|then)\s+)[\"']?"
_LIST_GAP = re.compile(rf"{_SEP}(?:[A-Z][\w-]*{_SEP})*")
_RANGE_BEFORE = re.compile(r"\b(?:runs?|ranges?|ranging|goes|go|from)\b[^.;]{0,60}$", re.I)


def _in_the_scale(s: Sentence, c: Clause) -> bool:
    """Is the level one of the levels a sentence lists as a scale (joined to its neighbour by a comma,
    "or", "to", or the ends of a range), rather than the level a clause beside the list assigns?"""
    ms, i = s.mentions, c.i
    gaps = [s.text[ms[i - 1].end:ms[i].start] if i > 0 else None,
            s.text[ms[i].end:ms[i + 1].start] if i + 1 < len(ms) else None]
    if len(ms) == 1 or any(g is not None and _LIST_GAP.fullmatch(g) for g in gaps):
        return True
    return c.m.prior is not None and bool(_RANGE_BEFORE.search(s.text, 0, c.m.prior.start))  # "runs from A to E"


def _asked(sentence: str, after: int) -> bool:
    """Is the level asked about ("Is Pell-3 a Tier 3 model?")?"""
    end = re.compile(r"[.?!]").search(sentence, after)
    return bool(end and end.group() == "?")


# "Morrow Analytics: by Ashfall's own rules, Ember-5 is a Tier 3 model", "Independent eval: Helix-R lands in 'high'
# band": a headline that gives the claim of a speaker other than the decider (an organisation, or an outsider)
_SPEAKER_HEADLINE = re.compile(r"(?P<who>[A-Z][\w&.'-]*(?:\s+[\w&.'-]+){0,3}):\s")
_OUTSIDER_SPEAKER = re.compile(r"(?:Independent|Outside|Third-party|Rival|Rivals|Competitor|Critics?|Analysts?|"
                               r"Researchers?|Evaluators?|Auditors?|Experts?|Testers?)\b|"
                               r"\b(?i:results|leaderboard|benchmark|scores|rankings?)$")  # "HazardQA results: ..."


def _another_speakers_headline(s: Sentence, att: Attribution) -> bool:
    m = _SPEAKER_HEADLINE.match(s.text)
    if not m or att.decider is None:
        return False
    if _OUTSIDER_SPEAKER.search(m.group("who")):
        return True
    decider_id = att.decider[0]
    return any(o.start == 0 and o.end <= m.end("who") and o.id != decider_id for o in s.orgs)


def _who_says_it(doc: Article, s: Sentence, c: Clause, att: Attribution, kind: str) -> str:
    """A determination only when the developer or the authority states it as a fact."""
    if kind == "determination" and (att.third_party or s.opinion or C.OUTSIDER_QUOTE.search(s.text)
                                    or (s.is_title and _another_speakers_headline(s, att))):
        kind = "description"  # a third party's view of the level
    if kind == "determination" and (s.rumour or C.HEDGE.search(c.text[:c.rel], c.low[:c.rel])):
        kind = "expectation"
    if kind == "determination" and doc.title_is_policy and C.BACKGROUND.search(s.text, s.low):
        kind = "description"  # a policy article recalling an earlier determination
    named = c.frame is not None and c.frame.model is not None  # "X stays at CL-1, Y moves up to CL-3": no scale
    if s.scale and kind != "description" and not named and _in_the_scale(s, c):
        kind = "description"  # "Low, Medium, High or Critical"; not "lowered it to Band B, on a scale that runs ..."
    return kind
