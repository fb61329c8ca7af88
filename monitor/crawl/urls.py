"""Canonical URLs: one spelling per article, so the same article found twice is stored once.

Drops fragments and tracking parameters, lower-cases the scheme and host, drops `www.`,
default ports and a trailing slash, and sorts the query. The original link is kept
beside the canonical one for people to click.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_", "at_", "hmb_", "ga_", "oly_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mkt_tok",
    "ref", "ref_src", "ref_url", "referrer", "source", "cmpid", "icid", "ncid", "ocid", "sr_share",
    "spm", "s_cid", "cid", "rss", "feed", "from", "guccounter", "guce_referrer", "guce_referrer_sig",
    "_ga", "_gl", "xtor", "smid", "partner", "camp", "campaign", "share", "ito", "wt.mc_id", "cmp",
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str, *, keep_fragment: bool = False) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)))
    return urlunsplit((scheme, netloc, path, query, parts.fragment if keep_fragment else ""))


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
