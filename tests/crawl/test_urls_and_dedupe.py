import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.clock import iso
from monitor.crawl import dedupe
from monitor.crawl.urls import canonical_url, clean_link
from monitor.records import StorySignature
from tests.feeds import paragraph


@pytest.mark.parametrize("url, canonical", [
    ("https://WWW.Example.org/News/AI-Act/?utm_source=rss&utm_medium=feed#top", "https://example.org/News/AI-Act"),
    ("https://example.org:443/a?b=2&a=1&fbclid=x", "https://example.org/a?a=1&b=2"),
    ("http://example.org:8080/", "http://example.org:8080/"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/story?id=42&ref=homepage", "https://example.org/story?id=42"),
    ("https://bücher.example/ai", "https://xn--bcher-kva.example/ai"),
])
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize("link, clean", [
    ("https://www.Example.org/News/?utm_source=rss&utm_medium=feed#top", "https://www.Example.org/News/#top"),
    ("https://example.org/story?id=42&fbclid=x&b=1", "https://example.org/story?id=42&b=1"),
    ("https://example.org/plain", "https://example.org/plain"),
    ("https://example.org:99999/?utm_source=x", "https://example.org:99999/"),
])
def test_a_link_for_people_drops_tracking_and_keeps_the_rest(link, clean):
    assert clean_link(link) == clean


NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def candidate(story_id: int, source_id: str, title: str, text: str, published=NOW) -> StorySignature:
    fp = dedupe.fingerprint(title, text)
    return StorySignature(article_id=story_id, story_id=story_id, source_id=source_id, published=iso(published),
                          title_terms=" ".join(fp.title_terms), lead_terms=" ".join(fp.lead_terms),
                          text_minhash=fp.minhash_bytes)


def test_syndicated_copy_matches_on_text_even_from_the_same_source():
    body = paragraph("designation of a general-purpose model", 250)
    fp = dedupe.fingerprint("EU names systemic-risk model", "Wire copy. " + body)
    assert dedupe.same_story(fp, "wire", NOW, [candidate(7, "wire", "Commission designates model", body)]) == 7


def test_a_teaser_repeated_under_other_headlines_is_not_one_story():
    teaser = ("In my experience the best decision makers test a hypothesis before they act, whether they "
              "build products, run a lab or write policy.")
    fp = dedupe.fingerprint("The Weekly: chips export rule, lab opens evals", teaser)
    last_issue = candidate(4, "weekly", "The Weekly: state bills advance, new safety index", teaser)
    assert dedupe.same_story(fp, "weekly", NOW, [last_issue]) is None
    same_issue = candidate(5, "weekly", "The Weekly: chips export rule, lab opens evals", teaser)
    assert dedupe.same_story(fp, "weekly", NOW, [same_issue]) == 5


def test_rewritten_copy_from_another_outlet_matches_on_headline_terms():
    fp = dedupe.fingerprint("Governor signs RAISE Act on frontier AI safety", paragraph("one outlet's report"))
    other = candidate(3, "paper", "RAISE Act on frontier AI safety signed by governor", paragraph("another report"))
    assert dedupe.same_story(fp, "wire", NOW, [other]) == 3


def test_rewritten_copy_matches_on_shared_lead_terms():
    fp = dedupe.fingerprint(
        "Northwind rates Atlas-4 High for cyber risk",
        "Northwind AI says Atlas-4 is the first model it treats as High in cybersecurity under its preparedness "
        "framework, after the model found previously unknown vulnerabilities in open-source libraries.")
    lab = candidate(
        5, "lab", "Activating safeguards for Atlas-4",
        "Under our preparedness framework Atlas-4 is the first model we are treating as High capability in "
        "cybersecurity. In testing the model found previously unknown vulnerabilities in two open-source libraries.")
    assert dedupe.same_story(fp, "news", NOW, [lab]) == 5


def test_same_topic_different_news_stays_apart():
    fp = dedupe.fingerprint(
        "Commission opens consultation on AI Act transparency guidelines",
        "The Commission launched a public consultation on draft guidelines for the transparency obligations of "
        "the AI Act, which require deployers to disclose deepfakes and providers to mark AI-generated content. "
        "Stakeholders can comment until January.")
    other = candidate(
        2, "paper", "Commission designates AI model as posing systemic risk under AI Act",
        "The Commission designated a general-purpose AI model as posing systemic risk under the AI Act after its "
        "provider notified that training compute exceeded the threshold. The provider must now evaluate the "
        "model, run adversarial testing and report serious incidents.")
    assert dedupe.same_story(fp, "wire", NOW, [other]) is None


def test_one_outlets_recurring_headline_is_not_a_story():
    fp = dedupe.fingerprint("Weekly AI policy roundup: what happened in Brussels", paragraph("week 47"))
    last_week = candidate(9, "blog", "Weekly AI policy roundup: what happened in Brussels", paragraph("week 46"))
    assert dedupe.same_story(fp, "blog", NOW, [last_week]) is None


def test_headline_match_only_within_a_few_days():
    fp = dedupe.fingerprint("Governor signs RAISE Act on frontier AI safety", paragraph("report"))
    old = candidate(3, "paper", "Governor signs RAISE Act on frontier AI safety", paragraph("older report"),
                    published=NOW - timedelta(days=30))
    assert dedupe.same_story(fp, "wire", NOW, [old]) is None


def test_fingerprint_keys_are_stable_across_processes():
    # Keys are stored in the database, so they must not depend on Python's per-process hash seed.
    first = dedupe.fingerprint("Commission designates model", paragraph("stable", 50)).keys
    assert first == dedupe.fingerprint("Commission designates model", paragraph("stable", 50)).keys
    assert len(first) == dedupe.TEXT_BANDS


def test_content_hash_ignores_whitespace_and_case_only():
    assert dedupe.content_hash("Title", "Some  text\n") == dedupe.content_hash("title", "some text")
    assert dedupe.content_hash("Title", "Some text") != dedupe.content_hash("Title", "Some other text")


def test_group_copies_puts_rewrites_of_one_story_together_and_other_news_apart():
    documents = [
        ("Governor signs RAISE Act on frontier AI safety",
         "New York's governor signed the RAISE Act, which requires developers of frontier models to publish "
         "safety plans and report serious incidents within 72 hours."),
        ("Commission opens consultation on AI Act transparency guidelines",
         "Brussels asked for comments on draft guidance about labelling AI-generated content and disclosing "
         "deepfakes; replies are due in January."),
        ("RAISE Act on frontier AI safety signed by governor",
         "Frontier model developers in New York must now publish safety plans after the governor signed the "
         "RAISE Act into law on Friday."),
        ("Chip maker reports record quarter",
         "Revenue rose on demand for data-centre processors, the company said, and it raised its forecast."),
    ]
    stories = dedupe.group_copies(documents)
    assert stories[0] == stories[2]
    assert len({stories[0], stories[1], stories[3]}) == 3


def test_word_index_finds_exactly_the_articles_a_rewrite_test_would_accept():
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(80)]
    start = datetime(2026, 11, 1, tzinfo=UTC)

    def article() -> tuple[frozenset[str], frozenset[str], str, datetime]:
        title = frozenset(rng.sample(vocabulary, rng.randint(2, 8)))
        lead = title | frozenset(rng.sample(vocabulary, rng.randint(4, 30)))
        return title, lead, rng.choice("abc"), start + timedelta(hours=rng.randint(0, 240))

    stored = [article() for _ in range(400)]
    index = dedupe.WordIndex()
    for number, (title, lead, source, published) in enumerate(stored):
        index.add(number, title, lead, source=source, published=published)
    index.add(0, frozenset(), frozenset(), source="a", published=start)  # revised: its old words no longer count
    stored[0] = (frozenset(), frozenset(), "a", start)

    def passes(query, other) -> bool:
        lead_score, lead_shared = dedupe._overlap(query[1], other[1])
        return bool(dedupe._titles_alike(query[0], other[0])) or (
            lead_score >= dedupe.LEAD_OVERLAP and lead_shared >= dedupe.MIN_SHARED_LEAD_TERMS)

    found_any = 0
    for _ in range(150):
        query = article()
        expected = {n for n, other in enumerate(stored) if passes(query, other) and other[2] != query[2]
                    and abs(other[3] - query[3]) <= dedupe.REWRITE_WINDOW}
        found = index.sharing(query[0], query[1], other_than=query[2], published=query[3],
                              within=dedupe.REWRITE_WINDOW)
        assert sorted(found) == sorted(expected)
        found_any += bool(expected)
    assert found_any > 20  # the test met articles that pass, not only ones that fail


def test_word_index_counts_the_words_each_slot_shares_exactly():
    """WordIndex._counts against a count by hand over every slot: Zipf-like vocabularies (a few
    words in most articles, many in one or two), revised and removed articles (dead slots keep their
    words in the posting lists and are counted like the rest), queries with unknown words and with
    fewer known words than asked for."""
    rng = random.Random(16)
    met = short = 0
    empty = dedupe.WordIndex()
    assert empty._counts(empty._in_leads, frozenset({"a", "b", "c"}), 1)[0].size == 0
    for trial in range(12):
        vocabulary = [f"w{trial}x{n}" for n in range(rng.choice([15, 60, 400]))]
        weights = [1 / (rank + 1) ** rng.uniform(0.6, 1.4) for rank in range(len(vocabulary))]

        def words(most: int) -> frozenset[str]:
            return frozenset(rng.choices(vocabulary, weights, k=rng.randint(0, most)))

        index, slots = dedupe.WordIndex(), []  # slots: (headline, lead) words of every slot, dead or alive
        for _ in range(rng.randint(1, 300)):
            article = rng.randrange(40) if rng.random() < 0.2 else len(slots) + 1000  # some revised
            title = words(10)
            lead = title | words(60)
            index.add(article, title, lead)
            slots.append((title, lead))
            if rng.random() < 0.05:
                index.remove(article)
        for _ in range(40):
            query = words(60) | {f"unknown{n}" for n in range(rng.randint(0, 3))}
            for side, postings in enumerate((index._in_titles, index._in_leads)):
                least = rng.randint(1, 12)
                shared = [len(query & slot[side]) for slot in slots]
                expected = [(slot, count) for slot, count in enumerate(shared) if count >= least]
                found, counts = index._counts(postings, query, least)
                assert list(zip(found.tolist(), counts.tolist())) == expected
                met += bool(expected)
                short += len({word for slot in slots for word in slot[side]} & query) < least
    assert met > 100 and short > 20  # slots that pass were met, and queries with too few known words
