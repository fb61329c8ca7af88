"""Full-text search of the archive: a tantivy index derived from SQLite and kept in step with it.

- `query.py`: the search syntax people type, read into a tree (no index needed);
- `text.py`: words to index terms (stems), and one article matched against a query (alert rules);
- `index.py`: the index beside the archive: its schema, building it, following the archive's
  queue of changes, checking that it answers for the archive;
- `engine.py`: a search: the tree as an index query, filters, relevance or newest first, snippets.

`Store.search(...)` (monitor/store) is the way in for most callers.
"""

from monitor.search.engine import (
    HIGHLIGHT_END, HIGHLIGHT_START, Matches, SearchHit, SearchResults, article_matches, highlight, hits_for,
    search_articles, search_page,
)
from monitor.search.index import TEXT_WEIGHT, TITLE_WEIGHT, Check, IndexBusy, SearchIndex, index_for, index_trouble
from monitor.search.query import SearchError, read_query

__all__ = [
    "HIGHLIGHT_END", "HIGHLIGHT_START", "TEXT_WEIGHT", "TITLE_WEIGHT", "Check", "IndexBusy", "Matches",
    "SearchError", "SearchHit", "SearchIndex", "SearchResults", "article_matches", "highlight", "hits_for",
    "index_for", "index_trouble", "read_query", "search_articles", "search_page",
]
