"""AI risk-signal monitor: crawl AI-policy and security news, classify it, archive it, alert on it.

The package reads as the pipeline, in the order data flows:

    sources -> fetch -> parse -> extract -> dedupe -> store -> classify -> alerts -> notify

`cli` and `scheduler` are thin callers of the same library functions.
"""

__version__ = "0.1.0"
