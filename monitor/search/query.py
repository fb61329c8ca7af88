"""The search syntax people type, read into a tree: words, "phrases", OR, NOT, prefix*, title:word.

    regulation "AI Act"            every word and phrase must appear (title or text)
    deepfake OR misinformation     either
    safety NOT "model card"        the first without the second
    regulat*                       a word that starts with "regulat" (and its other forms: see text.py)
    "frontier mod"*                a phrase whose last word starts with "mod"
    title:tier  title:(a OR b)     in the title only; text: is the body; {title text}: both; -title: not the title
    (a OR b) NOT c                 parentheses group

Precedence, tightest first, as SQLite FTS5 reads the same text (so queries written for the
archive's former FTS5 index keep their meaning): a column filter, words side by side (an implicit
AND), NOT, AND, OR. Operators are upper case; `or` is a word.

A hyphen or dot inside a word joins it (`GPT-5`, `AI-Act`, `gpt-4.5`: the phrase of its parts).
A query that is not valid syntax (an unbalanced quote or parenthesis, a stray operator, `C++`,
`foo:bar`) is not refused: its words and quoted phrases are searched for, all of them, and the
note says how the query was read. Nothing here knows about the index: `monitor.search.text`
turns the words into index terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("title", "text")


class SearchError(ValueError):
    """A query that cannot be answered; the message says why in one line."""


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order (one word is a phrase of one) in one of `fields`;
    `prefix`: the last word is a prefix."""

    text: str
    fields: tuple[str, ...] = FIELDS
    prefix: bool = False


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Without:
    kept: Node
    excluded: Node


Node = Phrase | All | Any | Without


@dataclass(frozen=True)
class Query:
    tree: Node
    expression: str  # the query as it runs: as typed when valid, else the words it was read as
    note: str | None = None  # how an invalid query was read


def read_query(text: str) -> Query:
    """The tree of a query; invalid syntax is read as plain words (see the module's docstring).

    Raises SearchError when there is nothing to search for (no word at all)."""
    text = text.strip()
    try:
        tree = _Parser(text).parse()
    except _SyntaxProblem as problem:
        plain = _plain_phrases(text)
        if not plain:
            raise SearchError(f"nothing to search for in {text!r}: it has no words") from None
        expression = " ".join(_quoted(p) for p in plain)
        tree = plain[0] if len(plain) == 1 else All(tuple(plain))
        return Query(tree, expression, f"{problem}, so searched for all of: {expression}")
    if not any(re.search(r"\w", phrase.text) for phrase in positive_phrases(tree)):
        raise SearchError(f"nothing to search for in {text!r}: it has no words")
    return Query(tree, text)


def positive_phrases(node: Node) -> list[Phrase]:
    """The phrases a match contains (not those it must not): what snippets highlight."""
    if isinstance(node, Phrase):
        return [node]
    if isinstance(node, Without):
        return positive_phrases(node.kept)
    return [phrase for part in node.parts for phrase in positive_phrases(part)]


# --- the parser ---------------------------------------------------------------------------------


class _SyntaxProblem(Exception):
    pass


# Tokens: a quoted phrase (doubled quotes inside stand for one), an unterminated quote, a
# parenthesis, a column list in braces, a bareword (letters, digits, _ and any non-ASCII
# character, as FTS5 has it; joined by - or . inside it, so GPT-5, ASL-3 and gpt-4.5 are one
# bareword, read as the phrase of their parts), an operator character, or anything else (a
# syntax problem).
_TOKEN = re.compile(r'''
    \s*(?:
      (?P<phrase>"(?:[^"]|"")*")
    | (?P<open_quote>")
    | (?P<paren>[()])
    | (?P<braces>\{[^}]*\})
    | (?P<word>(?:[A-Za-z0-9_]|[^\x00-\x7f])+(?:[-.](?:[A-Za-z0-9_]|[^\x00-\x7f])+)*)
    | (?P<mark>[*:\-])
    | (?P<other>\S)
    )''', re.VERBOSE)
_OPERATORS = {"AND", "OR", "NOT"}


class _Parser:
    def __init__(self, text: str):
        self.tokens: list[tuple[str, str]] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind is None:
                continue
            value = match.group(kind)
            if kind == "open_quote":
                raise _SyntaxProblem("the query has an unbalanced quote")
            if kind == "other":
                raise _SyntaxProblem(f"the query is not valid search syntax near {value!r}")
            self.tokens.append((kind, value))
        self.at = 0

    def parse(self) -> Node:
        if not self.tokens:
            raise _SyntaxProblem("the query is empty")
        node = self._or()
        if self.at < len(self.tokens):
            self._fail()
        return node

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _operator(self, name: str) -> bool:
        token = self._peek()
        if token == ("word", name):
            self.at += 1
            return True
        return False

    def _fail(self):
        token = self._peek()
        raise _SyntaxProblem("the query is not valid search syntax"
                             + (f" near {token[1]!r}" if token else " at its end"))

    def _or(self) -> Node:
        parts = [self._and()]
        while self._operator("OR"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Any(tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while self._operator("AND"):
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _not(self) -> Node:
        node = self._sequence()
        while self._operator("NOT"):
            node = Without(node, self._sequence())
        return node

    def _sequence(self) -> Node:
        parts = [self._unary()]
        while self._starts_unary():
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _starts_unary(self) -> bool:
        token = self._peek()
        if token is None or token == ("paren", ")"):
            return False
        return not (token[0] == "word" and token[1] in _OPERATORS)

    def _unary(self) -> Node:
        fields = self._column_filter()
        token = self._peek()
        if token is None:
            self._fail()
        kind, value = token
        self.at += 1
        if kind == "paren" and value == "(":
            node = self._or()
            if self._peek() != ("paren", ")"):
                raise _SyntaxProblem("the query has an unbalanced parenthesis")
            self.at += 1
            return _restrict(node, fields)
        if kind == "word" and value == "NEAR" and self._peek() == ("paren", "("):
            raise _SyntaxProblem("NEAR groups are not supported")
        if kind == "word" and value not in _OPERATORS:
            return Phrase(value, fields, self._star())
        if kind == "phrase":
            return Phrase(value[1:-1].replace('""', '"'), fields, self._star())
        if kind == "paren":
            raise _SyntaxProblem("the query has an unbalanced parenthesis")
        self.at -= 1
        self._fail()

    def _star(self) -> bool:
        if self._peek() == ("mark", "*"):
            self.at += 1
            return True
        return False

    def _column_filter(self) -> tuple[str, ...]:
        """`title:`, `{title text}:`, `-title:` (every column but title) before a phrase or group."""
        start = self.at
        negated = self._peek() == ("mark", "-")
        if negated:
            self.at += 1
        token = self._peek()
        following = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        if token is None or following != ("mark", ":") or token[0] not in ("word", "braces"):
            if negated:
                raise _SyntaxProblem("the query is not valid search syntax near '-'")
            self.at = start
            return FIELDS
        names = token[1].strip("{}").split() if token[0] == "braces" else [token[1]]
        for name in names:
            if name.lower() not in FIELDS:
                raise _SyntaxProblem(f"'{name}:' is not a field (fields: {', '.join(FIELDS)})")
        self.at += 2
        chosen = {name.lower() for name in names}
        return tuple(f for f in FIELDS if (f in chosen) != negated)


def _restrict(node: Node, fields: tuple[str, ...]) -> Node:
    """A column filter on a group applies to every phrase in it (nested filters: both hold)."""
    if fields == FIELDS:
        return node
    if isinstance(node, Phrase):
        return Phrase(node.text, tuple(f for f in node.fields if f in fields), node.prefix)
    if isinstance(node, Without):
        return Without(_restrict(node.kept, fields), _restrict(node.excluded, fields))
    return type(node)(tuple(_restrict(part, fields) for part in node.parts))


# --- reading invalid syntax as plain words ----------------------------------------------------

# A quote without its pair is dropped: the words after it are words, as the note says.
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w[\w.\'’-]*\*?)')


def _plain_phrases(text: str) -> list[Phrase]:
    phrases = []
    for phrase, word in _PHRASE_OR_WORD.findall(text):
        if phrase.strip() and re.search(r"\w", phrase):
            phrases.append(Phrase(" ".join(phrase.split())))
        elif word and word not in _OPERATORS | {"NEAR"}:
            phrases.append(Phrase(word.rstrip("*"), FIELDS, word.endswith("*")))
    return phrases


def _quoted(phrase: Phrase) -> str:
    return '"' + phrase.text.replace('"', '""') + '"' + ("*" if phrase.prefix else "")
