"""Error texts from channels, with every configured secret taken out.

A remote may echo what it was sent (a 404 page saying "Not found: /hooks/T0/B0/XXXX"), an SMTP
server may quote a credential in a refusal, an exception may quote the URL it failed on. Such
texts are stored in the outbox, logged, printed and served by the web page, so they are
redacted where delivery makes them: every channel's URL, its path, its query, the longer
pieces of both (tokens), and every password, in any letter case, percent-encoded or not.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlsplit

REDACTED = "[redacted]"
MIN_PIECE = 8  # a shorter path segment or query value ("hooks", "v1") is a word, not a token


def channel_secrets(channel) -> list[str]:
    """The values a channel must never show: its URL and pieces of it, or its password.
    Read from the environment as delivery reads them; an unset variable has nothing to hide."""
    values = []
    if getattr(channel, "password_env", None):
        values.append(os.environ.get(channel.password_env) or "")
    url = getattr(channel, "url", None) or (os.environ.get(channel.url_env) or "" if getattr(channel, "url_env", None)
                                            else "")
    if url:
        values.extend(_url_pieces(url))
    return [value for value in values if value]


def config_secrets(config) -> list[str]:
    """Every channel's secrets: an error text of one channel may quote another's."""
    return [secret for channel in config.channels.values() for secret in channel_secrets(channel)]


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret, in any case and percent-encoded or not, replaced by [redacted]."""
    variants = {form for secret in secrets for form in (secret, unquote(secret), quote(secret, safe="/:?=&")) if form}
    if not variants:
        return text
    pattern = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))  # longest first
    return re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)


def _url_pieces(url: str) -> list[str]:
    pieces = [url.strip()]
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return pieces
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    pieces += [target, parts.path, parts.query, parts.password or ""]
    pieces = [piece for piece in pieces if len(piece) > 1]
    pieces += [segment for segment in parts.path.split("/") if len(segment) >= MIN_PIECE]
    pieces += [value for _, value in parse_qsl(parts.query, keep_blank_values=True) if len(value) >= MIN_PIECE]
    return pieces
