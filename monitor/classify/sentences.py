"""Sentences of news prose: straight quotes and dashes, one space between words, and splits that
keep abbreviations ("e.g.", "U.S.", "Sen.") and version numbers ("GPT-5.3") whole.

Used by the tier extractor (sentence by sentence) and for the evidence of a prediction.
Pure standard library.
"""

from __future__ import annotations

import re


_REPLACEMENTS = (
    ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\u2013", "-"), ("\u2212", "-"),
    ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u200b", ""),
)
_NEWLINES = re.compile(r"[^\S\n]*\n\s*")
_SPACES = re.compile(r"[^\S\n]+")

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc e.g eg i.e ie inc ltd co corp llc plc no nos art arts
    fig figs sec para approx est dept gov sen rep gen col lt sgt al jan feb mar apr jun jul aug
    sep sept oct nov dec u.s u.k e.u u.n v p pp ed eds vol cf""".split()
)
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before a space and a capital,
# digit, opening quote or a name in lower case with a version ("halcyon-5 moves up"); at a bullet; or at a
# spaced dash that starts a capitalised list item.
_SPLIT = re.compile(
    r"(?P<end>[.!?]+[\"')\]]*)[ \n](?=[\"'(\[]?(?:[A-Z0-9]|[a-z][a-z0-9]*(?:-[a-z0-9.]+)*-[a-z]?\d))"
    r"|(?<=[ \n])[\u2022\u25cf\u25aa\u25e6\u2023*-] (?=[A-Z\"'(\[])"
    r"|\n"
)
_LAST_TOKEN = re.compile(r"(?<![\w'])([A-Za-z][A-Za-z.]*)\.$")  # not the "t" of "didn't."


def normalise(text: str) -> str:
    """Straight quotes and hyphens, one space between words, one newline between paragraphs."""
    text = text or ""
    if not text.isascii():
        for a, b in _REPLACEMENTS:
            if a in text:
                text = text.replace(a, b)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of normalised text, shifted by base."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SPLIT.finditer(text):
        end = m.group("end")
        if end is not None:
            if end.startswith(".") and end.count(".") == 1:
                token = _LAST_TOKEN.search(text, max(start, m.start() - 30), m.start() + 1)
                if token:
                    word = token.group(1).lower()
                    # "e.g." / "U.S." / "Inc." and single-letter initials ("J. Smith") do not end; "No." only
                    # before a number ("No. 5"), not an answer's "No. It's still ..."
                    if (word in _ABBREVIATIONS and (word != "no" or text[m.end():m.end() + 1].isdigit())) \
                            or (len(word) == 1 and word.isalpha()):
                        continue
            cut = m.start() + len(end)
        else:
            cut = m.start() - 1 if text[m.start()] not in "\n" else m.start()
        if cut > start:
            out.append((base + start, base + cut))
        start = m.end()
    if len(text) > start:
        out.append((base + start, base + len(text)))
    return out


def split_sentences(text: str, max_chars: int | None = None) -> list[str]:
    """Split text into sentences, keeping abbreviations ("e.g.", "U.S.") and versions ("5.3") whole.
    With `max_chars`, a longer run (a page without full stops) is cut at a space before it."""
    text = normalise(text)
    out = []
    for a, b in sentence_spans(text):
        sentence = text[a:b].strip()
        while max_chars and len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 4 else max_chars
            out.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if sentence:
            out.append(sentence)
    return out
