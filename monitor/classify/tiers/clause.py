"""Step 1 of reading a level mention: the sentence it is in and the clause around it, with the cues
that every later step uses; and the records the steps hand on (the model, who decided)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.classify.frameworks import Framework
from monitor.classify.tiers import cues as C
from monitor.classify.tiers.article import Article
from monitor.classify.tiers.frames import Frame
from monitor.classify.tiers.levels import LevelMention
from monitor.classify.tiers.names import ModelName, OrgName


@dataclass
class Sentence:
    """A sentence that names a level, and what holds for every level mention in it."""

    idx: int
    text: str
    low: str
    plain: str  # the text with framework names blanked out, for cues
    mentions: list[LevelMention]
    models: list[ModelName]
    orgs: list[OrgName]
    is_title: bool
    anaphor: bool  # "it", "the model", "this launch"
    framework_named: bool
    has_breaks: bool  # may hold a clause break (a cheap test)
    scale: bool  # lists a scale of levels ("Low, Medium, High or Critical"): a description
    opinion: bool
    rumour: bool


@dataclass
class Clause:
    """One level mention and the clause around it."""

    m: LevelMention
    i: int  # the mention's place in the sentence
    lo: int
    hi: int
    pre: str  # the clause before the level
    post: str  # after it
    text: str
    low: str
    scrubbed: str  # without "could not rule out", which reads as a negation but is not one
    scrubbed_low: str
    precaution: bool  # "could not rule out": a precautionary determination
    strong: bool  # an assigning verb ("treated as", "placed at", "reached") and no modal before the level
    modal: re.Match[str] | None  # "should be treated", "would be classified" before the level
    first: bool  # "the first model to ..."
    reference: bool  # the level a model's level is compared with: "one step above 'Baseline'"
    listed: bool  # an item of a list of the levels of the article's model: "- Cyber: Level 3"
    frame: Frame | None  # the frame whose level slot holds the level (frames.py)

    @property
    def rel(self) -> int:
        """Where the level starts in the clause."""
        return self.m.start - self.lo


@dataclass
class Subject:
    """The model a level is stated for."""

    id: str | None = None
    text: str | None = None
    via_coref: bool = False  # "it", "the model": found in the sentences before or the title
    coref_idx: int | None = None  # the sentence it was found in, when not the title
    generic: bool = False  # "models", "a system": any model at that level


@dataclass
class Attribution:
    """Who made the statement and in which framework."""

    decider: tuple[str, str] | None  # (org id, name for people)
    third_party: bool
    fw: Framework | None
    fw_name: str | None
    framework_id: str | None



def sentence_facts(doc: Article, idx: int, mentions: list[LevelMention]) -> Sentence:
    """What holds for every level mention of a sentence."""
    text, low, plain = doc.sentences[idx], doc.low_sentence(idx), doc.plain_sentence(idx)
    is_title = idx == 0 and bool(doc.title)
    distinct = {(m.options[0][1] if m.options else m.name.lower()) for m in mentions}
    distinct |= {m.prior.name.lower() for m in mentions if m.prior is not None}  # "runs from Level 1 to Level 4"
    scale = len(distinct) >= 3 or bool(C.PF_SCALE.search(low)) or (len(distinct) >= 2 and C.RANGE.search(low))
    return Sentence(
        idx, text, low, plain, mentions, doc.models(idx), doc.orgs(idx), is_title,
        bool(C.ANAPHOR.search(text)), bool(C.FRAMEWORK_NAMED.search(text, low)),
        any(n in low for n in C.CLAUSE_NEEDLES), scale,
        _an_opinion(text, low) or (doc.opinion_piece and (is_title or not (
            C.SAYS.search(text, low) or C.DEED.search(text, low)))),
        bool(C.RUMOUR.search(text, low)),
    )


def _an_opinion(text: str, low: str) -> bool:
    """Does the sentence give a view, not one only in a clause before the deed it reports ("did what many of us had
    been urging: it raised X to Tier 3")?"""
    op = C.OPINION.search(text, low)
    if op is None:
        return False
    brk = C.CLAUSE_BREAK.search(text, op.end())
    return not (brk and C.DEED.rx.search(text, brk.end()))


_ELABORATION = re.compile(r"\s*(?:in|at|to|into)\s+(?:the\s+)?[\"'\u2018\u201c]?")
# A cleft puts the level first: "It is the alert threshold, not the CCL itself, that X has now reached"
_CLEFT_BEFORE = re.compile(r"\b[Ii]t (?:is|was) (?:at |in |under )?(?:the |its |a )?(?:[a-z][\w-]* )?$")
_CLEFT_AFTER = re.compile(r"(?P<aside>,?\s+not\b[^,;]{1,80},)?\s+that\s+")


def clause(s: Sentence, i: int) -> Clause:
    m = s.mentions[i]
    lo, hi = clause_bounds(s.text, s.mentions, i, s.has_breaks)
    cleft = _cleft(s, m)
    if cleft is not None:  # the clause is the focus and what follows "that"; the aside is another level's
        hi = _clause_end(s, cleft.end())
    text = s.plain[lo:hi]
    low = text.lower()
    precaution = "rul" in low and bool(C.PRECAUTION.search(text, low))
    scrubbed = C.PRECAUTION.rx.sub(" ", text) if precaution else text
    scrubbed_low = scrubbed.lower() if precaution else low
    # "Cyber: Level 3" in a list of a model's levels states the level as plainly as a verb
    listed = bool(C.CATEGORY_LABEL.match(s.text, 0, m.start))
    frame = m.extra.get("frame")
    strong = frame is not None or bool(C.STRONG_VERB.search(text, low)) or precaution or listed
    modal = C.MODAL_VERB.search(scrubbed, scrubbed_low) if frame is None else None  # a frame has its own mood
    if modal and modal.start() < m.start - lo:
        strong = False
    else:
        modal = None
    post = s.plain[m.end:hi]
    if cleft is not None and cleft.group("aside"):
        post = " " * len(cleft.group("aside")) + post[len(cleft.group("aside")):]
    return Clause(m, i, lo, hi, s.plain[lo:m.start], post, text, low, scrubbed, scrubbed_low,
                   precaution, strong, modal, bool(C.FIRST.search(text, low)),
                   bool(C.REFERENCE_BEFORE.search(s.text, max(0, m.start - 70), m.start)), listed, frame)


def _cleft(s: Sentence, m: LevelMention) -> re.Match[str] | None:
    if "that" not in s.low or not _CLEFT_BEFORE.search(s.text, max(0, m.start - 30), m.start):
        return None
    return _CLEFT_AFTER.match(s.text, m.end)


def _clause_end(s: Sentence, start: int) -> int:
    b = C.CLAUSE_BREAK.search(s.text, start) if s.has_breaks else None
    return b.start() if b else len(s.text)


def clause_bounds(sentence: str, mentions: list[LevelMention], i: int, has_breaks: bool) -> tuple[int, int]:
    """The clause around mention i: from the previous mention or clause break to the next one."""
    m = mentions[i]
    lo = mentions[i - 1].end if i > 0 else 0
    hi = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
    if not has_breaks:
        return lo, hi
    for b in C.CLAUSE_BREAK.finditer(sentence, lo, m.start):
        if not (b.group().strip() in ("-", "\u2014") and _ELABORATION.fullmatch(sentence, b.end(), m.start)):
            lo = b.end()  # but "... now sits a band higher - in 'red'": the dash elaborates the clause before
    b = C.CLAUSE_BREAK.search(sentence, m.end, hi)
    if b:
        hi = b.start()
    return lo, hi
