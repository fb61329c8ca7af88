"""The crawl: from a source's URL to articles in the archive, grouped into stories.

One module per step, in the order an item goes through them: `fetch` (polite HTTP), `parse`
(feeds, and the links of pages without one), `text` (HTML and plain text as the archive keeps
it), `extract` (an article page's main text), `prepare` (a feed's entries as article records),
`urls` (canonical URLs), `dedupe` (revisions, and stories of copies across sources), and
`crawler` (one pass over the sources). Nothing here is imported by this package itself: a parse
worker imports `prepare` and what it needs, never the extractors or the archive.
"""
