"""What language gives for free: cue phrases and gazetteers from the taxonomy, matched in text.

A `CueSet` compiles every cue group of a taxonomy (relevance terms, each theme, each action, each
jurisdiction) into one regular expression per group. It counts hits (features for the learned
models), and picks the sentences that best support an action (the `evidence` of a prediction).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from monitor.taxonomy import Taxonomy

try:  # the parser of the re module, to find the literal a regex cue must start with
    from re import _constants as _sre_c, _parser as _sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c
    import sre_parse as _sre_parse

_TOKEN = re.compile(r"[^\W_]+|[^\w\s-]")

# The relevance groups of the taxonomy: AI terms, risk and governance terms, and routine AI news
# (launches, deals, research results) that speaks against relevance.
RELEVANCE_GROUPS = ("ai", "risk", "routine")


def tokens(text: str) -> list[str]:
    """Alphanumeric runs and single punctuation marks; hyphens are dropped ("zero-day" = "zero day")."""
    return _TOKEN.findall(text or "")


@dataclass
class CueSet:
    """Compiled cue groups, named `ai`, `risk`, `routine`, `theme:<id>`, `action:<id>`, `jur:<id>`.

    Plain phrases are looked up token by token in a dictionary (fast on long texts); only the
    `re:`/`rcs:` cues run as regular expressions.
    """

    names: list[str]
    phrases_ci: dict[tuple[str, ...], list[tuple[int, str]]]
    phrases_cs: dict[tuple[str, ...], list[tuple[int, str]]]
    regexes: list[tuple[int, str, re.Pattern, tuple[str, ...] | None]]
    max_len: int

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> "CueSet":
        named: list[tuple[str, tuple[str, ...]]] = [
            (name, taxonomy.relevance.get(name, ())) for name in RELEVANCE_GROUPS]
        for prefix, section in (("theme", taxonomy.themes), ("action", taxonomy.actions),
                                ("jur", taxonomy.jurisdictions)):
            named += [(f"{prefix}:{label.id}", label.cues) for label in section.values()]
        names = [n for n, _ in named]
        ci: dict = {}
        cs: dict = {}
        regex_parts = []
        max_len = 1
        for g, (_, cues) in enumerate(named):
            for cue in cues:
                if cue.startswith(("re:", "rcs:")):
                    body = f"(?i:{cue[3:]})" if cue.startswith("re:") else f"(?:{cue[4:]})"
                    regex_parts.append((g, cue, body))
                else:
                    sensitive = cue.startswith("cs:")
                    phrase = cue[3:] if sensitive else cue
                    key = tuple(tokens(phrase) if sensitive else tokens(phrase.lower()))
                    if not key:
                        continue
                    table = cs if sensitive else ci
                    table.setdefault(key, []).append((g, cue))
                    max_len = max(max_len, len(key))
        # A regex runs only on texts holding one of the literals a match must start with.
        regexes = [(g, cue, re.compile(body), _start_literals(body)) for g, cue, body in regex_parts]
        return cls(names, ci, cs, regexes, max_len)

    def _matches(self, text: str):
        """(group index, cue, character offset) for every hit in `text`."""
        text = text or ""
        found = list(_TOKEN.finditer(text))
        toks = [m.group() for m in found]
        low = list(map(str.lower, toks))
        n = len(toks)
        ci, cs = self.phrases_ci, self.phrases_cs
        ci_first, cs_first = self._firsts
        # Most tokens start no phrase: find the few that do before the per-token work.
        for i in [i for i, (t, lt) in enumerate(zip(toks, low)) if lt in ci_first or t in cs_first]:
            for first, table, words in ((ci_first, ci, low), (cs_first, cs, toks)):
                for k in first.get(words[i], ()):
                    if k > n - i:
                        break
                    for g, cue in table.get(tuple(words[i:i + k]), ()):
                        yield g, cue, found[i].start()
        lowered = text.lower()
        starts = _literal_starts(self._literals, lowered) if len(lowered) == len(text) else None
        for g, cue, pattern, literals in self.regexes:
            if literals is None or starts is None:
                hits = pattern.finditer(text)
            elif not starts.keys().isdisjoint(literals):
                hits = _matches_at(pattern, text, sorted({p for lit in literals for p in starts.get(lit, ())}))
            else:
                continue
            for m in hits:
                yield g, cue, m.start()

    @property
    def _literals(self) -> frozenset[str]:
        """Every literal a regex cue may start with (each looked for once a text)."""
        cached = self.__dict__.get("_literals_cache")
        if cached is None:
            cached = frozenset(lit for *_, literals in self.regexes for lit in literals or ())
            self.__dict__["_literals_cache"] = cached
        return cached

    @property
    def _firsts(self) -> tuple[dict, dict]:
        """First token -> the phrase lengths (ascending) that start with it, per table."""
        cached = self.__dict__.get("_first_lengths_cache")
        if cached is None:
            cached = tuple(_lengths_by_first(table) for table in (self.phrases_ci, self.phrases_cs))
            self.__dict__["_first_lengths_cache"] = cached
        return cached

    def only(self, group: str) -> "CueSet":
        """The same cue set restricted to one group (same names and indices): faster to match."""
        cache = self.__dict__.setdefault("_only_cache", {})
        if group not in cache:
            g_wanted = self.names.index(group)

            def keep(table):
                out = {}
                for key, entries in table.items():
                    mine = [(g, cue) for g, cue in entries if g == g_wanted]
                    if mine:
                        out[key] = mine
                return out

            ci, cs = keep(self.phrases_ci), keep(self.phrases_cs)
            max_len = max([len(k) for k in list(ci) + list(cs)] or [1])
            cache[group] = CueSet(self.names, ci, cs, [r for r in self.regexes if r[0] == g_wanted], max_len)
        return cache[group]

    def __getstate__(self):
        # Caches are rebuilt on demand; they need not travel in a saved model.
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_cache")}

    def hits(self, text: str) -> dict[str, list[str]]:
        """The cues hit per group name (one entry per hit); groups with no hit left out."""
        out: dict[str, list[str]] = {}
        for g, cue, _ in self._matches(text):
            out.setdefault(self.names[g], []).append(cue)
        return out

    def offsets(self, text: str) -> list[int]:
        """Where the hits of any group start in `text`, in order."""
        return sorted({pos for _, _, pos in self._matches(text)})

    def count(self, text: str, lead: int = 0) -> list[tuple[int, int, int]]:
        """(hits, distinct cues, hits in the first `lead` characters) per group, in `names` order."""
        total = [0] * len(self.names)
        early = [0] * len(self.names)
        distinct: list[set] = [set() for _ in self.names]
        for g, cue, pos in self._matches(text):
            total[g] += 1
            distinct[g].add(cue)
            if pos < lead:
                early[g] += 1
        return [(t, len(d), e) for t, d, e in zip(total, distinct, early)]

    def best_sentences(self, sentences: list[str], group: str, limit: int = 1) -> list[str]:
        """The sentences with the most weighty distinct hits of `group` (ties: the earliest)."""
        if group not in self.names:
            return []
        g_wanted = self.names.index(group)
        starts, pos = [], 0
        for sentence in sentences:
            starts.append(pos)
            pos += len(sentence) + 1
        found: dict[int, set] = {}
        for g, cue, offset in self.only(group)._matches("\n".join(sentences)):
            if g == g_wanted:
                found.setdefault(bisect.bisect_right(starts, offset) - 1, set()).add(cue)
        # Longer phrases and patterns say more than single words.
        scored = sorted(
            (-sum(2 if c.startswith(("re:", "rcs:")) else len(c.split()) for c in cues), i)
            for i, cues in found.items()
        )
        return [sentences[i] for _, i in scored[:limit]]


def _literal_starts(literals: frozenset[str], lowered: str) -> dict[str, list[int]]:
    """Where each literal that occurs in `lowered` starts."""
    out: dict[str, list[int]] = {}
    for literal in literals:
        at = lowered.find(literal)
        while at >= 0:
            out.setdefault(literal, []).append(at)
            at = lowered.find(literal, at + 1)
    return out


def _matches_at(pattern: re.Pattern, text: str, candidates: list[int]):
    """`pattern.finditer(text)` when every match starts at one of `candidates` (ascending): the
    regex is tried only there, which spares scanning the whole text once for each cue."""
    end = 0
    for at in candidates:
        if at >= end and (m := pattern.match(text, at)):
            end = m.end()
            yield m


def _lengths_by_first(table: dict) -> dict[str, tuple[int, ...]]:
    out: dict[str, set] = {}
    for key in table:
        out.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(lengths)) for first, lengths in out.items()}


def _start_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-cased literals one of which starts every match of `pattern`; None if unknown."""
    try:
        found = _prefixes(list(_sre_parse.parse(pattern)))
    except Exception:  # an internal parser: never let it break matching
        return None
    return tuple(sorted({p.lower() for p in found})) if found else None


def _prefixes(items, limit: int = 20) -> list[str] | None:
    c = _sre_c
    out = [""]
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # \b, lookarounds: they match no characters
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:  # (?:de)? : with or without
            sub = _prefixes(list(av[2]), limit)
            if sub is None:
                break
            out = [p + s for p in out for s in sub + [""]]
            continue
        if op is c.LITERAL:
            out = [p + chr(av) for p in out]
            continue
        if op in (c.SUBPATTERN, c.BRANCH):
            alternatives = [av[-1]] if op is c.SUBPATTERN else av[1]
            subs: list[str] = []
            for alt in alternatives:
                sub = _prefixes(list(alt), limit)
                if sub is None:
                    return out if all(len(p) >= 2 for p in out) else None
                subs += sub
            out = [p + s for p in out for s in subs]
        break
    if len(out) > limit or any(len(p) < 2 for p in out):
        return None
    return out
