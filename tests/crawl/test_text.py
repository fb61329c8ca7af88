"""Tests for monitor.crawl.text: HTML and plain text as the archive keeps them, and page decoding."""

import pytest

from monitor.crawl.text import decode_html, html_to_text


# --- html_to_text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello&nbsp;<b>world</b></p><p>Second &amp; last</p>", "Hello world\n\nSecond & last"),
        ("<div>one\n   two</div><div>three<br>four</div>", "one two\n\nthree\nfour"),
        ("<ul><li>a</li><li>b</li></ul><h2>Head</h2>tail", "a\n\nb\n\nHead\n\ntail"),
        ("<p>keep</p><script>drop()</script><style>p{}</style><!-- note --><p>this</p>", "keep\n\nthis"),
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>", "1 2\n\n3 4"),
        ("in<i>line</i> words &lt;stay&gt; &#8212; &eacute;", "inline words <stay> — é"),
        ("plain text\n\n  second   paragraph", "plain text\n\nsecond paragraph"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_html_to_text_accepts_a_whole_document() -> None:
    assert (
        html_to_text('<?xml version="1.0"?><html><head><title>T</title></head><body><p>Body</p></body></html>')
        == "Body"
    )


# --- decode_html -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"), "Привет"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Café</p>'.encode("latin-1"),
            "Café",
        ),
        ("\ufeff<p>naïve</p>".encode("utf-8"), "naïve"),
        ("<p>naïve</p>".encode(), "naïve"),
        ("<p>naïve – “quoted”</p>".encode("cp1252"), "naïve – “quoted”"),
    ],
)
def test_decode_html(data: bytes, text: str) -> None:
    assert text in decode_html(data)
