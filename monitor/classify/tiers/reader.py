"""The determination reader: from an article to its tier statements.

Frame first: a determination is recognised by its frame (frames.py), a deciding subject, an assigning
verb, the model it governs and the slot its level fills ("we have designated Tolva 3 as Risk Category
III", "moved Orwin 4 from HZ-3 down to HZ-2", "the classification of Gavia-2 at Hazard Grade 4"), and the
level is whatever level-like phrase fills the slot. The level finder (levels.py) is the second route: a
level of a known shape with no frame (a registry level beside its framework, "Cyber: Level 3" in a list,
"High capability in cybersecurity") is read from the words around it, and a weak shape (a bare word after
"to", a colour) states nothing without a frame.

For each sentence that names a level, each level mention is read in steps:

1. the clause around it, its frame if it has one, and the cues in it (clause.py);
2. which model: the frame's model slot (or what its "it" refers to), else the one the assigning verb
   governs or the one named in the clause (not a point of comparison such as a predecessor), else the one
   "it", "the model" or "this launch" refers to (the same sentence, the sentences before, the title);
3. who decided and under which framework: the organisation before the assigning verb ("Veridian
   AI has placed ..."), the one that "said" it after the clause, or the article's developer for
   "the company", "we" (on a lab's own site: that lab), "its"; an authority for its own law (the
   Commission under the AI Act, a ministry designating "under the AI Basic Act"). Someone other than
   the owner of the framework or the model (an evaluator, critic, writer, insurer, rating agency)
   gives a third party's view; a lab named only as the maker in a relative clause decides nothing.
   A model family from the registry fills an org the text leaves unnamed, and so does the publisher's
   own site; where the sentence names no one (a passive), the owner of the framework it names, the
   publisher or the article's lab. The framework is the one named near the level, a registry
   framework when its org decided, else a slug of the name as written;
4. what kind of statement it is (statement.py): a framed level by the frame's mood (stated as a fact,
   or planned, expected, proposed, conditional, asked) and who says it; else a determination, or an
   expectation, plan, conditional, counterfactual, question, denial, description of a scheme or of what a
   level entails, rumour or third party's opinion;
5. level, direction and category: a transition takes the new level; a verb of moving says which way
   ("downgraded ... from Tier 1 to Tier 2" is down), else up or down against an earlier level the
   text names (in the clause, elsewhere in the article, the predecessor's, a headline that moves the
   model), by the framework's order, the article's own listing or the generic order of level words;
   kept or a change refused is unchanged ("has not lowered"); below a level the model held before is
   down; a first determination is new;
6. how confident the reading is, and the article's order: a model's current level before an earlier
   one ("had been in Band B"), its highest level before a lower one in another category, a change before
   a level kept.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from monitor.classify.frameworks import Framework, Registry, slug
from monitor.classify.tiers import cues as C
from monitor.classify.tiers.article import Article, Finders
from monitor.classify.tiers.categories import CATEGORY_TEXT, category_of, widen_to_several
from monitor.classify.tiers.clause import Attribution, Clause, Sentence, Subject, clause, sentence_facts
from monitor.classify.tiers.frames import KEEPING
from monitor.classify.tiers.levels import LevelMention
from monitor.classify.tiers.names import GOVERNMENT, VERSIONLESS, ModelName, OrgName, names_a_company
from monitor.classify.tiers.statement import Kind, classify

MAX_EVIDENCE = 400
KIND_RANK = {"determination": 0, "expectation": 1, "description": 2}


@dataclass(frozen=True)
class TierFinding:
    tier: dict  # {"org", "model", "framework", "category", "level", "direction", "names"}
    kind: str  # "determination" | "expectation" | "description"
    evidence: str  # the sentence (or two) that carries it
    confidence: float  # 0..1


@dataclass
class _Read:
    """A finding and what the passes over the whole article need."""

    finding: TierFinding
    idx: int  # its sentence
    score: float  # before capping: ranks the findings
    rank: tuple[int, int] | None = None  # the level's place in its scale
    earlier: tuple[tuple[int, int], ...] = ()  # places of earlier levels it names: "from X", "had been in X"
    told: bool = True  # the text states the direction (else it is read from the article or the known table)
    stale: bool = False  # an earlier level, not the current one: "had treated it as High since March"
    bound: bool = False  # a level of one category by its name ("CBRN-4", "Cyber Uplift Level 1")
    others_view: bool = False  # a third party's


class Reader:
    """Reads tier statements; built once per registry (patterns compiled at construction)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.finders = Finders(registry)
        self.names = self.finders.names

    # -- entry points ---------------------------------------------------------------------------
    def read(self, title: str, text: str, url: str | None = None, use_known: bool = True) -> list[TierFinding]:
        doc = Article.build(self.finders, title, text, url)
        if doc is None or not doc.names_a_level():
            return []
        doc.read_names()
        reads: list[_Read] = []
        before: list[tuple[str | None, tuple[int, int]]] = []  # levels of the lab's earlier models
        held_words: list[str] = []  # and their names: "its predecessor was rated Green"
        firsts: set[str | None] = set()  # models the text calls the first treated so ("the first ... this way")
        for idx in range(len(doc.spans)):
            mentions = doc.level_mentions(idx)
            if mentions:
                reads += self._read_sentence(doc, sentence_facts(doc, idx, mentions))
            held_words += self._predecessor_levels(doc.sentences[idx])
            before += _first_above(doc.sentences[idx], mentions)
            if not mentions and C.FIRST_UP.search(doc.sentences[idx], doc.low_sentence(idx)) \
                    and C.SO_TREATED.search(doc.sentences[idx]):
                firsts |= {mm.id for mm in doc.models(idx) if not mm.comparison} or {None}
        if doc.title:
            reads = _headline_as_the_body_says(reads)
        before += self._earlier_ranks(held_words, {r.finding.tier["framework"] for r in reads})
        reads = _directions_from_the_article(_share_categories(reads), _headline_direction(doc), before, firsts)
        reads = _retired_models_are_history(reads, _retired_models(doc), _latest_year(doc.full))
        reads = _no_news(doc, reads)
        ordered = sorted(zip(_news_order(_dated_in_the_past(reads)), reads), key=lambda kr: kr[0])
        return _distinct([self._fill_known(r) if use_known else r.finding for _, r in ordered])

    @staticmethod
    def _predecessor_levels(sentence: str) -> list[str]:
        """The levels the lab's earlier models held: "its predecessor was rated Green"."""
        low = sentence.lower()
        if not any(w in low for w in ("predecessor", "model", "version", "system", "generation")):
            return []
        return [m.group("level") for m in C.PREDECESSOR_LEVEL.finditer(sentence)]

    def _earlier_ranks(self, words: list[str], frameworks: set[str | None]) -> list[tuple[None, tuple[int, int]]]:
        """Places of the levels earlier models held: in the generic scales, and in the scale of the one registry
        framework the article's findings use ("Its predecessors had topped out at High": Critical is up)."""
        scale = self.registry.frameworks.get(next(iter(frameworks))) if len(frameworks) == 1 else None
        out = []
        for word in words:
            ranks = [self.registry.generic_rank(word), (-1, scale.rank(word.lower())) if scale else None]
            out += [(None, r) for r in ranks if r is not None and r[1] is not None]
        return out

    def _fill_known(self, r: _Read) -> TierFinding:
        """Fill the category, level or direction a determination's text leaves open from the known
        determinations."""
        f = r.finding
        if f.kind != "determination":
            return f
        known = self.registry.known.get(f.tier.get("model") or "")
        if not known or known["framework"] != f.tier.get("framework"):
            return f
        tier = dict(f.tier, names=dict(f.tier["names"]))
        fw = self.registry.frameworks.get(known["framework"])
        for key in ("category", "level"):
            if tier.get(key) is None and known.get(key):
                tier[key] = known[key]
                lv = fw.level(known[key]) if fw and key == "level" else None
                tier["names"][key] = lv.name if lv else CATEGORY_TEXT.get(known[key], known[key])
        if not r.told and known.get("direction") and known["level"] == tier["level"]:
            tier["direction"] = known["direction"]
        return TierFinding(tier, f.kind, f.evidence, f.confidence) if tier != f.tier else f

    # -- one sentence -----------------------------------------------------------------------------
    def _read_sentence(self, doc: Article, s: Sentence) -> list[_Read]:
        out = []
        for i in range(len(s.mentions)):
            c = clause(s, i)
            subject = self._choose_model(doc, s, c)
            attributed = self._attribute(doc, s, c, subject)
            if attributed is None:
                continue
            att, subject = attributed
            kind = classify(doc, s, c, subject, att)
            if att.decider is None:
                att = dataclasses.replace(att, decider=self._implied_decider(doc, s, subject))
            read = self._finding(doc, s, c, subject, att, kind)
            out.append(read)
            if kind.kind == "determination" and not kind.negated:
                out += self._carried_forward(doc, s, c, read.finding, subject)
        return out

    # -- step 2: which model ------------------------------------------------------------------------
    @staticmethod
    def _choose_model(doc: Article, s: Sentence, c: Clause) -> Subject:
        if c.frame is not None:
            return _framed_model(doc, s, c)
        mm = _pick_model(s.models, c.m, c.lo, c.hi, s.text) or _item_label(s)
        gen = None
        for gen in C.GENERIC_SUBJECT.finditer(c.pre):
            pass
        if gen is not None and mm is not None and _APPOSITION.fullmatch(s.text, mm.end, c.lo + gen.start()):
            gen = None  # "Heron, a model developed by ...": the model itself
        if mm is not None and gen is not None and not (c.lo + gen.end() <= mm.start < c.m.start):
            mm = None  # "previous models had triggered ..., the latest testing of Gemini 3.1 Pro"
        if gen is None and C.GENERIC_LEVEL_NP.search(c.pre[-6:]) and C.GENERIC_AFTER.match(c.post):
            gen = C.GENERIC_AFTER.match(c.post)  # "a critical-risk system": any system at that level
        if mm is not None:
            return Subject(*doc.resolve_versionless(mm))
        if gen is not None:
            return Subject(generic=True)
        if _org_moved(s, c):
            return Subject(generic=True)  # "Exchange moves Quillon to Tier 1 segment": a company's level, no model's
        held = _predecessor_subject(s, c.m.start)
        if held is not None:
            return Subject(*doc.resolve_versionless(held))
        if s.anaphor or s.orgs or s.is_title or c.listed or (c.first and doc.title_model):
            found, coref_idx = doc.coref_model(s.idx, c.m.start)
            if found is not None:
                return Subject(*doc.resolve_versionless(found), via_coref=True, coref_idx=coref_idx)
        return Subject()

    # -- step 3: who decided, in which framework ------------------------------------------------
    def _attribute(self, doc: Article, s: Sentence, c: Clause, subject: Subject
                   ) -> tuple[Attribution, Subject] | None:
        """Who decided and in which framework; None when the level is no frontier tier after all."""
        reg, m = self.registry, c.m
        decider, third_party = self._decider(doc, s, c)
        owner = _owner_named(s, subject)
        # a body that classes, places or moves a lab's model acts with authority ("The Frontier Model Assessment
        # Unit (FMAU) has moved Vireo Compute's Vireo Large 2 from Schedule I to Schedule II"); a headline's short
        # name for it ("KOSA designates ...") is left to the body
        acted = c.frame is not None and c.frame.family in ("klass", "place", "change") and not s.is_title
        if decider and owner and decider[0] != owner and not doc.is_authority(decider[0]) \
                and not doc.own_criteria and not _another_regulator(doc, decider) and not acted:
            # not "classified Naver's X ... under the institute's own criteria", "the Directorate ... designated
            # Mirelow's Fable 3"
            third_party = True  # "Northbeam said Ibis 3 meets Tier 4 under Ravenna AI's policy"
        family = (reg.org_of_family(subject.text) or reg.org_of_family(subject.id)) if subject.id else None
        if family and decider and decider[0] != family and not any(o.id == decider[0] for o in s.orgs):
            decider = (family, self.names.org_display(family))  # "the company" for another lab's model
        fw, fw_name = self._framework(doc, s.idx, m, decider[0] if decider else None)
        if fw is not None and doc.is_authority(fw.org) and _another_regulator(doc, decider):
            # "New Zealand's Frontier Systems Authority designated X as a general-purpose AI model with systemic
            # risk under the Frontier Systems Act": another country's law, in the AI Act's words
            law = C.UNDER_A_LAW.search(s.text)
            fw, fw_name = None, (law.group(0).split(" ", 1)[1].removeprefix("the ") if law else None)
        if fw is not None and doc.is_authority(fw.org) and not (
                decider and not doc.is_authority(decider[0]) and _NOTIFIED.search(s.text, 0, m.start)):
            decider = (fw.org, decider[1] if decider and decider[0] == fw.org else reg.orgs[fw.org].name)
            third_party = False
        if decider is None and family:
            decider = (family, self.names.org_display(family))
        if decider is None and doc.publisher:
            decider = (doc.publisher, self.names.org_display(doc.publisher))
        if decider is None and fw is None and fw_name:  # the article's lab, or the one its framework is named after
            decider = doc.main_org or self.names.lab_named_in(fw_name)
        if fw is None and fw_name is None and decider is not None and m.kind != "alias":
            fw, fw_name = self._org_framework(decider[0], m)
        if fw is not None and decider is not None and fw.org != decider[0] and subject.id and \
                reg.org_of_family(subject.text) not in (None, decider[0]) and not doc.is_authority(fw.org):
            subject = Subject(generic=subject.generic)  # another lab's model: a comparison
        if fw is not None and fw.not_tiers and not any(f == fw.id for f, _ in m.options):
            return None  # the AI Act's "high-risk" use-case class is no frontier tier
        if fw is None and _USE_CLASS.fullmatch(m.extra.get("as_written", m.text)) \
                and self._law_with_use_classes(doc, s, m):
            return None  # "falls within the high-risk category of the AI Act", said by a company of its product
        framework_id = fw.id if fw is not None else (slug(fw_name) if fw_name else None)
        if fw is not None and (decider is None or decider[0] != fw.org) and fw_name:
            framework_id = slug(fw_name)  # a framework of this name, not known to be the registry's
        if framework_id is None and m.kind == "word" and not (s.framework_named or doc.framed or m.rank):
            return None
        return Attribution(decider, third_party, fw, fw_name, framework_id), subject

    def _decider(self, doc: Article, s: Sentence, c: Clause) -> tuple[tuple[str, str] | None, bool]:
        """(org id, display name) of who made the determination, and whether that is a third party."""
        sentence, orgs, m = s.text, s.orgs, c.m
        anchor = c.frame.subject_end if c.frame is not None else m.start  # the subject stands before the verb
        before = [o for o in orgs if o.end <= anchor and not C.MAKER_BEFORE.search(sentence, 0, o.start)
                  and not _REQUESTER_BEFORE.search(sentence, max(0, o.start - 40), o.start)]
        # "Mistral said it had notified the Commission that ...": the one told is not the one deciding
        before = [o for o in before if not _ADDRESSEE_BEFORE.search(sentence, max(0, o.start - 30), o.start)] or before
        if len(before) > 1 and ", " in sentence:  # "Lynx AI, a Microsoft partner, said": not the partner
            asides = [(a.start(), a.end()) for a in _DESCRIBING_ASIDE.finditer(sentence, 0, anchor)]
            before = [o for o in before if not any(a < o.start < b for a, b in asides)] or before
        in_clause = [o for o in before if o.start >= c.lo] or before
        if in_clause:
            plain = [o for o in in_clause if not o.possessive]
            o = (plain or in_clause)[-1]
            # "the AI Safety Directorate of the Merovian Council": the body, not the larger one it belongs to
            o = next((p for p in in_clause if _PART_OF.fullmatch(sentence, p.end, o.start)), o)
            third = self._judges_for_another(doc, s, c, o) or (
                _third_party_subject(sentence[o.end:m.start])) or (
                o.possessive and _third_party_subject(sentence[c.lo:o.start])) or (
                o.id not in self.registry.orgs and not names_a_company(o.text)
                and bool(_STAFF_OF.search(sentence, max(0, o.start - 30), o.start)))
            return (o.id, self.names.display(o)), third
        passive_verb_end = c.frame.verb_end if c.frame is not None and c.frame.voice == "passive" else len(sentence)
        for o in orgs:
            agent = C.AGENT_BEFORE.search(sentence, 0, o.start)  # "was raised by the office from Class A to Class B"
            if (o.start >= m.end and (agent or C.SAYS_AFTER.match(sentence[o.end:o.end + 60]))) \
                    or (agent and o.start >= passive_verb_end):
                return (o.id, self.names.display(o)), self._judges_for_another(doc, s, c, o)
        if _third_party_subject(sentence[:m.start]):
            return None, True
        we = doc.site_org or doc.signer or doc.main_org  # the lab's own site, its sign-off, the lab a transcript is of
        if we and C.FIRST_PERSON.search(sentence, s.low):
            return we, False
        if C.COMPANY_REF.search(sentence, s.low) or s.idx == 0:
            near = doc.recent_org(s.idx)
            if near or doc.main_org:
                return near or doc.main_org, False
        return None, False

    def _judges_for_another(self, doc: Article, s: Sentence, c: Clause, o: OrgName) -> bool:
        """Does a body that is no developer (`o.third_party`) only judge another's model here, rather than
        decide its level: not a government body classing or moving a model under a law it administers
        ("Australian Frontier AI Authority lists Mistwood-70 as Category 1", "was moved to Category 3 by the
        Advanced Systems Authority"), nor an institute rating its own model ("it lowered its in-house model to
        Category II": an outsider rates others' models, it does not move them)."""
        if not o.third_party:
            return False
        sentence, m = s.text, c.m
        official = bool(GOVERNMENT.search(o.text)) and (
            bool(C.UNDER_A_LAW.search(sentence) or doc.own_criteria)
            or bool(C.DESIGNATING.search(sentence, o.end, m.start))  # "the Ministry ... designated X as"
            or (bool(C.REGULATOR.search(o.text))  # the regulator before its act, or its agent after it
                and _a_regulators_act(sentence, c, o.end if o.start < m.start else c.lo))
            or bool(_ITS_OWN_SCHEME.match(sentence, m.end)))  # "placed X in Risk Band 3 of its Risk Bands"
        own_model = bool(_OWN_MODEL.search(sentence, o.end) or (c.frame is not None and c.frame.family == "change"))
        return not official and not own_model

    def _implied_decider(self, doc: Article, s: Sentence, subject: Subject) -> tuple[str, str] | None:
        """Who decided when the sentence names no one ("Vesper-9 is rated at SUR, the middle of three levels in
        Arclight's scale", "the results put Marlin 3 at Tier 3"): the owner of the framework it names, else
        the lab whose site published it, else the lab the article is about."""
        owner = _owner_named(s, subject)
        if owner:
            return owner, self.names.display(next(o for o in s.orgs if o.id == owner))
        return doc.site_org or doc.main_org

    def _framework(self, doc: Article, idx: int, m: LevelMention, org: str | None
                   ) -> tuple[Framework | None, str | None]:
        """The framework a level belongs to and its name as the text gives it."""
        named = doc.framework_named_near(idx, m)
        options = [f for f, _ in m.options]
        if named is not None:
            reg = [self.registry.frameworks[f] for f in named.registry_ids]
            mine = [f for f in reg if f.org == org] if org else []
            if mine:
                return mine[0], named.name
            if reg and org is None and len(reg) == 1:
                return reg[0], named.name
            if reg and org is not None and m.kind == "alias" and reg[0].id in options and doc.is_authority(reg[0].org):
                return reg[0], named.name
            if not reg or org is not None:
                if m.kind == "alias" and (org is None or any(self.registry.frameworks[f].org == org for f in options)):
                    fw = self.registry.frameworks[options[0]]
                    return fw, fw.name
                return None, named.name
        if m.kind == "alias" and options:
            fws = [self.registry.frameworks[f] for f in options]
            mine = [f for f in fws if f.org == org] if org else []
            if mine:
                return mine[0], mine[0].name
            if org is None or len({f.org for f in fws}) == 1 and doc.is_authority(fws[0].org):
                return fws[0], fws[0].name
            return None, None
        return None, None

    def _law_with_use_classes(self, doc: Article, s: Sentence, m: LevelMention) -> bool:
        """Is the framework named beside the level a law whose "high-risk" is a class of uses (the AI Act)?"""
        named = doc.framework_named_near(s.idx, m)
        return named is not None and any(self.registry.frameworks[f].not_tiers for f in named.registry_ids)

    def _org_framework(self, org: str, m: LevelMention) -> tuple[Framework | None, str | None]:
        """An org's own registry framework with this level, when the text names none."""
        word = m.name.lower()
        fits = [fw for fw in self.registry.frameworks_of(org)
                if any(lv.id == word or lv.name.lower().split()[0] == word for lv in fw.levels)]
        if fits:
            return fits[-1], fits[-1].name
        return None, None

    # -- step 5: level, direction, category -------------------------------------------------------
    def _finding(self, doc: Article, s: Sentence, c: Clause, subject: Subject, att: Attribution,
                 k: Kind) -> _Read:
        m, fw = c.m, att.fw
        level_id, level_name = self._level(m, fw)
        # "lifted the Tier 3 safeguards": the level no longer applies
        lifted = bool(C.LIFTED_BEFORE.search(c.pre[-50:]) and (C.SAFEGUARDS_AFTER.match(c.post)
                                                                or C.STATUS_NOUN_END.search(m.text))
                      and not C.KEPT_FIRMLY.search(c.text))  # not "turned down the appeal to lift"
        negated = k.negated or lifted
        if negated and k.kind == "determination":
            level_id, level_name = f"below_{level_id}", f"below {level_name}"
        direction, told = ("down", True) if lifted else self._direction(
            s, c, fw, negated and k.kind == "determination", level_id)
        category = category_of(s.text, m, s.text[c.lo:m.start], s.text[m.end:c.hi], doc.title, fw, doc.category_labels)
        if k.kind == "determination":
            category = widen_to_several(s.text, s.mentions, c.i, category, fw)
        own_pre = c.pre[c.pre.rfind(",") + 1:][-60:]  # not "... at launch, now sits in"
        opening = C.LAUNCH_OPENING.match(s.text)
        stale = bool((C.STALE.search(own_pre) and not C.REPORTED_CHANGE.search(own_pre))
                     or C.LAUNCHED_BEFORE.search(own_pre)
                     or C.STALE.search(c.post[:50]) or c.reference
                     or (c.listed and C.PREVIOUS_LABEL.match(s.text, 0, m.start))
                     or C.FROM_BEFORE.search(own_pre) or (opening and opening.end() <= m.start))
        score = _confidence(doc, s, c, subject, att, k, negated, lifted, level_id, stale)
        names = {
            "org": att.decider[1] if att.decider else None,
            "model": subject.text,
            "framework": att.fw_name or (fw.name if fw else None),
            "category": CATEGORY_TEXT.get(category, category) if category else None,
            "level": level_name,
        }
        tier = {"org": att.decider[0] if att.decider else None, "model": subject.id, "framework": att.framework_id,
                "category": category, "level": level_id, "direction": direction, "names": names}
        conf = round(max(0.05, min(0.98, score)), 3)
        finding = TierFinding(tier, k.kind, _evidence(doc, s, c, subject), conf)
        rank = self._order(m, fw)
        # "no longer qualifies for Band C"; a model's, not a scale's "from Tier 1 (Minimal) to Tier 5"
        left = (stale or lifted or (negated and direction == "down")) and subject.id is not None
        # "from X to Y" gives an earlier level only in a determination, not in a scale described ("four levels,
        # from Level 1 to Level 4")
        moved = m.prior is not None and k.kind == "determination"
        earlier = [self._order(m.prior, fw) if moved else None, rank if left else None]
        return _Read(finding, s.idx, score, rank, tuple(r for r in earlier if r is not None), told, stale,
                     m.category is not None, att.third_party)

    def _carried_forward(self, doc: Article, s: Sentence, c: Clause, f: TierFinding, subject: Subject
                         ) -> list[_Read]:
        """"... and carried them forward to Sonnet 4.5": the same level for a further model."""
        out = []
        for other in s.models:
            if other.start > c.m.end and C.CARRY.search(s.text[max(0, other.start - 60):other.start]):
                oid, otext = doc.resolve_versionless(other)
                tier = dict(f.tier, model=oid, direction="new", names=dict(f.tier["names"], model=otext))
                c2 = f.confidence + (0.15 if doc.title_model == oid and subject.id != oid else 0.0)
                out.append(_Read(TierFinding(tier, f.kind, f.evidence, round(min(0.98, c2), 3)), s.idx, c2))
        return out

    def _level(self, m: LevelMention, fw: Framework | None) -> tuple[str, str]:
        if fw is not None:
            for f, lv in m.options:
                if f == fw.id:
                    level = fw.level(lv)
                    as_written = m.extra.get("as_written", m.name)  # "high risk", "high-risk"
                    return lv, (level.name if m.kind == "alias" or level.name.lower() == as_written.lower()
                                else as_written)
            word = m.name.lower()
            for level in fw.levels:  # "High", "'High risk'", "critical threshold" for "Critical Capability Threshold"
                names = (level.id, level.name.lower(), level.name.lower().split()[0], *map(str.lower, level.aliases))
                if word in names:
                    return level.id, level.name if level.name.lower().startswith(word) else m.name
        if m.kind == "alias" and m.options:
            f, lv = m.options[0]
            return lv, self.registry.frameworks[f].level(lv).name
        if m.kind == "word":
            return m.name.lower(), m.extra.get("as_written", m.name)
        called = m.extra.get("called")
        return slug(m.name), f"{m.name} ({called})" if called else m.name

    def _direction(self, s: Sentence, c: Clause, fw: Framework | None, negated: bool, level_id: str
                   ) -> tuple[str, bool]:
        """(direction, whether the text says it): lowered, raised or kept by the words around the level
        (not the level's own name: "Elevated"), up or down against an earlier level the clause names,
        else new: a first determination."""
        m = c.m
        post = c.post[:60]
        if c.frame is not None:  # the frame's own words: not the next model's "moves up to" in a list
            post = _NEXT_STATEMENT.split(post, 1)[0]
        near = _without_level_names(c.pre + " " + post, s.mentions, m.prior)  # "from Elevated to": no verb
        near_low = near.lower()
        if negated:  # "is below the alert threshold, reversing the finding" / "does not reach High"
            held = C.HELD.search(c.pre) or C.HELD.search(c.post[:50])
            change = C.DOWN.search(s.text, s.low) or C.NEG_CHANGE.search(c.text, c.low)
            # "is below the High threshold" tells no change by itself: the article may (an earlier High)
            return ("down" if change and not held else "unchanged"), bool(change or held)
        if C.SAME_AS_BEFORE.search(c.post[:100]):
            return "unchanged", True
        if C.KEPT_FIRMLY.search(c.text[:m.end - c.lo + 50]) or (
                c.frame is not None and KEEPING.match(c.frame.verb)):  # "keeps its ASL-3 status after an upgrade"
            return "unchanged", True
        # the verb first: "downgraded Elm-5 from Tier 1 ... to Tier 2" is down whichever way the numbers run; a
        # change refused is no change ("has not lowered Gyre-5 from Tier 3")
        moved = _moving_verb(near, near_low, len(c.pre))
        if moved is not None:
            verb, way = moved
            return ("unchanged", True) if _NOT_BEFORE.search(near, max(0, verb.start() - 25), verb.start()) \
                else (way, True)
        lower_from = _LOWER_CASE_FROM.search(c.pre[-60:]) if m.prior is None else None
        if lower_from is not None:  # "from the moderate to the high risk threshold"
            way = _way(self.registry.generic_rank(lower_from.group("w")), self.registry.generic_rank(m.name))
            if way:
                return way, True
        if m.prior is not None:
            a, b = self._order(m.prior, fw), self._order(m, fw)
            if a is not None and b is not None and a[0] != b[0]:  # a level the registry's scale lacks ("Medium"
                a, b = m.prior.rank, m.rank                       # in a High/Critical one): the generic order
            way = _way(a, b)
            if way:
                return way, True
        for cue, way in ((C.STEP_ABOVE, "up"), (C.STEP_BELOW, "down")):
            step = cue.search(c.post[:80])
            # against a level held before ("one step above the rating its predecessor received"), not a place in
            # the scale ("the orange category, one step below red")
            if step and _EARLIER_HOLDER.search(s.plain, m.end + step.start(), m.end + step.end() + 70):
                return way, True
        up = C.UP_STRONG.search(near, near_low) or C.FIRST_UP.search(c.text, c.low) \
            or C.ACTIVATED_BEFORE.search(c.pre[-50:]) or C.ACTIVATED_AFTER.match(c.post)
        eu = fw is not None and fw.id == "eu_ai_act"
        if (C.HELD.search(c.pre) or C.HELD.search(c.post[:50])) and (eu or not up):
            return "unchanged", True  # "still meets the criteria for ... systemic risk" is kept, not reached
        if eu:
            return "new", True
        if up:
            return "up", True
        return "new", False  # "deployed under ASL-4" is new unless the article names a lower earlier level

    def _order(self, m: LevelMention, fw: Framework | None) -> tuple[int, int] | None:
        if fw is not None:
            level_id, _ = self._level(m, fw)
            r = fw.rank(level_id)
            if r is not None:
                return (-1, r)
        return m.rank


# an earlier level in lower case, which the level finder leaves alone: "from the moderate to the high risk threshold"
_LOWER_CASE_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?P<w>low|medium|moderate|elevated|high|severe|critical|minimal|"
                              r"significant|substantial|extreme)(?:[\s-]+(?:risk|capability|level|tier|threshold))?\s+"
                              r"(?:up\s+|down\s+)?to\s+(?:the\s+)?[\"']?$")


def _without_level_names(text: str, mentions: list[LevelMention], prior: LevelMention | None) -> str:
    """The text with the levels it names blanked out: a level called "Elevated" elevates nothing (a word of the
    same length stands in, so "moved X from Alert down to Calm" still moves X down)."""
    for m in ([prior] if prior is not None else []) + mentions:
        if m.text in text:
            text = text.replace(m.text, "_" * len(m.text))
    return text


_APPOSITION = re.compile(r",\s+")
_USE_CLASS = re.compile(r"high[- ]risk", re.I)
_ADDRESSEE_BEFORE = re.compile(r"\b(?:notif(?:y|ies|ied|ying)|told|tells|inform(?:s|ed)|wrote to|writes to)\s+"
                               r"(?:the\s+)?$")
# a provider's own finding, told to the authority: "said it had notified the Commission that X qualifies as ..."
_NOTIFIED = re.compile(r"\bnotif(?:y|ies|ied|ying)\s+(?:the\s+)?(?:European\s+)?(?:Commission|AI Office|regulator)"
                       r"[^.;]{0,40}?\bthat\b")
# what a step above or below a level is measured from when it is a level held before: a predecessor, a model
# ("one class above Scarba-1"), a level that was had, held or given
_EARLIER_HOLDER = re.compile(r"\b(?:predecessors?|previous|earlier|prior|last|before|had|held|received|given|got|"
                             r"former|older|was|were)\b|\b[A-Z][\w-]*?[ -]?\d")
# an active assigning verb whose object is the model: "placed Pike-9 ... at Tier 3"
_ASSIGNING_VERB = re.compile(r"\b(?:placed|places|put|puts|moved|moves|rated|rates|classified|classifies|reclassified|"
                             r"reclassifies|designated|designates|assigned|assigns|raised|raises|lowered|lowers|"
                             r"treats|treated|deems|deemed|keeps|kept|lists|listed|left|leaves|upgraded|upgrades|"
                             r"downgraded|downgrades|scored|scores)\b(?! (?:by|as|at|to|in|under|below|above)\b)")
_VERB_THEN_OBJECT = re.compile(_ASSIGNING_VERB.pattern + r"\s+$")
_CLAUSE_BETWEEN = re.compile(r"[;:]|\b(?:and|but|which|that|who|while)\b")
_NOT_BEFORE = re.compile(r"\b(?:not|n't|never|declined to|refused to)\s+(?:\w+\s+)?$", re.I)
# where a list goes on to another model's statement: ", Rowan 4 moves up to", "and the older Rowan 3"
_NEXT_STATEMENT = re.compile(r",\s+(?:and\s+)?(?:the\s+)?(?=[A-Z])|\s+and\s+(?:the\s+|its\s+)?(?=[A-Z])")
_COORDINATION = re.compile(r"\s*(?:,\s*and|,|and|&|or)\s*$")
_AND_OR = re.compile(r"\s*(?:,\s*)?(?:and|&|or)\s*$")


_PREDECESSOR_BEFORE = re.compile(
    r"\b(?:predecessors?|(?:previous|earlier|prior|older) (?:model|version|system)s?),?\s+$", re.I)
_PREDECESSOR_VERB = re.compile(r",?\s+(?:(?:had|has|have|was|were|is|been|also|already|once)\s+){0,3}(?:[a-z]+ed\s+)?"
                               r"(?:(?:at|as|in|to|under)\s+)?(?:the\s+)?[\"']?")


def _predecessor_subject(s: Sentence, end: int) -> ModelName | None:
    """The predecessor a clause is about when it is the subject before `end` (the verb or the level): "Its
    predecessor, Spire-5, had been rated Tier 2" is Spire-5's level, not the article's model's."""
    return next((x for x in s.models if x.comparison and _PREDECESSOR_VERB.fullmatch(s.text, x.end, end)
                 and _PREDECESSOR_BEFORE.search(s.text, max(0, x.start - 30), x.start)), None)


def _framed_model(doc: Article, s: Sentence, c: Clause) -> Subject:
    """The model of a frame's model slot, or the one its "it", "the model" refers to; the first of a
    coordinated pair ("o3 and o4-mini do not reach High")."""
    mm = c.frame.model
    if mm is not None:
        earlier = [x for x in s.models if x.end <= mm.start and not x.comparison]
        if earlier and _AND_OR.match(s.text, earlier[-1].end, mm.start):
            mm = earlier[-1]
        return Subject(*doc.resolve_versionless(mm))
    held = _predecessor_subject(s, c.frame.verb_start)
    if held is not None:
        return Subject(*doc.resolve_versionless(held))
    found, coref_idx = doc.coref_model(s.idx, c.frame.verb_start)
    if found is not None:
        return Subject(*doc.resolve_versionless(found), via_coref=True, coref_idx=coref_idx)
    return Subject()


def _org_moved(s: Sentence, c: Clause) -> bool:
    """Is the object of the clause's assigning verb an organisation ("moves Quillon to Tier 1")?"""
    return any(c.lo <= o.start < c.m.start and not o.possessive
               and _VERB_THEN_OBJECT.search(s.text, max(c.lo, o.start - 20), o.start)
               for o in s.orgs)


def _pick_model(models: list[ModelName], m: LevelMention, lo: int, hi: int, sentence: str) -> ModelName | None:
    """The model a level mention is about: the one the assigning verb governs ("placed Pike-9, which
    shares a base with Pike-8 Mini, at Tier 3"), else the nearest non-comparison name inside its clause."""
    verb = None
    for verb in _ASSIGNING_VERB.finditer(sentence, lo, m.start):
        pass
    if verb is not None:
        governed = [mm for mm in models if not mm.comparison and verb.end() <= mm.start < verb.end() + 45
                    and mm.end <= m.start and not _CLAUSE_BETWEEN.search(sentence, verb.end(), mm.start)]
        if governed:
            return governed[0]
    best, best_score = None, None
    for mm in models:
        if mm.comparison or mm.start < lo or mm.end > hi:
            continue
        score = float(m.start - mm.end) if mm.end <= m.start else (mm.start - m.end) * 1.3
        if mm.id in VERSIONLESS:
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


_OWNED_FRAMEWORK = re.compile(r"(?:own\s+)?(?:[\w#-]+\s+){0,3}?(?:framework|policy|scale|ladder|tiers|levels|bands|"
                              r"system|#)", re.I)


_IN_RELATIVE = re.compile(r",\s+(?:which|who)\b[^,;]*$")


def _owner_named(s: Sentence, subject: Subject) -> str | None:
    """The organisation the sentence names as the owner of the framework or of the model
    ("Ravenna AI's scaling policy", "Ravenna AI's Ibis 3"): only it determines their levels."""
    for o in s.orgs:
        if not o.possessive or o.third_party or _IN_RELATIVE.search(s.text, 0, o.start):
            continue  # "Tangelo Labs, which adopted OpenAI's Preparedness Framework levels, said ...": background
        after = s.plain[o.end:].lstrip("'s").lstrip()
        if (subject.text and after.startswith(subject.text)) or _OWNED_FRAMEWORK.match(after):
            return o.id
    return None


# "researchers at Carnegie Mellon said": a body that is no company speaks through its staff
_OWN_MODEL = re.compile(r"\b(?:(?:its|their) (?:[a-z][\w-]* ){0,2}?(?:[A-Z][\w.-]*\s+)?|in-house )"  # "its small open"
                        r"model\b|"
                        # "Lodestar-E, a model the institute trained in-house", "the non-profit that maintains the R7b
                        # open model"
                        r"\ba model (?:it|the (?:institute|agency|office|university|lab)) "
                        r"(?:trained|built|developed)\b|"
                        r"\b(?:that|which) (?:maintains|develops|built|builds|trains|trained|released|releases) "
                        r"(?:the|its)\b")
_STAFF_OF = re.compile(r"\b(?:researchers?|scientists?|academics?|analysts?|experts?|economists?) (?:at|from|of) "
                       r"(?:the )?$", re.I)
# an aside that says who or what something is, and reports no one's words: ", which includes two outside experts,",
# ", the research agent we're opening to academic partners,"; not ", an evaluator said,"
_DESCRIBING_ASIDE = re.compile(r",\s+(?:which|who|whose|the|a|an|its|our)\b"
                               r"(?![^,;]*\b(?:said|says|told|argue[sd]?|wrote)\b)[^,;]*,")


def _another_regulator(doc: Article, decider: tuple[str, str] | None) -> bool:
    """Is the decider a regulator the registry does not know (not the European Commission or its AI Office)?"""
    return decider is not None and not doc.is_authority(decider[0]) and bool(C.REGULATOR.search(decider[1]))


def _a_regulators_act(sentence: str, c: Clause, after: int) -> bool:
    """Does a regulator class, move or rule on the model ("has placed Istrel Labs' Cobalt Pro at", "has confirmed that
    Lanyard-8 will remain a Designated Frontier Model"), rather than report a test's result?"""
    if c.frame is not None and c.frame.family in ("klass", "change", "place", "sit", "nominal"):
        return True  # "has placed X at", "said that X will remain in Risk Class 2"
    return bool((c.frame is None and C.DEED.rx.search(sentence, after, c.m.start))
                or _RULED.search(sentence, after, c.m.start))


# a level "of its" scheme: the body that places a model there owns the scheme it names
_ITS_OWN_SCHEME = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:for [\w -]+? )?(?:of|under|in|on) its (?:own )?[A-Z]")
# who asked, not who decided: "rejected an appeal by Brindle & Vane and maintained its designation"
_REQUESTER_BEFORE = re.compile(r"\b(?:appeals?|objections?|requests?|challenges?|complaints?|submissions?|"
                               r"applications?|representations?|requested|sought|brought|filed|lodged)"
                               r"\s+(?:by|from)\s+$")  # "after a review requested by Boorong Labs"
# a regulator's ruling on where a model stands: "has confirmed that Lanyard-8 will remain a Designated Frontier Model"
_RULED = re.compile(r"\b(?:confirmed|decided|determined|ruled|concluded|found)\s+that\b")
_PART_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _third_party_subject(text: str) -> bool:
    """Does a third party speak or judge in the text, not in an aside ("the committee, which includes two outside
    experts, voted")?"""
    if ", " in text:
        text = _DESCRIBING_ASIDE.sub(" ", text)
    return bool(C.THIRD_PARTY.search(_HELPERS.sub(" ", text)))


# "the review its safety board ran together with outside experts": the experts helped, the lab decided
_HELPERS = re.compile(r"\b(?:together|along|jointly) with\s+(?:[\w-]+\s+){0,3}?(?:experts?|researchers?|evaluators?|"
                      r"testers?|auditors?|academics?|scientists)\b")


# --- step 6: confidence and evidence -----------------------------------------------------------


def _confidence(doc: Article, s: Sentence, c: Clause, subject: Subject, att: Attribution, k: Kind,
                negated: bool, lifted: bool, level_id: str, stale: bool) -> float:
    """Determinations 0.5-0.98 (below 0.5 without a model), expectations 0.5-0.7, descriptions 0.35-0.45."""
    model = subject.id
    # the subject shared with an earlier clause of the sentence counts as named: "X is no longer Critical ...
    # and now sits at High"
    via_coref = subject.via_coref and subject.coref_idx != s.idx
    if k.kind == "expectation":
        return 0.5 + (0.1 if model or att.decider else 0.0) + (0.1 if k.expect else 0.0)
    if k.kind == "description":
        return 0.35 + (0.1 if k.describe or k.conditional else 0.0)
    conf = 0.55 if model else 0.45
    conf += 0.0 if model is None else 0.05 if via_coref else 0.15
    conf += 0.1 if c.strong else 0.0
    conf += 0.05 if c.first else 0.0
    conf += 0.05 if s.framework_named else 0.0
    conf += (0.05 if via_coref else 0.15) if doc.title_model and model == doc.title_model else 0.0
    conf -= 0.1 if negated else 0.0
    conf -= 0.1 if level_id == "low" else 0.0
    conf -= 0.1 if c.m.extra.get("ordinal") and c.m.rank[0] != 20 else 0.0  # "its top tier": vaguer than "Tier 3"
    conf -= 0.15 if stale else 0.05 if C.BACKGROUND.search(c.text, c.low) else 0.0
    conf += 0.05 if att.decider else 0.0
    conf -= 0.15 if lifted else 0.0
    return conf


def _evidence(doc: Article, s: Sentence, c: Clause, subject: Subject) -> str:
    """The sentence, trimmed around the level; with the sentence before when the model is named there."""
    evidence = _trim(s.text, c.m.start, c.m.end)
    if subject.via_coref and subject.coref_idx is not None and subject.coref_idx == s.idx - 1:
        both = doc.sentences[subject.coref_idx] + " " + s.text
        if len(both) <= MAX_EVIDENCE:
            evidence = both
    return evidence


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


# --- the article's findings together ---------------------------------------------------------------


def _share_categories(reads: list[_Read]) -> list[_Read]:
    """A determination whose sentence names no category takes the one another sentence of the article
    states for the same model and level, held or not (a headline and the body that explains it; "had
    treated it as High in cybersecurity ... is below the High threshold")."""
    known = {}
    for r in reads:
        t = r.finding.tier
        if r.finding.kind == "determination" and t["category"]:
            known.setdefault((t["model"], _base(t["level"])), (t["category"], t["names"]["category"]))
    for r in reads:
        f, t = r.finding, r.finding.tier
        fill = known.get((t["model"], _base(t["level"]))) if f.kind == "determination" and not t["category"] \
            else None
        if fill:
            r.finding = TierFinding(dict(t, category=fill[0], names=dict(t["names"], category=fill[1])), f.kind,
                                    f.evidence, f.confidence)
    return reads


def _headline_as_the_body_says(reads: list[_Read]) -> list[_Read]:
    """A headline states what its body reports: when the body gives a model's level only as a third party's
    view ("Researchers at Carnegie Mellon said Compass 3 performs at Level 4"), the headline's "Model ranks at
    Level 4" is no determination either; when the body names who decided, that is who decided ("UK institute
    keeps Meta's Llama 6 at C2" over "the AI Security Institute said ... placed the model at C2")."""
    body: dict[tuple, list[_Read]] = {}
    for r in reads:
        if r.idx > 0:
            body.setdefault((r.finding.tier["model"], r.finding.tier["level"]), []).append(r)
    for r in reads:
        said = body.get((r.finding.tier["model"], r.finding.tier["level"])) if r.idx == 0 else None
        if not said or r.finding.kind != "determination":
            continue
        if all(o.others_view for o in said):
            r.finding = dataclasses.replace(r.finding, kind="description", confidence=0.45)
            continue
        deciders = {o.finding.tier["org"] for o in said if o.finding.kind == "determination"} - {None}
        if len(deciders) == 1 and r.finding.tier["org"] not in deciders:
            o = next(o for o in said if o.finding.tier["org"] in deciders)
            names = dict(r.finding.tier["names"], org=o.finding.tier["names"]["org"])
            r.finding = dataclasses.replace(r.finding, tier=dict(r.finding.tier, org=o.finding.tier["org"],
                                                                 names=names))
    return reads


def _base(level_id: str | None) -> str | None:
    return level_id[6:] if level_id and level_id.startswith("below_") else level_id


def _news_order(reads: list[_Read]) -> list[tuple]:
    """Sort keys, best first: determinations, then expectations, then descriptions; of a model's
    determinations its current level before an earlier one ("had been in Band B"), and its highest
    level before a lower one in another category (the story of "Level B in cyber, Level A in the other
    domains" is Level B); a change before a level kept; then by confidence and place."""
    current = [r for r in reads if r.finding.kind == "determination" and not r.stale]
    moved = any(o.finding.tier["direction"] in ("up", "down") for o in current)
    keys = []
    for r in reads:
        model = r.finding.tier["model"]
        superseded = (r.stale and any(o.finding.tier["model"] == model for o in current)) or _no_longer(r, current) \
            or _moved_from(r, current)
        outranked = any(o is r for o in current) and _outranked(r, current)
        kept = moved and r.finding.tier["direction"] == "unchanged"  # "X stays at CL-1, Y moves up to CL-3": Y
        past = _dated_before(r.finding)
        keys.append((KIND_RANK[r.finding.kind], superseded, outranked, kept, past, _only_below(r, current),
                     _a_reason(r, current), -r.score, r.idx))
    return keys


def _retired_models(doc: Article) -> set[str]:
    """Models the article says are no longer served: "Polaris-1 was retired last year"."""
    if not C.RETIRED_WORDS.search(doc.low):
        return set()
    out = set()
    for idx, sentence in enumerate(doc.sentences):
        for mm in doc.models(idx):
            if C.RETIRED_AFTER.match(sentence, mm.end) or C.RETIRED_BEFORE.search(sentence, max(0, mm.start - 30),
                                                                                  mm.start):
                out.add(mm.id)
    return out


def _as_descriptions(reads: list[_Read], which: Callable[[TierFinding], bool] = lambda f: True) -> list[_Read]:
    """These determinations are told, not made: history, or what someone else claimed."""
    for r in reads:
        if r.finding.kind == "determination" and which(r.finding):
            r.finding = dataclasses.replace(r.finding, kind="description", confidence=0.4)
    return reads


def _no_news(doc: Article, reads: list[_Read]) -> list[_Read]:
    """Levels the article tells but does not report as its news: the status quo behind a headline's claim, a
    placement dated in a story about a person, a release's "About" boilerplate, a report the lab denies, what a
    correction says an earlier item wrongly reported."""
    reads = _status_quo_behind_the_headline(reads)
    reads = _another_models_level_behind_the_headline(doc, reads)
    if C.PERSONNEL_HEADLINE.search(doc.title):  # "co-founder steps down": a dated placement is the career's history
        reads = _as_descriptions(reads, lambda f: bool(C.IN_A_YEAR.search(f.evidence)))
    about = C.ABOUT_THE_COMPANY.search(doc.full)
    if about:  # a release's closing "About Oakhurst" paragraph
        late = {id(r.finding) for r in reads if doc.spans[r.idx][0] >= about.start()}
        reads = _as_descriptions(reads, lambda f: id(f) in late)
    if C.DENIED_REPORT.search(doc.title) or C.DENIED_REPORT.search(doc.lead):
        reads = _as_descriptions(reads)  # the rating is the report's, and the lab says it is not so
    if C.CORRECTION_NOTICE.search(doc.title) or C.CORRECTION_NOTICE.search(doc.full):
        reads = _as_descriptions(reads, lambda f: bool(C.EARLIER_ITEM_SAID.search(f.evidence)))
    return reads


def _status_quo_behind_the_headline(reads: list[_Read]) -> list[_Read]:
    """A model's current level, stated in passing, is background when the headline is about another level for it
    that no one has decided: "Dovecote weighs moving Kite-5 to 'High'" ... "Kite-5 currently sits at Medium";
    "Preprint claims X meets 'Level 4'" ... "Cobaltine currently lists X at Level 3"; an auditor's or a watchdog's
    claim anywhere: "X 'likely meets' Level 4, despite the company's decision to keep it at Level 3"."""
    claimed = {(r.finding.tier["model"], r.finding.tier["level"]) for r in reads
               if (r.idx == 0 and r.finding.kind != "determination" or r.others_view) and r.finding.tier["model"]}
    if not claimed:
        return reads
    # ... or its level at release: "weighing Level Four for Tamarack" ... "Tamarack was placed at Level Two when it
    # was released"
    as_it_stands = {id(r.finding) for r in reads if r.stale or _AS_IT_STANDS.search(r.finding.evidence)}
    return _as_descriptions(reads, lambda f: id(f) in as_it_stands and any(
        model == f.tier["model"] and level != f.tier["level"] for model, level in claimed))


# the level as it stands, beside someone's claim: "currently lists", "despite the company's decision to keep it at"
_AS_IT_STANDS = re.compile(r"\b(?:currently|at present|as things stand|despite|has not changed|stood by|stands by)\b",
                           re.I)


def _another_models_level_behind_the_headline(doc: Article, reads: list[_Read]) -> list[_Read]:
    """Another model's level, stated as it stands, is background when the headline's model has none decided, or the
    headline tells of a level no one has decided: "Sorrel: Lumen-9 placement hinges on outside check" ... "Lumen-8
    was placed at Stage B last year"; "Cintra expects its next model to cross into Tier C" ... "Cintra's current
    model, Heron-2, is rated Tier B"."""
    if not doc.title:
        return reads
    headline = [r.finding.tier for r in reads if r.idx == 0]
    # the headline's model, when the body also names it ("Ruling 22/2028: Tessaly-4" names no model)
    told_of = {t["model"] for t in headline} | (
        {doc.title_model} if doc.title_model and doc.doc_models[doc.title_model] > 1 else set())

    def told(model: str | None) -> bool:  # "ChatGPT Agent" of a headline's "ChatGPT Agent Setting ..." too,
        return model is not None and any(  # not "Orrery" of "Orrery-2"
            model == t or (t and (_word_longer(t, model) or _word_longer(model, t))) for t in told_of)

    if not told_of or any(r.finding.kind == "determination" and (r.idx == 0 or told(r.finding.tier["model"]))
                          for r in reads):
        return reads
    headline_levels = {t["level"] for t in headline}  # the headline tells of that level
    return _as_descriptions(reads, lambda f: not told(f.tier["model"]) and f.tier["direction"] == "new"
                            and f.tier["level"] not in headline_levels and not _NEWS_DAY.search(f.evidence))


def _word_longer(name: str, base: str) -> bool:
    """Is `name` `base` with words after it ("chatgpt-agent-setting"), not another version ("orrery-2")?"""
    return name.startswith(base + "-") and not name[len(base) + 1:][:1].isdigit()


def _dated_before(f: TierFinding) -> bool:
    """Does the level's own clause date it before the news ("placed at Critical in the spring", "rated Level 2 in
    February"), so that a level dated now or not at all is the news ("On Tuesday the company lowered the model to
    High"); not "moved to Tier 3 ..., from Tier 4, where it had been placed in February"?"""
    level = (f.tier["names"]["level"] or "").removeprefix("below ")
    at = f.evidence.find(level) if level else -1
    if at < 0:
        return False
    start = max(f.evidence.rfind(",", 0, at), f.evidence.rfind(";", 0, at)) + 1
    end = _CLAUSE_END.search(f.evidence, at + len(level))
    clause = f.evidence[start:end.start() if end else len(f.evidence)]
    return bool(_DATED_BEFORE.search(clause)) and not _NEWS_DAY.search(clause)


_DATED_BEFORE = re.compile(C.PAST_DATE.pattern + r"|\b[Ii]n the (?:spring|summer|autumn|fall|winter)\b")
_NEWS_DAY = re.compile(r"\b(?:" + C.WEEKDAYS + r"|today|this week|yesterday)\b", re.I)


def _retired_models_are_history(reads: list[_Read], retired: set[str], latest_year: int) -> list[_Read]:
    """A retired model's level, and a level the text dates years ago ("Two years ago, its evaluators placed the
    model at Level 4", "In 2025, the lab had placed it at Tier 2", "a turbulent 2023, when the lab placed it at
    Tier 3", "Slate, which the council designated in 2025", "In the spring of 2020, the lab placed ..." in a text
    that goes on to a later year; not "..., the same finding it reported for its predecessor a year ago"), are
    history."""
    def history(f: TierFinding) -> bool:
        level_at = f.evidence.replace("-", " ").find((f.tier["names"]["level"] or "\0").replace("-", " "))
        opening = C.YEAR_OPENING.match(f.evidence)
        dated = level_at > 0 and bool(C.YEARS_AGO.search(f.evidence, 0, level_at)
                                      or C.YEAR_PLUPERFECT.search(f.evidence, 0, level_at)
                                      or C.YEAR_WHEN.search(f.evidence, 0, level_at)
                                      or C.BACK_IN_A_YEAR.search(f.evidence)
                                      or _in_a_dated_clause(f.evidence, level_at)
                                      or _LAST_YEAR_OPENING.match(f.evidence)
                                      or (opening and int(opening.group("year")) < latest_year))
        return f.tier["model"] in retired or dated

    return _as_descriptions(reads, history)


def _in_a_dated_clause(evidence: str, level_at: int) -> bool:
    """Is the level inside a relative or "When" clause that dates it ("Gannet-2, which the company placed at Tier 2
    last autumn, is"), not after one ("Pike-9, which was Restricted at launch, now sits in General")?"""
    for m in C.RELATIVE_DATED.finditer(evidence):
        end = _CLAUSE_END.search(evidence, m.start())
        if m.start() < level_at < (end.start() if end else len(evidence)):
            return True
    return False


_CLAUSE_END = re.compile(r"[.;,]")
_LAST_YEAR_OPENING = re.compile(r"(?:Last|Earlier last|Late last) year\b")  # as "In 2024, ..." opens on an earlier year


def _latest_year(text: str) -> int:
    return max((int(y) for y in _YEAR.findall(text)), default=0)


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _dated_in_the_past(reads: list[_Read]) -> list[_Read]:
    """A level the text dates in the past is stale when another sentence, not dated so, gives the model another:
    "In our March report we placed Dalbit-5 at Tier 3 ... We now place Dalbit-5 at Tier 2", "was placed at L3 in
    January ... the company lowered it to L2", "downgraded it to Containment-2 ... It was moved up to Containment-3
    in June"."""
    current = [r for r in reads if r.finding.kind == "determination" and not r.stale and not r.bound
               and not r.finding.tier["level"].startswith("below_")]
    dated = {id(r) for r in current if C.PAST_DATE.search(r.finding.evidence)}
    for r in current:
        t = r.finding.tier
        later = [o for o in current if id(o) not in dated and o.finding.tier["model"] == t["model"]
                 and o.finding.tier["level"] != t["level"] and o.finding.tier["framework"] == t["framework"]]
        if id(r) in dated and later:
            r.stale = True
            for o in later:  # "In Notice 2026-03 ... at Band 2 ... has determined that it is at Band 3": up
                way = None if o.told else _way(r.rank, o.rank)
                if way:
                    o.finding = dataclasses.replace(o.finding, tier=dict(o.finding.tier, direction=way))
                    o.told = True
    return reads


def _way(earlier: tuple[int, int] | None, later: tuple[int, int] | None) -> str | None:
    """"up" or "down" from one place to another on the same scale; None when they are not comparable or equal."""
    if earlier is None or later is None or earlier[0] != later[0] or earlier == later:
        return None
    return "up" if later > earlier else "down"


def _first_above(sentence: str, mentions) -> list[tuple[None, tuple[int, int]]]:
    """Places of the levels a sentence says the lab's models were never above ("the first time a Pell model has
    been placed above Tier I")."""
    if "first" not in sentence.lower():
        return []
    return [(None, m.rank) for m in mentions or () if m.rank is not None
            and C.FIRST_ABOVE.search(sentence, max(0, m.start - 120), m.start)]


def _a_reason(r: _Read, current: list[_Read]) -> bool:
    """Is the level a capability threshold of one category ("CBRN-4") beside the scale's own level the
    article gives the same model ("deployed under ASL-4 because it may cross CBRN-4")? The threshold is
    the reason; the level the model is put under is the news."""
    t = r.finding.tier
    return r.bound and any(o.finding.tier["model"] == t["model"] and not o.bound
                           and o.finding.tier["framework"] == t["framework"]
                           and not o.finding.tier["level"].startswith("below_") for o in current)


def _no_longer(r: _Read, current: list[_Read]) -> bool:
    """Does the article say the model has left the level ("flagged Gull 4 as High in January ... no longer treated
    as High")? The level it was at is not its level now."""
    t = r.finding.tier
    return t["direction"] != "up" and any(
        o.finding.tier["model"] == t["model"] and o.finding.tier["direction"] == "down"
        and o.finding.tier["level"] == "below_" + t["level"] for o in current)


def _moved_from(r: _Read, current: list[_Read]) -> bool:
    """Is its level the one the article says the model moved from ("lowered ... to Elevated from Severe";
    "Spire-6 was the first model it placed at Tier 3")?"""
    t = r.finding.tier
    return r.rank is not None and any(
        o.finding.tier["model"] == t["model"] and o.finding.tier["direction"] in ("up", "down")
        and o.rank != r.rank and r.rank in o.earlier for o in current)


def _only_below(r: _Read, current: list[_Read]) -> bool:
    """Does the article name the level a model moved down to, beside "no longer X" ("is no longer treated as
    Class II ... moved the model to Class I"), or a lower level it rose to, beside the one it is below? The
    named level is the news."""
    t = r.finding.tier
    if not t["level"].startswith("below_"):
        return False
    if t["direction"] == "down":
        return any(o.finding.tier["model"] == t["model"] and o.finding.tier["direction"] == "down"
                   and not o.finding.tier["level"].startswith("below_") for o in current)
    # "has now reached the alert threshold, ... does not reach the CCL": the step up is the news (not "stays at
    # Tier 3" beside "does not reach Tier 4")
    return r.rank is not None and any(
        o.finding.tier["model"] == t["model"] and o.finding.tier["direction"] == "up"
        and o.finding.tier["category"] in (None, t["category"]) and o.rank is not None
        and o.rank[0] == r.rank[0] and o.rank < r.rank for o in current)


def _outranked(r: _Read, current: list[_Read]) -> bool:
    """Does the article put the same model higher in another category of the same scale?"""
    t = r.finding.tier
    if r.rank is None or r.bound or not t["category"] or t["level"].startswith("below_"):
        return False
    return any(o.finding.tier["model"] == t["model"] and o.finding.tier["category"] not in (None, t["category"])
               and not o.finding.tier["level"].startswith("below_") and not o.bound and o.rank is not None
               and o.rank[0] == r.rank[0] and o.rank > r.rank for o in current)


_TITLE_STORIES = re.compile(r";\s+|\s+\|\s+|\s+[\u2022\u00b7]\s+")
_QUOTED_SPAN = re.compile(r"[\"'\u2018\u201c][^\"'\u2018\u2019\u201c\u201d]{1,40}[\"'\u2019\u201d]")


def _headline_direction(doc: Article) -> tuple[str, str] | None:
    """(model, way) a headline that names no level moves its model: "Hatherley AI bumps Coble-2 up a tier"."""
    if not doc.title or not doc.title_model or doc.raw_levels(0):
        return None
    title = _QUOTED_SPAN.sub(" ", doc.title)  # "rates Sorrel Deep 2 'Elevated'" elevates nothing
    # a digest's title: only the story that names the model ("Ferrule raises $400m; Helio ships Solstice-2 at RL-3")
    title = next((part for part in _TITLE_STORIES.split(title) if doc.title_model_text in part), title)
    low = title.lower()
    way = "down" if C.DOWN.search(title, low) else "up" if C.UP_MOVE.search(title, low) else None
    return (doc.title_model, way) if way else None


def _directions_from_the_article(reads: list[_Read], headline: tuple[str, str] | None = None,
                                 before: list[tuple[str | None, tuple[int, int]]] = (),
                                 firsts: set[str | None] = frozenset()) -> list[_Read]:
    """A determination whose sentence states no direction takes the way its headline moves the model, or
    is up or down against an earlier level the article names for the same model, or a level it names
    for the model's predecessor or the lab's earlier models, in the same scale ("had been in Band B",
    "from Level 3 to ...", "Gannet 2 was in Class II", "its predecessor was rated Green" in `before`); it is
    up when another sentence calls the model the first treated so (`firsts`)."""
    earlier = [(r.finding.tier["model"], rank) for r in reads for rank in r.earlier] + list(before)
    held_before = {(r.finding.tier["model"], r.finding.tier["level"]) for r in reads
                   if r.stale and r.finding.kind == "determination"}
    told = {(r.finding.tier["model"], r.finding.tier["level"]): r.finding.tier["direction"] for r in reads
            if r.told and r.finding.kind == "determination" and r.finding.tier["direction"] != "new"}
    for r in reads:
        t = r.finding.tier
        if r.told or r.finding.kind != "determination":
            continue
        if (t["model"], t["level"]) in told:  # "cuts Pike-9 to Band B" above "Pike-9 sits in Band B"
            r.finding = dataclasses.replace(r.finding, tier=dict(t, direction=told[t["model"], t["level"]]))
            r.told = True
            continue
        if headline and headline[0] == t["model"] and not t["level"].startswith("below_"):
            r.finding = dataclasses.replace(r.finding, tier=dict(t, direction=headline[1]))
            r.told = True
            continue
        if t["level"].startswith("below_"):
            if (t["model"], t["level"][6:]) in held_before:
                # "had treated Wren-4 as High since March ... has concluded that Wren-4 is below the High threshold"
                r.finding = dataclasses.replace(r.finding, tier=dict(t, direction="down"))
                r.told = True
            continue
        if (t["model"], "below_" + t["level"]) in held_before:
            # "had been assessed as below that threshold" before a "now sits at the 'high risk' threshold"
            r.finding = dataclasses.replace(r.finding, tier=dict(t, direction="up"))
            r.told = True
            continue
        moved_from = _moved_from_in_sentence(r, reads)
        if moved_from:  # "now rates X as High ..., up from Medium at launch": Medium's "up" is the move to High
            r.finding = dataclasses.replace(r.finding, tier=dict(t, direction=moved_from))
            r.told = True
            continue
        if t["direction"] == "new" and (t["model"] in firsts or None in firsts):
            r.finding = dataclasses.replace(r.finding, tier=dict(t, direction="up"))
            r.told = True
            continue
        if r.rank is None:
            continue
        held = earlier + [(t["model"], o.rank) for o in reads if o.rank is not None
                            and _predecessor(o.finding.tier["model"], t["model"])]
        for model, rank in held:
            direction = _way(rank, r.rank) if model in (t["model"], None) else None
            if direction:
                r.finding = dataclasses.replace(r.finding, tier=dict(t, direction=direction))
                r.told = True
                break
    return reads


def _item_label(s: Sentence) -> ModelName | None:
    """The model a list item is labelled with: "Nimbus 3: Capability Level changed from CL-3 to CL-2"."""
    first = s.models[0] if s.models else None
    if first is not None and first.start <= 2 and s.text.startswith(":", first.end):
        return first
    return None


def _moving_verb(near: str, near_low: str, level_at: int) -> tuple[re.Match[str], str] | None:
    """The verb of moving that governs a level: the last before it, else the first after it ("has raised X from
    High to Critical ... and withdrawn it from its API" is up)."""
    found = [(v, way) for cue, way in ((C.DOWN, "down"), (C.UP_MOVE, "up")) for v in cue.finditer(near, near_low)]
    before = [f for f in found if f[0].start() < level_at]
    if before:
        return max(before, key=lambda f: f[0].start())
    return min(found, key=lambda f: f[0].start()) if found else None


def _moved_from_in_sentence(r: _Read, reads: list[_Read]) -> str | None:
    """The way a model moved, told by the earlier level its own sentence names ("up from Medium")."""
    t = r.finding.tier
    return next((o.finding.tier["direction"] for o in reads
                 if o.idx == r.idx and o.stale and o.told and o.finding.tier["model"] == t["model"]
                 and o.finding.tier["level"] != t["level"] and o.finding.tier["direction"] in ("up", "down")), None)


_VERSIONED = re.compile(r"(\D+?)-?(\d+(?:\.\d+)*)(.*)")


def _predecessor(a: str | None, b: str | None) -> bool:
    """Is model a an earlier version of model b ("gannet-2" of "gannet-3", not "skiff-3-mini" of "skiff-3")?"""
    ma, mb = _VERSIONED.fullmatch(a or ""), _VERSIONED.fullmatch(b or "")
    if not (ma and mb) or ma.group(1) != mb.group(1) or ma.group(3) != mb.group(3):
        return False
    va, vb = (tuple(int(x) for x in m.group(2).split(".")) for m in (ma, mb))
    return va < vb


def _distinct(findings: list[TierFinding]) -> list[TierFinding]:
    seen, out = set(), []
    for f in findings:
        key = (f.kind, tuple(sorted((k, v) for k, v in f.tier.items() if k != "names")), f.evidence)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
