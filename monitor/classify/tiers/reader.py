"""The determination reader: from an article to its tier statements.

For each sentence that names a level (levels.py), the clause around the level is read:

- which model: the one named in the clause (not a point of comparison), else the one "it",
  "the model" or "this launch" refers to (the same sentence, the sentences before, the title);
- who decided: the organisation before the assigning verb ("Veridian AI has placed ..."), the one
  that "said" it after the clause, or the article's developer for "the company", "we", "its";
  an authority for its own law (the Commission under the AI Act). A model family from the registry
  fills an org the text leaves unnamed, and so does the publisher's own site, as fills only;
- which framework: the one named in the sentence or the article ("its Catastrophic Risk
  Framework"), a registry framework when its org decided, else a slug of the name as written;
- which level, category and direction (raised, lowered, kept, first; "from Medium to High" by
  the framework's order, or by the generic order of level words for unknown frameworks);
- whether it is a determination at all: expectations, plans, conditionals, descriptions of a
  scheme, rumours and third parties' opinions are not (LABELLING.md R3).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from monitor.classify.frameworks import Framework, Registry, slug
from monitor.classify.sentences import normalise, sentence_spans
from monitor.classify.tiers import cues as C
from monitor.classify.tiers.levels import LevelFinder, LevelMention, level_names_in
from monitor.classify.tiers.names import VERSIONLESS, ModelName, NameFinder, OrgName
from monitor.urls import host_of

MAX_EVIDENCE = 400
KIND_RANK = {"determination": 0, "expectation": 1, "description": 2}


@dataclass(frozen=True)
class TierFinding:
    tier: dict  # {"org", "model", "framework", "category", "level", "direction", "names"}
    kind: str  # "determination" | "expectation" | "description"
    evidence: str  # the sentence (or two) that carries it
    confidence: float  # 0..1


# --- categories ---------------------------------------------------------------------------------

_CATEGORY_RX: list[tuple[C.Cue, str]] = [
    (C.Cue(r"\bcyber\w*|\bhacking\b|\boffensive (?:security|operations)\b", ("cyber", "hacking", "offensive")),
     "cyber"),
    (C.Cue(r"\bCBRN\b|\bradiolog\w*|\bnuclear\b", ("cbrn", "radiolog", "nuclear")), "cbrn"),
    (C.Cue(r"\bbiolog\w*|\bbio\b|\bbio-?(?:security|weapons?|risk|threats?|chem\w*)\b|\bchemical\w*|\bchem\b|"
           r"\bpathogen\w*|\bvirolog\w*|\bCB-\d|\bwet-lab\b", ("bio", "chem", "pathogen", "virolog", "cb-", "wet-lab")),
     "bio"),
    (C.Cue(r"\bself[- ]improvement\b|\bAI R&D\b|\bML R&D\b|\bmachine[- ]learning R&D\b|"
           r"\bAI research and development\b|\bautomated AI research\b|\bmachine learning research and development\b",
           ("improvement", "r&d", "research and development", "automated ai research")), "self_improvement"),
    (C.Cue(r"\bmodel autonomy\b", ("model autonomy",)), "model_autonomy"),
    (C.Cue(r"\bautonom\w+|\bloss of control\b|\bmisalignment\b|\bdeceptive alignment\b|\binstrumental reasoning\b|"
           r"\bshutdown resistance\b", ("autonom", "loss of control", "alignment", "instrumental", "shutdown")),
     "autonomy"),
    (C.Cue(r"\bpersuasion\b|\bmanipulation\b", ("persuasion", "manipulation")), "persuasion"),
]
_MULTI = C.Cue(
    r"\b(?:several|multiple|all|any|various|every|each|three|four|five|both|many)\s+(?:of (?:the|its) )?"
    r"(?:\w+\s+){0,3}?(?:categor\w+|domains?|areas)\b|\boverall\b",
    ("several", "multiple", "all", "any", "various", "every", "each", "three", "four", "five", "both", "many",
     "overall"),
)
_LIST_JOIN = re.compile(r",|\band\b|&|\bas well as\b|\bplus\b", re.I)
_CAT_TEXT = {"cyber": "cyber", "bio": "bio", "cbrn": "CBRN", "self_improvement": "AI self-improvement",
             "model_autonomy": "model autonomy", "autonomy": "autonomy", "persuasion": "persuasion",
             "systemic_risk": "systemic risk", "multiple": "several categories"}


def _map_category(cat: str, fw: Framework | None) -> str:
    """A generic category in the framework's own terms (OpenAI's biological is bio, Anthropic's CBRN)."""
    if fw is None:
        return cat
    own = fw.categories
    if cat in own or not own:
        return cat
    swaps = {"bio": ("cbrn",), "cbrn": ("bio",), "autonomy": ("model_autonomy",), "model_autonomy": ("autonomy",)}
    for other in swaps.get(cat, ()):
        if other in own:
            return other
    return cat


# --- framework names ------------------------------------------------------------------------

_FW_SUFFIX = r"(?:Framework|Policy|Scale|Ladder|Levels|Tiers|Standards|Protocol|Matrix|Charter|Commitments)"
_GENERIC_FRAMEWORK = re.compile(
    r"(?<![\w-])((?:[A-Z][\w&-]*\s+){1,5}" + _FW_SUFFIX + r")(?![\w-])(?!\s+(?:Act|Convention|Law)\b)"
    r"|(?<![\w-])((?:[A-Z][\w&-]*\s+){1,4}?(?:[A-Z][\w&-]*))\s+(?:framework|policy|scale|ladder)\b"
)
_FW_STOP = frozenset(
    """Under The Its Our Their In A An New Updated Revised This That Company Lab Under Per Within Of Whose Each
    Every Any Same Own If When While As Only AI""".split())


@dataclass(frozen=True)
class _FrameworkName:
    start: int  # in the full text
    name: str
    registry_ids: tuple[str, ...]  # registry frameworks this name can be


class Reader:
    """Reads tier statements; built once per registry (patterns compiled at construction)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.names = NameFinder(registry)
        self.levels = LevelFinder(registry)
        aliases: dict[str, list[str]] = {}
        for fw in registry.frameworks.values():
            for a in (fw.name, *fw.aliases):
                aliases.setdefault(a.lower(), [])
                if fw.id not in aliases[a.lower()]:
                    aliases[a.lower()].append(fw.id)
        self._fw_aliases = aliases
        ci = sorted((a for a in aliases if not a.isupper() and " " in a), key=len, reverse=True)
        cs = sorted((a for fw in registry.frameworks.values() for a in (fw.name, *fw.aliases)
                     if " " not in a), key=len, reverse=True)
        parts = [r"(?i:" + "|".join(re.escape(a).replace(r"\ ", r"[\s-]+") for a in ci) + ")"] if ci else []
        parts += [re.escape(a) for a in cs]
        self._fw_rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None
        self._fw_needles = tuple({a.split()[0].lower() for a in aliases})

    # -- entry points ---------------------------------------------------------------------------
    def read(self, title: str, text: str, url: str | None = None, use_known: bool = True) -> list[TierFinding]:
        doc = _Doc.build(self, title, text, url)
        if doc is None:
            return []
        if not any(doc.raw_levels(idx) for idx in range(len(doc.spans))):
            return []
        doc.read_names()
        raw: list[tuple[TierFinding, int, float]] = []  # (finding, sentence, score before capping)
        for idx in range(len(doc.spans)):
            mentions = doc.level_mentions(idx)
            if mentions:
                self._analyse(doc, idx, mentions, raw)
        raw = _share_categories(raw)
        findings = [(self._fill_known(f) if use_known else f, i, score) for f, i, score in raw]
        findings.sort(key=lambda fi: (KIND_RANK[fi[0].kind], -fi[2], fi[1]))
        seen, out = set(), []
        for f, _, _ in findings:
            key = (f.kind, tuple(sorted((k, v) for k, v in f.tier.items() if k != "names")), f.evidence)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out

    def _fill_known(self, f: TierFinding) -> TierFinding:
        """Fill the category or level a determination's text leaves open from the known determinations."""
        if f.kind != "determination":
            return f
        known = self.registry.known.get(f.tier.get("model") or "")
        if not known or known["framework"] != f.tier.get("framework"):
            return f
        tier = dict(f.tier, names=dict(f.tier["names"]))
        fw = self.registry.frameworks.get(known["framework"])
        changed = False
        for key in ("category", "level"):
            if tier.get(key) is None and known.get(key):
                tier[key] = known[key]
                lv = fw.level(known[key]) if fw and key == "level" else None
                tier["names"][key] = lv.name if lv else _CAT_TEXT.get(known[key], known[key])
                changed = True
        return TierFinding(tier, f.kind, f.evidence, f.confidence) if changed else f

    # -- one sentence -----------------------------------------------------------------------------
    def _analyse(self, doc: "_Doc", idx: int, mentions: list[LevelMention], out: list) -> None:
        sentence = doc.sentences[idx]
        low = doc.low_sentence(idx)
        models = doc.models(idx)
        orgs = doc.orgs(idx)
        is_title = idx == 0 and bool(doc.title)
        sentence_anaphor = bool(C.ANAPHOR.search(sentence))
        framework_named = bool(C.FRAMEWORK_NAMED.search(sentence, low))
        has_breaks = any(n in low for n in C.CLAUSE_NEEDLES)
        distinct = {(m.options[0][1] if m.options else m.name.lower()) for m in mentions}
        scale = len(distinct) >= 3 or bool(C.PF_SCALE.search(low)) or (len(distinct) >= 2 and C.RANGE.search(low))
        opinion = bool(C.OPINION.search(sentence, low))
        rumour = bool(C.RUMOUR.search(sentence, low))
        for i, m in enumerate(mentions):
            lo, hi = _clause_bounds(sentence, mentions, i, has_breaks)
            pre, post, clause = sentence[lo:m.start], sentence[m.end:hi], sentence[lo:hi]
            clause_low = clause.lower()
            precaution = "rul" in clause_low and bool(C.PRECAUTION.search(clause, clause_low))
            scrubbed = C.PRECAUTION.rx.sub(" ", clause) if precaution else clause
            scrubbed_low = scrubbed.lower() if precaution else clause_low
            strong = bool(C.STRONG_VERB.search(clause, clause_low)) or precaution
            first = bool(C.FIRST.search(clause, clause_low))

            # --- which model
            gen = None
            for gen in C.GENERIC_SUBJECT.finditer(pre):
                pass
            mm = _pick_model(models, m, lo, hi, sentence)
            if mm is not None and gen is not None and not (lo + gen.end() <= mm.start < m.start):
                mm = None  # "previous models had triggered ..., the latest testing of Gemini 3.1 Pro"
            if gen is None and C.GENERIC_LEVEL_NP.search(pre[-6:]) and C.GENERIC_AFTER.match(post):
                gen = C.GENERIC_AFTER.match(post)  # "a critical-risk system": any system at that level
            generic = gen is not None and mm is None
            model, model_text, via_coref, coref_idx = None, None, False, None
            if mm is not None:
                model, model_text = doc.resolve_versionless(mm)
            elif not generic and (sentence_anaphor or orgs or is_title or (first and doc.title_model)):
                found, coref_idx = doc.coref_model(idx, m.start)
                if found is not None:
                    model, model_text = doc.resolve_versionless(found)
                    via_coref = True

            # --- who decided
            decider, third_party = self._decider(doc, idx, sentence, orgs, m, lo, model_text)
            family = (self.registry.org_of_family(model_text) or self.registry.org_of_family(model)) if model else None
            if family and decider and decider[0] != family and not any(o.id == decider[0] for o in orgs):
                decider = (family, self.names.org_display(family))  # "the company" for another lab's model
            # --- which framework
            fw, fw_name = self._framework(doc, idx, m, decider[0] if decider else None)
            if fw is not None and self.registry.orgs.get(fw.org) and self.registry.orgs[fw.org].authority:
                decider = (fw.org, decider[1] if decider and decider[0] == fw.org else self.registry.orgs[fw.org].name)
                third_party = False
            if decider is None and model_text:
                fam = self.registry.org_of_family(model_text) or self.registry.org_of_family(model)
                if fam:
                    decider = (fam, self.names.org_display(fam))
            if decider is None and doc.publisher:
                decider = (doc.publisher, self.names.org_display(doc.publisher))
            if fw is None and fw_name is None and decider is not None and m.kind != "alias":
                fw, fw_name = self._org_framework(decider[0], m)
            if fw is not None and decider is not None and fw.org != decider[0] and model and \
                    self.registry.org_of_family(model_text) not in (None, decider[0]) and not \
                    (self.registry.orgs.get(fw.org) and self.registry.orgs[fw.org].authority):
                model, model_text, via_coref = None, None, False  # another lab's model: a comparison
            if fw is not None and fw.not_tiers and not any(f == fw.id for f, _ in m.options):
                continue  # the AI Act's "high-risk" use-case class is no frontier tier
            framework_id = fw.id if fw is not None else (slug(fw_name) if fw_name else None)
            if fw is not None and (decider is None or decider[0] != fw.org) and fw_name:
                framework_id = slug(fw_name)  # a framework of this name, not known to be the registry's
            if framework_id is None and m.kind == "word" and not (framework_named or doc.framed or m.rank):
                continue

            # --- cues, tried in the order the decision needs them
            neg_pre = C.PRECAUTION.rx.sub(" ", pre) if precaution else pre
            if "no" in neg_pre:
                neg_pre = C.NOT_NEGATION.rx.sub(" ", neg_pre)
            neg_pre = _COORDINATED.split(neg_pre)[-1]  # "found no reason to change it, and it stays at X"
            negated = bool(C.NEG_PRE.search(neg_pre[-80:])) or bool(C.NEG_POST.match(post))
            if negated and C.OR_BELOW.match(post):
                negated = False  # "Medium or below" states a rule
            if negated and m.prior is None and re.search(r"\bfrom\s+[\w\s-]{0,20}$", pre[-30:]):
                negated = False
            rel = m.start - lo
            expect_strong = None
            conditional = None
            modal = C.MODAL_VERB.search(scrubbed, scrubbed_low)
            if modal and modal.start() < rel:
                strong = False
                if modal.group("modal").lower() in ("should", "must", "ought to"):
                    conditional = modal
                else:
                    expect_strong = modal
            conditional = conditional or C.CONDITIONAL.search(clause, clause_low)
            describe = C.DESCRIBE.search(clause, clause_low)
            if (conditional and not strong) or C.QUESTION.search(clause[:rel], clause_low[:rel]):
                kind = "description"
            elif (expect_strong := expect_strong or C.EXPECT.search(scrubbed, scrubbed_low)) and (
                expect_strong.start() < rel or not (strong or describe)
            ):
                kind = "expectation"
            elif (
                (weak := C.EXPECT_WEAK.search(scrubbed, scrubbed_low))
                and weak.start() < rel
                and not (model and (strong or negated))
            ):
                kind = "expectation" if (model or decider) and not describe else "description"
            elif not strong and C.NORMATIVE.search(clause, clause_low):
                kind = "description"
            elif model and (strong or negated or C.DET_VERB.search(clause)):
                kind = "determination"
                if via_coref and not (strong or negated or first or C.MODEL_ANAPHOR.search(clause, clause_low)):
                    kind = "description"
                elif describe and not (strong or negated):
                    kind = "description"
            elif model is None and not generic and strong and (orgs or sentence_anaphor or (is_title and decider)) \
                    and not describe:
                kind = "determination"  # "OpenAI decided to treat this launch as High": no model named
            else:
                kind = "description"
            if kind == "determination" and (third_party or opinion):
                kind = "description"  # a third party's view of the level
            if kind == "determination" and (rumour or C.HEDGE.search(clause[:rel], clause_low[:rel])):
                kind = "expectation"
            if kind == "determination" and doc.title_is_policy and C.BACKGROUND.search(sentence, low):
                kind = "description"  # a policy article recalling an earlier determination
            if scale and kind != "description":
                kind = "description"

            # --- level, direction, category
            level_id, level_name = self._level(m, fw)
            # "lifted the Tier 3 safeguards": the level no longer applies
            lifted = bool(C.LIFTED_BEFORE.search(pre[-50:]) and C.SAFEGUARDS_AFTER.match(post))
            negated = negated or lifted
            if negated and kind == "determination":
                level_id, level_name = f"below_{level_id}", f"below {level_name}"
            direction = "down" if lifted else self._direction(m, fw, negated and kind == "determination", clause,
                                                              clause_low, pre, first, level_id)
            category = self._category(sentence, m, pre, post, doc.title, fw)
            if category and category != "multiple" and kind == "determination":
                # "High in biological and chemical and High in cybersecurity": one determination, several categories
                for other in mentions[i + 1:]:
                    gap = sentence[m.end:other.start]
                    if other.name.lower() != m.name.lower() or not re.search(r"\band\s+[\"']?$", gap) \
                            or C.CLAUSE_BREAK.search(gap):
                        break
                    if self._category(sentence, other, "", sentence[other.end:], "", fw) not in (None, category):
                        category = "multiple"

            # --- confidence
            if kind == "determination":
                conf = 0.55 if model else 0.45
                conf += 0.0 if model is None else (0.1 if coref_idx == idx else 0.05) if via_coref else 0.15
                conf += 0.1 if strong else 0.0
                conf += 0.05 if first else 0.0
                conf += 0.05 if framework_named else 0.0
                conf += (0.05 if via_coref else 0.15) if doc.title_model and model == doc.title_model else 0.0
                conf -= 0.1 if negated else 0.0
                conf -= 0.1 if level_id == "low" else 0.0
                conf -= 0.05 if C.BACKGROUND.search(clause, clause_low) else 0.0
                conf += 0.05 if decider else 0.0
                conf -= 0.15 if lifted else 0.0
            elif kind == "expectation":
                conf = 0.5 + (0.1 if model or decider else 0.0) + (0.1 if expect_strong else 0.0)
            else:
                conf = 0.35 + (0.1 if describe or conditional else 0.0)
            score = conf
            conf = round(max(0.05, min(0.98, conf)), 3)

            evidence = _trim(sentence, m.start, m.end)
            if via_coref and coref_idx is not None and coref_idx == idx - 1:
                both = doc.sentences[coref_idx] + " " + sentence
                if len(both) <= MAX_EVIDENCE:
                    evidence = both
            names = {
                "org": decider[1] if decider else None,
                "model": model_text,
                "framework": fw_name or (fw.name if fw else None),
                "category": _CAT_TEXT.get(category, category) if category else None,
                "level": level_name,
            }
            tier = {
                "org": decider[0] if decider else None,
                "model": model,
                "framework": framework_id,
                "category": category,
                "level": level_id,
                "direction": direction,
                "names": names,
            }
            out.append((TierFinding(tier, kind, evidence, conf), idx, score))

            # "... and carried them forward to Sonnet 4.5": the same level for a further model
            if kind == "determination" and not negated:
                for other in models:
                    if other.start > m.end and C.CARRY.search(sentence[max(0, other.start - 60):other.start]):
                        oid, otext = doc.resolve_versionless(other)
                        t2 = dict(tier, model=oid, direction="new", names=dict(names, model=otext))
                        c2 = conf + (0.15 if doc.title_model == oid and model != oid else 0.0)
                        out.append((TierFinding(t2, kind, evidence, round(min(0.98, c2), 3)), idx, c2))

    # -- the parts of a determination -----------------------------------------------------------
    def _decider(self, doc: "_Doc", idx: int, sentence: str, orgs: list[OrgName], m: LevelMention, lo: int,
                 model_text: str | None) -> tuple[tuple[str, str] | None, bool]:
        """(org id, display name) of who made the determination, and whether that is a third party."""
        before = [o for o in orgs if o.end <= m.start and not C.MAKER_BEFORE.search(sentence, 0, o.start)]
        in_clause = [o for o in before if o.start >= lo] or before
        if in_clause:
            plain = [o for o in in_clause if not o.possessive]
            o = (plain or in_clause)[-1]
            third = o.third_party or _third_party_subject(sentence[o.end:m.start]) or (
                o.possessive and _third_party_subject(sentence[lo:o.start]))
            return (o.id, self._display(o)), third
        for o in orgs:
            if o.start >= m.end and (C.SAYS_AFTER.match(sentence[o.end:o.end + 60])
                                     or C.AGENT_BEFORE.search(sentence, 0, o.start)):
                return (o.id, self._display(o)), o.third_party
        pre = sentence[:m.start]
        if _third_party_subject(pre):
            return None, True
        if C.COMPANY_REF.search(sentence, sentence.lower()) or idx == 0:
            near = doc.recent_org(idx)
            if near or doc.main_org:
                return near or doc.main_org, False
        return None, False

    def _display(self, o: OrgName) -> str:
        return self.registry.orgs[o.id].name if o.id in self.registry.orgs else o.text

    def _framework(self, doc: "_Doc", idx: int, m: LevelMention, org: str | None
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
            if reg and org is not None and m.kind == "alias" and reg[0].id in options and \
                    self.registry.orgs.get(reg[0].org) and self.registry.orgs[reg[0].org].authority:
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
            if org is None or len({f.org for f in fws}) == 1 and (
                    self.registry.orgs.get(fws[0].org) and self.registry.orgs[fws[0].org].authority):
                return fws[0], fws[0].name
            return None, None
        return None, None

    def _org_framework(self, org: str, m: LevelMention) -> tuple[Framework | None, str | None]:
        """An org's own registry framework with this level, when the text names none."""
        word = m.name.lower()
        fits = [fw for fw in self.registry.frameworks_of(org)
                if any(lv.id == word or lv.name.lower().split()[0] == word for lv in fw.levels)]
        if fits:
            return fits[-1], fits[-1].name
        return None, None

    def _level(self, m: LevelMention, fw: Framework | None) -> tuple[str, str]:
        if fw is not None:
            for f, lv in m.options:
                if f == fw.id:
                    level = fw.level(lv)
                    return lv, (level.name if m.kind == "alias" else m.name)
            word = m.name.lower()
            for level in fw.levels:
                if level.id == word or level.name.lower().split()[0] == word:
                    return level.id, m.name
        if m.kind == "alias" and m.options:
            f, lv = m.options[0]
            return lv, self.registry.frameworks[f].level(lv).name
        if m.kind == "word":
            return m.name.lower(), m.name
        return slug(m.name), m.name

    def _direction(self, m: LevelMention, fw: Framework | None, negated: bool, clause: str, clause_low: str,
                   pre: str, first: bool, level_id: str) -> str:
        if negated:
            return "unchanged"
        if m.prior is not None:
            a, b = self._order(m.prior, fw), self._order(m, fw)
            if a is not None and b is not None and a != b:
                return "up" if b > a else "down"
        if C.DOWN.search(clause, clause_low):
            return "down"
        if C.HELD.search(pre) or C.HELD.search(clause, clause_low) and not C.UP_STRONG.search(clause, clause_low):
            return "unchanged"
        if fw is not None and fw.id == "eu_ai_act":
            return "new"
        if first or (C.UP_STRONG.search(clause, clause_low) and not C.NEW.search(clause, clause_low)):
            return "up"
        if C.NEW.search(clause, clause_low):
            return "new"
        rank = self._order(m, fw)
        if level_id in ("medium", "low", "moderate", "minimal") or (rank is not None and rank[1] <= 1):
            return "new"
        return "up"

    def _order(self, m: LevelMention, fw: Framework | None) -> tuple[int, int] | None:
        if fw is not None:
            level_id, _ = self._level(m, fw)
            r = fw.rank(level_id)
            if r is not None:
                return (-1, r)
        return m.rank

    def _category(self, sentence: str, m: LevelMention, pre: str, post: str, title: str,
                  fw: Framework | None) -> str | None:
        """The tracked category a level is stated for: the words right after it, then before it, then
        the rest of the sentence and the title, then the framework's usual category."""
        if m.category:
            return _map_category(m.category, fw)
        near_post = post[:90]
        if _MULTI.search(near_post) or _MULTI.search(pre[-60:]):
            return "multiple"
        post_cats = _categories_in(near_post, fw)
        if len({c for _, c in post_cats}) >= 2 and _LIST_JOIN.search(near_post[: post_cats[-1][0]]):
            return "multiple"
        if post_cats:
            return post_cats[0][1]
        pre_cats = _categories_in(pre[-70:], fw)
        if pre_cats:
            return pre_cats[-1][1]
        whole = _categories_in(sentence, fw)
        if whole:
            return whole[0][1]
        if fw is not None and fw.id == "preparedness" and _MULTI.search(sentence):
            return "multiple"
        in_title = _categories_in(title, fw)
        if in_title:
            return in_title[0][1]
        return fw.default_category if fw is not None else None


_OWN_CATEGORIES: dict[str, list[tuple[re.Pattern[str], str]]] = {}


def _own_categories(fw: Framework) -> list[tuple[re.Pattern[str], str]]:
    """A framework's own names for its categories ("intrusion" -> cyber), compiled once."""
    if fw.id not in _OWN_CATEGORIES:
        _OWN_CATEGORIES[fw.id] = [
            (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I), cat)
            for cat, names in fw.categories.items() if names
        ]
    return _OWN_CATEGORIES[fw.id]


def _categories_in(span: str, fw: Framework | None) -> list[tuple[int, str]]:
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
            mapped = _map_category(cat, fw)
            if (fw is None or not fw.categories or mapped in fw.categories) and \
                    not any(at == m.start() for at, _ in hits):
                hits.append((m.start(), mapped))
    hits.sort()
    seen: set[str] = set()
    hits = [(at, c) for at, c in hits if not (c in seen or seen.add(c))]
    # "chemical, biological, radiological and nuclear": one category, CBRN
    if len(hits) >= 2 and {c for _, c in hits} <= {"bio", "cbrn"}:
        cbrn = "cbrn" if any(c == "cbrn" for _, c in hits) else "bio"
        return [(hits[0][0], _map_category(cbrn, fw))]
    return hits


def _share_categories(raw: list) -> list:
    """A determination whose sentence names no category takes the one another sentence of the article
    states for the same model and level (a headline and the body that explains it)."""
    known = {}
    for f, _, _ in raw:
        t = f.tier
        if f.kind == "determination" and t["category"]:
            known.setdefault((t["model"], t["level"]), (t["category"], t["names"]["category"]))
    out = []
    for f, i, score in raw:
        t = f.tier
        fill = known.get((t["model"], t["level"])) if f.kind == "determination" and not t["category"] else None
        if fill:
            f = TierFinding(dict(t, category=fill[0], names=dict(t["names"], category=fill[1])), f.kind,
                            f.evidence, f.confidence)
        out.append((f, i, score))
    return out


def _third_party_subject(text: str) -> bool:
    return bool(C.THIRD_PARTY.search(text))


def _clause_bounds(sentence: str, mentions: list[LevelMention], i: int, has_breaks: bool) -> tuple[int, int]:
    """The clause around mention i: from the previous mention or clause break to the next one."""
    m = mentions[i]
    lo = mentions[i - 1].end if i > 0 else 0
    hi = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
    if not has_breaks:
        return lo, hi
    for b in C.CLAUSE_BREAK.finditer(sentence, lo, m.start):
        lo = b.end()
    b = C.CLAUSE_BREAK.search(sentence, m.end, hi)
    if b:
        hi = b.start()
    return lo, hi


_COORDINATED = re.compile(r",\s+(?:and|but|so|while|yet)\s+(?=(?:the|it|its|this|that|[A-Z])\b)")
_COORDINATION = re.compile(r"\s*(?:,\s*and|,|and|&|or)\s*$")


def _pick_model(models: list[ModelName], m: LevelMention, lo: int, hi: int, sentence: str) -> ModelName | None:
    """The model a level mention is about: the nearest non-comparison name inside its clause."""
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


# --- the article -------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_TITLE_POLICY = re.compile(r"polic|framework|\bRSP\b|code of practice|guidelines?|version|\bv\d|commitments?|"
                           r"publish", re.I)
_FRAMED = ("framework", "polic", "preparedness", "scale", "ladder", "rsp", "fsf", "system card", "model card",
           "scorecard", "safety report", "tier", "ai act")
# An article can hold a tier statement when it names a level and one of these.
_GATE_CONTEXT = ("capabilit", "risk", "threshold", "categor", "domain", "safeguard", "system card", "model card",
                 "classif", "rated", "rating", "rates", "score", "tier", "treat", "level", "cyber", "biolog",
                 "framework", "polic", "scale", "deem", "designat", "asl", "ccl", "band", "stage", "class", "plac",
                 "moved", "rais", "lower", "grade", "kept", "keep")


class _Doc:
    """One article: normalised text, sentence offsets, names found once for the whole text."""

    def __init__(self, reader: Reader, title: str, full: str, low: str, spans: list[tuple[int, int]],
                 publisher: str | None):
        self.reader = reader
        self.title = title
        self.full = full
        self.low = low
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.sentences = [full[a:b] for a, b in spans]
        self.publisher = publisher
        self.framed = any(w in low for w in _FRAMED)
        self._raw_levels: dict[int, list[LevelMention]] = {}
        self._levels: dict[int, list[LevelMention]] = {}
        self._doc_models: Counter | None = None

    def raw_levels(self, idx: int) -> list[LevelMention]:
        """Level mentions of one sentence before the names of the article are known (cheap)."""
        if idx not in self._raw_levels:
            a, b = self.spans[idx]
            low = self.low[a:b]
            found = self.reader.levels.find(self.full[a:b], low, self.framed) \
                if self.reader.levels.maybe_relevant(low) else []
            self._raw_levels[idx] = found
        return self._raw_levels[idx]

    def read_names(self) -> None:
        """Organisations, models and framework names of the whole article: only for an article that
        names a level somewhere."""
        reader, full, low, title = self.reader, self.full, self.low, self.title
        names = reader.names
        prose = len(title) + 2 if title else 0
        all_orgs = names.orgs(full, prose_from=prose)
        shorts = {}
        for o in all_orgs:
            words = o.text.split()
            if o.id not in reader.registry.orgs and not o.third_party and len(words) > 1 and len(words[0]) > 2:
                shorts.setdefault(words[0], (o.id, o.text))
        if shorts:
            all_orgs = names.orgs(full, shorts, prose_from=prose)
        self._orgs = self._bucket(all_orgs)
        # lab names start model names too ("Vantor Sigma", "Ondine Large 3"); an org is no model
        families = tuple({o.text.split()[0] for o in all_orgs if not o.third_party and o.id not in reader.registry.orgs
                          and len(o.text.split()[0]) > 2 and not o.text.split()[0].isupper()})
        spans = [(o.start, o.end) for o in all_orgs]
        models = [mm for mm in names.models(full, families)
                  if not any(a <= mm.start < b and mm.end <= b for a, b in spans)]
        # a title capitalises every word: a name there without a digit counts when the text repeats it
        body = {mm.id for mm in models if mm.start >= prose}
        self._models = self._bucket([mm for mm in models if mm.start >= prose or mm.id in body
                                     or _DIGIT.search(mm.text)])
        self.level_list = level_names_in(full) if "named" in low or "called" in low or ":" in full else []
        self._fw_names = self._framework_names()
        developers = [o for o in all_orgs if not o.third_party and not self._authority(o.id)]
        title_devs = [o for o in developers if o.start < len(title)]
        if title_devs:
            first = title_devs[0]
        elif developers:
            counts = Counter(o.id for o in developers)
            top = max(counts.values())
            first = next(o for o in developers if counts[o.id] == top)
        else:
            first = None
        self.main_org = (first.id, reader._display(first)) if first else None
        tm = [mm for mm in self.models(0) if not mm.comparison] if title else []
        self.title_model = self.resolve_versionless(tm[0])[0] if tm else None
        self.title_is_policy = bool(title and not self.title_model and _TITLE_POLICY.search(title))

    @classmethod
    def build(cls, reader: Reader, title: str, text: str, url: str | None) -> "_Doc | None":
        title_n = normalise(title)
        text_n = normalise(text)
        full = title_n + "  " + text_n
        low = full.lower()
        if len(low) != len(full):  # a few characters ("İ") lowercase to two; keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in full)
        if not (reader.levels.maybe_relevant(low) and any(w in low for w in _GATE_CONTEXT)):
            return None
        spans = ([(0, len(title_n))] if title_n else []) + sentence_spans(text_n, len(title_n) + 2)
        publisher = reader.registry.org_of_domain(host_of(url)) if url else None
        return cls(reader, title_n, full, low, spans, publisher)

    def _authority(self, org_id: str) -> bool:
        org = self.reader.registry.orgs.get(org_id)
        return bool(org and org.authority)

    def _bucket(self, items: list) -> dict[int, list]:
        """Names found in the full text, per sentence, with offsets relative to the sentence."""
        out: dict[int, list] = {}
        for it in items:
            i = bisect.bisect_right(self.starts, it.start) - 1
            if i < 0 or it.end > self.spans[i][1]:
                continue
            a = self.spans[i][0]
            out.setdefault(i, []).append(type(it)(**{**it.__dict__, "start": it.start - a, "end": it.end - a}))
        return out

    def _framework_names(self) -> list[_FrameworkName]:
        r = self.reader
        found: list[_FrameworkName] = []
        if r._fw_rx is not None and any(n in self.low for n in r._fw_needles):
            for m in r._fw_rx.finditer(self.full):
                ids = r._fw_aliases.get(m.group(0).lower()) or r._fw_aliases.get(
                    re.sub(r"[\s-]+", " ", m.group(0).lower()), [])
                found.append(_FrameworkName(m.start(), m.group(0), tuple(ids)))
        for m in _GENERIC_FRAMEWORK.finditer(self.full):
            text = m.group(1) or m.group(2)
            start = m.start(1) if m.group(1) else m.start(2)
            words = text.split()
            while words and words[0] in _FW_STOP:
                start = self.full.index(words[1], start + len(words[0])) if len(words) > 1 else start
                words = words[1:]
            if len(words) < (1 if m.group(2) else 2) or any(c.isdigit() for c in text):
                continue
            name = " ".join(words)
            if any(f.start <= start < f.start + len(f.name) + 1 for f in found):
                continue
            ids = r._fw_aliases.get(name.lower(), [])
            found.append(_FrameworkName(start, name, tuple(ids)))
        found.sort(key=lambda f: f.start)
        return found

    def framework_named_near(self, idx: int, m: LevelMention) -> _FrameworkName | None:
        """The framework named in the sentence (the nearest to the level), else the latest one named
        before it in the article, else the first named after it."""
        if not self._fw_names:
            return None
        a, b = self.spans[idx]
        at = a + m.start
        inside = [f for f in self._fw_names if a <= f.start < b]
        if inside:
            return min(inside, key=lambda f: abs(f.start - at))
        before = [f for f in self._fw_names if f.start < a]
        if before:
            return before[-1]
        return self._fw_names[0]

    def recent_org(self, idx: int) -> tuple[str, str] | None:
        """The developer named last in the few sentences before (what "the company" refers to)."""
        for j in range(idx - 1, max(0, idx - 4) - 1, -1):
            devs = [o for o in self.orgs(j) if not o.third_party and not self._authority(o.id)]
            if devs:
                plain = [o for o in devs if not o.possessive] or devs
                return plain[0].id, self.reader._display(plain[0])
        return None

    def level_mentions(self, idx: int) -> list[LevelMention]:
        if idx not in self._levels:
            a, b = self.spans[idx]
            found = self.raw_levels(idx)
            names = [(f.start - a, f.start - a + len(f.name)) for f in self._fw_names if a <= f.start < b]
            if names:  # "Catastrophic Risk Framework" names a framework, not a level
                found = [m for m in found if not any(s <= m.start < e for s, e in names)]
            for m in found:  # "the second tier" of a framework whose tiers are "Watch, Guarded and Restricted"
                if m.extra.get("ordinal") and 0 < m.rank[1] <= len(self.level_list):
                    m.name = self.level_list[m.rank[1] - 1]
            self._levels[idx] = found
        return self._levels[idx]

    def low_sentence(self, idx: int) -> str:
        a, b = self.spans[idx]
        return self.low[a:b]

    def models(self, idx: int) -> list[ModelName]:
        return self._models.get(idx, [])

    def orgs(self, idx: int) -> list[OrgName]:
        return self._orgs.get(idx, [])

    @property
    def doc_models(self) -> Counter:
        if self._doc_models is None:
            self._doc_models = Counter(mm.id for ms in self._models.values() for mm in ms if not mm.comparison)
        return self._doc_models

    def resolve_versionless(self, mm: ModelName) -> tuple[str, str]:
        if mm.id not in VERSIONLESS:
            return mm.id, mm.text
        fuller = [(n, t) for ms in self._models.values() for x in ms for n, t in [(x.id, x.text)]
                  if n != mm.id and mm.id in n]
        if fuller:
            best = max({n for n, _ in fuller}, key=lambda n: self.doc_models[n])
            return best, next(t for n, t in fuller if n == best)
        return mm.id, mm.text

    def coref_model(self, idx: int, before: int) -> tuple[ModelName | None, int | None]:
        """The model a sentence refers to without naming it in the clause ("it", "the model").

        Order: a model named earlier in the same sentence; the title's model when it was named in the
        last few sentences; the most recent model in the previous sentences; the title's; the commonest.
        """
        same = [mm for mm in self.models(idx) if not mm.comparison and mm.end <= before]
        if same:
            return same[-1], idx
        title_mm = next((mm for mm in self.models(0) if not mm.comparison), None) if self.title else None
        window = range(idx - 1, max(-1, idx - 4), -1)
        if title_mm and any(mm.id == title_mm.id for j in window for mm in self.models(j)):
            return title_mm, None
        for j in window:
            cands = [mm for mm in self.models(j) if not mm.comparison]
            if cands:
                return cands[0], j
        if title_mm:
            return title_mm, None
        if self.doc_models:
            top = self.doc_models.most_common(1)[0][0]
            return next(mm for ms in self._models.values() for mm in ms if mm.id == top), None
        return None, None
