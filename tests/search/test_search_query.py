"""The search syntax (monitor.search.query) and one-article matching (monitor.search.text)."""

import itertools
import random
import sqlite3

import pytest

from monitor.search.query import FIELDS, All, Any, Phrase, SearchError, Without, positive_phrases, read_query
from monitor.search.text import completed_stems, matches, stems


def test_words_phrases_operators_and_columns_read_as_a_tree():
    assert read_query('regulation "AI Act"').tree == All((Phrase("regulation"), Phrase("AI Act")))
    assert read_query("deepfake OR misinformation").tree == Any((Phrase("deepfake"), Phrase("misinformation")))
    assert read_query('safety NOT "model card"').tree == Without(Phrase("safety"), Phrase("model card"))
    assert read_query('regulat* "frontier mod"*').tree == All((Phrase("regulat", FIELDS, True),
                                                                Phrase("frontier mod", FIELDS, True)))
    assert read_query("title:tier text:(a OR b)").tree == All((
        Phrase("tier", ("title",)), Any((Phrase("a", ("text",)), Phrase("b", ("text",))))))
    assert read_query("-title:tier {title text}:x").tree == All((Phrase("tier", ("text",)), Phrase("x")))
    assert read_query('"say ""hi"""').tree == Phrase('say "hi"')
    query = read_query("  a OR b  ")
    assert (query.expression, query.note) == ("a OR b", None)


def test_precedence_is_fts5s_columns_then_side_by_side_then_not_and_or():
    a, b, c, d = (Phrase(w) for w in "abcd")
    assert read_query("a b OR c d").tree == Any((All((a, b)), All((c, d))))
    assert read_query("c NOT a b").tree == Without(c, All((a, b)))
    assert read_query("c NOT a AND b").tree == All((Without(c, a), b))
    assert read_query("a NOT b NOT c").tree == Without(Without(a, b), c)
    assert read_query("a OR b AND c NOT d").tree == Any((a, All((b, Without(c, d)))))
    assert read_query("title:a b").tree == All((Phrase("a", ("title",)), b))


@pytest.mark.parametrize("query, expression, reason", [
    ('"AI Act enforcement', '"AI" "Act" "enforcement"', "unbalanced quote"),
    ("dogs AND (", '"dogs"', "not valid search syntax at its end"),
    ("AI -Act rules", '"AI" "Act" "rules"', "not valid search syntax near '-'"),
    ("C++ rules", '"C" "rules"', "near '+'"),
    ("foo:bar", '"foo" "bar"', "'foo:' is not a field (fields: title, text)"),
    ("NEAR(a b)", '"a" "b"', "NEAR groups are not supported"),
    ("(a OR b", '"a" "b"', "unbalanced parenthesis"),
    ("a OR", '"a"', "at its end"),
    ("cyber* U.S.", '"cyber"* "U.S."', "near '.'"),
])
def test_invalid_syntax_is_read_as_plain_words_with_a_note(query, expression, reason):
    read = read_query(query)
    assert read.expression == expression
    assert reason in read.note and read.note.endswith(f"so searched for all of: {expression}")
    assert read_query(read.expression).note is None  # what it was read as is valid syntax


def test_a_hyphen_or_dot_inside_a_word_makes_one_word_read_as_a_phrase():
    assert read_query("GPT-5 ASL-3").tree == All((Phrase("GPT-5"), Phrase("ASL-3")))
    assert read_query("gpt-4.5*").tree == Phrase("gpt-4.5", prefix=True)
    assert read_query("safety -title:card").tree == All((Phrase("safety"), Phrase("card", ("text",))))
    assert read_query("GPT-5 ASL-3").note is None


@pytest.mark.parametrize("query", ["*", "(", "NOT", '""', "-:"])
def test_a_query_without_words_is_refused(query):
    with pytest.raises(SearchError, match="nothing to search for"):
        read_query(query)


def test_snippets_highlight_what_a_match_contains_not_what_it_must_not():
    tree = read_query('(a OR "b c") NOT d').tree
    assert positive_phrases(tree) == [Phrase("a"), Phrase("b c")]


# --- the same answers as SQLite FTS5 on the same text -------------------------------------------

WORDS = "abcd"


def _random_query(rng: random.Random, depth: int = 0) -> str:
    """Queries in the subset of the syntax that FTS5 accepts too."""
    roll = rng.random()
    if depth > 2 or roll < 0.35:
        word = " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 1, 2))))
        term = f'"{word}"' if " " in word or rng.random() < 0.2 else word
        column = rng.choice(("", "", "", "title:", "text:", "-title:"))
        return column + term + ("*" if rng.random() < 0.1 else "")
    if roll < 0.45:
        return f"{rng.choice(('', 'title:'))}({_random_query(rng, depth + 1)})"
    operator = rng.choice((" ", " AND ", " OR ", " NOT "))
    return _random_query(rng, depth + 1) + operator + _random_query(rng, depth + 1)


def test_random_queries_match_the_articles_fts5_matches():
    documents = [(" ".join(t), " ".join(x))
                 for t in itertools.chain.from_iterable(itertools.combinations(WORDS, n) for n in range(3))
                 for x in itertools.chain.from_iterable(itertools.combinations(WORDS + WORDS, n) for n in (0, 2, 3))]
    documents = list(dict.fromkeys(documents))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, text)")
    conn.executemany("INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)",
                     [(n, t, x) for n, (t, x) in enumerate(documents)])
    rng = random.Random(7)
    checked = 0
    for _ in range(400):
        query = _random_query(rng)
        try:
            expected = {row[0] for row in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (query,))}
        except sqlite3.OperationalError:
            continue  # not FTS5 syntax (FTS5 is stricter about groups side by side)
        read = read_query(query)
        assert read.note is None, query
        found = {n for n, (t, x) in enumerate(documents) if matches(read.tree, t, x)}
        assert found == expected, query
        checked += 1
    assert checked > 250


def test_prefixes_cover_the_words_that_start_with_them_and_their_other_forms():
    tree = read_query("regulat*").tree
    for text in ("new regulation", "regulations", "the regulatory agenda", "regulate it", "regulators met"):
        assert matches(tree, "", text), text
    assert not matches(tree, "", "a regular meeting")
    assert {"regul"} <= completed_stems("regulat") and "regular" not in completed_stems("regulat")
    assert matches(read_query("transparen*").tree, "", "more transparency")
    assert matches(read_query('"frontier mod"*').tree, "", "Frontier models are")
    assert not matches(read_query('"frontier mod"*').tree, "", "frontier safety models")
    assert matches(read_query("title:cyber*").tree, "Cyberattacks rise", "")
    assert not matches(read_query("title:cyber*").tree, "News", "cyberattacks")


def test_words_are_stemmed_lower_cased_and_folded():
    assert stems("Regulations, regulating; Déjà vu") == ["regul", "regul", "deja", "vu"]
    assert matches(read_query("regulating").tree, "", "Regulators") is True
    assert matches(read_query('"AI Act"').tree, "", "the AI-Act's scope")
