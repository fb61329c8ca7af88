"""What keeps the page safe by default: headers, allowed hosts, who may edit labels, CSRF.

- Every response carries a strict Content-Security-Policy: no script from anywhere (the page
  has none), styles and images only from this server, forms post only here, no framing.
  Text from feeds is escaped by the templates; this is the second wall.
- Bound to loopback, the page answers only requests for a loopback host name, so a web page
  elsewhere cannot reach it through DNS rebinding.
- Changing labels needs, when a token is configured (MONITOR_WEB_TOKEN), either
  `Authorization: Bearer <token>` or the session cookie that /login sets after checking it.
- Forms that change something carry a CSRF token: an HMAC of a random cookie under a secret
  of this process, checked with the Origin header on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

TOKEN_ENV = "MONITOR_WEB_TOKEN"
CSRF_COOKIE = "monitor_csrf"
SESSION_COOKIE = "monitor_session"
CSRF_FIELD = "csrf"
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

SAFE_SCHEMES = ("http", "https")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None: never javascript:, data:, vbscript:..."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x21 for c in url):  # control characters and spaces hide schemes from filters
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


class EditPolicy:
    """Whether label corrections are allowed, and how a request proves it may make one."""

    def __init__(self, *, allowed: bool, token: str | None):
        self.allowed = allowed
        self.token = token or None
        self.secret = secrets.token_bytes(32)  # signs CSRF tokens; new on every start

    @property
    def needs_login(self) -> bool:
        return self.allowed and self.token is not None

    def session_value(self) -> str:
        assert self.token is not None
        return hmac.new(self.token.encode(), b"monitor-web-session", hashlib.sha256).hexdigest()

    def token_matches(self, candidate: str) -> bool:
        return self.token is not None and hmac.compare_digest(candidate.encode(), self.token.encode())

    def bearer(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(value.strip())

    def logged_in(self, request: Request) -> bool:
        if not self.needs_login:
            return self.allowed
        cookie = request.cookies.get(SESSION_COOKIE, "")
        return hmac.compare_digest(cookie.encode(), self.session_value().encode()) or self.bearer(request)

    def may_edit(self, request: Request) -> bool:
        return self.allowed and self.logged_in(request)

    # CSRF -------------------------------------------------------------------------------------

    def csrf_token(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def csrf_problem(self, request: Request, submitted: str | None) -> str | None:
        """Why a state-changing request must be refused, or None when it is genuine.

        Requests authenticated by the bearer token carry no cookie, so they need no CSRF token.
        """
        if self.bearer(request):
            return None
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            return f"the form was sent from another site ({origin})"
        if request.headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
            return "the form was sent from another site"
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not submitted:
            return "the form has no security token; reload the page and try again"
        if not hmac.compare_digest(submitted.encode(), self.csrf_token(cookie).encode()):
            return "the form's security token has expired (the server restarted?); reload the page and try again"
        return None


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)
