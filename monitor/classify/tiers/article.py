"""One article as the reader sees it: normalised text, sentence offsets, and the names in it
(organisations, models, frameworks), found once for the whole text and handed out per sentence."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from monitor.classify.frameworks import Registry, slug
from monitor.classify.sentences import normalise, sentence_spans
from monitor.classify.tiers import cues as C
from monitor.classify.tiers.categories import category_labels
from monitor.classify.tiers.frames import GATE as FRAME_GATE
from monitor.classify.tiers.frames import SLOT as FRAME_SLOT
from monitor.classify.tiers.tables import rows_as_sentences
from monitor.classify.tiers.frames import VERBS as FRAME_VERBS
from monitor.classify.tiers.frames import FrameFinder
from monitor.classify.tiers.levels import (DefinedNames, LevelFinder, LevelMention, ListedScale, defined_names,
                                           level_initials, listed_scale, may_hold_codes, same_shape)
from monitor.classify.tiers.names import (SIGN_OFF_LEAD, VERSIONLESS, ModelName, NameFinder, OrgName, kind_first,
                                          model_id, names_a_company, possessive_at, spells_out)
from monitor.crawl.urls import host_of

_DIGIT = re.compile(r"\d")
_TITLE_POLICY = re.compile(r"polic|framework|\bRSP\b|code of practice|guidelines?|version|\bv\d|commitments?|"
                           r"publish", re.I)
_FRAMED = ("framework", "polic", "preparedness", "scale", "ladder", "rsp", "fsf", "system card", "model card",
           "scorecard", "safety report", "tier", "ai act", "commitments", "charter", "protocol", "scheme")
# between two levels one frame assigns in two categories: " for cybersecurity and ", "' in cyber, "
_COORDINATED_LEVEL = re.compile(r"[\"'\u2019\u201d]?\s+(?:for|in)\s+(?:[\w-]+\s+){0,3}?[\w-]+"
                                r"(?:,\s*(?:and\s+|but\s+|while\s+)?|\s+(?:and|but|while)\s+)"
                                r"(?:(?:an?|at|as)\s+)?[\"'\u2018\u201c]?")
# An article can hold a tier statement when it names a level and one of these.
_GATE_CONTEXT = ("capabilit", "risk", "threshold", "categor", "domain", "safeguard", "system card", "model card",
                 "classif", "rated", "rating", "rates", "score", "tier", "treat", "level", "cyber", "biolog",
                 "framework", "polic", "scale", "deem", "designat", "asl", "ccl", "band", "stage", "class", "plac",
                 "moved", "rais", "lower", "grade", "kept", "keep", "ladder", "track", "charter", "grid", "matrix",
                 "confirm", "autonom", "protocol", "misuse", "persua", "chemic", "nuclear", "rung", "zone", "hazard",
                 "assign")

_SUBDOMAINS = frozenset("www blog news openai-blog about press media research labs".split())
_SECOND_LEVEL = frozenset("co com org net ac gov".split())


def _site_name(host: str) -> str | None:
    """The name a site goes by: "www.halloran.ai" -> "halloran", "news.brindle.co.uk" -> "brindle"; an
    address ("127.0.0.1", "[::1]") names no site."""
    labels = [p for p in host.lower().split(".") if p]
    if len(labels) < 2 or labels[-1].isdigit() or ":" in host:
        return None
    name = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else labels[-2]
    return None if name in _SUBDOMAINS else name


# "... to Band E. Tern-3 had been ...": a lettered level ends a sentence (the splitter keeps "E." as an initial)
_LETTER_LEVEL_END = re.compile(r"\b(?:Tier|Level|Band|Class|Grade|Stage|Rung|Zone|Category|Domain|Area)\s+[A-Z]\."
                               r"(?=\s+[A-Z\"'])|\n")


def _resplit(full: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence ends the splitter misses: a paragraph, and a sentence that ends in a lettered level ("Level A.")."""
    if not _LETTER_LEVEL_END.search(full):
        return spans
    out = []
    for a, b in spans:
        for m in _LETTER_LEVEL_END.finditer(full, a, b):
            cut = m.end() if m.group() != "\n" else m.start()
            if full[a:cut].strip():
                out.append((a, cut))
            a = m.end()
        if full[a:b].strip():
            out.append((a, b))
    return out


# A body named by its kind alone after its full name ("The Canadian AI Safety Institute ... the Institute has
# determined"): the same body
_KIND_ALONE = frozenset("Institute Ministry Commission Agency Office Authority Regulator Department Council Centre "
                        "Center Directorate Registrar Board Committee Inspectorate Bureau".split())
# "the Office", "the office" (a body's later mention is often in lower case: "raised by the office")
_THE_KIND = re.compile(r"\b[Tt]he (" + "|".join(sorted(_KIND_ALONE | {k.lower() for k in _KIND_ALONE}))
                       + r")\b(?! (?:of|for|on)\b)")


_VERSION_END = re.compile(r"[\s-]?\d+(?:\.\d+)*$")


def _sibling(filler: str, model: ModelName | None) -> bool:
    """Is a slot's filler another version of the frame's own model ("we ship Spindle-5 under the same terms as
    Spindle-4")? Then it is that model, not a level."""
    family = _VERSION_END.sub("", filler)
    return model is not None and len(family) >= 3 and family != filler and model.text != filler \
        and _VERSION_END.sub("", model.text) == family


# a sign-off line up to its organisation: "\n- ", "\n- The ", "\n- Ana Ruiz, Head of Safety, "
_SIGNATURE_LINE = re.compile(SIGN_OFF_LEAD + "$")


_NAME_WITH_VERSION = re.compile(r"[A-Z][\w]*-?\d[\w.-]*")


def _without_lab_name(mm: ModelName, labs: tuple[str, ...]) -> ModelName:
    """"Corvane Ridge-3" is the lab's Ridge-3 (not "Vantor Sigma", whose name is the lab's word and a variant)."""
    first, _, rest = mm.text.partition(" ")
    if first not in labs or not _NAME_WITH_VERSION.fullmatch(rest):
        return mm
    return dataclasses.replace(mm, id=model_id(rest), text=rest, start=mm.start + len(first) + 1)


# an aside between two models: "Ember 4 Max, the largest member of its Ember 4 family"
_ASIDE_TO = re.compile(r",\s+(?:the|a|an|its|their)\s[^,;.]*")

_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")


def _unshouted(text: str, level_words: frozenset[str]) -> str:
    """Level words in capitals as the level's name ("ORANGE" as "Orange"); the same length, so offsets hold."""
    if not _SHOUTED.search(text):
        return text
    return _SHOUTED.sub(lambda m: m.group(0).capitalize() if m.group(0).lower() in level_words else m.group(0), text)


def _bodies_named_in_full(orgs: list[OrgName], full_text: str) -> list[OrgName]:
    """Later mentions of a body by its kind alone ("the Office", "the Directorate") or by its acronym as the body
    named in full."""
    orgs = _acronyms_as_named(sorted(orgs + _kinds_alone(orgs, full_text), key=lambda o: o.start), full_text)
    out: list[OrgName] = []
    for o in orgs:
        kind = (o.text[4:] if o.text.startswith(("The ", "the ")) else o.text).capitalize()
        full = next((e for e in reversed(out) if len(e.text.split()) > 1 and kind in e.text.split()
                     and e.text.split()[0] != "The"), None) if kind in _KIND_ALONE else None
        out.append(_as_body(o, full) if full else o)
    return out


def _acronyms_as_named(orgs: list[OrgName], full_text: str) -> list[OrgName]:
    """A regulator's acronym as the regulator: "CACO" after "the Commission for Advanced Computing Oversight (CACO)"."""
    named: dict[str, OrgName] = {}
    for o in orgs:
        m = _ACRONYM_AFTER.match(full_text, o.end)
        if m and len(o.text.split()) > 1 and m.group(1) != o.text and (
                C.REGULATOR.search(o.text) or (not o.third_party and spells_out(o.text, m.group(1)))):
            named.setdefault(m.group(1), o)  # a regulator's or a body's it spells out; an institute's may name its lab
    if not named:
        return orgs
    found = {(o.start, o.end) for o in orgs}
    extra = [OrgName(m.group(0), m.group(0), m.start(), m.end(), False, possessive_at(full_text, m.end()))
             for acronym in named for m in re.finditer(r"(?<![\w-])" + acronym + r"(?![\w-])", full_text)
             if (m.start(), m.end()) not in found and full_text[m.start() - 1:m.start()] != "("]
    out = []
    for o in sorted(orgs + extra, key=lambda o: o.start):
        body = named.get(o.text)
        out.append(_as_body(o, body) if body else o)
    return out


def _as_body(mention: OrgName, body: OrgName) -> OrgName:
    """A later mention of a body ("the Office", "CACO") as the body named in full."""
    return dataclasses.replace(mention, id=body.id, text=body.text, third_party=body.third_party)


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z]{2,6})\)")


def _kinds_alone(orgs: list[OrgName], full_text: str) -> list[OrgName]:
    """"the Office" after "the Office of Frontier Model Supervision": a mention no name pattern finds."""
    kinds = {w for o in orgs if len(o.text.split()) > 1 for w in o.text.split()[1:] if w in _KIND_ALONE}
    kinds |= {o.text.split()[0] for o in orgs if len(o.text.split()) > 2 and o.text.split()[0] in _KIND_ALONE}
    if not kinds:
        return []
    return [OrgName(m.group(1), m.group(1), m.start(1), m.end(1), True, possessive_at(full_text, m.end(1)))
            for m in _THE_KIND.finditer(full_text) if m.group(1).capitalize() in kinds
            and not any(o.start <= m.start(1) < o.end for o in orgs)]


# --- framework names ------------------------------------------------------------------------

_FW_SUFFIX = (r"(?:Framework|Policy|Scale|Ladder|Levels|Tiers|Bands|Classes|Grades|Stages|Zones|Standards?|Protocol|"
              r"Matrix|Charter|Commitments|Grid|Rubric|Scheme|Index|Criteria|Register|Safeguards)")
_GENERIC_FRAMEWORK = re.compile(
    r"(?<![\w-])((?:[A-Z][\w&-]*\s+){1,5}" + _FW_SUFFIX + r")(?![\w-])(?!\s+(?:Act|Convention|Law)\b)"
    r"|(?<![\w-])((?:[A-Z][\w&-]*\s+){1,4}?(?:[A-Z][\w&-]*))\s+(?:framework|policy|scale|ladder)\b"
)
_FW_STOP = frozenset(
    """Under The Its Our Their In A An New Updated Revised This That Company Lab Under Per Within Of Whose Each
    Every Any Same Own If When While As Only AI""".split())


@dataclass(frozen=True)
class FrameworkName:
    start: int  # in the full text
    name: str
    registry_ids: tuple[str, ...]  # registry frameworks this name can be


class FrameworkNameFinder:
    """Framework names in a text: the registry's by any alias, and any "<Capitalised words> Framework"
    (Policy, Scale, Ladder...)."""

    def __init__(self, registry: Registry):
        aliases: dict[str, list[str]] = {}
        for fw in registry.frameworks.values():
            for a in (fw.name, *fw.aliases):
                ids = aliases.setdefault(a.lower(), [])
                if fw.id not in ids:
                    ids.append(fw.id)
        self._aliases = aliases
        # "Critical Capability Levels" names levels, not a framework
        self._level_names = frozenset(a.lower() for fw in registry.frameworks.values() for lv in fw.levels
                                      for a in (lv.name, *lv.aliases))
        ci = sorted((a for a in aliases if not a.isupper() and " " in a), key=len, reverse=True)
        cs = sorted((a for fw in registry.frameworks.values() for a in (fw.name, *fw.aliases)
                     if " " not in a), key=len, reverse=True)
        parts = [r"(?i:" + "|".join(re.escape(a).replace(r"\ ", r"[\s-]+") for a in ci) + ")"] if ci else []
        parts += [re.escape(a) for a in cs]
        self._rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None
        self._needles = tuple({a.split()[0].lower() for a in aliases})

    def find(self, full: str, low: str) -> list[FrameworkName]:
        found: list[FrameworkName] = []
        if self._rx is not None and any(n in low for n in self._needles):
            for m in self._rx.finditer(full):
                ids = self._aliases.get(m.group(0).lower()) or self._aliases.get(
                    re.sub(r"[\s-]+", " ", m.group(0).lower()), [])
                found.append(FrameworkName(m.start(), m.group(0), tuple(ids)))
        for m in _GENERIC_FRAMEWORK.finditer(full):
            text = m.group(1) or m.group(2)
            start = m.start(1) if m.group(1) else m.start(2)
            words = text.split()
            while words and words[0] in _FW_STOP:
                start = full.index(words[1], start + len(words[0])) if len(words) > 1 else start
                words = words[1:]
            if len(words) < (1 if m.group(2) else 2) or any(c.isdigit() for c in text):
                continue
            name = " ".join(words)
            if any(f.start <= start < f.start + len(f.name) + 1 for f in found) \
                    or name.lower().rstrip("s") in self._level_names \
                    or (words[-1] == "Safeguards" and len(words) < 3):  # "Biosecurity Safeguards": a lab's measures
                continue
            found.append(FrameworkName(start, name, tuple(self._aliases.get(name.lower(), []))))
        found.sort(key=lambda f: f.start)
        return found


class Finders:
    """The registry's patterns, compiled once: levels, names, framework names."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.levels = LevelFinder(registry)
        self.names = NameFinder(registry)
        self.frameworks = FrameworkNameFinder(registry)
        self.frames = FrameFinder(self.levels)


# --- the article -------------------------------------------------------------------------------


class Article:
    """One article: normalised text, sentence offsets, names found once for the whole text."""

    def __init__(self, finders: Finders, title: str, full: str, low: str, spans: list[tuple[int, int]],
                 publisher: str | None, scale: ListedScale | None = None, site: str | None = None,
                 defined: DefinedNames | None = None, codes: bool = False,
                 initials: frozenset[str] = frozenset()):
        self.finders = finders
        self.registry = finders.registry
        self.title = title
        self.full = full
        self.low = low
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.sentences = [full[a:b] for a, b in spans]
        self.publisher = publisher  # the registry org whose site published the article
        self.site = site  # the site's own name ("halloran" for www.halloran.ai)
        self.framed = any(w in low for w in _FRAMED)
        self.opinion_piece = bool(C.OPINION_PIECE.match(title))  # "Opinion: ...": the writer's own view
        # a body that judges by criteria of its own ("This assessment is made under the Institute's own criteria")
        self.own_criteria = bool(C.UNDER_ITS_OWN.search(full))
        self.scale = scale  # the level names the article lists, in order
        self.defined = defined  # the level names it defines with an acronym
        self.codes = codes  # it may use codes as levels
        self.initials = initials  # "CL" of "Capability Level" and "CL-2": codes it spells out as a level's name
        self._raw_levels: dict[int, list[LevelMention]] = {}
        self._levels: dict[int, list[LevelMention]] = {}
        self._doc_models: Counter | None = None
        self._decided: tuple[frozenset[str], frozenset[str]] | None = None
        self._labels: dict[str, str] | None = None
        self._level_names: set[str] = set()  # names the article's level slots hold: no models

    @classmethod
    def build(cls, finders: Finders, title: str, text: str, url: str | None) -> "Article | None":
        """The article, or None when it cannot hold a tier statement (no level word, no tier context)."""
        title_n = normalise(title)
        text_n = rows_as_sentences(normalise(text))
        full = _unshouted(title_n + "  " + text_n, finders.levels.shouted)
        low = full.lower()
        if len(low) != len(full):  # a few characters ("İ") lowercase to two; keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in full)
        if not any(w in low for w in _GATE_CONTEXT):
            return None
        scale = listed_scale(full, low, finders.registry)
        initials = level_initials(full)
        codes = bool(initials) or may_hold_codes(full, low)
        # a level of no known shape may still fill a frame's slot ("rated its toma-3 model at Severity 2")
        if not (finders.levels.maybe_relevant(low, scale) or codes or FRAME_GATE.search(full)):
            return None
        body = _resplit(full, sentence_spans(text_n, len(title_n) + 2))
        spans = ([(0, len(title_n))] if title_n else []) + body
        host = host_of(url) if url else None
        publisher = finders.registry.org_of_domain(host)
        return cls(finders, title_n, full, low, spans, publisher, scale, _site_name(host) if host else None,
                   defined_names(full, finders.registry), codes, initials)

    @property
    def lead(self) -> str:
        """The body's first sentence."""
        first = 1 if self.title else 0
        return self.sentences[first] if len(self.sentences) > first else ""

    def names_a_level(self) -> bool:
        """Does a sentence name a level by its shape, or may a frame's slot hold one of another shape?"""
        return any(self.raw_levels(idx) for idx in range(len(self.spans))) or bool(FRAME_GATE.search(self.full))

    def raw_levels(self, idx: int) -> list[LevelMention]:
        """Level mentions of one sentence before the names of the article are known (cheap)."""
        if idx not in self._raw_levels:
            a, b = self.spans[idx]
            low = self.low[a:b]
            levels = self.finders.levels
            relevant = levels.maybe_relevant(low, self.scale) or self.defined or self.codes
            self._raw_levels[idx] = levels.find(self.full[a:b], low, self.framed, self.scale, self.defined,
                                                self.codes, self.initials) if relevant else []
        return self._raw_levels[idx]

    # -- names of the whole article --------------------------------------------------------------
    def read_names(self) -> None:
        """Organisations, models and framework names of the whole article: only for an article that
        names a level somewhere."""
        # a headline's rated names ("rates Ostara 'Guarded'"): found once, models wherever the text names them
        self._rated = self.finders.names.rated_in_headline(self.full, self._prose_from())
        self._named = self.finders.names.introduced_names(self.full, self._prose_from(), self._rated)
        all_orgs = self._read_orgs()
        self._orgs = self._bucket(all_orgs)
        self._fw_names = self.finders.frameworks.find(self.full, self.low)
        self._models = self._bucket(self._read_models(all_orgs))
        self.main_org = self._main_org(all_orgs)
        self.signer = self._signer(all_orgs)
        tm = [mm for mm in self.models(0) if not mm.comparison] if self.title else []
        self.title_model = self.resolve_versionless(tm[0])[0] if tm else None
        self.title_model_text = tm[0].text if tm else None
        self.title_is_policy = bool(self.title and not self.title_model and _TITLE_POLICY.search(self.title))

    @property
    def category_labels(self) -> dict[str, str]:
        """The article's own names for tracked categories ("Category II (cyber)")."""
        if self._labels is None:
            self._labels = category_labels(self.full)
        return self._labels

    def _read_orgs(self) -> list[OrgName]:
        """Every organisation, then every later mention of an unknown lab by the first word of its name
        ("Veridian") or by its one-word name ("Marrowgate"). An organisation the article once calls an
        evaluator, an insurer or an institute is a third party wherever it is named."""
        names, prose = self.finders.names, self._prose_from()
        models = set(self._named)
        all_orgs = [o for o in names.orgs(self.full, prose_from=prose) if self._not_a_model(o, models)]
        shorts = {}
        for o in sorted(all_orgs, key=lambda o: -len(o.text.split())):  # "Sablegate" is short for "Sablegate Research"
            words = o.text.split()
            if o.id not in self.registry.orgs and not o.third_party and len(words[0]) > 2 and not kind_first(words[0]):
                shorts.setdefault(words[0], (o.id, o.text))
        # "Aldgate Assurance, a firm that audits AI systems ... Aldgate said": the short name of a third party
        third_firsts = {o.text.split()[0] for o in all_orgs if o.third_party and o.id not in self.registry.orgs}
        if shorts:
            all_orgs = [o for o in names.orgs(self.full, shorts, prose_from=prose) if self._not_a_model(o, models)]
            # a headline's "Sablegate" is the body's "Sablegate Research"
            all_orgs = [dataclasses.replace(o, id=shorts[o.text][0], text=shorts[o.text][1])
                        if o.text in shorts and o.id == slug(o.text) and o.id != shorts[o.text][0] else o
                        for o in all_orgs]
        third = {o.id for o in all_orgs if o.id not in self.registry.orgs and (o.third_party or o.text in third_firsts)}
        third |= {oid for short, (oid, _) in shorts.items() if any(o.third_party and o.text.startswith(short)
                                                                     for o in all_orgs)}
        all_orgs = [dataclasses.replace(o, third_party=True) if o.id in third and not o.third_party else o
                    for o in all_orgs]
        return _bodies_named_in_full(all_orgs, self.full)

    def _not_a_model(self, o: OrgName, models: set[str]) -> bool:
        """An organisation's name is no model's, unless the text introduced it as one; a sign-off always names the
        lab ("- The Pemberline Safety Team", though "placed Pemberline Atlas 2" introduced "Pemberline")."""
        return o.text not in models or bool(_SIGNATURE_LINE.search(self.full, 0, o.start))

    def _read_models(self, all_orgs: list[OrgName]) -> list[ModelName]:
        # lab names start model names too ("Vantor Sigma", "Ondine Large 3"); an org is no model
        families = tuple({o.text.split()[0] for o in all_orgs if not o.third_party and o.id not in self.registry.orgs
                          and len(o.text.split()[0]) > 2 and not o.text.split()[0].isupper()})
        spans = [(o.start, o.end) for o in all_orgs]
        # "Sable Compute" names the lab, not a model; nor does "Cobalt Ridge" of "Cobalt Ridge AI", or "Shanghai
        # Artificial" of "Shanghai Artificial Intelligence Laboratory"
        org_names = {model_id(o.text) for o in all_orgs} | {
            model_id(" ".join(o.text.split()[:n])) for o in all_orgs for n in range(2, len(o.text.split()))}
        prose = self._prose_from()
        named = self._named
        found = self.finders.names.models(self.full, families, named)
        siblings = self.finders.names.sibling_families(self.full, found, families)
        if siblings:  # "Rowan 4" makes "Rowan Mini" a model of the same line
            found = self.finders.names.models(self.full, families + siblings, named)
        # nor "Pallister Escalation" of "Pallister Escalation Ladder", a framework's name
        spans += [(f.start, f.start + len(f.name)) for f in self._fw_names if not _DIGIT.search(f.name)]
        models = [mm for mm in found
                  if not any(a <= mm.start < b and mm.end <= b for a, b in spans) and mm.id not in org_names]
        codes = self._article_decides()[1]
        models = [mm for mm in models if mm.text not in codes]  # "now rates CR-1 on its scale": a level
        models = [_without_lab_name(mm, families) for mm in models]
        # a title capitalises every word: a name there without a digit counts when the text repeats it
        body = {mm.id for mm in models if mm.start >= prose}
        return [mm for mm in models
                if mm.start >= prose or mm.id in body or _DIGIT.search(mm.text) or mm.text in self._rated]

    def _main_org(self, all_orgs: list[OrgName]) -> tuple[str, str] | None:
        """The article's developer: the first named in the title, else the one named most often (of those, a
        name with a company word before others: "Meridian Dynamics" before a bullet's "Weights moved to")."""
        developers = [o for o in all_orgs if not o.third_party and not self.is_authority(o.id)]
        title_devs = [o for o in developers if o.start < len(self.title)]
        if title_devs:
            first = title_devs[0]
        elif developers:
            counts = Counter(o.id for o in developers)
            first = max(developers, key=lambda o: (counts[o.id], names_a_company(o.text), -o.start))
        else:
            return None
        return first.id, self.finders.names.display(first)

    def _signer(self, all_orgs: list[OrgName]) -> tuple[str, str] | None:
        """The lab a post's sign-off names, its "we": "- Corrie Intelligence" (not "the Corrie Cloud API")."""
        signed = [o for o in all_orgs if not o.third_party and _SIGNATURE_LINE.search(self.full, 0, o.start)]
        return (signed[-1].id, self.finders.names.display(signed[-1])) if signed else None

    @property
    def site_org(self) -> tuple[str, str] | None:
        """The lab whose own site published the article, for its "we": the registry's, else a lab the
        article names whose name starts like the site's, else the site's name."""
        if self.publisher:
            return self.publisher, self.finders.names.org_display(self.publisher)
        if not self.site:
            return None
        for o in (o for ms in self._orgs.values() for o in ms):
            if o.text.lower().startswith(self.site) and not o.third_party:
                return o.id, self.finders.names.display(o)
        return slug(self.site), self.site.capitalize()

    def _prose_from(self) -> int:
        return len(self.title) + 2 if self.title else 0

    def is_authority(self, org_id: str) -> bool:
        org = self.registry.orgs.get(org_id)
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

    # -- per sentence -------------------------------------------------------------------------------
    def level_mentions(self, idx: int) -> list[LevelMention]:
        """The levels of a sentence: those its frames' level slots hold (frames.py), each with its frame, and
        the others the shape finder found (levels.py)."""
        if idx not in self._levels:
            a, b = self.spans[idx]
            found = self.raw_levels(idx)
            names = [(f.start - a, f.start - a + len(f.name)) for f in self._fw_names if a <= f.start < b]
            if names:  # "Catastrophic Risk Framework" names a framework, not a level
                found = [m for m in found if not any(s <= m.start < e for s, e in names)]
            other, codes = self._article_decides()
            found = [m for m in found if m.name.lower() not in other and (not m.extra.get("code") or m.name in codes)]
            if not found and idx > 0:
                found = self._level_referred_to(idx)
            self._levels[idx] = self._with_frames(idx, found, names, other)
        return self._levels[idx]

    def _level_referred_to(self, idx: int) -> list[LevelMention]:
        """A level the sentence refers back to ("crossed it", "remains below that threshold"): the last one the
        sentence before names (or the one before that)."""
        ref = C.LEVEL_ANAPHOR.search(self.sentences[idx])
        if ref is None:
            return []
        for j in (idx - 1, idx - 2):
            earlier = self.level_mentions(j) if j >= (1 if self.title else 0) else []
            if earlier:
                m = earlier[-1]
                extra = {k: v for k, v in m.extra.items() if k != "frame"}
                g = "ref" if ref.group("ref") else "ref2"
                return [dataclasses.replace(m, start=ref.start(g), end=ref.end(g), text=ref.group(g), prior=None,
                                            extra=dict(extra, anaphor=True))]
        return []

    def _with_frames(self, idx: int, found: list[LevelMention], blocked: list[tuple[int, int]],
                     other: frozenset[str]) -> list[LevelMention]:
        """The sentence's levels with the frames that state them; a level only a frame's slot names joins
        them, and a name in a level slot ("Severity 3") is no model in this article."""
        if not (found or FRAME_SLOT.search(self.sentences[idx])) or not FRAME_VERBS.search(self.low_sentence(idx)):
            return found
        frames = self.finders.frames.find(self.sentences[idx], self.models(idx), self.orgs(idx), found, blocked,
                                          self._framed_near(idx), self.scale)
        for f in frames:
            if f.level.name.lower() in other or f.level.extra.get("other_scale") or _sibling(f.level.name, f.model):
                continue
            f.level.extra["frame"] = f
            if all(f.level is not m for m in found):
                found = sorted(found + [f.level], key=lambda m: m.start)
                self._level_names.add(f.level.name)
        sentence = self.sentences[idx]
        for prev, m in zip(found, found[1:]):  # "rated Prism 4 Medium for cyber and High for bio": one frame
            frame = prev.extra.get("frame")
            if frame is not None and "frame" not in m.extra and _COORDINATED_LEVEL.fullmatch(sentence, prev.end,
                                                                                             m.start):
                m.extra["frame"] = dataclasses.replace(frame, level=m)
        if self._level_names:
            for j, ms in self._models.items():
                self._models[j] = [mm for mm in ms if mm.text not in self._level_names]
        return found

    def _framed_near(self, idx: int) -> bool:
        """Is a framework named in the sentence or beside it, or a level an earlier frame named ("moved Compass-2
        from Alert down to Calm" after "raised Compass-2 to Alert")?"""
        lo, hi = self.spans[max(0, idx - 1)][0], self.spans[min(len(self.spans) - 1, idx + 1)][1]
        sentence = self.sentences[idx]
        return any(lo <= f.start < hi for f in self._fw_names) or bool(
            C.FRAMEWORK_NAMED.search(sentence, self.low_sentence(idx))) or any(
            m.name in sentence and re.search(r"\b" + re.escape(m.name) + r"\b", sentence)
            for j in range(idx) for m in self._levels.get(j, ()) if "frame" in m.extra)

    def _article_decides(self) -> tuple[frozenset[str], frozenset[str]]:
        """What one mention of a name decides for all of them: names the article puts on a scale other than a
        risk framework's ("Level 3" of a product roadmap, assurance level "high") are no risk levels; codes it
        once uses as a level ("CR-1 on its Containment Risk scale") are levels wherever they sit in a level's
        place."""
        if self._decided is None:
            raw = [m for idx in range(len(self.spans)) for m in self.raw_levels(idx)]
            raw += [m.prior for m in raw if m.prior is not None]
            sure = {m.name for m in raw if m.extra.get("code") and m.extra["sure"]}
            # a code of the same shape as a sure one is of the same scale: "HR-2" beside "HR-1 to HR-3"
            codes = {m.name for m in raw if m.extra.get("code") and any(same_shape(m.name, c) for c in sure)}
            self._decided = (frozenset(m.name.lower() for m in raw if m.extra.get("other_scale")),
                             frozenset(sure | codes))
        return self._decided

    def plain_sentence(self, idx: int) -> str:
        """The sentence with framework names blanked out: "its Deployment Risk Tiers" is no talk of tiers,
        "Next-Generation Safety Framework" no expectation."""
        a, b = self.spans[idx]
        text = self.full[a:b]
        for f in self._fw_names:
            if a <= f.start < b:
                s, e = f.start - a, min(f.start - a + len(f.name), b - a)
                text = text[:s] + "#" * (e - s) + text[e:]
        return text

    def low_sentence(self, idx: int) -> str:
        a, b = self.spans[idx]
        return self.low[a:b]

    def models(self, idx: int) -> list[ModelName]:
        return self._models.get(idx, [])

    def orgs(self, idx: int) -> list[OrgName]:
        return self._orgs.get(idx, [])

    def framework_named_near(self, idx: int, m: LevelMention) -> FrameworkName | None:
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
        """The developer named last in the few sentences before (what "the company" refers to); one named only
        as the owner of another model ("competes with Google's Gemini") when no sentence names one plainly."""
        owners = None
        for j in range(idx - 1, max(0, idx - 4) - 1, -1):
            devs = [o for o in self.orgs(j) if not o.third_party and not self.is_authority(o.id)]
            plain = [o for o in devs if not o.possessive]
            if plain:
                return plain[0].id, self.finders.names.display(plain[0])
            owners = owners or devs
        return (owners[0].id, self.finders.names.display(owners[0])) if owners else None

    # -- models ------------------------------------------------------------------------------------
    @property
    def doc_models(self) -> Counter:
        if self._doc_models is None:
            self._doc_models = Counter(mm.id for ms in self._models.values() for mm in ms if not mm.comparison)
        return self._doc_models

    def resolve_versionless(self, mm: ModelName) -> tuple[str, str]:
        """(id, text) of a model; "Codex" takes the fuller name the article gives it ("GPT-5.3-Codex"), and so
        does a name the article also gives with its family word before it ("Large 4": "Mistral Large 4")."""
        versionless = mm.id in VERSIONLESS
        fuller = [(n, t) for ms in self._models.values() for x in ms for n, t in [(x.id, x.text)]
                  if n != mm.id and (mm.id in n if versionless else n.endswith("-" + mm.id))]
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
            # not a model its aside names: "released Ember 4 Max, the largest member of its Ember 4 family, and said
            # the model ..."
            sentence = self.sentences[idx]
            named = [mm for mm in same if not any(o.end < mm.start and _ASIDE_TO.fullmatch(sentence, o.end, mm.start)
                                                  for o in same)]
            return (named or same)[-1], idx
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
