"""AI risk-signal monitor: crawl AI-policy and security news, classify it, archive it, alert on it.

The package reads as the pipeline, in the order data flows:

    sources -> crawl (fetch, parse, prepare, extract, stories) -> classify -> store -> alerts -> notify

`records` and `taxonomy` are what every stage shares; `web`, `service` and `cli` are callers of
the same library functions. The README's "How it works" has a line on each.
"""

__version__ = "0.1.0"
