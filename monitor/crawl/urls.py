"""Canonical URLs: one spelling per article, so the same article found twice is stored once.

Drops fragments and tracking parameters, lower-cases the scheme and host, drops `www.`,
default ports and a trailing slash, and sorts the query. The original link is kept
beside the canonical one for people to click. A link no client could request (a port out of
range, a malformed IPv6 host) raises BadURL, naming the link and what is wrong with it.
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


class BadURL(ValueError):
    """A link that cannot be read; `reason` says why in a few words."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def canonical_url(url: str, *, keep_fragment: bool = False) -> str:
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # checked when read: "Port out of range 0-65535", "Port could not be cast"
    except ValueError as error:
        raise BadURL(url, _reason(error)) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)))
    return urlunsplit((scheme, netloc, path, query, parts.fragment if keep_fragment else ""))


def clean_link(url: str | None) -> str:
    """The link as its publisher wrote it, less the tracking parameters (utm_*, fbclid ...): what
    people click and copy. Unlike canonical_url it keeps the host and path as they are (some sites
    answer only on www.), and a link it cannot read is returned unchanged."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _tracking(k)]
    if len(kept) == len(pairs):
        return url.strip()
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def host_of(url: str) -> str:
    """The URL's host name, lower-cased; "" when it has none or cannot be read."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _reason(error: ValueError) -> str:
    words = str(error)
    return words[:1].lower() + words[1:]
