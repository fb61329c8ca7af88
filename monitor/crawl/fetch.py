"""Polite, robust HTTP fetching: robots.txt, per-host pacing, conditional GET, retries, size caps.

    async with Fetcher(FetchPolicy()) as fetcher:
        response = await fetcher.get("https://example.org/feed.xml", validators=stored)
        if not response.not_modified:
            ...parse response.content, store response.validators...

Every failure is a FetchError whose `cause` is an id from CAUSES and whose `message` names the URL
and says what happened in words a person running the monitor can act on.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import re
import socket
import ssl
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Protocol

import httpcore
import httpx
from protego import Protego

from monitor import clock
from monitor.records import StoredRobots
from monitor.sources import FetchPolicy
from monitor.crawl.decompress import ACCEPT_ENCODING, BodyDecoder, DecodeError

DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)

CAUSES: dict[str, str] = {
    "timeout": "timed out",
    "dns": "host name not found",
    "tls": "TLS or certificate error",
    "connection": "connection failed",
    "unauthorized": "needs credentials (401)",
    "forbidden": "access refused (403)",
    "not_found": "not found or gone (404, 410)",
    "rate_limited": "rate limited (429)",
    "server_error": "server error (5xx)",
    "http_error": "unexpected HTTP answer",
    "too_large": "response too large",
    "too_many_redirects": "too many redirects",
    "robots": "disallowed by robots.txt",
    "private_address": "private network address",
    "invalid_url": "invalid URL",
}

_CONNECTION_WORDS: dict[type[BaseException], str] = {
    ConnectionRefusedError: "connection refused",
    ConnectionResetError: "connection reset by the server",
    ConnectionAbortedError: "connection aborted",
    BrokenPipeError: "connection closed by the server",
}
_HOST_NAME = re.compile(r"[A-Za-z0-9._:-]+")  # after httpx's IDNA encoding; ":" for IPv6 literals
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# RFC 9309 lets a crawler treat an unreachable robots.txt as "disallow all"; ask again soon.
_ROBOTS_UNREACHABLE_TTL = 600.0
# RFC 9309 2.4: a cached robots.txt should not be used for more than 24 hours; it may be kept
# as HTTP caching allows (max-age). A minute at least, so that max-age=0 does not mean asking
# again before every request.
_ROBOTS_MAX_TTL, _ROBOTS_MIN_TTL = 86400.0, 60.0
_ROBOTS_ACCEPT = "text/plain, */*;q=0.8"
# When robots.txt fails for these reasons the page would too: report the real cause, not "robots".
_HOST_FAILURES = frozenset({"timeout", "dns", "tls", "connection", "private_address"})


@dataclass(frozen=True)
class Validators:
    """What the last successful fetch told us to send next time for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Response:
    url: str  # final URL, after redirects
    status: int  # 2xx or 304
    content: bytes  # decoded body; b"" on 304
    headers: dict[str, str]  # lower-case names
    validators: Validators
    max_age: float | None  # Cache-Control max-age; None if absent, no-cache or no-store
    elapsed: float  # seconds from the call to get() until the body was read, waits included

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that failed, with a cause id from CAUSES and a message for people."""

    def __init__(
        self,
        url: str,
        cause: str,
        detail: str,
        *,
        status: int | None = None,
        retry_at: datetime | None = None,
        transient: bool = False,
    ) -> None:
        if cause not in CAUSES:
            raise ValueError(f"unknown fetch error cause {cause!r}")
        self.url = url
        self.cause = cause
        self.detail = detail
        self.message = f"{url}: {detail}"
        self.status = status
        self.retry_at = retry_at
        self.transient = transient
        super().__init__(self.message)


@dataclass(frozen=True)
class _Request:
    """What stays the same across the hops and attempts of one get()."""

    headers: dict[str, str]
    user_agent: str
    allow_private: bool
    max_bytes: int


@dataclass
class _Robots:
    rules: Protego | None  # None: robots.txt was unreachable, so nothing is allowed
    expires: float  # time.monotonic()
    problem: str = ""


class RobotsMemory(Protocol):
    """Where a Fetcher keeps robots.txt between runs (the crawl's: the archive)."""

    def load(self, origin: str) -> StoredRobots | None: ...

    def save(self, origin: str, robots: StoredRobots) -> None: ...


class Fetcher:
    """Fetches URLs politely; use as `async with Fetcher(policy) as fetcher`."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, robots: RobotsMemory | None = None) -> None:
        self.policy = policy
        self.robots = robots  # robots.txt kept across runs, read while fresh
        self._client: httpx.AsyncClient | None = None
        self._public_client: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(policy.concurrency)
        self._pacer = _HostPacer(policy.host_delay)
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def __aenter__(self) -> Fetcher:
        policy = self.policy
        # Pacing and the global semaphore limit traffic; the pool must never be the bottleneck.
        limits = httpx.Limits(
            max_connections=policy.concurrency,
            max_keepalive_connections=policy.concurrency,
            keepalive_expiry=30.0,
        )
        options = dict(
            follow_redirects=False,
            # Only what _read_capped can decode in bounded steps.
            headers={"Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                connect=policy.connect_timeout,
                read=policy.read_timeout,
                write=policy.read_timeout,
                pool=policy.connect_timeout,
            ),
            limits=limits,
        )
        self._client = httpx.AsyncClient(**options)
        # For allow_private=False: its connections go only to public addresses, checked as they open.
        self._public_client = httpx.AsyncClient(transport=_PublicOnlyTransport(limits), **options)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for client in (self._client, self._public_client):
            if client is not None:
                await client.aclose()
        self._client = self._public_client = None

    async def get(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        user_agent: str | None = None,
        accept: str | None = None,
        allow_private: bool = True,
        max_bytes: int | None = None,
    ) -> Response:
        """GET `url`, following redirects; raise FetchError on any failure.

        `validators` make it a conditional GET (a 304 gives `not_modified`). With
        `allow_private=False`, hosts that resolve to private or local addresses are refused.
        """
        agent = user_agent or self.policy.user_agent
        headers = {"User-Agent": agent, "Accept": accept or DEFAULT_ACCEPT, **_conditional_headers(validators)}
        limit = self.policy.max_bytes if max_bytes is None else max_bytes
        request = _Request(headers, agent, allow_private, limit)
        started = time.monotonic()
        response = await self._follow(url, request, check_robots=True)
        if response.status == 304 and validators is not None:
            response.validators = Validators(
                response.validators.etag or validators.etag,
                response.validators.last_modified or validators.last_modified,
            )
        response.elapsed = time.monotonic() - started
        return response

    async def _follow(self, url: str, request: _Request, *, check_robots: bool) -> Response:
        """Fetch `url`, checking and following each redirect hop ourselves."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            hop = _parse_url(current)
            await self._check_address(hop, request.allow_private)
            if check_robots:
                await self._check_robots(hop, request)
            outcome = await self._with_retries(hop, request)
            if isinstance(outcome, Response):
                return outcome
            current = outcome
        raise FetchError(url, "too_many_redirects", f"redirected more than {self.policy.max_redirects} times (loop?)")

    async def _with_retries(self, url: httpx.URL, request: _Request) -> Response | str:
        for attempt in range(self.policy.retries + 1):
            try:
                return await self._attempt(url, request)
            except FetchError as error:
                if attempt == self.policy.retries or not self._worth_retrying(error):
                    raise
                if error.retry_at is None:
                    await asyncio.sleep(self._backoff(attempt))
                # With a retry_at, the host pacer already holds the next attempt back until then.
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _worth_retrying(self, error: FetchError) -> bool:
        if not error.transient:
            return False
        if error.retry_at is None:
            return True
        return _seconds_until(error.retry_at) <= self.policy.max_retry_wait

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.policy.max_retry_wait, self.policy.backoff_base * 2**attempt)
        return random.uniform(0.0, ceiling)

    async def _attempt(self, url: httpx.URL, request: _Request) -> Response | str:
        """One request: wait for the host's turn and delay, then a global slot, then send it."""
        host = url.host
        async with self._pacer.lock(host):
            self._refuse_if_held(url)
            await self._pacer.wait_ready(host)
            async with self._slots:
                self._pacer.contacted(host)
                try:
                    async with asyncio.timeout(self.policy.total_timeout):
                        return await self._exchange(url, request)
                except TimeoutError:
                    raise FetchError(
                        str(url), "timeout", f"timed out after {_secs(self.policy.total_timeout)} s in total",
                        transient=True,
                    ) from None
                except httpx.HTTPError as exc:
                    raise _transport_error(str(url), exc, self.policy) from exc
                except PrivateAddressRefused as refused:
                    raise _private_address_error(str(url), refused.host, refused.address) from None
                except FetchError as error:
                    if error.retry_at is not None:
                        self._pacer.hold(host, _seconds_until(error.retry_at))
                    raise

    def _refuse_if_held(self, url: httpx.URL) -> None:
        """Fail at once, without a request, while the host's own Retry-After is too far off to wait for."""
        held = self._pacer.held_for(url.host)
        if held > self.policy.max_retry_wait:
            retry_at = datetime.now(UTC) + timedelta(seconds=held)
            raise FetchError(
                str(url), "rate_limited", f"not requested: {url.host} asked us to wait until {_when(retry_at)}",
                retry_at=retry_at, transient=True,
            )

    async def _exchange(self, url: httpx.URL, request: _Request) -> Response | str:
        """Send the request; return the Response, or the next URL when redirected."""
        client = self._client if request.allow_private else self._public_client
        if client is None:
            raise RuntimeError("use the Fetcher inside `async with Fetcher(...) as fetcher`")
        async with client.stream("GET", url, headers=request.headers) as answer:
            # Count the delay from here too: the server has surely seen the request by now, whereas
            # the start of a slow first connection may be well before the server saw anything.
            self._pacer.contacted(url.host)
            status = answer.status_code
            if status in _REDIRECTS:
                return _redirect_target(url, answer)
            if status != 304 and not 200 <= status < 300:
                raise _status_error(str(url), answer)
            content = b"" if status == 304 else await _read_capped(str(url), answer, request.max_bytes)
            headers = {name.lower(): value for name, value in answer.headers.items()}
            return Response(
                url=str(url),
                status=status,
                content=content,
                headers=headers,
                validators=Validators(headers.get("etag"), headers.get("last-modified")),
                max_age=_max_age(headers.get("cache-control", "")),
                elapsed=0.0,
            )

    async def _check_address(self, url: httpx.URL, allow_private: bool) -> None:
        """Refuse a private host before anything is sent (robots.txt included). The connection
        checks again the address it connects to (see _PublicOnlyBackend); this check is what
        guards a request sent through a proxy, and it names the problem before robots.txt."""
        if allow_private:
            return
        try:
            addresses = await _resolve(url.host, url.port or _default_port(url), self.policy.connect_timeout)
        except TimeoutError:
            raise FetchError(
                str(url), "timeout", f"timed out after {_secs(self.policy.connect_timeout)} s resolving {url.host}",
                transient=True,
            ) from None
        except socket.gaierror as exc:
            raise _dns_error(str(url), url.host, exc) from exc
        for address in addresses:
            if _is_private(address):
                raise _private_address_error(str(url), url.host, address)

    async def _check_robots(self, url: httpx.URL, request: _Request) -> None:
        robots = await self._robots_for(url, request)
        if robots.rules is None:
            raise FetchError(
                str(url), "robots",
                f"not fetched because robots.txt is unreachable ({robots.problem}); we will ask again later",
                transient=True,
            )
        token = _product_token(request.user_agent)
        if not robots.rules.can_fetch(str(url), token):
            raise FetchError(str(url), "robots", f"is disallowed by robots.txt for {token}")

    async def _robots_for(self, url: httpx.URL, request: _Request) -> _Robots:
        """The cached robots.txt rules for the URL's origin: from memory, else as kept from an
        earlier run while fresh, else fetched."""
        origin = f"{url.scheme}://{url.host}:{url.port or _default_port(url)}"
        async with self._robots_locks.setdefault(origin, asyncio.Lock()):
            cached = self._robots.get(origin)
            if cached is None or cached.expires <= time.monotonic():
                cached = self._robots[origin] = self._kept_robots(origin) or await self._load_robots(url, request, origin)
            return cached

    def _kept_robots(self, origin: str) -> _Robots | None:
        kept = self.robots.load(origin) if self.robots is not None else None
        if kept is None:
            return None
        left = (kept.expires_at - datetime.now(UTC)).total_seconds()
        return _Robots(Protego.parse(kept.body), time.monotonic() + left) if left > 0 else None

    async def _load_robots(self, url: httpx.URL, request: _Request, origin: str) -> _Robots:
        """Fetch and parse robots.txt with RFC 9309 rules for failures; keep what it says."""
        robots_url = str(url.copy_with(path="/robots.txt", query=None, fragment=None))
        headers = {"User-Agent": request.user_agent, "Accept": _ROBOTS_ACCEPT}
        try:
            response = await self._follow(robots_url, replace(request, headers=headers), check_robots=False)
        except FetchError as error:
            if error.cause in _HOST_FAILURES or _held_back(error):
                raise FetchError(
                    str(url), error.cause, f"{error.detail}, while asking for robots.txt",
                    retry_at=error.retry_at, transient=error.transient,
                ) from error
            # 4xx means "no robots.txt": everything is allowed. 429 is overload, like 5xx (as Google does).
            if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                return self._keep_robots(origin, "", self._robots_lifetime(""))
            return _Robots(None, time.monotonic() + _ROBOTS_UNREACHABLE_TTL, error.message)
        text = response.content.decode("utf-8", errors="replace")
        return self._keep_robots(origin, text, self._robots_lifetime(response.headers.get("cache-control", "")))

    def _robots_lifetime(self, cache_control: str) -> tuple[float, bool]:
        """How long a robots.txt may be used (its max-age, within the policy's and RFC 9309's day),
        and whether it may be kept for later runs (not when the server says no-store)."""
        lifetime = min(self.policy.robots_ttl, _ROBOTS_MAX_TTL)
        max_age = _max_age(cache_control)
        if max_age is not None:
            lifetime = min(lifetime, max_age)
        return max(lifetime, _ROBOTS_MIN_TTL), "no-store" not in cache_control.lower()

    def _keep_robots(self, origin: str, text: str, lifetime: tuple[float, bool]) -> _Robots:
        seconds, may_keep = lifetime
        if may_keep and self.robots is not None:
            now = datetime.now(UTC)
            self.robots.save(origin, StoredRobots(text, now, now + timedelta(seconds=seconds)))
        return _Robots(Protego.parse(text), time.monotonic() + seconds)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


async def _resolve(host: str, port: int, timeout: float | None) -> list[Address]:
    """The addresses `host` resolves to; raises socket.gaierror, or TimeoutError after `timeout` s."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    async with asyncio.timeout(timeout):
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    unique = dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos)
    return list(unique)


def _private_address_error(url: str, host: str, address: Address) -> FetchError:
    verb = "is" if host == str(address) else "resolves to"
    return FetchError(
        url, "private_address",
        f"{verb} a private address ({address}); set allow_private: true on the source to fetch it",
    )


class PrivateAddressRefused(Exception):
    """Raised through httpx by _PublicOnlyBackend: `host` resolved to private `address`."""

    def __init__(self, host: str, address: Address) -> None:
        super().__init__(f"{host} resolves to a private address ({address})")
        self.host = host
        self.address = address


class _PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses. It resolves the host once, refuses it if any address is
    private, and connects to an address it checked: left to resolve the name again, the
    connection could get another DNS answer (DNS rebinding). TLS still verifies the host name:
    httpcore takes SNI and the certificate check from the URL, not from this address."""

    def __init__(self) -> None:
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options=None) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await _resolve(host, port, timeout)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"timed out resolving {host}") from None
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from error
        for address in addresses:
            if _is_private(address):
                raise PrivateAddressRefused(host, address)
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._network.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                failure = error
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options=None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class _PublicOnlyTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with a connection pool whose connections go through _PublicOnlyBackend."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PublicOnlyBackend(),
        )


class _HostPacer:
    """One request at a time per host, `delay` apart, and held back when the host asks us to wait."""

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._locks: dict[str, asyncio.Lock] = {}
        self._next_start: dict[str, float] = {}
        self._held_until: dict[str, float] = {}

    def lock(self, host: str) -> asyncio.Lock:
        return self._locks.setdefault(host, asyncio.Lock())

    async def wait_ready(self, host: str) -> None:
        """Sleep until the host may get its next request; call it holding lock(host)."""
        while (wait := self._ready_at(host) - time.monotonic()) > 0:
            await asyncio.sleep(wait)

    def contacted(self, host: str) -> None:
        self._next_start[host] = time.monotonic() + self._delay

    def hold(self, host: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._held_until[host] = max(self._held_until.get(host, 0.0), until)

    def held_for(self, host: str) -> float:
        return max(0.0, self._held_until.get(host, 0.0) - time.monotonic())

    def _ready_at(self, host: str) -> float:
        return max(self._next_start.get(host, 0.0), self._held_until.get(host, 0.0))


def _held_back(error: FetchError) -> bool:
    """True for a request we refused to send because the host asked us to wait."""
    return error.cause == "rate_limited" and error.status is None


def _parse_url(raw: str) -> httpx.URL:
    try:
        url = httpx.URL(raw)
    except httpx.InvalidURL as exc:
        raise FetchError(raw, "invalid_url", f"is not a valid URL ({exc})") from None
    if url.scheme not in ("http", "https"):
        raise FetchError(raw, "invalid_url", "is not an http or https URL")
    if not url.host:
        raise FetchError(raw, "invalid_url", "has no host name")
    if not _HOST_NAME.fullmatch(url.host):
        raise FetchError(raw, "invalid_url", f"has an invalid host name ({url.host})")
    return url


def _redirect_target(url: httpx.URL, answer: httpx.Response) -> str:
    location = answer.headers.get("location")
    if not location:
        raise FetchError(
            str(url), "http_error", f"server answered {_status_line(answer)} without saying where to",
            status=answer.status_code,
        )
    try:
        return str(url.join(location))
    except httpx.InvalidURL:
        raise FetchError(str(url), "invalid_url", f"redirects to an invalid URL ({location})") from None


async def _read_capped(url: str, answer: httpx.Response, limit: int) -> bytes:
    """Read and decode the body, giving up as soon as it exceeds `limit` bytes, on the wire or
    decoded. Decoding goes in small steps, each counted before the next (see monitor/crawl/decompress.py),
    so a small compressed body that expands to gigabytes never gets past the limit in memory."""
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, "too_large", f"response is {int(declared):,} bytes, over the {limit:,}-byte limit")
    body = bytearray()

    def keep(piece: bytes) -> None:
        body.extend(piece)
        if len(body) > limit:
            raise FetchError(url, "too_large", f"response is over the {limit:,}-byte limit (decoded)")

    received = 0
    try:
        decoder = BodyDecoder(answer.headers.get("content-encoding", ""), keep)
        async for raw in answer.aiter_raw():
            received += len(raw)
            if received > limit:
                raise FetchError(url, "too_large", f"response is over the {limit:,}-byte limit")
            decoder.write(raw)
        decoder.close()
    except DecodeError as error:
        raise FetchError(url, "http_error", f"server sent a body that could not be decompressed ({error})") from None
    return bytes(body)


def _status_error(url: str, answer: httpx.Response) -> FetchError:
    status = answer.status_code
    said = f"server answered {_status_line(answer)}"
    if status == 401:
        return FetchError(url, "unauthorized", f"{said}; it needs credentials", status=status)
    if status == 403:
        return FetchError(url, "forbidden", f"{said}; it refuses to serve us", status=status)
    if status == 404:
        return FetchError(url, "not_found", said, status=status)
    if status == 410:
        return FetchError(url, "not_found", f"{said}; it is gone for good", status=status)
    if status == 429 or status >= 500:
        retry_at = clock.retry_after(answer.headers.get("retry-after")) if status in (429, 503) else None
        if retry_at is not None:
            said += f"; it asks us to wait until {_when(retry_at)}"
        cause = "rate_limited" if status == 429 else "server_error"
        return FetchError(url, cause, said, status=status, retry_at=retry_at, transient=True)
    return FetchError(url, "http_error", said, status=status)


def _transport_error(url: str, exc: httpx.HTTPError, policy: FetchPolicy) -> FetchError:
    """Name what went wrong below HTTP: timeouts, DNS, TLS, broken connections."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, "timeout", f"timed out after {_timeout_phase(exc, policy)}", transient=True)
    gai = _find_cause(exc, socket.gaierror)
    if isinstance(gai, socket.gaierror):
        return _dns_error(url, httpx.URL(url).host, gai)
    tls = _find_cause(exc, ssl.SSLError)
    if tls is not None:
        reason = getattr(tls, "verify_message", None) or getattr(tls, "reason", None) or str(tls)
        return FetchError(url, "tls", f"TLS failed ({reason})")
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return FetchError(url, "invalid_url", f"cannot be requested ({exc})")
    if isinstance(exc, httpx.ConnectError):
        return FetchError(url, "connection", f"could not connect: {_root_message(exc)}", transient=True)
    return FetchError(url, "connection", f"connection failed: {_root_message(exc)}", transient=True)


def _timeout_phase(exc: httpx.TimeoutException, policy: FetchPolicy) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"{_secs(policy.connect_timeout)} s connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return f"{_secs(policy.read_timeout)} s reading the response"
    if isinstance(exc, httpx.WriteTimeout):
        return f"{_secs(policy.read_timeout)} s sending the request"
    return f"{_secs(policy.connect_timeout)} s waiting for a free connection"


def _dns_error(url: str, host: str, exc: socket.gaierror) -> FetchError:
    # EAI_AGAIN is a resolver hiccup; "name unknown" will not fix itself in a few seconds.
    transient = exc.errno == socket.EAI_AGAIN
    return FetchError(url, "dns", f"host name {host} could not be resolved ({exc.strerror})", transient=transient)


def _find_cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _root_message(exc: BaseException) -> str:
    root = exc
    while (nxt := root.__cause__ or root.__context__) is not None:
        root = nxt
    for kind, words in _CONNECTION_WORDS.items():
        if isinstance(root, kind):
            return words
    return str(root) or type(root).__name__


def _is_private(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        # also catches ranges like carrier-grade NAT (100.64.0.0/10) that is_private misses
        or not address.is_global
    )


def _max_age(cache_control: str) -> float | None:
    directives = [part.strip().lower() for part in cache_control.split(",")]
    if "no-cache" in directives or "no-store" in directives:
        return None
    for directive in directives:
        name, _, value = directive.partition("=")
        if name.strip() == "max-age" and value.strip().strip('"').isdigit():
            return float(value.strip().strip('"'))
    return None


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched on: "ai-risk-monitor" in "ai-risk-monitor/0.1 (...)"."""
    match = re.match(r"[A-Za-z0-9_-]+", user_agent.strip())
    return match.group(0) if match else user_agent


def _status_line(answer: httpx.Response) -> str:
    phrase = httpx.codes.get_reason_phrase(answer.status_code) or answer.reason_phrase
    return f"{answer.status_code} {phrase}".strip()


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _seconds_until(moment: datetime) -> float:
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _secs(seconds: float) -> str:
    return f"{seconds:g}"
